"""Row locks that serialise one user's concurrent writes on PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.models import User


def lock_user(session: Session, user_id: int) -> None:
    """Lock the user's row until the transaction ends, so check-then-insert use cases (adding a
    set to the deck, creating settings) cannot race. SQLite's BEGIN IMMEDIATE already holds
    the database's write lock, so only PostgreSQL needs it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(User.id).where(User.id == user_id).with_for_update())
