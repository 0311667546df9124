"""Writing a set's questions: add, edit (id, study state and past answers kept), duplicate,
reorder, retire and restore. Every save goes through the bank format's own validator."""
from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core.bank import key_text
from quizapp.core.generate import slugify
from quizapp.database import write_transaction
from quizapp.models import Bank, Question
from quizapp.models.banks import question_fields, question_from_row
from quizapp.services import NotFound, access
from quizapp.services.authoring.sets import InvalidField
from quizapp.services.quiz.pages import Option
from quizapp.services.quiz.questions import shown_options


@dataclass(frozen=True)
class EditorLine:
    """A question as the editor lists it: with its key, and whether it is retired."""

    qid: str
    type: str
    prompt: str
    key: str
    retired: bool
    source_text: str | None


def editor_lines(session: Session, ref: str, user_id: int) -> list[EditorLine]:
    """Every question of the set, in order, active ones first, then the retired."""
    bank = access.editable(session, ref, user_id)
    rows = session.scalars(select(Question).where(Question.bank_id == bank.id)
                           .order_by(Question.retired_at.is_not(None), Question.position))
    lines = []
    for row in rows:
        q = question_from_row(row)
        lines.append(EditorLine(row.qid, row.type, row.prompt, key_text(q),
                                row.retired_at is not None, row.source_text))
    return lines


def _row(session: Session, bank: Bank, qid: str) -> Question:
    row = session.scalar(select(Question).where(Question.bank_id == bank.id,
                                                Question.qid == qid))
    if row is None:
        raise NotFound("No such question in this set.")
    return row


def question_data(session: Session, ref: str, user_id: int, qid: str) -> dict[str, Any]:
    """The question as bank-file data, to fill its form."""
    bank = access.editable(session, ref, user_id)
    return core_bank.question_to_dict(question_from_row(_row(session, bank, qid)))


def validate(data: dict[str, Any], qid: str, source_text: str | None = None,
             ) -> core_bank.Question:
    """The bank validator's verdict on the data, as InvalidField naming the form field."""
    try:
        return core_bank.check_question({**data, "id": qid}, source_text=source_text)
    except core_bank.BankError as exc:
        field = re.split(r"[.\[]", exc.field)[0] if exc.field else None
        raise InvalidField(field, exc.message) from None


def _new_qid(session: Session, bank: Bank, prompt: str) -> str:
    taken = set(session.scalars(select(Question.qid).where(Question.bank_id == bank.id)))
    base = slugify(" ".join(prompt.split()[:8]), max_len=60) or "question"
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    return qid


def _recount(session: Session, bank: Bank, now: datetime) -> None:
    bank.active_count = session.scalar(select(func.count(Question.id)).where(
        Question.bank_id == bank.id, Question.retired_at.is_(None))) or 0
    bank.updated_at = now


def append_question(session: Session, bank: Bank, question: core_bank.Question,
                    now: datetime) -> None:
    """Add a validated question after the set's last one (inside the caller's transaction)."""
    last = session.scalar(select(func.max(Question.position)).where(
        Question.bank_id == bank.id))
    session.add(Question(bank_id=bank.id, qid=question.id, updated_at=now,
                         position=(last if last is not None else -1) + 1,
                         **question_fields(question)))
    session.flush()
    _recount(session, bank, now)


def save_question(session: Session, ref: str, user_id: int, data: dict[str, Any], *,
                  now: datetime, qid: str | None = None, _in_transaction: bool = False) -> str:
    """Add a question (qid None) or change one in place: same id and row, so learners'
    study state and past answers (each keeps what was shown) stay. Its id.
    (`_in_transaction`: part of a caller's write transaction, as a regrade is.)"""
    with nullcontext(session) if _in_transaction else write_transaction(session):
        bank = access.editable(session, ref, user_id)
        if qid is None:
            new_id = _new_qid(session, bank, str(data.get("prompt") or ""))
            append_question(session, bank, validate(data, new_id), now)
            return new_id
        row = _row(session, bank, qid)
        old = question_from_row(row)
        merged = {**data}
        if old.source is not None and "source" not in merged:
            merged["source"] = {"start": old.source.start, "end": old.source.end,
                                "text": old.source.text}
        if old.extra:
            merged.update({k: v for k, v in old.extra.items() if k not in merged})
        question = validate(merged, qid)
        for key, value in question_fields(question).items():
            setattr(row, key, value)
        row.updated_at = now
        bank.updated_at = now
        return qid


def duplicate(session: Session, ref: str, user_id: int, qid: str, *, now: datetime) -> str:
    """A copy of the question right after it, under a new id; the copy's id."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        row = _row(session, bank, qid)
        q = question_from_row(row)
        new_id = _new_qid(session, bank, q.prompt)
        later = session.scalars(select(Question).where(
            Question.bank_id == bank.id, Question.position > row.position)).all()
        for other in sorted(later, key=lambda r: -r.position):
            other.position += 1
        session.flush()
        session.add(Question(bank_id=bank.id, qid=new_id, position=row.position + 1,
                             updated_at=now, **question_fields(q)))
        session.flush()
        _recount(session, bank, now)
        return new_id


def set_retired(session: Session, ref: str, user_id: int, qid: str, retired: bool, *,
                now: datetime) -> None:
    """Retire (hidden from new quizzes and study; history kept) or restore a question."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        row = _row(session, bank, qid)
        row.retired_at = now if retired else None
        row.updated_at = now
        session.flush()
        _recount(session, bank, now)


def reorder(session: Session, ref: str, user_id: int, order: list[str], *,
            now: datetime) -> None:
    """Put the set's questions in this order (every id once; retired ones go last)."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        rows = {r.qid: r for r in session.scalars(
            select(Question).where(Question.bank_id == bank.id))}
        if sorted(order) != sorted(q for q, r in rows.items() if r.retired_at is None) \
                and sorted(order) != sorted(rows):
            raise InvalidField("order", "The order must list each question of the set once.")
        rest = [q for q in sorted(rows, key=lambda q: rows[q].position) if q not in order]
        # Two passes, so the positions never collide midway.
        for n, q in enumerate(order + rest):
            rows[q].position = -1 - n
        session.flush()
        for n, q in enumerate(order + rest):
            rows[q].position = n
        bank.updated_at = now


def move(session: Session, ref: str, user_id: int, qid: str, delta: int, *,
         now: datetime) -> None:
    """Move a question up (delta -1) or down (+1) among the active ones (keyboard reorder)."""
    bank = access.editable(session, ref, user_id)
    active = list(session.scalars(select(Question.qid).where(
        Question.bank_id == bank.id, Question.retired_at.is_(None)).order_by(Question.position)))
    session.commit()
    if qid not in active:
        raise NotFound("No such question in this set.")
    i = active.index(qid)
    j = max(0, min(len(active) - 1, i + delta))
    active.insert(j, active.pop(i))
    reorder(session, ref, user_id, active, now=now)


@dataclass(frozen=True)
class Preview:
    """A question as a learner will see it (options in a quiz's shuffled order)."""

    type: str
    prompt: str
    options: list[Any]
    key: str
    explanation: str | None


def preview(session: Session, ref: str, user_id: int, qid: str) -> Preview:
    """The saved question, shown the way the quiz shows it."""
    bank = access.editable(session, ref, user_id)
    row = _row(session, bank, qid)
    options = [Option(v, t, i + 1 if i < 9 else None)
               for i, (v, t) in enumerate(shown_options(row, seed=1))]
    return Preview(row.type, row.prompt, options, key_text(question_from_row(row)),
                   row.explanation)
