"""The queue's tasks: run one job (claim, call its handler, finish or fail), and a periodic
sweep that hands back jobs a dead worker left behind. `submit` records a job and
enqueues it; `drain` runs what is queued, as a worker would, until nothing is left."""
from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any

from flask import Flask
from huey import crontab

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.jobs.handlers import HANDLERS
from quizapp.jobs.queue import bound_app, huey
from quizapp.services import ServiceError
from quizapp.services import jobs as job_service

log = logging.getLogger(__name__)


def submit(kind: str, payload: dict[str, Any], *, owner_id: int | None,
           unique: bool = False) -> int | None:
    """Record a job (committed) and put it on the queue; None if `unique` found one waiting."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job_id = job_service.create_job(db.session, kind=kind, payload=payload,
                                    owner_id=owner_id, now=utcnow(), unique=unique)
    if job_id is not None:
        run_job(job_id)
    return job_id


@huey.task()
def run_job(job_id: int) -> None:
    """Claim the job, run its handler, record the outcome. Never raises: a failure is the
    job's state, retried with a delay while attempts are left."""
    app = bound_app()
    with app.app_context():
        try:
            _run(app, job_id)
        finally:
            db.session.remove()


def _run(app: Flask, job_id: int) -> None:
    session = db.session
    job = job_service.claim(session, job_id, now=utcnow())
    if job is None:
        return  # another worker has it, or it is over: a duplicate delivery
    log.info("job %s (%s) claimed by worker process %s", job.id, job.kind, os.getpid())

    def progress(percent: int, message: str | None = None) -> None:
        job_service.report_progress(session, job.id, percent, message, now=utcnow())

    try:
        result = HANDLERS[job.kind](session, job.payload | {"job_id": job.id}, progress,
                                    job.owner_id)
    except ServiceError as exc:  # the input is at fault: say why, do not retry
        session.rollback()
        job_service.fail(session, job.id, str(exc), now=utcnow(), retry=False)
    except Exception as exc:  # noqa: BLE001 - a failed job must never take a worker down
        session.rollback()
        log.exception("job %s (%s) failed", job.id, job.kind)
        again = job.attempts < job_service.MAX_ATTEMPTS
        reason = (f"Something went wrong on our side ({exc.__class__.__name__}); "
                  + ("trying again." if again else "we gave up after several tries."))
        if job_service.fail(session, job.id, reason, now=utcnow(), retry=again):
            delay = app.config.get("JOB_RETRY_DELAY_SECONDS", 5) * job.attempts
            run_job.schedule((job.id,), delay=delay)
    else:
        job_service.finish(session, job.id, result, now=utcnow())


def recover(app: Flask) -> list[int]:
    """Enqueue again the jobs a stopped worker left running, and lost queued ones."""
    stale = timedelta(seconds=app.config.get("JOB_STALE_SECONDS", 120))
    with app.app_context():
        try:
            ids = job_service.recover(db.session, now=utcnow(), stale_after=stale)
        finally:
            db.session.remove()
    for job_id in ids:
        run_job(job_id)
    return ids


@huey.periodic_task(crontab(minute="*"))
def recover_jobs() -> None:
    """Every minute, in the worker: pick up jobs that a dead worker left behind."""
    ids = recover(bound_app())
    if ids:
        log.info("re-enqueued jobs %s", ids)


def drain(limit: int = 100) -> int:
    """Run queued tasks in this process until the queue is empty (tests, `quizapp worker
    --drain`); returns how many ran. Scheduled (delayed) tasks are left for later."""
    ran = 0
    while ran < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        ran += 1
    return ran
