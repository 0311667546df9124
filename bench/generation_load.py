"""Other users' page latency while a long article generates.

Serves the app as `make run` does (gunicorn with 2 workers, and `quizapp worker`) on a
fresh instance with the shipped banks, then times learner pages (home and a set page) from
4 client threads: first with the worker idle (the baseline), then while the worker
generates drafts from a long article (the seed article 10 times over), in the same run.

    .venv/bin/python bench/generation_load.py [--repeat 10] [--clients 4]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from web import free_port, wait_up  # noqa: E402

PAGES = ("/", "/sets/trump-kim-interviews")


def hammer(base: str, clients: int, stop: threading.Event, seconds: float | None
           ) -> list[float]:
    """GET the pages round-robin from `clients` threads until `stop` (or `seconds`)."""
    times: list[float] = []
    lock = threading.Lock()
    end = time.monotonic() + seconds if seconds else None

    def run(n: int) -> None:
        i = n
        while not stop.is_set() and (end is None or time.monotonic() < end):
            start = time.perf_counter()
            with urllib.request.urlopen(base + PAGES[i % len(PAGES)], timeout=30) as r:
                r.read()
            with lock:
                times.append((time.perf_counter() - start) * 1000)
            i += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def summary(label: str, times: list[float], seconds: float) -> str:
    times = sorted(times)
    p = (lambda q: times[min(len(times) - 1, int(q * len(times)))])  # noqa: E731
    return (f"{label:<28} {len(times):>6} req  {len(times) / seconds:>7.1f} req/s  "
            f"p50 {statistics.median(times):6.1f} ms  p99 {p(0.99):6.1f} ms  "
            f"max {times[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="copies of the seed article")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="quizapp-genload-"))
    env = os.environ | {"QUIZAPP_INSTANCE_PATH": str(instance),
                        "QUIZAPP_SECRET_KEY": "bench"}
    run = (lambda *a: subprocess.run([str(BIN / "quizapp"), *a], env=env, check=True,  # noqa: E731
                                     capture_output=True, cwd=ROOT))
    run("init-db")
    run("import", "questions/")
    subprocess.run([str(BIN / "quizapp"), "users", "create", "tess", "--role", "teacher",
                    "--password", "correct horse battery"], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind",
                            f"127.0.0.1:{port}", "quizapp:create_app()"], env=env, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(BIN / "quizapp"), "worker", "--workers", "1"], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(base + "/")
        hammer(base, args.clients, threading.Event(), 2)  # warm up
        idle_s = 8.0
        idle = hammer(base, args.clients, threading.Event(), idle_s)

        os.environ.update(env)
        from quizapp import create_app
        from quizapp.database import utcnow
        from quizapp.extensions import db
        from quizapp.jobs import tasks
        from quizapp.models import Job, User
        from quizapp.services.authoring import drafts

        app = create_app()
        article = (ROOT / "questions/sources/trump-kim-interviews.txt").read_text()
        with app.app_context():
            owner = db.session.scalar(db.select(User.id).where(User.username == "tess"))
            _, bank_id = drafts.prepare(db.session, owner, title="Long article",
                                        article="\n\n".join([article] * args.repeat),
                                        kind="txt", now=utcnow())
            job_id = tasks.submit("generate", {"bank_id": bank_id}, owner_id=owner)
        stop = threading.Event()
        started = time.monotonic()
        result: list[float] = []
        hammer_thread = threading.Thread(
            target=lambda: result.extend(hammer(base, args.clients, stop, None)))
        hammer_thread.start()
        state = "queued"
        while state not in ("done", "failed") and time.monotonic() - started < 600:
            time.sleep(0.25)
            with app.app_context():
                state = db.session.scalar(db.select(Job.state).where(Job.id == job_id))
                db.session.remove()
        stop.set()
        hammer_thread.join()
        busy_s = time.monotonic() - started
        print(f"article: the seed article x{args.repeat} "
              f"({len(article) * args.repeat:,} characters); job {state} in {busy_s:.1f} s")
        print(summary("worker idle (baseline)", idle, idle_s))
        print(summary("while generating", result, busy_s))
        print(f"p50 ratio (generating / idle): "
              f"{statistics.median(result) / statistics.median(idle):.2f}")
    finally:
        for proc in (web, worker):
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
