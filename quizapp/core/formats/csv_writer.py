"""Writing our CSV layout (the reader is `csv_format`): a header row, a row per question,
lists `|`-separated, cells a spreadsheet would run as a formula protected."""
from __future__ import annotations

import csv
import io

from quizapp.core.bank import Bank, Question
from quizapp.core.formats.base import Exported, Note, lost_fields
from quizapp.core.formats.csv_cells import (
    join_items,
    number_text,
    protect,
)

# Our layout: these columns, in this order (docs/formats.md).
COLUMNS = ("id", "type", "prompt", "answer", "choices", "accept", "tolerance", "explanation",
           "tags", "difficulty")
CARRIES = frozenset({"prompt", "choices", "answer", "accept", "tolerance", "explanation",
                     "tags", "difficulty"})


def _answer_cell(question: Question) -> str:
    answer = question.answer
    if isinstance(answer, tuple):
        return join_items(answer)
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, int | float):
        return number_text(answer)
    return answer


def _row(question: Question) -> list[str]:
    return [question.id, question.type, question.prompt, _answer_cell(question),
            join_items(question.choices), join_items(question.accept),
            "" if question.tolerance is None else number_text(question.tolerance),
            question.explanation or "", join_items(question.tags),
            "" if question.difficulty is None else number_text(question.difficulty)]


def write(bank: Bank) -> Exported:
    """Our layout, with a byte order mark so that Excel reads it as UTF-8."""
    notes = lost_fields(bank, CARRIES, "CSV")
    extra = sum(1 for q in bank.questions if q.extra)
    if extra:
        notes.append(Note(None, f"CSV has no place for extra (unknown) fields: left out of "
                                f"{extra} question{'s' if extra != 1 else ''}"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for question in bank.questions:
        items = (*question.choices, *question.accept, *question.tags,
                 *(question.answer if isinstance(question.answer, tuple) else ()))
        if any(item != item.strip() for item in items):
            notes.append(Note(f"question {question.id!r}", "spaces around its choices, "
                                                            "accepted answers or tags are "
                                                            "not kept"))
        writer.writerow([protect(cell) for cell in _row(question)])
    return Exported(("\ufeff" + out.getvalue()).encode("utf-8"), tuple(notes))
