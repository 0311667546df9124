"""CSV cells as a teacher edits them in a spreadsheet: formula protection (OWASP CSV
injection), `|`-separated lists with `\\|` escapes, numbers; and the choice questions both
the CSV reader and the Kahoot spreadsheet reader build (an answer given as an option's
text or number)."""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from quizapp.core.formats.base import Collector

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE = re.compile(r"-(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def protect(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading ' (OWASP)."""
    if cell.lstrip("'").startswith(DANGEROUS) and not _NEGATIVE.fullmatch(cell):
        return "'" + cell
    return cell


def unprotect(cell: str) -> str:
    """The cell `protect` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(DANGEROUS):
        return cell[1:]
    return cell


def join_items(items: Sequence[str]) -> str:
    """Items separated by ' | ', a '|' inside one written '\\|'."""
    out = []
    for item in items:
        text = []
        for i, char in enumerate(item):
            if char == "|":
                text.append("\\|")
            elif char == "\\" and (i + 1 == len(item) or item[i + 1] in "\\|"):
                text.append("\\\\")
            else:
                text.append(char)
        out.append("".join(text))
    return " | ".join(out)


def split_items(cell: str) -> list[str]:
    """The items of a '|'-separated cell, stripped, empty ones dropped."""
    items, current, i = [], [], 0
    while i < len(cell):
        char = cell[i]
        if char == "\\" and cell[i + 1:i + 2] in ("\\", "|"):
            current.append(cell[i + 1])
            i += 2
            continue
        if char == "|":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def parse_number(text: str) -> int | float | None:
    """A finite number written as digits (`12`, `-0.5`, `1e-3`), else None."""
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None


def number_text(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


# --- choice questions, shared with the Kahoot spreadsheet ---------------------------------


def answer_numbers(value: str, count: int) -> tuple[list[int], str | None]:
    """1-based answer numbers from "1", "1.0", "1,2,3" or "2; 4", or why not."""
    tokens = [t for t in re.split(r"[,;\s]+", value.strip()) if t]
    if not tokens:
        return [], "no correct answer"
    numbers: list[int] = []
    for token in tokens:
        number = parse_number(token)
        if number is None or number != int(number):
            return [], f"correct answer {token!r} is not an answer number"
        if not 1 <= number <= count:
            return [], f"correct answer {int(number)} is not one of answers 1-{count}"
        if int(number) not in numbers:
            numbers.append(int(number))
    return numbers, None


def add_choice_question(collector: Collector, where: str, prompt: str,
                        answers: Sequence[str], correct: Sequence[int], *,
                        explanation: str | None = None) -> None:
    """A question with answer alternatives (one per column, "" for an empty one) and the
    1-based numbers of the correct ones: one correct -> mcq, several -> multi; two answers
    True and False -> true_false; any other two-answer question is skipped."""
    filled = [(number, text) for number, text in enumerate(answers, 1) if text.strip()]
    if not filled:
        collector.error(where, "the question has no answers")
        return
    if len(filled) == 1:
        collector.error(where, "the question has only one answer; it needs at least two")
        return
    for number in correct:
        if not answers[number - 1].strip():
            collector.error(where, f"correct answer {number} is empty")
            return
    choices = [text for _, text in filled]
    keys = [answers[number - 1] for number in correct]
    data: dict[str, Any] = {"prompt": prompt}
    if explanation:
        data["explanation"] = explanation
    if len(filled) == 2:
        if {c.strip().casefold() for c in choices} == {"true", "false"} and len(keys) == 1:
            collector.add(where, {**data, "type": "true_false",
                                  "answer": keys[0].strip().casefold() == "true"})
            return
        collector.skip(where, "a question with two answers (not True and False) has no "
                              "quizapp type: a multiple-choice question needs 3 to 6 "
                              "answers")
        return
    if len(keys) == 1:
        collector.add(where, {**data, "type": "mcq", "choices": choices, "answer": keys[0]})
    else:
        collector.add(where, {**data, "type": "multi", "choices": choices, "answer": keys})
