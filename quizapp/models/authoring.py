"""Authoring: generated draft questions awaiting the teacher's decision, and the decision.

Drafts live apart from `questions`, so nothing that serves learners (quiz, study, search,
the article view) can ever reach one; keeping a draft copies it into the set's questions
under its stable id. The decision (kept as is, edited with before and after, rejected
with an optional reason) stays on the draft row: the generator's ranker can be refitted
on these labelled rows (`quizapp generate feedback`)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database import UTCDateTime
from quizapp.extensions import db

DRAFT_STATES = ("pending", "kept", "edited", "rejected")


class Draft(db.Model):
    """One generated question of a set, as the generator wrote it, and what became of it."""

    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("bank_id", "qid"),
        Index("ix_drafts_bank_status", "bank_id", "status", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    qid: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the question, as in a bank file
    rank: Mapped[int] = mapped_column(Integer)  # the generator's order, best first
    status: Mapped[str] = mapped_column(String(16), default="pending")
    edited: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # after, when edited
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
