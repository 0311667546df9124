"""Domain values of the question-bank format: constants, dataclasses and the error type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT = "quizapp-bank/1"
QUESTION_TYPES = ("mcq", "multi", "true_false", "short", "cloze", "numeric")
GAP = "_____"

Answer = str | bool | int | float | tuple[str, ...]


@dataclass(frozen=True)
class SourceSpan:
    """The passage of the source article a question rests on (Python str offsets)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class BankSource:
    """Where a bank came from: the article's title, file (relative to the bank) and digest."""

    title: str | None = None
    file: str | None = None
    sha256: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Question:
    """One validated question; `answer` is a tuple of choices for `multi`."""

    id: str
    type: str
    prompt: str
    answer: Answer
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    tolerance: float | int | None = None
    explanation: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: float | None = None
    source: SourceSpan | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Bank:
    """A validated question bank, questions in file order (best first)."""

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    language: str | None = None
    source: BankSource | None = None
    generator: Mapping[str, Any] | None = field(default=None, hash=False)
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


class BankError(ValueError):
    """A rejected bank file; attributes: file, line (1-based or None), question_id, field."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        question_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.question_id = question_id
        self.field = field
        self.message = message
        super().__init__(format_error(file, line, question_id, field, message))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the keyword attributes intact."""
        return (_rebuild, (self.message, self.file, self.line, self.question_id, self.field))


def _rebuild(
    message: str, file: str, line: int | None, question_id: str | None, field: str | None
) -> BankError:
    return BankError(message, file=file, line=line, question_id=question_id, field=field)


def format_error(
    file: str, line: int | None, question_id: str | None, field: str | None, message: str
) -> str:
    """`file:line: question 'id': field: message`, leaving out the parts that are unknown."""
    text = f"{file}:{line}: " if line is not None else f"{file}: "
    if question_id is not None:
        text += f"question {question_id!r}: "
    if field is not None:
        text += f"{field}: "
    return text + message
