"""`quizapp worker`: run the job queue's consumer (generation, parameter fitting)."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from quizapp.jobs import tasks
from quizapp.jobs.queue import huey


@click.command("worker")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Worker threads.")
@click.option("--drain", is_flag=True, help="Run what is queued now, then exit.")
@click.option("--nice", "niceness", type=click.IntRange(0, 19), default=10, show_default=True,
              help="Lower the worker's CPU priority by this much, so pages stay fast "
                   "while a long article generates.")
@with_appcontext
def worker_command(workers: int, drain: bool, niceness: int) -> None:
    """Run background jobs until stopped (Ctrl-C finishes the running ones first)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    recovered = tasks.recover(app)
    if recovered:
        click.echo(f"Re-queued {len(recovered)} job(s) left by a stopped worker or waiting.")
    if drain:
        click.echo(f"Ran {tasks.drain(limit=10_000)} task(s).")
        return
    where = app.config.get("REDIS_URL") or "SQLite (instance folder)"
    click.echo(f"Worker running with {workers} thread(s); queue on {where}.")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()
