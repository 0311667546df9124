"""CSV, the shape a teacher edits in a spreadsheet (docs/formats.md, "CSV").

Our layout: UTF-8, a header row, one question a row, the columns

    id, type, prompt, answer, choices, accept, tolerance, explanation, tags, difficulty

(in any order; only `prompt` and `answer` are required). `choices`, `accept`, `tags` and
a multi question's `answer` hold several items separated by `|` (spaces around items are
dropped; write `\\|` for a `|` inside an item and `\\\\` for a backslash before a `|`, or
at an item's end). A mcq or multi answer may also be a choice's number (1 = the first).

Also read: quiz CSVs with a header `Question, Option 1..N, Correct Answer[, Explanation]`
(the correct answer as an option's text or its number, several numbers for a multi
question; `Answer1..4`/`Correct` and a `Time` column as in Kahoot-style CSVs), a
`Question, Answer` or `Term, Definition` header, and headerless two-column
`term,definition` flashcards.

Rows are numbered as a spreadsheet shows them (the header is row 1). Against formula
injection (OWASP "CSV Injection"), a cell that starts with = + - @ tab or CR is written
with a leading ' (negative numbers excepted) and that one ' is removed on reading."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from quizapp.core.bank import QUESTION_TYPES
from quizapp.core.bank.questions import GAP_RE
from quizapp.core.formats.base import Collector, FormatError, Parsed
from quizapp.core.formats.csv_cells import (
    DANGEROUS,
    add_choice_question,
    answer_numbers,
    join_items,
    parse_number,
    protect,
    split_items,
    unprotect,
)
from quizapp.core.formats.csv_writer import CARRIES, COLUMNS, write
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode

LABEL = "CSV (spreadsheet)"
_TRUE = {"true", "t", "yes", "y", "1", "wahr", "vrai", "sí", "si"}
_FALSE = {"false", "f", "no", "n", "0", "falsch", "faux"}
_TYPES = {"multiple_choice": "mcq", "mc": "mcq", "choice": "mcq", "single": "mcq",
          "multiple_answer": "multi", "multiple_answers": "multi", "checkbox": "multi",
          "true_or_false": "true_false", "truefalse": "true_false", "tf": "true_false",
          "boolean": "true_false", "short_answer": "short", "text": "short",
          "fill_in_the_blank": "cloze", "gap": "cloze", "number": "numeric",
          "numerical": "numeric"}

_QUESTION_NAMES = ("question", "question text", "term", "front")
_CORRECT_NAMES = ("correct answer", "correct answers", "correct answer(s)", "correct",
                  "correct option", "answer", "key")
_ANSWER_NAMES = ("answer", "definition", "back", "correct answer")
_EXPLANATION_NAMES = ("explanation", "feedback")
_OPTION = re.compile(r"(?:option|answer|choice|alternative)\s*[_-]?\s*(\d{1,2})")


# --- reading ----------------------------------------------------------------------------


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _delimiter(text: str) -> str:
    first = next((line for line in text.split("\n") if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _rows(text: str, delimiter: str, filename: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([unprotect(cell) for cell in row])
    except csv.Error as exc:
        raise FormatError(f"cannot read the CSV ({exc})", file=filename,
                          where=f"row {len(rows) + 1}") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def _blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def read(data: bytes, filename: str) -> Parsed:
    """Our layout, a quiz CSV or flashcards, told apart by the header row."""
    text = decode(data, filename)
    delimiter = _delimiter(text)
    rows = _rows(text, delimiter, filename)
    if not rows:
        raise FormatError("the file is empty", file=filename)
    collector = Collector(filename)
    if delimiter != ",":
        shown = {";": "semicolons", "\t": "tabs"}[delimiter]
        collector.note(None, f"the cells are separated by {shown}")
    header = [_norm(cell) for cell in rows[0]]
    if "prompt" in header:
        _read_ours(rows, header, collector)
    elif any(name in header for name in _QUESTION_NAMES):
        _read_quiz(rows, header, collector)
    else:
        width = len(rows[0])
        while width and not rows[0][width - 1].strip():
            width -= 1
        if width != 2:
            raise FormatError(
                "the first row is not a header this reader knows: use the columns id, type, "
                "prompt, answer, choices, ... (or Question, Option 1..4, Correct Answer); a "
                "file without a header must have two columns, term and definition",
                file=filename, where="row 1")
        _read_cards(rows, collector)
    return collector.result()


def _columns(header: list[str], filename: str) -> dict[str, int]:
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in where:
            raise FormatError(f"the column {name!r} appears twice", file=filename,
                              where="row 1")
        if name:
            where[name] = index
    return where


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _read_ours(rows: list[list[str]], header: list[str], collector: Collector) -> None:
    columns = _columns(header, collector.filename)
    if "answer" not in columns:
        raise FormatError("the header has no 'answer' column", file=collector.filename,
                          where="row 1")
    unknown = [rows[0][i].strip() for name, i in columns.items() if name not in COLUMNS]
    if unknown:
        collector.note("row 1", "not read: the column" + ("s " if len(unknown) > 1 else " ")
                       + ", ".join(repr(n) for n in unknown) + " (not one of "
                       + ", ".join(COLUMNS) + ")")
    for number, row in enumerate(rows[1:], 2):
        if _blank(row):
            continue
        where = f"row {number}"
        if len(row) > len(header) and not _blank(row[len(header):]):
            collector.note(where, "cells right of the last column were not read")
        cells = {name: _cell(row, columns.get(name)) for name in COLUMNS}
        data, problem = _our_question(cells)
        if problem:
            collector.error(where, problem)
            continue
        collector.add(where, data, wanted_id=cells["id"].strip() or None)


def _type(cells: dict[str, str], choices: list[str]) -> str:
    written = cells["type"].strip().casefold()
    if written:
        key = re.sub(r"[\s/-]+", "_", written)
        return key if key in QUESTION_TYPES else _TYPES.get(key, written)
    if choices:
        return "multi" if len(split_items(cells["answer"])) > 1 else "mcq"
    if len(GAP_RE.findall(cells["prompt"])) == 1:
        return "cloze"
    if cells["answer"].strip().casefold() in ("true", "false"):
        return "true_false"
    return "short"


def _choice(item: str, choices: Sequence[str]) -> str:
    """A written answer as one of the choices: the text itself (or with other case), or a
    choice's number."""
    if item in choices:
        return item
    stripped = item.strip()
    if stripped in choices:
        return stripped
    folded = [c for c in choices if c.casefold() == stripped.casefold()]
    if len(folded) == 1:
        return folded[0]
    items = split_items(item)
    if len(items) == 1 and items[0] in choices:
        return items[0]
    number = parse_number(stripped)
    if isinstance(number, int) and 1 <= number <= len(choices):
        return choices[number - 1]
    return item


