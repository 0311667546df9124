"""Accounts: users, their server-side sessions, and failed sign-in attempts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.database import UTCDateTime
from quizapp.extensions import db

ROLES = ("learner", "teacher", "admin")


class User(db.Model):
    """A person with an account: a learner, a teacher or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="learner")
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Flask-Login protocol. The "id" Flask-Login keeps in the cookie is the raw token of
    # the server-side session row, so deleting the row ends the session everywhere.
    session_token = None  # set per request by the loader; not a column

    @property
    def is_authenticated(self) -> bool:
        """Flask-Login: a loaded user is signed in."""
        return True

    @property
    def is_active(self) -> bool:
        """Flask-Login: disabled accounts cannot sign in."""
        return not self.is_disabled

    @property
    def is_anonymous(self) -> bool:
        """Flask-Login: never anonymous."""
        return False

    def get_id(self) -> str | None:
        """Flask-Login: the session token, not the user id."""
        return self.session_token

    @property
    def is_teacher(self) -> bool:
        """Teachers and admins may author and manage sets."""
        return self.role in ("teacher", "admin")


class UserSession(db.Model):
    """A server-side sign-in session; the cookie carries a random token, we keep its hash."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginFailure(db.Model):
    """One failed sign-in. Counted per username, per address and overall for browsers the
    account has not signed in from (`device` empty), and per device cookie for those it has."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key", "username", "address", "failed_at"),
        Index("ix_login_failures_address", "address", "failed_at"),
        Index("ix_login_failures_device", "device", "failed_at"),
        Index("ix_login_failures_failed_at", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    device: Mapped[str | None] = mapped_column(String(64), default=None)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignUpAttempt(db.Model):
    """One sign-up try, counted per address and overall to slow down mass sign-ups."""

    __tablename__ = "signup_attempts"
    __table_args__ = (
        Index("ix_signup_attempts_address", "address", "attempted_at"),
        Index("ix_signup_attempts_attempted_at", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
