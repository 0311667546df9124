"""Study (spaced repetition): settings per learner, decks, card state and the review log."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core.srs.scheduling import CardState, State
from quizapp.database import UTCDateTime
from quizapp.extensions import db

DEFAULT_RETENTION = 0.90
DEFAULT_NEW_PER_DAY = 20
DEFAULT_MAX_REVIEWS = 200
DEFAULT_DAY_START_HOUR = 4


class StudySettings(db.Model):
    """A learner's study settings and personal FSRS parameters (one row per learner)."""

    __tablename__ = "study_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    desired_retention: Mapped[float] = mapped_column(Float, default=DEFAULT_RETENTION)
    new_per_day: Mapped[int] = mapped_column(Integer, default=DEFAULT_NEW_PER_DAY)
    max_reviews_per_day: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_REVIEWS)
    day_start_hour: Mapped[int] = mapped_column(Integer, default=DEFAULT_DAY_START_HOUR)
    # Adopted personal parameters (None: FSRS-6 defaults) and the evidence for them.
    parameters: Mapped[list[float] | None] = mapped_column(JSON)
    fitted_at_reviews: Mapped[int | None] = mapped_column(Integer)
    fit_log: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StudyDeck(db.Model):
    """A set the learner chose to study ("Study this set")."""

    __tablename__ = "study_decks"
    __table_args__ = (UniqueConstraint("user_id", "bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StudyCard(db.Model):
    """The learner's memory of one question: FSRS card state, one row per (user, question).

    A new card has `last_review` NULL and `due` = when it was added, so the due queue is
    one range scan on (user_id, due). `last_review_days` mirrors `last_review` as days
    since the Unix epoch, so "most at risk" (elapsed / stability) orders in SQL.
    """

    __tablename__ = "study_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_study_cards_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    state: Mapped[int] = mapped_column(Integer, default=int(State.LEARNING))
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_review_days: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StudyReview(db.Model):
    """One review, append-only: rating, time, duration, state before and after."""

    __tablename__ = "study_reviews"
    __table_args__ = (
        UniqueConstraint("user_id", "submission_id"),
        Index("ix_study_reviews_user_time", "user_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(
        ForeignKey("study_cards.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="study")  # study | quiz
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    was_new: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_day: Mapped[bool] = mapped_column(Boolean, default=False)
    state_before: Mapped[int] = mapped_column(Integer)
    step_before: Mapped[int | None] = mapped_column(Integer)
    stability_before: Mapped[float | None] = mapped_column(Float)
    difficulty_before: Mapped[float | None] = mapped_column(Float)
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_review_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_after: Mapped[int] = mapped_column(Integer)
    step_after: Mapped[int | None] = mapped_column(Integer)
    stability_after: Mapped[float | None] = mapped_column(Float)
    difficulty_after: Mapped[float | None] = mapped_column(Float)
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)


def card_state(row: StudyCard) -> CardState:
    """A card row as the core's plain value."""
    return CardState(State(row.state), row.step, row.stability, row.difficulty, row.due,
                     row.last_review)
