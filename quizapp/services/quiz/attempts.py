"""Quiz use cases that write: start an attempt, record an answer, hand in, "I was right".

Read-only pages (question, feedback, result, history, progress) live in `pages` and
`progress`; an exam's own rules (any order, changed answers, flags) in `exam`. Every answer
carries a server-issued submission id: an HMAC of (attempt, position) under the app's
secret, so a double click, a second tab or a retry sends the same id and meets the
`UNIQUE(user_id, submission_id)` constraint.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.core import quiz as core_quiz
from quizapp.database import write_transaction
from quizapp.models import Question
from quizapp.models.quizzes import MODES, Answer, Attempt
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.quiz import exam
from quizapp.services.quiz.common import (
    OUT_OF_DATE,
    AnswerOutcome,
    AttemptOver,
    OutOfOrder,
    effective_end,
    finish,
    own_attempt,
    same_id,
    submission_id,
)
from quizapp.services.quiz.recording import (
    TYPED,
    Graded,
    add_answer,
    grade_ahead,
    graded_now,
    question_at,
)

__all__ = ["AnswerOutcome", "AttemptOver", "OutOfOrder", "effective_end", "own_attempt",
           "submission_id", "TYPED"]

GRACE_SECONDS = 5  # late answers within this are still taken (the page's timer, latency)
OVERRIDABLE = ("short", "cloze")


def start_attempt(
    session: Session, *, user_id: int, slug: str, mode: str, count: int,
    time_limit_seconds: int | None, now: datetime, seed: int | None = None,
) -> int:
    """Draw `count` questions of a set in a seeded order and open an attempt; its id."""
    if mode not in MODES:
        raise ServiceError(f"Choose a mode: {' or '.join(MODES)}.")
    if count < 1:
        raise ServiceError("A quiz needs at least one question.")
    if time_limit_seconds is not None and time_limit_seconds <= 0:
        raise ServiceError("The time limit must be a positive number of minutes.")
    with write_transaction(session):
        bank = access.learnable(session, slug, user_id)
        return open_attempt(session, user_id=user_id, bank_id=bank.id, mode=mode,
                            count=count, time_limit_seconds=time_limit_seconds, now=now,
                            seed=seed).id


def open_attempt(session: Session, *, user_id: int, bank_id: int, mode: str, count: int,
                 time_limit_seconds: int | None, now: datetime, seed: int | None = None,
                 avoid: frozenset[int] = frozenset(), assignment_id: int | None = None,
                 late: bool = False) -> Attempt:
    """Draw the questions and add the attempt, inside the caller's write transaction
    (access already checked). `avoid`: question ids to leave out while others remain."""
    seed = secrets.randbits(62) if seed is None else seed
    rows = list(session.execute(
        select(Question.qid, Question.id)
        .where(Question.bank_id == bank_id, Question.retired_at.is_(None))
        .order_by(Question.position)))
    if not rows:
        raise ServiceError("This set has no questions to quiz on.")
    fresh = [(qid, pk) for qid, pk in rows if pk not in avoid]
    if avoid and len(fresh) >= min(count, len(rows)):
        rows = fresh
    ids = dict(rows)
    order = core_quiz.compose(list(ids), count=count, seed=seed)
    attempt = Attempt(
        user_id=user_id, bank_id=bank_id, mode=mode, seed=seed,
        question_ids=[ids[qid] for qid in order], question_count=len(order),
        time_limit_seconds=time_limit_seconds, started_at=now,
        answered_count=0, correct_count=0, points=0.0, assignment_id=assignment_id,
        late=late)
    session.add(attempt)
    session.flush()
    return attempt


_EXISTING = select(Answer).where(Answer.user_id == bindparam("user_id"),
                                 Answer.submission_id == bindparam("sub_id"))


def _existing(session: Session, user_id: int, sub_id: str) -> Answer | None:
    return session.scalar(_EXISTING, {"user_id": user_id, "sub_id": sub_id})


def submit_answer(
    session: Session, *, user_id: int, attempt_id: int, position: int, sub_id: str,
    values: list[str], now: datetime, secret: str | bytes, time_up: bool = False,
    flag: bool | None = None,
) -> AnswerOutcome:
    """Grade and record one answer, once: a repeat of the same submission returns the first
    result; an answer after the time limit (plus grace) or a finished attempt is refused.

    `time_up` says the page's countdown sent the form: the attempt ends after this answer
    (a blank one is not recorded). The server still refuses anything past the grace.
    In an exam (see `exam`) any question may be answered, changed, left blank or flagged
    (`flag`: True/False sets it, None leaves it) until the exam is handed in."""
    late = False
    ahead, practice_grade = None, None
    before = own_attempt(session, user_id, attempt_id)  # read first: the writer holds less
    if before.finished_at is None and before.mode == "exam":
        ahead = exam.read_ahead(session, before, position, values)
    elif before.finished_at is None and position == before.answered_count:
        practice_grade = grade_ahead(session, before, position, values)
    try:
        with write_transaction(session):
            attempt = own_attempt(session, user_id, attempt_id, lock=True)
            row = exam.row_at(session, attempt, position) if attempt.mode == "exam" else None
            # An exam's submission ids are its answer's position and saves: a repeat is
            # the answer saved there; a practice answer may be anywhere.
            first = (row if row is not None and same_id(sub_id, row.submission_id) else None) \
                if attempt.mode == "exam" else _existing(session, user_id, sub_id)
            if first is not None:
                return _outcome(session, attempt, first, duplicate=True)
            if attempt.mode == "practice" and not same_id(
                    sub_id, submission_id(secret, attempt_id, position)):
                raise ServiceError(OUT_OF_DATE)
            if attempt.finished_at is not None:
                raise AttemptOver("This quiz is already finished: your answer was not recorded.")
            if core_quiz.is_expired(now, attempt.started_at, attempt.time_limit_seconds,
                                    GRACE_SECONDS):
                finish(session, attempt, effective_end(attempt, now) or now, "time")
                late = True
            elif attempt.mode == "exam":
                return exam.save(session, attempt, position, sub_id, values, now,
                                 secret=secret, flag=flag, time_up=time_up, ahead=ahead,
                                 row=row)
            elif time_up and not any(v.strip() for v in values):
                finish(session, attempt, now, "time")
                return AnswerOutcome(attempt.id, position, False, False, True, attempt.mode,
                                     time_up=True)
            else:
                return _record(session, attempt, position, sub_id, values, now,
                               hand_in=time_up, ahead=practice_grade)
    except IntegrityError:
        session.rollback()  # a concurrent copy won the race: show its result
        first = _existing(session, user_id, sub_id)
        if first is None:
            raise
        return _outcome(session, own_attempt(session, user_id, attempt_id), first,
                        duplicate=True)
    assert late
    raise AttemptOver("Time is up: answers after the time limit are not counted.", time_up=True)


def _outcome(session: Session, attempt: Attempt, answer: Answer, *,
             duplicate: bool) -> AnswerOutcome:
    if attempt.mode == "exam":
        answered = exam.answered_positions(session, attempt.id)
        return AnswerOutcome(attempt.id, answer.position, answer.correct, duplicate,
                             attempt.finished_at is not None, attempt.mode,
                             next_position=exam.next_unanswered(
                                 attempt.question_count, answered, answer.position),
                             total=attempt.question_count)
    finished = attempt.finished_at is not None or answer.position + 1 >= attempt.question_count
    return AnswerOutcome(attempt.id, answer.position, answer.correct, duplicate, finished,
                         attempt.mode)


def _record(session: Session, attempt: Attempt, position: int, sub_id: str,
            values: list[str], now: datetime, *, hand_in: bool = False,
            ahead: Graded | None = None) -> AnswerOutcome:
    """Practice: grade the due question, insert the answer, bump the counters in SQL."""
    if position != attempt.answered_count or position >= attempt.question_count:
        raise OutOfOrder(min(attempt.answered_count, attempt.question_count - 1))
    question = question_at(session, attempt, position)
    given, result = graded_now(question, attempt.seed, values, ahead)
    add_answer(session, attempt, position, sub_id, question, given, result, now)
    last = position + 1 >= attempt.question_count
    out_of_time = hand_in or core_quiz.remaining_seconds(
        now, attempt.started_at, attempt.time_limit_seconds) == 0
    values_sql: dict[str, object] = {
        "answered_count": Attempt.answered_count + 1,
        "correct_count": Attempt.correct_count + (1 if result.correct else 0),
        "points": Attempt.points + result.score,
    }
    if last or out_of_time:
        values_sql |= {"finished_at": now, "finish_reason": "completed" if last else "time"}
    session.execute(update(Attempt).where(Attempt.id == attempt.id).values(**values_sql)
                    .execution_options(synchronize_session=False))
    session.expire(attempt, list(values_sql))
    return AnswerOutcome(attempt.id, position, result.correct, False, last or out_of_time,
                         attempt.mode, time_up=out_of_time and not last)


def finish_attempt(session: Session, *, user_id: int, attempt_id: int, now: datetime) -> None:
    """Hand the attempt in now (unanswered questions score 0; with every question answered
    it is complete); a finished one stays as it is."""
    with write_transaction(session):
        attempt = own_attempt(session, user_id, attempt_id, lock=True)
        if attempt.finished_at is None:
            end = effective_end(attempt, now)
            complete = attempt.answered_count >= attempt.question_count
            finish(session, attempt, end or now,
                   "time" if end else "completed" if complete else "handed_in")


def claim_answer(
    session: Session, *, user_id: int, attempt_id: int, position: int, now: datetime,
) -> None:
    """"I was right": ask the set's owner to count a short/cloze answer graded wrong as
    right. The claim waits (pending) until they accept or reject it; only an accepted
    claim changes the score."""
    with write_transaction(session):
        attempt = own_attempt(session, user_id, attempt_id, lock=True)
        answer = session.scalar(select(Answer).where(
            Answer.attempt_id == attempt.id, Answer.position == position).with_for_update())
        if answer is None:
            raise NotFound("No such answer.")
        if answer.claim_state is not None:
            return  # a repeated click changes nothing
        if attempt.mode == "exam" and effective_end(attempt, now) is None:
            raise ServiceError("You can review your answers once the exam is finished.")
        question = session.get(Question, answer.question_id)
        if question is None or question.type not in OVERRIDABLE or answer.correct:
            raise ServiceError("Only a typed answer marked wrong can be claimed as right.")
        answer.claim_state, answer.claimed_at = "pending", now


def rescore(session: Session, attempt_id: int) -> None:
    """Recompute an attempt's points and correct count from its answers, in SQL."""
    mine = Answer.attempt_id == attempt_id
    session.execute(update(Attempt).where(Attempt.id == attempt_id).values(
        points=select(func.coalesce(func.sum(Answer.score), 0.0)).where(mine)
        .scalar_subquery(),
        correct_count=select(func.count(Answer.id)).where(mine, Answer.correct.is_(True))
        .scalar_subquery())
        .execution_options(synchronize_session=False))
