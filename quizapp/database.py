"""Database plumbing: SQLite safety pragmas, BEGIN IMMEDIATE for writes, UTC timestamps.

See shared/docs/reliability-security.md: WAL, synchronous=FULL, busy timeout, foreign keys,
and writing transactions that take the write lock up front so concurrent workers queue
instead of failing with "database is locked" half-way through.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.types import TypeDecorator

from quizapp.extensions import db
from quizapp.sqlite_gate import WriterGate

WRITE_OPTION = "quizapp_write"
_GATES: dict[str, WriterGate] = {}  # SQLite file -> its queue of writers (sqlite_gate)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Refuse naive datetimes and store everything in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (the only clock read outside tests)."""
    return datetime.now(UTC)


def init_app(app: Flask) -> None:
    """Attach the SQLite pragmas and transaction handling to the app's engine."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _private_file(engine.url.database)
            _configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
            path = engine.url.database
            if path and path != ":memory:" and not path.startswith("file:"):
                _GATES.setdefault(os.path.abspath(path), WriterGate(
                    os.path.abspath(path), app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000))


def _private_file(path: str | None) -> None:
    """Create the SQLite file readable by its owner only (it holds password hashes);
    SQLite gives its -wal and -shm files the same mode."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:  # a folder that does not exist, a read-only disk: SQLite will say
        return


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL + synchronous=FULL + busy timeout + foreign keys; we issue BEGIN ourselves."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Take transaction control away from pysqlite so that BEGIN is ours to choose.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """One writing unit of work: BEGIN IMMEDIATE on SQLite, one commit, rollback on error.

    A read transaction left open by the request (loading the signed-in user, say) is
    ended first; it must not carry pending changes.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("pending changes outside a write transaction")
        session.commit()
    with _gate(session):
        session.connection(execution_options={WRITE_OPTION: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _gate(session: Session) -> AbstractContextManager[object]:
    """The SQLite file's queue of writers (sqlite_gate); nothing to wait for otherwise."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or not bind.url.database:
        return nullcontext()
    gate = _GATES.get(os.path.abspath(bind.url.database))
    return gate.held() if gate is not None else nullcontext()


def is_locked_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" that outlived the busy timeout."""
    return "database is locked" in str(exc).lower()
