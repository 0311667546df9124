"""Validation of one question mapping into a Question, following the per-type table."""

from __future__ import annotations

import re
from typing import Any

from quizapp.core.bank.fields import MISSING, Reader
from quizapp.core.bank.model import GAP, QUESTION_TYPES, Answer, Question, SourceSpan
from quizapp.core.bank.syntax import Path

QUESTION_KEYS = (
    "id", "type", "prompt", "choices", "answer", "accept", "tolerance",
    "explanation", "tags", "difficulty", "source",
)  # fmt: skip
CHOICE_COUNTS = {"mcq": (3, 6), "multi": (3, 8)}
GAP_RE = re.compile(r"(?<!_)_{5}(?!_)")
MAX_ID = 120


def question_id(reader: Reader, item: Any, path: Path) -> str:
    """The question's id: non-empty text, no surrounding whitespace, at most 120 characters."""
    qpath = path + ("id",)
    value = reader.text(item, qpath, required=True)
    assert value is not None
    if value != value.strip():
        raise reader.error(qpath, f"id {value!r} has surrounding whitespace")
    if len(value) > MAX_ID:
        raise reader.error(qpath, f"id is longer than {MAX_ID} characters")
    return value


def read_question(
    reader: Reader, item: dict[str, Any], path: Path, qid: str, source_text: str | None
) -> Question:
    """Validate a question mapping (its id already read) into a Question."""
    qtype = reader.text(item, path + ("type",), required=True)
    if qtype not in QUESTION_TYPES:
        raise reader.error(
            path + ("type",), f"unknown type {qtype!r}; use one of {', '.join(QUESTION_TYPES)}"
        )
    prompt = reader.text(item, path + ("prompt",), required=True)
    assert prompt is not None
    if qtype == "cloze":
        gaps = len(GAP_RE.findall(prompt))
        if gaps != 1:
            raise reader.error(
                path + ("prompt",),
                f"a cloze prompt needs exactly one gap {GAP} (five underscores), found {gaps}",
            )
    choices = _choices(reader, item, path, qtype)
    answer = _answer(reader, item, path, qtype, choices)
    # bank-format.md's own example writes `accept: []` and `tolerance: 0` on an mcq: empty
    # values are allowed on every type, meaningful ones only where they apply.
    accept: tuple[str, ...] = ()
    value = reader.get(item, path + ("accept",), False)
    if value is not MISSING:
        accept = reader.text_list(value, path + ("accept",))
        if accept and qtype not in ("short", "cloze"):
            raise reader.error(
                path + ("accept",), f"only short and cloze questions have accept, not {qtype}"
            )
    tolerance = None
    value = reader.get(item, path + ("tolerance",), False)
    if value is not MISSING:
        tolerance = reader.number(value, path + ("tolerance",))
        if tolerance < 0:
            raise reader.error(path + ("tolerance",), "tolerance must be 0 or more")
        if qtype != "numeric" and tolerance != 0:
            raise reader.error(
                path + ("tolerance",), f"only numeric questions have a tolerance, not {qtype}"
            )
    difficulty = None
    value = reader.get(item, path + ("difficulty",), False)
    if value is not MISSING:
        difficulty = reader.number(value, path + ("difficulty",))
        if not 0 <= difficulty <= 1:
            raise reader.error(
                path + ("difficulty",), f"difficulty {difficulty!r} is not between 0 and 1"
            )
    tags: tuple[str, ...] = ()
    value = reader.get(item, path + ("tags",), False)
    if value is not MISSING:
        tags = reader.text_list(value, path + ("tags",))
    return Question(
        id=qid,
        type=qtype,
        prompt=prompt,
        answer=answer,
        choices=choices,
        accept=accept,
        tolerance=tolerance,
        explanation=reader.text(item, path + ("explanation",), blank_ok=True),
        tags=tags,
        difficulty=difficulty,
        source=_span(reader, item, path + ("source",), source_text),
        extra=reader.extras(item, path, QUESTION_KEYS),
    )


def _choices(reader: Reader, item: dict[str, Any], path: Path, qtype: str) -> tuple[str, ...]:
    cpath = path + ("choices",)
    value = reader.get(item, cpath, qtype in CHOICE_COUNTS)
    if value is MISSING:
        return ()
    if qtype not in CHOICE_COUNTS:
        raise reader.error(cpath, f"only mcq and multi questions have choices, not {qtype}")
    choices = reader.text_list(value, cpath)
    low, high = CHOICE_COUNTS[qtype]
    if not low <= len(choices) <= high:
        raise reader.error(
            cpath, f"a {qtype} question needs {low} to {high} choices, not {len(choices)}"
        )
    _distinct(reader, choices, cpath, "choice")
    return choices


def _distinct(reader: Reader, items: tuple[str, ...], path: Path, noun: str) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        norm = item.strip().casefold()
        if norm in seen:
            raise reader.error(path + (index,), f"{noun} {item!r} repeats {noun} {seen[norm] + 1}")
        seen[norm] = index


def _answer(
    reader: Reader, item: dict[str, Any], path: Path, qtype: str, choices: tuple[str, ...]
) -> Answer:
    apath = path + ("answer",)
    value = reader.get(item, apath, True)
    if qtype == "true_false":
        if not isinstance(value, bool):
            raise reader.error(
                apath, f"a true_false answer must be true or false, not {_shown(value)}"
            )
        return value
    if qtype == "numeric":
        return reader.number(value, apath)
    if qtype == "multi":
        answers = reader.text_list(value, apath)
        if not answers:
            raise reader.error(apath, "a multi question needs at least one correct choice")
        _distinct(reader, answers, apath, "answer")
        for index, answer in enumerate(answers):
            if answer not in choices:
                raise reader.error(
                    apath + (index,), f"multi answer {answer!r} is not one of its choices"
                )
        return answers
    answer = reader.as_text(value, apath)
    if qtype == "mcq" and answer not in choices:
        raise reader.error(apath, f"mcq answer {answer!r} is not one of its choices")
    return answer


def _shown(value: Any) -> str:
    return (
        f"the text {value!r} (write it without quotes)" if isinstance(value, str) else repr(value)
    )


def _span(
    reader: Reader, item: dict[str, Any], path: Path, source_text: str | None
) -> SourceSpan | None:
    value = reader.get(item, path, False)
    if value is MISSING:
        return None
    span = reader.mapping(value, path)
    for key in span:
        if key not in ("start", "end", "text"):
            raise reader.error(
                path + (key,), f"unknown key {key!r}; a source has start, end and text"
            )
    bounds = []
    for key in ("start", "end"):
        number = reader.get(span, path + (key,), True)
        if isinstance(number, bool) or not isinstance(number, int):
            raise reader.error(path + (key,), f"must be a whole number, not {_shown(number)}")
        bounds.append(number)
    start, end = bounds
    text = reader.text(span, path + ("text",), required=True, blank_ok=True)
    assert text is not None
    if not 0 <= start <= end:
        raise reader.error(path, f"needs 0 <= start <= end, got start {start} and end {end}")
    if len(text) != end - start:
        raise reader.error(
            path + ("text",),
            f"text is {len(text)} characters long but end - start is {end - start}",
        )
    if source_text is not None:
        if end > len(source_text):
            raise reader.error(
                path + ("end",),
                f"end {end} is past the end of the source ({len(source_text)} characters)",
            )
        if source_text[start:end] != text:
            raise reader.error(
                path + ("text",), f"text does not match the source at {start}..{end}"
            )
    return SourceSpan(start=start, end=end, text=text)
