"""Background work on a real job queue (huey): SQLite storage in the instance folder by
default (nothing else to run), Redis when `QUIZAPP_REDIS_URL` is set. Tasks are thin
wrappers that call services, as views are; the `jobs` table is the truth about each job.
`quizapp worker` runs the consumer; `make run` starts it beside the web server."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Point the queue at this app's storage and register the tasks."""
    from quizapp.jobs import queue, tasks  # noqa: F401 (tasks register on the queue)

    queue.init_app(app)
