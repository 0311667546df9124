"""Regrading: when a question's key changes, the answers already given can be graded again
by the new key (as Moodle does). The teacher first sees how many answers and attempts
would change; saving then applies exactly that plan with the edit, in one transaction.
A claim the teacher accepted stays right."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core.grading import grade
from quizapp.database import write_transaction
from quizapp.models import Question
from quizapp.models.banks import question_fields
from quizapp.models.quizzes import Answer
from quizapp.services import access
from quizapp.services.authoring.questions import _row, save_question, validate
from quizapp.services.authoring.sets import InvalidField
from quizapp.services.quiz.attempts import rescore

KEY_FIELDS = ("type", "answer", "accept", "tolerance", "choices")


@dataclass(frozen=True)
class Change:
    """One answer whose grade the new key changes."""

    answer_id: int
    attempt_id: int
    score: float
    correct: bool
    feedback: str


@dataclass(frozen=True)
class RegradePreview:
    """What a regrade would do: answers on the question, and those whose score moves."""

    answers: int
    changed: int
    attempts: int
    now_right: int
    now_wrong: int

    @property
    def needed(self) -> bool:
        """Whether asking the teacher makes sense (some answer would change)."""
        return self.changed > 0


def key_changed(row: Question, new: core_bank.Question) -> bool:
    """Whether the edit touches what grading reads."""
    fields = question_fields(new)
    return any(getattr(row, f) != fields[f] for f in KEY_FIELDS)


def _plan(session: Session, row: Question, new: core_bank.Question) -> tuple[int, list[Change]]:
    fields = question_fields(new)
    answers = session.scalars(select(Answer).where(Answer.question_id == row.id)
                              .order_by(Answer.id)).all()
    changes = []
    for a in answers:
        if a.claim_state == "accepted":
            continue  # the teacher's decision stands
        try:
            result = grade(fields["type"], a.given, answer=fields["answer"],
                           choices=fields["choices"] or (), accept=fields["accept"] or (),
                           tolerance=fields["tolerance"])
        except ValueError:
            continue  # an answer of another type than the question has now: left alone
        if result.score != a.score or result.correct != a.correct:
            changes.append(Change(a.id, a.attempt_id, result.score, result.correct,
                                  result.feedback[:200]))
    return len(answers), changes


def _preview(total: int, changes: list[Change]) -> RegradePreview:
    return RegradePreview(total, len(changes), len({c.attempt_id for c in changes}),
                          sum(1 for c in changes if c.correct),
                          sum(1 for c in changes if not c.correct))


def preview(session: Session, ref: str, user_id: int, qid: str,
            data: dict[str, Any]) -> RegradePreview | None:
    """What regrading with this edit would change; None when the key is the same (or the
    data is invalid: the save will say why)."""
    bank = access.editable(session, ref, user_id)
    row = _row(session, bank, qid)
    try:
        new = validate(data, qid)
    except InvalidField:  # the save itself reports it beside the field
        return None
    if not key_changed(row, new):
        return None
    total, changes = _plan(session, row, new)
    session.commit()
    return _preview(total, changes)


def answer_count(session: Session, ref: str, user_id: int, qid: str) -> int:
    """How many answers the question has."""
    bank = access.editable(session, ref, user_id)
    row = _row(session, bank, qid)
    return session.scalar(select(func.count(Answer.id)).where(
        Answer.question_id == row.id)) or 0


def save_and_regrade(session: Session, ref: str, user_id: int, qid: str,
                     data: dict[str, Any], *, now: datetime) -> RegradePreview:
    """Save the edit and regrade its answers by the new key, in one transaction; what
    changed (the same figures the preview showed for the same data)."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        row = _row(session, bank, qid)
        new = validate(data, qid)
        total, changes = _plan(session, row, new)
        save_question(session, ref, user_id, data, qid=qid, now=now, _in_transaction=True)
        by_id = {c.answer_id: c for c in changes}
        for a in session.scalars(select(Answer).where(Answer.id.in_(list(by_id)))):
            c = by_id[a.id]
            a.score, a.correct, a.feedback = c.score, c.correct, c.feedback
            shown = dict(a.shown or {})
            shown["answer"] = list(new.answer) if isinstance(new.answer, tuple) else new.answer
            shown["tolerance"] = new.tolerance
            a.shown = shown
        session.flush()
        for attempt_id in sorted({c.attempt_id for c in changes}):
            rescore(session, attempt_id)
        return _preview(total, changes)