def _our_question(cells: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """A row of our layout as a question mapping, or the problem naming its column."""
    choices = split_items(cells["choices"])
    qtype = _type(cells, choices)
    data: dict[str, Any] = {"type": qtype, "prompt": cells["prompt"]}
    if choices:
        data["choices"] = choices
    written = cells["answer"]
    if not written.strip():
        return data, "column 'answer': no answer"
    answer: Any
    if qtype == "true_false":
        word = written.strip().casefold()
        if word not in _TRUE | _FALSE:
            return data, f"column 'answer': {written.strip()!r} is not true or false"
        answer = word in _TRUE
    elif qtype == "numeric":
        answer = parse_number(written)
        if answer is None:
            return data, f"column 'answer': {written.strip()!r} is not a number"
    elif qtype == "multi":
        answer = [_choice(item, choices) for item in split_items(written)]
    elif qtype == "mcq":
        answer = _choice(written, choices)
    else:
        answer = written
    data["answer"] = answer
    for name in ("accept", "tags"):
        items = split_items(cells[name])
        if items:
            data[name] = items
    for name in ("tolerance", "difficulty"):
        if cells[name].strip():
            value = parse_number(cells[name])
            if value is None:
                return data, f"column {name!r}: {cells[name].strip()!r} is not a number"
            data[name] = value
    if cells["explanation"].strip():
        data["explanation"] = cells["explanation"]
    return data, None


def _first(columns: dict[str, int], names: Sequence[str]) -> int | None:
    return next((columns[name] for name in names if name in columns), None)


def _read_quiz(rows: list[list[str]], header: list[str], collector: Collector) -> None:
    """`Question, Option 1..N, Correct Answer, Explanation` or `Question, Answer`."""
    columns = _columns(header, collector.filename)
    shown = [cell.strip() for cell in rows[0]]
    question = _first(columns, _QUESTION_NAMES)
    assert question is not None
    options = sorted((int(m.group(1)), i) for name, i in columns.items()
                     if (m := _OPTION.fullmatch(name)))
    option_columns = [i for _, i in options]
    correct = _first(columns, _CORRECT_NAMES) if options else _first(columns, _ANSWER_NAMES)
    if correct is None:
        raise FormatError(
            "the header has no 'Correct Answer' column" if options else
            "the header has a question column but no 'Answer' (or 'Definition') column",
            file=collector.filename, where="row 1")
    explanation = _first(columns, _EXPLANATION_NAMES)
    time = next((i for name, i in columns.items() if name.startswith("time")), None)
    used = {question, correct, explanation, time, *option_columns}
    unknown = [shown[i] for i in columns.values() if i not in used]
    if unknown:
        collector.note("row 1", "not read: the column" + ("s " if len(unknown) > 1 else " ")
                       + ", ".join(repr(n) for n in unknown))
    timed = False
    for number, row in enumerate(rows[1:], 2):
        if _blank([cell for i, cell in enumerate(row) if i in used]):
            continue
        where = f"row {number}"
        prompt = _cell(row, question).strip()
        if not prompt:
            collector.error(where, f"column {shown[question]!r}: no question")
            continue
        timed = timed or bool(_cell(row, time).strip())
        key = _cell(row, correct).strip()
        note = _cell(row, explanation).strip() or None
        if not options:
            if not key:
                collector.error(where, f"column {shown[correct]!r}: no answer")
                continue
            qtype = "cloze" if len(GAP_RE.findall(prompt)) == 1 else "short"
            data: dict[str, Any] = {"type": qtype, "prompt": prompt, "answer": key}
            if note:
                data["explanation"] = note
            collector.add(where, data)
            continue
        answers = [_cell(row, i).strip() for i in option_columns]
        numbers, problem = _correct_options(key, answers)
        if problem:
            collector.error(where, f"column {shown[correct]!r}: {problem}")
            continue
        add_choice_question(collector, where, prompt, answers, numbers, explanation=note)
    if timed:
        collector.note(None, "the time limits were not imported: in quizapp a time limit "
                             "belongs to a quiz, not to a question")


def _correct_options(key: str, answers: list[str]) -> tuple[list[int], str | None]:
    """The correct answers' numbers from an option's text, option numbers, or option texts
    separated by '|'."""
    if not key:
        return [], "no correct answer"
    exact = [n for n, text in enumerate(answers, 1) if text and text == key]
    if exact:
        return exact[:1], None
    folded = [n for n, text in enumerate(answers, 1) if text and text.casefold() == key.casefold()]
    if len(folded) == 1:
        return folded, None
    tokens = [t for t in re.split(r"[,;\s]+", key) if t]
    if all(parse_number(t) is not None for t in tokens):
        return answer_numbers(key, len(answers))
    texts = split_items(key)
    found = []
    for item in texts:
        match = [n for n, text in enumerate(answers, 1)
                 if text and text.casefold() == item.casefold()]
        if len(match) != 1:
            break
        found.append(match[0])
    else:
        if found:
            return sorted(set(found)), None
    return [], (f"{key[:60]!r} is neither the text of an option nor an option number "
                f"1-{len(answers)}")


def _read_cards(rows: list[list[str]], collector: Collector) -> None:
    """Headerless `term,definition` rows."""
    for number, row in enumerate(rows, 1):
        if _blank(row):
            continue
        where = f"row {number}"
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        if width > 2:
            collector.error(where, "a file without a header row holds two columns (term, "
                                   f"definition); this row has {width}")
            continue
        term, definition = (row + ["", ""])[0].strip(), (row + ["", ""])[1].strip()
        if not term:
            collector.error(where, "column 1 (the term) is empty")
            continue
        if not definition:
            collector.error(where, "column 2 (the definition) is empty")
            continue
        qtype = "cloze" if len(GAP_RE.findall(term)) == 1 else "short"
        collector.add(where, {"type": qtype, "prompt": term, "answer": definition})


FORMAT = Format("csv", LABEL, (".csv",), CARRIES, read, write, ".csv",
                "text/csv; charset=utf-8")

__all__ = ["COLUMNS", "DANGEROUS", "FORMAT", "add_choice_question", "answer_numbers", "join_items",
           "parse_number", "protect", "read", "split_items", "unprotect", "write"]
