"""What a class is given: a set as a quiz (mode, questions, time limit, attempts, open and
due dates, late work, repeated questions) or to study. The rules hold on the server: an
attempt starts only inside the window and within the allowed count, one request at a time
per learner and assignment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core import classes as core
from quizapp.database import write_transaction
from quizapp.models import Assignment, Attempt, Bank, ClassMember, SchoolClass
from quizapp.models.quizzes import MODES
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.classes.rosters import owned
from quizapp.services.quiz.attempts import open_attempt
from quizapp.services.quiz.common import effective_end
from quizapp.services.throttle import lock_keys

MAX_QUESTIONS = 500


@dataclass(frozen=True)
class QuizRules:
    mode: str = "exam"
    question_count: int = 10
    time_limit_seconds: int | None = None
    attempts_allowed: int | None = 1
    repeat_questions: bool = True
    opens_at: datetime | None = None
    due_at: datetime | None = None
    late_allowed: bool = False
    late_until: datetime | None = None


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    class_id: int
    class_name: str
    kind: str
    title: str
    set_ref: str
    set_title: str
    opens_at: datetime | None
    due_at: datetime | None
    late_allowed: bool
    attempts_allowed: int | None
    question_count: int | None
    time_limit_seconds: int | None
    mode: str
    used: int = 0  # the learner's attempts started (learner's list)
    finished: int = 0
    status: str = ""
    best_percent: float | None = None
    target_retention: float | None = None  # study
    open_attempt_id: int | None = None  # a quiz the learner started and can go on with


def _window(a: Assignment) -> core.Window:
    return core.Window(a.opens_at, a.due_at, a.late_allowed, a.late_until)


def _check_rules(rules: QuizRules) -> None:
    if rules.mode not in MODES:
        raise ServiceError("Choose practice or exam.")
    if not 1 <= rules.question_count <= MAX_QUESTIONS:
        raise ServiceError(f"Ask 1 to {MAX_QUESTIONS} questions.", field="question_count")
    if rules.time_limit_seconds is not None and rules.time_limit_seconds <= 0:
        raise ServiceError("The time limit must be a positive number of minutes.",
                           field="time_limit")
    if rules.attempts_allowed is not None and rules.attempts_allowed < 1:
        raise ServiceError("Allow at least one attempt (or leave it empty for no limit).",
                           field="attempts")
    if rules.opens_at and rules.due_at and rules.due_at <= rules.opens_at:
        raise ServiceError("The due date must be after the opening date.", field="due_at")
    if rules.late_until and (not rules.late_allowed or not rules.due_at
                             or rules.late_until <= rules.due_at):
        raise ServiceError("Late work can end only after the due date, when it is accepted.",
                           field="late_until")


def assign_quiz(session: Session, class_id: int, owner_id: int, *, set_ref: str,
                title: str | None, rules: QuizRules, now: datetime) -> int:
    """Give the class a set as a quiz. The teacher must be able to read the set; its
    learners may then take it even while it stays private."""
    _check_rules(rules)
    with write_transaction(session):
        owned(session, class_id, owner_id)
        bank = access.readable(session, set_ref, owner_id)
        row = Assignment(class_id=class_id, bank_id=bank.id, kind="quiz",
                         title=(title or "").strip()[:300] or bank.title, mode=rules.mode,
                         question_count=rules.question_count,
                         time_limit_seconds=rules.time_limit_seconds,
                         attempts_allowed=rules.attempts_allowed,
                         repeat_questions=rules.repeat_questions, opens_at=rules.opens_at,
                         due_at=rules.due_at, late_allowed=rules.late_allowed,
                         late_until=rules.late_until, created_at=now)
        session.add(row)
        session.flush()
        return row.id


def _rows(session: Session, query, user_id: int | None = None,  # type: ignore[no-untyped-def]
          now: datetime | None = None) -> list[AssignmentRow]:
    out = []
    for a, class_name, ref, set_title in session.execute(query):
        used = finished = 0
        best = None
        open_id = None
        if user_id is not None and now is not None:
            mine = session.execute(select(
                Attempt.id, Attempt.started_at, Attempt.finished_at, Attempt.time_limit_seconds,
                Attempt.points, Attempt.question_count)
                .where(Attempt.assignment_id == a.id, Attempt.user_id == user_id)
                .order_by(Attempt.id)).all()
            ended = [t for t in mine if _ended(t, now)]
            used, finished = len(mine), len(ended)
            open_id = next((t.id for t in mine if not _ended(t, now)), None)
            scores = [100.0 * t.points / t.question_count for t in ended if t.question_count]
            best = max(scores) if scores else None
        status = core.status(_window(a), now, used=used, allowed=a.attempts_allowed,
                             finished=finished) if now is not None else ""
        if open_id is not None:
            status = "in_progress"
        out.append(AssignmentRow(a.id, a.class_id, class_name, a.kind, a.title, ref,
                                 set_title, a.opens_at, a.due_at, a.late_allowed,
                                 a.attempts_allowed, a.question_count, a.time_limit_seconds,
                                 a.mode, used, finished, status, best,
                                 a.target_retention, open_id))
    return out


def _ended(attempt: Any, now: datetime) -> bool:
    """Handed in, or out of time (an attempt whose learner never came back ends at its
    deadline, as the quiz pages treat it)."""
    return effective_end(attempt, now) is not None


def _select():  # type: ignore[no-untyped-def]
    return (select(Assignment, SchoolClass.name, Bank.ref, Bank.title)
            .join(SchoolClass, SchoolClass.id == Assignment.class_id)
            .join(Bank, Bank.id == Assignment.bank_id))


def class_assignments(session: Session, class_id: int, owner_id: int) -> list[AssignmentRow]:
    owned(session, class_id, owner_id)
    return _rows(session, _select().where(Assignment.class_id == class_id)
                 .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id))


def my_assignments(session: Session, user_id: int, *, now: datetime) -> list[AssignmentRow]:
    """The learner's assignments from every class they are in, soonest due first."""
    query = (_select().join(ClassMember, ClassMember.class_id == Assignment.class_id)
             .where(ClassMember.user_id == user_id, SchoolClass.archived_at.is_(None))
             .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id))
    return _rows(session, query, user_id, now)


