"""Configuration, read in one place: code defaults, then `instance/config.py`, then
`QUIZAPP_*` environment variables, then the test configuration."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_FOLDER = PROJECT_ROOT / "templates"
MIGRATIONS_FOLDER = PROJECT_ROOT / "migrations"
QUESTIONS_FOLDER = PROJECT_ROOT / "questions"

# QUIZAPP_<NAME> environment variable -> Flask config key, for names that differ.
ENV_ALIASES = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "COOKIE_SECURE": "SESSION_COOKIE_SECURE",
}


def defaults(instance_path: str) -> dict[str, Any]:
    """The code defaults; everything here can be overridden."""
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance_path, "quizapp.db"),
        # Never put SQL parameters (password or token hashes) in error messages and logs.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "PROXY_FIX": 0,  # number of reverse proxies in front (X-Forwarded-For is trusted)
        "HOST": "127.0.0.1",
        "PORT": 5000,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Free tries before sign-in slows down (services/throttle.py has the waits): per
        # username and per address from browsers new to the account, overall, and per
        # browser that has signed in to it before; sign-ups per address and overall an hour.
        "LOGIN_FREE_FAILURES": 5,
        "LOGIN_ADDRESS_FREE_FAILURES": 30,
        "LOGIN_OVERALL_FREE_FAILURES": 1000,
        "LOGIN_DEVICE_FREE_FAILURES": 10,
        "SIGNUP_ADDRESS_FREE": 30,
        "SIGNUP_OVERALL_FREE": 300,
        "SQLITE_BUSY_TIMEOUT_MS": 10_000,
        "SETS_PER_PAGE": 20,
        "QUESTIONS_PER_PAGE": 25,
        "ATTEMPTS_PER_PAGE": 20,
        # After a study session, fit personal FSRS parameters when due: "queue" (a job for
        # the worker) or "off".
        "STUDY_OPTIMIZE_AFTER_SESSION": "queue",
        # The job queue: Redis when REDIS_URL is set (several boxes), else SQLite at
        # JOBS_SQLITE_PATH (default instance/jobs.db). A running job with no heartbeat for
        # JOB_STALE_SECONDS is handed to another worker.
        "REDIS_URL": None,
        "JOBS_SQLITE_PATH": None,
        "JOB_STALE_SECONDS": 120,
        "JOB_RETRY_DELAY_SECONDS": 5,
    }


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill `app.config` in precedence order and make sure a secret key exists."""
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_pyfile(os.path.join(app.instance_path, "config.py"), silent=True)
    app.config.from_prefixed_env("QUIZAPP")
    for env_name, key in ENV_ALIASES.items():
        if env_name in app.config:
            app.config[key] = app.config.pop(env_name)
    if test_config:
        app.config.from_mapping(test_config)
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if app.config["SESSION_COOKIE_SECURE"]:
        # Over HTTPS the cookies carry the __Host- prefix: the browser keeps them only if
        # they are Secure, for this host alone, on path / (ASVS 5.0 V3.3.1).
        if app.config.get("SESSION_COOKIE_NAME", "session") == "session":
            app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config.setdefault("REMEMBER_COOKIE_NAME", "__Host-remember_token")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def instance_secret_key(instance_path: str) -> str:
    """Read the generated secret key from `instance/secret_key`, creating it once if missing."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"secret_key.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic publish: the first worker wins, the others read its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
