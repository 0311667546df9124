"""Background jobs: create, claim, report progress, finish, fail, recover.

The job queue carries a job's id; the `jobs` row is the truth. `claim` moves a job from
`queued` to `running` in one UPDATE, so a job delivered twice runs once; a handler writes
its result idempotently (keyed by the job), so a job re-run after a worker died mid-way
has the same effect as one run. `recover` hands back the jobs a dead worker left
`running` (no heartbeat for a while) and the queued ones whose message was lost."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from quizapp.database import write_transaction
from quizapp.models import Job
from quizapp.services import NotFound

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Claimed:
    """A job a worker now owns: what to do and for whom."""

    id: int
    kind: str
    payload: dict[str, Any]
    owner_id: int | None
    attempts: int


@dataclass(frozen=True)
class JobView:
    """A job as its owner's progress page shows it."""

    id: int
    kind: str
    state: str
    progress: int
    message: str | None
    error: str | None
    result: dict[str, Any] | None
    attempts: int
    created_at: datetime
    finished_at: datetime | None

    @property
    def over(self) -> bool:
        """Done or failed: the page stops polling."""
        return self.state in ("done", "failed")


def _view(row: Job) -> JobView:
    return JobView(row.id, row.kind, row.state, row.progress, row.message, row.error,
                   row.result, row.attempts, row.created_at, row.finished_at)


def create_job(session: Session, *, kind: str, payload: dict[str, Any],
               owner_id: int | None, now: datetime, unique: bool = False) -> int | None:
    """Record a queued job and return its id (the caller enqueues it after this commit).
    With `unique`, return None when the owner already has this kind of job waiting."""
    with write_transaction(session):
        if unique:
            waiting = session.scalar(select(Job.id).where(
                Job.kind == kind, Job.owner_id == owner_id,
                Job.state.in_(("queued", "running"))).limit(1))
            if waiting is not None:
                return None
        row = Job(kind=kind, payload=payload, owner_id=owner_id, state="queued",
                  progress=0, attempts=0, created_at=now)
        session.add(row)
        session.flush()
        return row.id


def claim(session: Session, job_id: int, *, now: datetime) -> Claimed | None:
    """Take a queued job for this worker; None when another worker has it or it is over."""
    with write_transaction(session):
        taken = session.execute(
            update(Job).where(Job.id == job_id, Job.state == "queued")
            .values(state="running", attempts=Job.attempts + 1, started_at=now,
                    heartbeat_at=now, error=None)
            .execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            return None
        row = session.get(Job, job_id, populate_existing=True)
        assert row is not None
        return Claimed(row.id, row.kind, dict(row.payload or {}), row.owner_id, row.attempts)


def report_progress(session: Session, job_id: int, percent: int, message: str | None, *,
                    now: datetime) -> None:
    """Move a running job's progress bar (and prove its worker is alive)."""
    with write_transaction(session):
        session.execute(
            update(Job).where(Job.id == job_id, Job.state == "running")
            .values(progress=max(0, min(100, int(percent))), message=message, heartbeat_at=now)
            .execution_options(synchronize_session=False))


def finish(session: Session, job_id: int, result: dict[str, Any] | None, *,
           now: datetime) -> None:
    """Mark a running job done with its result."""
    with write_transaction(session):
        session.execute(
            update(Job).where(Job.id == job_id, Job.state == "running")
            .values(state="done", progress=100, result=result, message="Done.",
                    finished_at=now, heartbeat_at=now)
            .execution_options(synchronize_session=False))


def fail(session: Session, job_id: int, reason: str, *, now: datetime,
         retry: bool) -> bool:
    """A running job went wrong: queue it again if `retry` and attempts are left (True),
    else mark it failed with a reason its owner can read (False)."""
    with write_transaction(session):
        row = session.get(Job, job_id, populate_existing=True)
        if row is None or row.state != "running":
            return False
        again = retry and row.attempts < MAX_ATTEMPTS
        row.state = "queued" if again else "failed"
        row.error = reason[:2000]
        row.message = "Trying again…" if again else "Failed."
        row.heartbeat_at = now
        if not again:
            row.finished_at = now
        return again


def recover(session: Session, *, now: datetime, stale_after: timedelta) -> list[int]:
    """Jobs to enqueue again: those left `running` by a worker that stopped beating (they
    go back to `queued`, or to `failed` when out of attempts) and queued ones waiting
    longer than `stale_after`, whose message may have been lost. Each is handed back at
    most once per `stale_after` (its heartbeat marks the hand-back), and a duplicate
    message is harmless: `claim` lets one through."""
    cutoff = now - stale_after
    with write_transaction(session):
        dead = session.scalars(select(Job).where(
            Job.state == "running", or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff)))
        for row in dead:
            if row.attempts >= MAX_ATTEMPTS:
                row.state, row.finished_at = "failed", now
                row.error = "The worker stopped while running this job, too many times."
                row.message = "Failed."
            else:
                row.state, row.message = "queued", "Picked up again after a worker restart…"
            row.heartbeat_at = now
        waiting = session.scalars(select(Job).where(
            Job.state == "queued", Job.created_at < cutoff,
            or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff)))
        for row in waiting:
            row.heartbeat_at = now
        session.flush()
        return list(session.scalars(select(Job.id).where(
            Job.state == "queued", Job.heartbeat_at == now).order_by(Job.id)))


def get_job(session: Session, job_id: int, *, owner_id: int) -> JobView:
    """A job for its owner's progress page; NotFound for anyone else's."""
    row = session.get(Job, job_id)
    if row is None or row.owner_id != owner_id:
        raise NotFound("No such job.")
    return _view(row)
