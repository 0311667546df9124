"""Imports waiting for the teacher's go-ahead: the uploaded file is kept between its
preview and the import (any app server may serve either), then deleted."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database import UTCDateTime
from quizapp.extensions import db


class PendingImport(db.Model):
    """One uploaded file between preview and import. `bank_id` None: a new set."""

    __tablename__ = "pending_imports"
    __table_args__ = (Index("ix_pending_imports_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(32))
    options: Mapped[str] = mapped_column(String(255), default="")  # Quizlet's separators
    replace: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # emptied once imported
    imported_ref: Mapped[str | None] = mapped_column(String(160))  # done: the set it went to
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
