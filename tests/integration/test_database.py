"""SQLite safety settings and write transactions (reliability-security.md)."""
from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask import Flask
from sqlalchemy import select, text

from quizapp.database import write_transaction
from quizapp.extensions import db
from quizapp.models import LoginFailure


def sqlite_only(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific setting")


def test_sqlite_pragmas(app: Flask) -> None:
    with app.app_context():
        sqlite_only(app)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_write_transaction_takes_the_write_lock_at_begin(app: Flask, tmp_path) -> None:
    """BEGIN IMMEDIATE: while one writer is open, another connection cannot start writing."""
    with app.app_context():
        sqlite_only(app)
        path = db.engine.url.database
        with write_transaction(db.session):
            # Nothing written yet, but the lock is already held.
            other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()


def test_read_transactions_do_not_block_writers(app: Flask) -> None:
    with app.app_context():
        sqlite_only(app)
        db.session.execute(select(LoginFailure)).all()  # a read transaction is open
        other = sqlite3.connect(db.engine.url.database, timeout=0.05, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
        db.session.rollback()


def test_write_transaction_rolls_back_everything_on_error(app: Flask) -> None:
    now = datetime.now(UTC)
    with app.app_context():
        with pytest.raises(RuntimeError):
            with write_transaction(db.session):
                db.session.add(LoginFailure(username="x", address="1", failed_at=now))
                db.session.flush()
                raise RuntimeError("boom")
        assert db.session.scalar(select(LoginFailure.id)) is None


def test_concurrent_writers_lose_nothing(app: Flask) -> None:
    """Eight threads × 10 writes each through write_transaction: exactly 80 rows."""
    now = datetime.now(UTC)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        with app.app_context():
            try:
                for i in range(10):
                    with write_transaction(db.session):
                        db.session.add(LoginFailure(username=f"u{n}", address=str(i),
                                                    failed_at=now))
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM login_failures")) == 80


def test_timestamps_come_back_as_aware_utc(app: Flask) -> None:
    plus_two = datetime(2026, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    with app.app_context():
        with write_transaction(db.session):
            db.session.add(LoginFailure(username="tz", address="a", failed_at=plus_two))
        db.session.expunge_all()
        stored = db.session.scalar(select(LoginFailure.failed_at))
        assert stored == plus_two
        assert stored.utcoffset() == timedelta(0)
        assert stored.hour == 12


def test_naive_datetimes_are_refused(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(Exception, match="naive datetime"):
            with write_transaction(db.session):
                db.session.add(LoginFailure(username="n", address="a",
                                            failed_at=datetime(2026, 1, 1)))
