"""Quiz use cases that write: start an attempt, record an answer, hand in, "I was right".

Read-only pages (question, feedback, result, history, progress) live in `pages` and
`progress`. Every answer carries a server-issued submission id: an HMAC of
(attempt, position) under the app's secret, so a double click, a second tab or a retry
sends the same id and meets the `UNIQUE(user_id, submission_id)` constraint.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.core import quiz as core_quiz
from quizapp.core.grading import grade
from quizapp.database import write_transaction
from quizapp.models import Question
from quizapp.models.quizzes import MODES, Answer, Attempt
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.events import AnswerRecorded, publish
from quizapp.services.quiz.questions import Shown, shown_options

GRACE_SECONDS = 5  # late answers within this are still taken (the page's timer, latency)
MAX_TEXT = 500  # longest typed answer kept
TYPED = ("short", "cloze", "numeric")
OVERRIDABLE = ("short", "cloze")


class AttemptOver(ServiceError):
    """The attempt is finished (or out of time): nothing more can be answered."""

    def __init__(self, message: str, *, time_up: bool = False) -> None:
        super().__init__(message)
        self.time_up = time_up


class OutOfOrder(ServiceError):
    """The question asked for is not the one due; `position` is the one to show."""

    def __init__(self, position: int) -> None:
        super().__init__(f"Question {position + 1} is next.")
        self.position = position


@dataclass(frozen=True)
class AnswerOutcome:
    """What happened to a submitted answer (a duplicate returns the first result)."""

    attempt_id: int
    position: int
    correct: bool
    duplicate: bool
    finished: bool
    mode: str
    time_up: bool = False  # the attempt ended because its time ran out


def submission_id(secret: str | bytes, attempt_id: int, position: int) -> str:
    """The id the answer form for (attempt, position) carries: an HMAC under the app secret."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"quiz-answer:{attempt_id}:{position}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def effective_end(attempt: Attempt, now: datetime) -> datetime | None:
    """When the attempt ended: its finish time, else its deadline once passed; None if open."""
    if attempt.finished_at is not None:
        return attempt.finished_at
    end = core_quiz.deadline(attempt.started_at, attempt.time_limit_seconds)
    if end is not None and now >= end:
        return end
    return None


def own_attempt(session: Session, user_id: int, attempt_id: int, *, lock: bool = False) -> Attempt:
    """The user's attempt, locked for update when asked; NotFound for anyone else's."""
    query = select(Attempt).where(Attempt.id == attempt_id).execution_options(
        populate_existing=True)
    if lock:
        query = query.with_for_update()
    attempt = session.scalar(query)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("No such quiz attempt.")
    return attempt


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


def _given(question: Question | Shown, seed: int, values: list[str]) -> str | list[str]:
    """The form's raw values as the answer the grader takes (option texts, or typed text)."""
    if question.type in TYPED:
        return (values[0] if values else "").strip()[:MAX_TEXT]
    options = dict(shown_options(question, seed))
    if any(v not in options for v in values):
        raise ServiceError("Choose one of the options shown.")
    if question.type == "multi":
        picked = set(values)
        return [text for value, text in options.items() if value in picked]
    if len(values) > 1:
        raise ServiceError("Choose only one option.")
    if question.type == "true_false":
        return values[0] if values else ""
    return options[values[0]] if values else ""


def _existing(session: Session, user_id: int, sub_id: str) -> Answer | None:
    return session.scalar(
        select(Answer).where(Answer.user_id == user_id, Answer.submission_id == sub_id))


