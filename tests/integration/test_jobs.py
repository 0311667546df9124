"""The job queue on a real database and real queue storage (huey on SQLite, and Redis when
it answers): a job runs once however often it is delivered, failures are retried or
reported with their reason, and jobs outlive the worker that was running them."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.jobs import handlers, tasks
from quizapp.jobs.queue import huey
from quizapp.models import Job
from quizapp.services import NotFound, ServiceError
from quizapp.services import jobs as job_service
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """A job kind `echo` whose handler records each run, moves the bar and echoes."""
    seen: list[dict] = []

    def echo(session, payload, progress, owner_id):  # type: ignore[no-untyped-def]
        assert isinstance(payload.pop("job_id"), int)  # the runner tells the handler its job
        seen.append(payload)
        progress(50, "half way")
        if payload.get("refuse"):
            raise ServiceError("The article has no sentences to ask about.")
        if payload.get("crash"):
            raise RuntimeError("boom")
        return {"echo": payload["n"]}

    monkeypatch.setitem(handlers.HANDLERS, "echo", echo)
    return seen


def _job(job_id: int) -> Job:
    db.session.commit()  # end this session's read snapshot: the worker wrote in its own
    row = db.session.get(Job, job_id)
    assert row is not None
    return row


def test_a_job_runs_once_and_records_its_result(app: Flask, calls: list[dict]) -> None:
    with app.app_context():
        owner = make_user(db.session, "tess", role="teacher")
        job_id = tasks.submit("echo", {"n": 7}, owner_id=owner.id)
        assert _job(job_id).state == "queued" and calls == []  # nothing ran in the request
        tasks.run_job(job_id)  # delivered twice: a retry, a recovered job
        assert tasks.drain() == 2
        row = _job(job_id)
        assert (row.state, row.progress, row.result, row.attempts) == ("done", 100, {"echo": 7}, 1)
        assert calls == [{"n": 7}]
        view = job_service.get_job(db.session, job_id, owner_id=owner.id)
        assert view.over and view.result == {"echo": 7}
        with pytest.raises(NotFound):
            job_service.get_job(db.session, job_id, owner_id=owner.id + 1)


def test_input_at_fault_fails_at_once_with_its_reason(app: Flask, calls: list[dict]) -> None:
    with app.app_context():
        job_id = tasks.submit("echo", {"n": 1, "refuse": True}, owner_id=None)
        tasks.drain()
        row = _job(job_id)
        assert row.state == "failed" and row.attempts == 1
        assert row.error == "The article has no sentences to ask about."


def test_a_crash_is_retried_then_reported(app_factory, calls: list[dict]) -> None:
    app = app_factory(JOB_RETRY_DELAY_SECONDS=0)
    with app.app_context():
        job_id = tasks.submit("echo", {"n": 1, "crash": True}, owner_id=None)
        for _ in range(job_service.MAX_ATTEMPTS):
            tasks.drain()
            for task in huey.scheduled():  # the retry, due now (delay 0)
                huey.storage.enqueue(huey.serialize_task(task))
            huey.storage.flush_schedule()
        row = _job(job_id)
        assert row.state == "failed" and row.attempts == job_service.MAX_ATTEMPTS
        assert "RuntimeError" in row.error and "gave up" in row.error
        assert len(calls) == job_service.MAX_ATTEMPTS


def test_recover_hands_back_a_dead_workers_job(app: Flask, calls: list[dict]) -> None:
    with app.app_context():
        job_id = tasks.submit("echo", {"n": 3}, owner_id=None)
        huey.flush()  # the message is gone too
        # what a worker killed mid-job leaves behind: claimed, no heartbeat since
        assert job_service.claim(db.session, job_id, now=utcnow() - timedelta(minutes=10))
        assert tasks.recover(app) == [job_id]
        tasks.drain()
        row = _job(job_id)
        assert row.state == "done" and row.attempts == 2 and calls == [{"n": 3}]
        assert tasks.recover(app) == []  # nothing left behind


def test_a_second_fit_is_not_queued_while_one_waits(app: Flask) -> None:
    with app.app_context():
        user = make_user(db.session, "ada")
        first = tasks.submit("fit_parameters", {"user_id": user.id}, owner_id=user.id,
                             unique=True)
        again = tasks.submit("fit_parameters", {"user_id": user.id}, owner_id=user.id,
                             unique=True)
        assert first is not None and again is None
        tasks.drain()
        assert _job(first).state == "done" and _job(first).result["reason"] == "not due"


def _worker_env(app: Flask) -> dict[str, str]:
    return os.environ | {
        "QUIZAPP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "QUIZAPP_INSTANCE_PATH": app.instance_path,
        "QUIZAPP_SECRET_KEY": "test-secret-key",
        "QUIZAPP_JOB_STALE_SECONDS": "1",
    } | ({"QUIZAPP_REDIS_URL": app.config["REDIS_URL"]} if app.config.get("REDIS_URL") else {})


def _wait_done(job_ids: list[int], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.commit()
        states = db.session.scalars(select(Job.state).where(Job.id.in_(job_ids))).all()
        if states and all(s in ("done", "failed") for s in states):
            return
        time.sleep(0.2)
    raise AssertionError(f"jobs {job_ids} not over: {states}")


@pytest.mark.slow
def test_jobs_outlive_the_worker(app: Flask) -> None:
    """Queued with no worker running; one job claimed by a worker that was then killed.
    A new `quizapp worker` process runs both, each once."""
    with app.app_context():
        user = make_user(db.session, "ada")
        queued = tasks.submit("fit_parameters", {"user_id": user.id}, owner_id=user.id)
        orphan = tasks.submit("fit_parameters", {"user_id": user.id}, owner_id=user.id)
        db.session.commit()
        assert job_service.claim(db.session, orphan, now=utcnow() - timedelta(minutes=5))
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "quizapp", "worker", "--workers", "1"],
            cwd=ROOT, env=_worker_env(app), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            _wait_done([queued, orphan])
        finally:
            worker.terminate()
            output = worker.communicate(timeout=30)[0].decode()
        assert "Re-queued" in output, output
        assert [_job(queued).state, _job(orphan).state] == ["done", "done"]
        assert (_job(queued).attempts, _job(orphan).attempts) == (1, 2)


def _redis_url() -> str | None:
    url = os.environ.get("QUIZAPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - unreachable: skip
        return None
    return url


def test_the_queue_on_redis(app_factory, calls: list[dict]) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("Redis is not reachable at QUIZAPP_TEST_REDIS_URL / 127.0.0.1:6379")
    app = app_factory(REDIS_URL=url)
    with app.app_context():
        huey.flush()
        job_id = tasks.submit("echo", {"n": 5}, owner_id=None)
        assert huey.pending_count() == 1
        assert tasks.drain() == 1
        assert _job(job_id).result == {"echo": 5}
        huey.flush()


def test_a_waiting_job_is_handed_back_once_per_stale_period(app: Flask, calls: list[dict]
                                                            ) -> None:
    with app.app_context():
        job_id = tasks.submit("echo", {"n": 9}, owner_id=None)
        huey.flush()  # the message was lost
        db.session.execute(db.update(Job).values(created_at=utcnow() - timedelta(minutes=10)))
        db.session.commit()
        assert tasks.recover(app) == [job_id]
        assert tasks.recover(app) == []  # the next sweep does not pile up messages
        assert huey.pending_count() == 1
        tasks.drain()
        assert _job(job_id).state == "done" and calls == [{"n": 9}]
