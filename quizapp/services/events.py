"""In-process domain events, so one feature can react to another without importing it.

The quiz service publishes `AnswerRecorded` inside its write transaction; the study
service subscribes (quiz answers on studied sets update the schedule). Handlers run in the
publisher's transaction: they write with the same session and must not commit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AnswerRecorded:
    """A learner answered a question in a quiz (published once per recorded answer)."""

    user_id: int
    question_id: int  # questions.id (the row), not the bank's question id
    correct: bool
    typed: bool  # the learner typed the answer (short, cloze, numeric)
    seconds: float  # time spent on the question
    answer_length: int  # length of the expected answer, in characters
    answered_at: datetime


Handler = Callable[[Session, Any], None]
_handlers: dict[type, list[Handler]] = {}


def subscribe(event_type: type, handler: Handler) -> None:
    """Call `handler(session, event)` for every event of this type (idempotent)."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def publish(session: Session, event: object) -> None:
    """Run the handlers for `event` inside the caller's transaction."""
    for handler in _handlers.get(type(event), []):
        handler(session, event)
