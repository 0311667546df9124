"""Typed field readers over a parsed Document that raise BankError naming line, question, field."""

from __future__ import annotations

import math
from typing import Any

from quizapp.core.bank.model import BankError
from quizapp.core.bank.syntax import Document, Path

MISSING: Any = object()


def field_name(path: Path) -> str | None:
    """`choices[2]`, `source.start`: a path shown relative to its question or to the top."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        path = path[2:]
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or None


def describe(value: Any) -> str:
    """A short name for a value's type as an author would say it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


class Reader:
    """Reads and checks values of one Document; `question_id` is set while in a question."""

    def __init__(self, doc: Document, filename: str) -> None:
        self.doc = doc
        self.filename = filename
        self.question_id: str | None = None

    def error(self, path: Path, message: str) -> BankError:
        """A BankError at `path` (line, question and field filled in)."""
        return BankError(
            message,
            file=self.filename,
            line=self.doc.line(path),
            question_id=self.question_id,
            field=field_name(path),
        )

    def get(self, mapping: dict[Any, Any], path: Path, required: bool) -> Any:
        """The value at `path` (a key of `mapping`); None counts as absent."""
        value = mapping.get(path[-1])
        if value is None:
            if required:
                raise self.error(path, "is required")
            return MISSING
        return value

    def as_text(self, value: Any, path: Path, blank_ok: bool = False) -> str:
        """A string; a bare YAML/JSON number or boolean is kept exactly as written."""
        if not isinstance(value, str):
            raw = self.doc.raw.get(path)
            if raw is None or isinstance(value, list | dict):
                raise self.error(path, f"must be text, not {describe(value)}")
            value = raw
        if not blank_ok and not value.strip():
            raise self.error(path, "must not be empty")
        if "\x00" in value:
            raise self.error(path, "must not contain the NUL character (\\u0000)")
        return value

    def text(
        self, mapping: dict[Any, Any], path: Path, required: bool = False, blank_ok: bool = False
    ) -> str | None:
        """An optional (or required) text field."""
        value = self.get(mapping, path, required)
        if value is MISSING:
            return None
        return self.as_text(value, path, blank_ok)

    def number(self, value: Any, path: Path) -> int | float:
        """A finite int or float (not a boolean)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(path, f"must be a number, not {describe(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(path, "must be a finite number")
        return value

    def mapping(self, value: Any, path: Path) -> dict[str, Any]:
        """A mapping whose keys are all text."""
        if not isinstance(value, dict):
            raise self.error(path, f"must be a mapping, not {describe(value)}")
        for key in value:
            if not isinstance(key, str):
                raise self.error(path + (key,), f"key {key!r} must be text")
        return value

    def seq(self, value: Any, path: Path) -> list[Any]:
        """A list."""
        if not isinstance(value, list):
            raise self.error(path, f"must be a list, not {describe(value)}")
        return value

    def text_list(self, value: Any, path: Path) -> tuple[str, ...]:
        """A list of non-empty texts."""
        items = self.seq(value, path)
        return tuple(self.as_text(item, path + (i,)) for i, item in enumerate(items))

    def plain(self, value: Any, path: Path) -> Any:
        """Check that an extra value is plain JSON-compatible data and return a copy."""
        if value is None or isinstance(value, str | bool | int):
            return value
        if isinstance(value, float):
            return self.number(value, path)
        if isinstance(value, list):
            return [self.plain(item, path + (i,)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            checked = self.mapping(value, path)
            return {key: self.plain(item, path + (key,)) for key, item in checked.items()}
        raise self.error(path, f"{describe(value)} cannot be stored in a bank")

    def extras(self, mapping: dict[str, Any], path: Path, known: tuple[str, ...]) -> dict[str, Any]:
        """Unknown keys of `mapping`, checked as plain data, in file order."""
        return {
            key: self.plain(value, path + (key,))
            for key, value in mapping.items()
            if key not in known
        }
