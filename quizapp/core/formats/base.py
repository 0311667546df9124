"""What every format shares: the result of reading a file, of writing one, the error a bad
file raises, and the collector a reader fills question by question."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizapp.core.bank import Bank, BankError, Question, check_question

# The question fields a format may or may not be able to carry (see `Format.carries`).
FIELDS = ("prompt", "choices", "answer", "accept", "tolerance", "explanation", "tags",
          "difficulty", "source")
FIELD_NAMES = {
    "accept": "other accepted answers",
    "tolerance": "numeric tolerances",
    "explanation": "explanations",
    "tags": "tags",
    "difficulty": "difficulties",
    "source": "source passages (the sentence each question came from)",
}
MAX_QUESTIONS = 5000
# $...$, $$...$$ or \(...\) holding a TeX command, a brace, ^ or _: math a learner would
# see as typed.
_LATEX = re.compile(r"\$\$?[^$\n]*(\\[a-zA-Z]+|[{}^_])[^$\n]*\$|\\\(.+?\\\)")


@dataclass(frozen=True)
class Note:
    """Something the user must be told: where in the file (`line 12`, `note 3`, `row 9`,
    `question 'x'`; None for the whole file) and what."""

    where: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FormatError(ValueError):
    """A file that cannot be read at all (not the format, broken structure, too big)."""

    def __init__(self, message: str, *, file: str, where: str | None = None) -> None:
        self.file, self.where, self.message = file, where, message
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


@dataclass(frozen=True)
class Parsed:
    """A file read into questions: what will be imported, what was skipped (a type we do
    not have, with why), what was changed on the way in, and errors that stop the import."""

    questions: tuple[Question, ...]
    skipped: tuple[Note, ...] = ()
    notes: tuple[Note, ...] = ()
    errors: tuple[Note, ...] = ()
    title: str | None = None  # a title the file gives itself (a category, a deck)
    bank: Bank | None = None  # our own format: the whole bank, its metadata too

    def counts(self) -> dict[str, int]:
        """How many questions of each type, for the preview."""
        counts: dict[str, int] = {}
        for question in self.questions:
            counts[question.type] = counts.get(question.type, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Exported:
    """A written file and what the format could not carry."""

    data: bytes
    notes: tuple[Note, ...] = ()


def slug(text: str, max_len: int = 48) -> str:
    """[a-z0-9-] from any text ("Grant's tomb" -> "grant-s-tomb")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:max_len].rstrip("-") or "q"


def derived_id(prompt: str) -> str:
    """A stable id for a question whose file gives none: the prompt's words and a hash of
    it, so importing the same file twice finds the same questions."""
    digest = hashlib.sha1(" ".join(prompt.split()).casefold().encode("utf-8")).hexdigest()
    return f"{slug(prompt, 40)}-{digest[:6]}"


class Collector:
    """Builds a Parsed: each question is checked by the bank format's own rules, and a
    question that breaks one becomes an error naming where it is, not an exception, so the
    preview can list every problem at once."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.questions: list[Question] = []
        self.skipped: list[Note] = []
        self.notes: list[Note] = []
        self.errors: list[Note] = []
        self._ids: set[str] = set()
        self._next: dict[str, int] = {}  # the next free -N suffix of a derived id

    def add(self, where: str, data: dict[str, Any], *, wanted_id: str | None = None) -> None:
        """Check a question mapping (bank-file keys, no id) and keep it, or record why not.
        The id is `wanted_id` when the file gives a usable, unused one, else derived."""
        if len(self.questions) >= MAX_QUESTIONS:
            raise FormatError(f"more than {MAX_QUESTIONS} questions; split the file",
                              file=self.filename, where=where)
        qid = (wanted_id or "").strip()[:120].strip()
        if qid and qid in self._ids:
            self.note(where, f"the id {qid!r} is used twice in the file; this one gets a new id")
            qid = ""
        if not qid:
            qid = base = derived_id(str(data.get("prompt", "")))
            n = self._next.get(base, 2)
            while qid in self._ids:
                qid, n = f"{base}-{n}", n + 1
            self._next[base] = n
        try:
            question = check_question({"id": qid, **data}, where=self.filename)
        except BankError as exc:
            field = _field_name(exc.field)
            self.error(where, f"{field}: {exc.message}" if field else exc.message)
            return
        self._ids.add(qid)
        self.questions.append(question)
        texts = (question.prompt, *question.choices, str(question.answer),
                 question.explanation or "")
        if any(_LATEX.search(t) for t in texts):
            self.note(where, "it holds LaTeX math, which quizapp shows as typed (it does not "
                             "typeset math)")

    def skip(self, where: str | None, reason: str) -> None:
        self.skipped.append(Note(where, reason))

    def note(self, where: str | None, message: str) -> None:
        self.notes.append(Note(where, message))

    def error(self, where: str | None, message: str) -> None:
        self.errors.append(Note(where, message))

    def result(self, title: str | None = None) -> Parsed:
        if not self.questions and not self.errors:
            self.error(None, "no questions found in the file"
                       + (" (every one was skipped)" if self.skipped else ""))
        return Parsed(tuple(self.questions), tuple(self.skipped), tuple(self.notes),
                      tuple(self.errors), title)


_FIELD_WORDS = {"prompt": "question text", "accept": "other answers"}


def _field_name(field: str | None) -> str | None:
    """A bank field as a teacher says it: `choices[1]` -> "choice 2"."""
    if not field:
        return None
    match = re.fullmatch(r"(\w+)\[(\d+)\]", field)
    if match:
        noun = {"choices": "choice", "answer": "answer", "accept": "other answer",
                "tags": "tag"}.get(match.group(1), match.group(1))
        return f"{noun} {int(match.group(2)) + 1}"
    return _FIELD_WORDS.get(field, field)


def lost_fields(bank: Bank | Iterable[Question], carries: frozenset[str],
                format_label: str) -> list[Note]:
    """One note per field the bank uses that the format cannot carry, with a count."""
    questions = bank.questions if isinstance(bank, Bank) else tuple(bank)
    notes = []
    for name, label in FIELD_NAMES.items():
        if name in carries:
            continue
        used = sum(1 for q in questions if getattr(q, name) not in (None, (), ""))
        if name == "tolerance":
            used = sum(1 for q in questions if q.tolerance)
        if used:
            notes.append(Note(None, f"{format_label} has no place for {label}: left out of "
                                    f"{used} question{'s' if used != 1 else ''}"))
    return notes


def clean_line(text: str) -> str:
    """Whitespace folded to single spaces (a prompt or choice read from markup)."""
    return " ".join(text.split())
