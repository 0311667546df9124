"""A set as a file in another tool's format, and what that format leaves out."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core import formats
from quizapp.core.formats import Exported, Format
from quizapp.models import Bank, Question
from quizapp.models.banks import bank_from_rows, question_from_row
from quizapp.services import NotFound, access


@dataclass(frozen=True)
class ExportChoice:
    format: Format
    notes: tuple[formats.Note, ...]  # what this set would lose in it


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    exported: Exported


def _bank(session: Session, row: Bank) -> core_bank.Bank:
    questions = session.scalars(select(Question).where(
        Question.bank_id == row.id, Question.retired_at.is_(None))
        .order_by(Question.position))
    return bank_from_rows(row, [question_from_row(q) for q in questions])


def choices(session: Session, user_id: int,
            ref: str) -> tuple[Bank, list[ExportChoice], dict[str, str]]:
    """Every format the set can be written in, each with what it would leave out, and the
    prompt of each question (the notes name questions by id)."""
    row = access.editable(session, ref, user_id)
    bank = _bank(session, row)
    out = []
    for fmt in formats.writable():
        assert fmt.write is not None
        out.append(ExportChoice(fmt, fmt.write(bank).notes))
    return row, out, {q.id: q.prompt for q in bank.questions}


def export(session: Session, ref: str, format_name: str, *,
           user_id: int | None) -> ExportFile:
    """The set written in the format. `user_id` None: the command line (no access check)."""
    try:
        fmt = formats.get(format_name)
    except KeyError:
        raise NotFound(f"No export format {format_name!r}.") from None
    if fmt.write is None:
        raise NotFound(f"{fmt.label} files can be imported but not exported.")
    if user_id is None:
        row = session.scalar(select(Bank).where(Bank.ref == ref))
        if row is None:
            raise NotFound(f"No question set with id {ref!r}.")
    else:
        row = access.editable(session, ref, user_id)
    exported = fmt.write(_bank(session, row))
    return ExportFile(f"{row.slug}{fmt.suffix}", fmt.mimetype, exported)
