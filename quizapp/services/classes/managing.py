"""A teacher changes or removes an assignment once it is given.

What learners already did stays as it was: an attempt keeps the rules it started with
(its questions, its time limit), and removing an assignment keeps every attempt in its
learner's own history (it only leaves the class's results)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.database import write_transaction
from quizapp.models import Assignment, Attempt
from quizapp.services import NotFound
from quizapp.services.classes.assignments import QuizRules, _check_rules
from quizapp.services.classes.rosters import owned
from quizapp.services.classes.studying import check_study_rules


@dataclass(frozen=True)
class Changes:
    """What a teacher may change after assigning (the set, the kind, the mode and the
    number of questions stay: attempts were made with them)."""

    title: str
    opens_at: datetime | None
    due_at: datetime | None
    late_allowed: bool = False
    late_until: datetime | None = None
    attempts_allowed: int | None = 1  # quiz
    time_limit_seconds: int | None = None  # quiz
    target_retention: float | None = None  # study


@dataclass(frozen=True)
class Given:
    """An assignment as its editor shows it."""

    id: int
    class_id: int
    kind: str
    title: str
    mode: str
    question_count: int | None
    changes: Changes
    attempts: int  # attempts learners made on it
    learners: int  # learners who made them
    class_name: str = ""


def _mine(session: Session, assignment_id: int, owner_id: int, *,
          lock: bool = False) -> Assignment:
    query = select(Assignment).where(Assignment.id == assignment_id)
    a = session.scalar(query.with_for_update() if lock else query)
    if a is None:
        raise NotFound("No such assignment.")
    owned(session, a.class_id, owner_id)  # NotFound for anyone but the class's teacher
    return a


def given(session: Session, assignment_id: int, owner_id: int) -> Given:
    """The assignment with what learners did on it; NotFound for anyone but its teacher."""
    a = _mine(session, assignment_id, owner_id)
    attempts, learners = session.execute(
        select(func.count(Attempt.id), func.count(func.distinct(Attempt.user_id)))
        .where(Attempt.assignment_id == a.id)).one()
    return Given(a.id, a.class_id, a.kind, a.title, a.mode, a.question_count,
                 Changes(a.title, a.opens_at, a.due_at, a.late_allowed, a.late_until,
                         a.attempts_allowed, a.time_limit_seconds, a.target_retention),
                 int(attempts), int(learners), owned(session, a.class_id, owner_id).name)


def _check(a: Assignment, c: Changes) -> None:
    if a.kind == "study":
        check_study_rules(c.target_retention, c.opens_at, c.due_at)
        return
    _check_rules(QuizRules(mode=a.mode, question_count=a.question_count or 1,
                           time_limit_seconds=c.time_limit_seconds,
                           attempts_allowed=c.attempts_allowed,
                           repeat_questions=a.repeat_questions, opens_at=c.opens_at,
                           due_at=c.due_at, late_allowed=c.late_allowed,
                           late_until=c.late_until))


def change(session: Session, assignment_id: int, owner_id: int, changes: Changes) -> None:
    """New dates, title, attempts or time limit (quiz) or target (study); they hold from
    the next request on, on the server. A running attempt keeps its time limit."""
    with write_transaction(session):
        a = _mine(session, assignment_id, owner_id, lock=True)
        _check(a, changes)
        a.title = changes.title.strip()[:300] or a.title
        a.opens_at, a.due_at = changes.opens_at, changes.due_at
        if a.kind == "study":
            a.target_retention = changes.target_retention
        else:
            a.late_allowed = changes.late_allowed
            a.late_until = changes.late_until if changes.late_allowed else None
            a.attempts_allowed = changes.attempts_allowed
            a.time_limit_seconds = changes.time_limit_seconds


def close_now(session: Session, assignment_id: int, owner_id: int, *, now: datetime) -> None:
    """Due now, late work no longer taken: no attempt starts after this (running ones
    still end as their own time says)."""
    with write_transaction(session):
        a = _mine(session, assignment_id, owner_id, lock=True)
        if a.opens_at and a.opens_at > now:
            a.opens_at = None
        a.due_at, a.late_allowed, a.late_until = now, False, None


def remove(session: Session, assignment_id: int, owner_id: int) -> int:
    """Take the assignment away from the class; returns its class. The attempts made on
    it stay in their learners' histories."""
    with write_transaction(session):
        a = _mine(session, assignment_id, owner_id, lock=True)
        class_id = a.class_id
        session.execute(Attempt.__table__.update().where(
            Attempt.assignment_id == a.id).values(assignment_id=None))
        session.delete(a)
        return class_id
