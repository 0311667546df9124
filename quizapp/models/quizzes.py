"""Quiz attempts and their answers, stored per user."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.database import UTCDateTime
from quizapp.extensions import db
from quizapp.models.banks import Bank, Question

MODES = ("practice", "exam")


class Attempt(db.Model):
    """One quiz on one set by one learner: the questions drawn, their order (seed), the score."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(BigInteger)
    # questions.id of each question, in the order shown (fixed at the start).
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    question_count: Mapped[int] = mapped_column(Integer)
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(16))
    # Counters, updated in SQL as answers arrive (and recomputed on an override).
    answered_count: Mapped[int] = mapped_column(Integer, default=0)
    correct_count: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    # Taken for a class assignment (its rules held when it started), and whether late.
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="SET NULL"), index=True)
    late: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Exam: positions (0-based) the learner flagged to come back to.
    flags: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    bank: Mapped[Bank] = relationship()


class Answer(db.Model):
    """One recorded answer: what the learner gave, its grade, and any "I was right" claim."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        UniqueConstraint("user_id", "submission_id"),
        UniqueConstraint("attempt_id", "position"),
        Index("ix_quiz_answers_user_question", "user_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 0-based place in the attempt
    submission_id: Mapped[str] = mapped_column(String(64))
    # The question as the learner saw it (prompt, choices, answer ...), kept even if a
    # re-import edits or retires the question row.
    shown: Mapped[dict[str, Any]] = mapped_column(JSON)
    given: Mapped[Any] = mapped_column(JSON)  # str, or list of str for multi
    score: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column()
    feedback: Mapped[str] = mapped_column(String(200))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seconds: Mapped[float] = mapped_column(Float)
    # How often it was saved (an exam answer can be changed until handed in; each save
    # has its own submission id, the latest kept in `submission_id`).
    saves: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # "I was right": the learner's claim is a request (pending) until the set's owner
    # accepts it (then `overridden_*` record who raised the score, and when) or rejects it.
    claim_state: Mapped[str | None] = mapped_column(String(16))  # pending/accepted/rejected
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    claim_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overridden_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship()