def learner_assignment(session: Session, assignment_id: int, user_id: int, *,
                       now: datetime) -> AssignmentRow:
    """One assignment as its learner sees it; NotFound unless they are in its class."""
    rows = _rows(session, _select().join(
        ClassMember, ClassMember.class_id == Assignment.class_id).where(
        Assignment.id == assignment_id, ClassMember.user_id == user_id), user_id, now)
    if not rows:
        raise NotFound("No such assignment.")
    return rows[0]


def start(session: Session, assignment_id: int, user_id: int, *, now: datetime,
          seed: int | None = None) -> int:
    """Open an attempt under the assignment's rules; its id. Concurrent starts by one
    learner are taken one at a time, so two clicks cannot pass the attempt limit."""
    with write_transaction(session):
        lock_keys(session, f"assignment\0{assignment_id}\0{user_id}")
        a = session.get(Assignment, assignment_id)
        member = a is not None and session.scalar(select(ClassMember.id).where(
            ClassMember.class_id == a.class_id, ClassMember.user_id == user_id)) is not None
        if a is None or not member or a.kind != "quiz":
            raise NotFound("No such assignment.")
        attempts = session.scalars(select(Attempt).where(
            Attempt.assignment_id == a.id, Attempt.user_id == user_id)).all()
        running = next((t for t in attempts if not _ended(t, now)), None)
        if running is not None:
            return running.id  # go on with the one started, never a second at once
        verdict = core.may_attempt(_window(a), now, used=len(attempts),
                                   allowed=a.attempts_allowed)
        if not verdict.allowed:
            raise ServiceError(verdict.reason or "This assignment takes no attempt now.")
        seen = frozenset() if a.repeat_questions else frozenset(
            qid for attempt in attempts for qid in attempt.question_ids)
        attempt = open_attempt(session, user_id=user_id, bank_id=a.bank_id, mode=a.mode,
                               count=a.question_count or MAX_QUESTIONS,
                               time_limit_seconds=a.time_limit_seconds, now=now, seed=seed,
                               avoid=seen, assignment_id=a.id, late=verdict.late)
        return attempt.id