def submit_answer(
    session: Session, *, user_id: int, attempt_id: int, position: int, sub_id: str,
    values: list[str], now: datetime, secret: str | bytes, time_up: bool = False,
) -> AnswerOutcome:
    """Grade and record one answer, once: a repeat of the same submission returns the first
    result; an answer after the time limit (plus grace) or a finished attempt is refused.

    `time_up` says the page's countdown sent the form: the attempt ends after this answer
    (a blank one is not recorded). The server still refuses anything past the grace."""
    expected = submission_id(secret, attempt_id, position)
    if not hmac.compare_digest(sub_id.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8")):
        raise ServiceError("This answer form is out of date: reload the question and try again.")
    late = False
    try:
        with write_transaction(session):
            attempt = own_attempt(session, user_id, attempt_id, lock=True)
            first = _existing(session, user_id, sub_id)
            if first is not None:
                return _outcome(attempt, first, duplicate=True)
            if attempt.finished_at is not None:
                raise AttemptOver("This quiz is already finished: your answer was not recorded.")
            if core_quiz.is_expired(now, attempt.started_at, attempt.time_limit_seconds,
                                    GRACE_SECONDS):
                _finish(session, attempt, effective_end(attempt, now) or now, "time")
                late = True
            elif time_up and not any(v.strip() for v in values):
                _finish(session, attempt, now, "time")
                return AnswerOutcome(attempt.id, position, False, False, True, attempt.mode,
                                     time_up=True)
            else:
                return _record(session, attempt, position, sub_id, values, now,
                               hand_in=time_up)
    except IntegrityError:
        session.rollback()  # a concurrent copy won the race: show its result
        first = _existing(session, user_id, sub_id)
        if first is None:
            raise
        return _outcome(own_attempt(session, user_id, attempt_id), first, duplicate=True)
    assert late
    raise AttemptOver("Time is up: answers after the time limit are not counted.", time_up=True)


def _outcome(attempt: Attempt, answer: Answer, *, duplicate: bool) -> AnswerOutcome:
    finished = attempt.finished_at is not None or answer.position + 1 >= attempt.question_count
    return AnswerOutcome(attempt.id, answer.position, answer.correct, duplicate, finished,
                         attempt.mode)


def _record(session: Session, attempt: Attempt, position: int, sub_id: str,
            values: list[str], now: datetime, *, hand_in: bool = False) -> AnswerOutcome:
    """Grade, insert the answer, bump the counters in SQL, publish the event."""
    if position != attempt.answered_count or position >= attempt.question_count:
        raise OutOfOrder(min(attempt.answered_count, attempt.question_count - 1))
    question = session.get(Question, attempt.question_ids[position])
    if question is None:
        raise NotFound("That question no longer exists.")
    given = _given(question, attempt.seed, values)
    result = grade(question.type, given, answer=question.answer, choices=question.choices or (),
                   accept=question.accept or (), tolerance=question.tolerance)
    previous = session.scalar(
        select(func.max(Answer.answered_at)).where(Answer.attempt_id == attempt.id))
    seconds = max(0.0, (now - (previous or attempt.started_at)).total_seconds())
    session.add(Answer(
        attempt_id=attempt.id, user_id=attempt.user_id, question_id=question.id,
        position=position, submission_id=sub_id, shown=Shown.of(question).to_json(),
        given=given, score=result.score,
        correct=result.correct, feedback=result.feedback[:200], answered_at=now,
        seconds=seconds))
    session.flush()
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
    publish(session, AnswerRecorded(
        user_id=attempt.user_id, question_id=question.id, correct=result.correct,
        typed=question.type in TYPED, seconds=seconds,
        answer_length=len(str(question.answer)), answered_at=now))
    return AnswerOutcome(attempt.id, position, result.correct, False, last or out_of_time,
                         attempt.mode, time_up=out_of_time and not last)


def _finish(session: Session, attempt: Attempt, when: datetime, reason: str) -> None:
    session.execute(update(Attempt).where(Attempt.id == attempt.id,
                                          Attempt.finished_at.is_(None))
                    .values(finished_at=when, finish_reason=reason)
                    .execution_options(synchronize_session=False))


def finish_attempt(session: Session, *, user_id: int, attempt_id: int, now: datetime) -> None:
    """Hand the attempt in now (unanswered questions score 0); a finished one stays as it is."""
    with write_transaction(session):
        attempt = own_attempt(session, user_id, attempt_id, lock=True)
        if attempt.finished_at is None:
            end = effective_end(attempt, now)
            _finish(session, attempt, end or now, "time" if end else "handed_in")


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
