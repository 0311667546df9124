"""A database lock that outlives the busy timeout answers 503 + Retry-After, never 500."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import AuthActions


def test_locked_database_gives_503(tmp_path, database_url, app_factory) -> None:
    if database_url:
        pytest.skip("SQLite locking")
    app = app_factory(SQLITE_BUSY_TIMEOUT_MS=100)
    holder = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = AuthActions(app.test_client()).signup("ada", follow=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "try again" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
