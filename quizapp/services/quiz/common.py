"""What every way of answering a quiz shares: the outcomes and refusals, the signed
submission ids, the learner's own attempt, and when an attempt ended."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from quizapp.core import quiz as core_quiz
from quizapp.models.quizzes import Attempt
from quizapp.services import NotFound, ServiceError


class AttemptOver(ServiceError):
    """The attempt is finished (or out of time): nothing more can be answered."""

    def __init__(self, message: str, *, time_up: bool = False) -> None:
        super().__init__(message)
        self.time_up = time_up


class OutOfOrder(ServiceError):
    """The question asked for is not one to show now; `position` is the one to show, or
    `review` says every question of an exam is answered (the hand-in page is next)."""

    def __init__(self, position: int, *, review: bool = False) -> None:
        super().__init__(f"Question {position + 1} is next.")
        self.position = position
        self.review = review


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
    # exam: the next question without an answer (None: all answered, review next)
    next_position: int | None = None
    saved: bool = True  # False: an exam question left blank (nothing recorded)
    total: int = 0  # exam: how many questions the attempt has


def submission_id(secret: str | bytes, attempt_id: int, position: int, saves: int = 0) -> str:
    """The id the answer form for (attempt, position) carries: an HMAC under the app secret.

    `saves` is how often an exam answer at that position was saved already, so changing
    an answer gets a new id while a double click repeats the same one."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"quiz-answer:{attempt_id}:{position}" + (f":{saves}" if saves else "")
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:40]


def same_id(given: str, expected: str) -> bool:
    """Constant-time comparison that takes any text the form sent (even lone surrogates)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode())


OUT_OF_DATE = "This answer form is out of date: reload the question and try again."


def effective_end(attempt: Attempt, now: datetime) -> datetime | None:
    """When the attempt ended: its finish time, else its deadline once passed; None if open."""
    if attempt.finished_at is not None:
        return attempt.finished_at
    end = core_quiz.deadline(attempt.started_at, attempt.time_limit_seconds)
    if end is not None and now >= end:
        return end
    return None


# Built once (bound per call): a quiz request reads its attempt once or twice, and building
# the statement costs about as much as running it.
_ATTEMPT = select(Attempt).where(Attempt.id == bindparam("attempt_id")).execution_options(
    populate_existing=True)
_ATTEMPT_LOCKED = _ATTEMPT.with_for_update()


def own_attempt(session: Session, user_id: int, attempt_id: int, *, lock: bool = False) -> Attempt:
    """The user's attempt, locked for update when asked; NotFound for anyone else's."""
    attempt = session.scalar(_ATTEMPT_LOCKED if lock else _ATTEMPT, {"attempt_id": attempt_id})
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("No such quiz attempt.")
    return attempt


def finish(session: Session, attempt: Attempt, when: datetime, reason: str) -> None:
    """Mark the attempt finished (once: a finished one keeps its time and reason)."""
    session.execute(update(Attempt).where(Attempt.id == attempt.id,
                                          Attempt.finished_at.is_(None))
                    .values(finished_at=when, finish_reason=reason)
                    .execution_options(synchronize_session=False))
    session.expire(attempt, ["finished_at", "finish_reason"])
