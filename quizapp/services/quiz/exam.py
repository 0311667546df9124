"""Exam mode as Moodle runs it: the questions in any order, an answer changed as often as
the learner likes until they hand in, and flags on questions to come back to.

No feedback is shown until the exam is over, so changing an answer gives nothing away.
Each save of a position gets its own submission id (`saves` on the row), so a double
click counts once and a form left open in another tab cannot overwrite a newer answer.
Study hears of the first answer at each position only (one review per question).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from quizapp.core import quiz as core_quiz
from quizapp.models.quizzes import Answer, Attempt
from quizapp.services import ServiceError
from quizapp.services.quiz.common import (
    OUT_OF_DATE,
    AnswerOutcome,
    OutOfOrder,
    finish,
    same_id,
    submission_id,
)
from quizapp.services.quiz.recording import (
    UNREAD,
    Graded,
    add_answer,
    grade_ahead,
    graded_now,
    question_at,
)

_SAVED = select(Answer.position, Answer.given, Answer.saves).where(
    Answer.attempt_id == bindparam("attempt_id"))


def answers_by_position(session: Session, attempt_id: int) -> dict[int, Any]:
    """What is saved for each answered position: rows of (position, given, saves), plain
    values (the question page reads them on every visit)."""
    return {a.position: a for a in session.execute(_SAVED, {"attempt_id": attempt_id})}


def answered_positions(session: Session, attempt_id: int) -> set[int]:
    """The positions that have an answer."""
    return set(session.scalars(select(Answer.position).where(Answer.attempt_id == attempt_id)))


def next_unanswered(count: int, answered: set[int], after: int) -> int | None:
    """The first position after `after` (wrapping round) with no answer; None if none."""
    for step in range(1, count + 1):
        position = (after + step) % count
        if position not in answered:
            return position
    return None


def first_due(attempt: Attempt, answered: set[int]) -> OutOfOrder:
    """Where a learner who asks for no question in particular goes: the first question
    without an answer, else the review before handing in."""
    position = next_unanswered(attempt.question_count, answered, -1)
    return OutOfOrder(position if position is not None else 0, review=position is None)


@dataclass(frozen=True)
class Ahead:
    """What a save reads before its write transaction, so the writer holds the database
    for less: the positions answered and the last answer's time (for where to go next and
    the seconds spent: a save from another tab meanwhile changes neither much), and the
    question graded (used only if the locked attempt still shows it)."""

    answered: frozenset[int]
    last_answer_at: datetime | None
    graded: Graded | None


_ANSWERED = select(Answer.position, Answer.answered_at).where(
    Answer.attempt_id == bindparam("attempt_id"))
_AT_POSITION = select(Answer).where(
    Answer.attempt_id == bindparam("attempt_id"),
    Answer.position == bindparam("position")).with_for_update()
_BUMP = update(Attempt).where(Attempt.id == bindparam("attempt_id")).values(
    answered_count=Attempt.answered_count + bindparam("answered"),
    correct_count=Attempt.correct_count + bindparam("correct"),
    points=Attempt.points + bindparam("points")).execution_options(synchronize_session=False)


def read_ahead(session: Session, attempt: Attempt, position: int,
               values: list[str]) -> Ahead:
    rows = session.execute(_ANSWERED, {"attempt_id": attempt.id}).all()
    return Ahead(frozenset(r.position for r in rows),
                 max((r.answered_at for r in rows), default=None),
                 grade_ahead(session, attempt, position, values))


def set_flag(attempt: Attempt, position: int, flagged: bool) -> None:
    """Flag or unflag a question (the attempt row is locked by the caller)."""
    flags = set(attempt.flags or [])
    flags = flags | {position} if flagged else flags - {position}
    attempt.flags = sorted(flags)


def row_at(session: Session, attempt: Attempt, position: int) -> Answer | None:
    """The answer saved at `position`, locked (None: none yet, or no such position)."""
    if not 0 <= position < attempt.question_count:
        return None
    return session.scalar(_AT_POSITION, {"attempt_id": attempt.id, "position": position})


def save(session: Session, attempt: Attempt, position: int, sub_id: str, values: list[str],
         now: datetime, *, secret: str | bytes, flag: bool | None,
         time_up: bool, ahead: Ahead | None = None, row: Answer | None = UNREAD,
         ) -> AnswerOutcome:
    """Save (or change) the answer at `position` inside the caller's write transaction
    with the attempt locked, open and in time (`row`: what `row_at` read there, if the
    caller read it). A blank answer records nothing and keeps an earlier one (moving on
    without answering)."""
    if not 0 <= position < attempt.question_count:
        raise first_due(attempt, answered_positions(session, attempt.id))
    if row is UNREAD:
        row = row_at(session, attempt, position)
    if not same_id(sub_id, submission_id(secret, attempt.id, position, row.saves if row else 0)):
        raise ServiceError(OUT_OF_DATE)
    if flag is not None:
        set_flag(attempt, position, flag)
    saved = any(v.strip() for v in values)
    correct = bool(row and row.correct)
    if saved:
        question = question_at(session, attempt, position)  # read ahead: no query
        given, result = graded_now(question, attempt.seed, values,
                                   ahead.graded if ahead else None)
        correct = result.correct
        if row is None:
            add_answer(session, attempt, position, sub_id, question, given, result, now,
                       previous=ahead.last_answer_at if ahead else UNREAD)
            _bump(session, attempt, answered=1, correct=int(result.correct),
                  points=result.score)
        else:
            _bump(session, attempt, answered=0, correct=int(result.correct) - int(row.correct),
                  points=result.score - row.score)
            row.given, row.score, row.correct = given, result.score, result.correct
            row.feedback, row.answered_at = result.feedback[:200], now
            row.submission_id, row.saves = sub_id, row.saves + 1
    session.flush()
    out_of_time = time_up or core_quiz.remaining_seconds(
        now, attempt.started_at, attempt.time_limit_seconds) == 0
    if out_of_time:
        finish(session, attempt, now, "time")
    answered = set(ahead.answered) | ({position} if saved else set()) if ahead \
        else answered_positions(session, attempt.id)
    return AnswerOutcome(attempt.id, position, correct, False, out_of_time, attempt.mode,
                         time_up=out_of_time,
                         next_position=next_unanswered(attempt.question_count, answered,
                                                       position),
                         saved=saved, total=attempt.question_count)


def _bump(session: Session, attempt: Attempt, *, answered: int, correct: int,
          points: float) -> None:
    session.execute(_BUMP, {"attempt_id": attempt.id, "answered": answered,
                            "correct": correct, "points": points})
    session.expire(attempt, ["answered_count", "correct_count", "points"])
