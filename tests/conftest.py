"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL when
QUIZAPP_TEST_DATABASE_URL is set), the test client, the CLI runner and sign-in helpers."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.services import memo

PG_URL = os.environ.get("QUIZAPP_TEST_DATABASE_URL")

# Timings are for bench/, not pass/fail tests: no per-example deadline on a shared machine.
settings.register_profile("quizapp", deadline=None, print_blob=True)
settings.load_profile("quizapp")
ROOT = Path(__file__).resolve().parent.parent


def _pg_reachable(url: str) -> str | None:
    """None when the PostgreSQL URL answers, else the reason it does not."""
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "skip with this reason"
        return f"PostgreSQL at QUIZAPP_TEST_DATABASE_URL is not reachable: {exc.__class__.__name__}"
    return None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """The PostgreSQL URL under test, reset once per run; None for per-test SQLite files."""
    if not PG_URL:
        yield None
        return
    reason = _pg_reachable(PG_URL)
    if reason:
        pytest.skip(reason)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": PG_URL, "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path_factory.mktemp("pg-instance"))})
    with app.app_context():
        with db.engine.begin() as conn:  # whatever an earlier run or branch left behind
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    yield PG_URL


def make_test_app(tmp_path: Path, database_url: str | None, **overrides: object) -> Flask:
    """A fresh app with its own instance folder and an empty database."""
    uri = database_url or f"sqlite:///{tmp_path / 'test.db'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
    } | overrides
    app = create_app(config)
    memo.clear_all()  # ids and fixed clocks repeat from one test's database to the next
    with app.app_context():
        if database_url:
            tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            db.create_all()
    return app


@pytest.fixture
def app_factory(tmp_path: Path, database_url: str | None) -> Iterator[Callable[..., Flask]]:
    """Make apps with config overrides; their connections are closed at teardown."""
    made: list[Flask] = []

    def factory(**overrides: object) -> Flask:
        app = make_test_app(tmp_path, database_url, **overrides)
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory: Callable[..., Flask]) -> Flask:
    """The app with CSRF off (the `csrf_app` fixture turns it on)."""
    return app_factory()


@pytest.fixture
def csrf_app(app_factory: Callable[..., Flask]) -> Flask:
    """The app with CSRF protection on, as in production."""
    return app_factory(WTF_CSRF_ENABLED=True)


@pytest.fixture
def session(app: Flask) -> Iterator[object]:
    """A database session inside an app context, for service tests."""
    with app.app_context():
        yield db.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """The Flask test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """The CLI runner (`runner.invoke(args=[...])`)."""
    return app.test_cli_runner()


class AuthActions:
    """Sign up, sign in and sign out through the real forms."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def signup(self, username: str = "ada", password: str = "correct horse battery",
               role: str = "learner", follow: bool = True):  # type: ignore[no-untyped-def]
        """Create an account through the sign-up form (which also signs in)."""
        return self._client.post("/account/signup", data={
            "username": username, "display_name": username.title(), "password": password,
            "confirm": password, "role": role}, follow_redirects=follow)

    def login(self, username: str = "ada", password: str = "correct horse battery",
              **extra: str):  # type: ignore[no-untyped-def]
        """Sign in through the form."""
        return self._client.post("/account/signin", data={
            "username": username, "password": password, **extra})

    def logout(self):  # type: ignore[no-untyped-def]
        """Sign out (POST)."""
        return self._client.post("/account/signout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Sign-in helpers bound to `client`."""
    return AuthActions(client)
