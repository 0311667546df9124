"""The huey instance, bound to an app's storage by `init_app`.

Huey registers tasks on an instance at import time, before any app exists, so the
instance starts on memory storage and `init_app` swaps in the configured one: SQLite in
the instance folder (`JOBS_SQLITE_PATH`), or Redis at `REDIS_URL` when one is set, which
is what several app servers and workers share."""
from __future__ import annotations

import os

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("quizapp", results=False, utc=True, storage_class=MemoryStorage)
_bound: dict[str, Flask] = {}


def init_app(app: Flask) -> None:
    """Use this app's queue storage, and run tasks in this app."""
    url = app.config.get("REDIS_URL")
    if url:
        huey.storage = RedisStorage("quizapp", url=url)
    else:
        path = app.config.get("JOBS_SQLITE_PATH") or os.path.join(app.instance_path, "jobs.db")
        huey.storage = SqliteStorage("quizapp", filename=path, fsync=True)
    _bound["app"] = app


def bound_app() -> Flask:
    """The app tasks run in (the one that last called `init_app` in this process)."""
    return _bound["app"]
