"""Classes a teacher runs: their learners, the code to join, what is assigned to them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database import UTCDateTime
from quizapp.extensions import db

ASSIGNMENT_KINDS = ("quiz", "study")


class SchoolClass(db.Model):
    """A teacher's class. `join_code` None: joining is off (revoked); a new code can be
    made at any time, and the old one stops working at once."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    join_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    join_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClassMember(db.Model):
    """A learner in a class."""

    __tablename__ = "class_members"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),
                      Index("ix_class_members_user", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JoinFailure(db.Model):
    """A join code that was wrong: counted per learner and per address, to slow guessing."""

    __tablename__ = "join_failures"
    __table_args__ = (Index("ix_join_failures_user", "user_id", "failed_at"),
                      Index("ix_join_failures_address", "address", "failed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Assignment(db.Model):
    """A set given to a class, as a quiz (how, how often, when) or to study (how many of
    its questions learned by when, at what retention)."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_class", "class_id", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # quiz | study
    title: Mapped[str] = mapped_column(String(300))
    # quiz
    mode: Mapped[str] = mapped_column(String(16), default="exam")
    question_count: Mapped[int | None] = mapped_column(Integer)
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer)
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    repeat_questions: Mapped[bool] = mapped_column(Boolean, default=True)
    # both
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    late_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # study
    target_retention: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
