"""A classroom on one box: N learners each sign in, start an exam and answer a question
every T seconds (think time), with N ramped up step by step; prints, per step, p50/p99
latency and errors, and the largest N that kept p99 under 1 s with 0 errors, on SQLite
and on PostgreSQL, beside a bare Flask "hello" app's requests/s measured in the same run.

    .venv/bin/python bench/classroom.py [--db sqlite,postgres] [--think 20]
        [--steps 500,1000,1500,2000,2500,3000] [--arrivals 10] [--hold 40]

The app runs as `make run` serves it (gunicorn, gthread, WORKERS=2, THREADS=64). Each
learner is an aiohttp session of its own (its own cookies) on one event loop; requests
open a new connection each, as a browser does after 20 s of thinking. The load generator
shares this machine's CPUs with the server: its share is printed too.

A step: the new learners arrive, --arrivals a second (a school's pupils reaching their
desks; sign-in's password hashing is the costliest request there is), sign in and start
their exam; one think time to settle; then --hold seconds are measured. Each answer is a
POST (saved, then redirected) and a GET of the next question; after the last question
the exam is handed in and a new one started. p99 counts every request of the step's
window.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import BIN, ROOT, free_port, wait_up  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_id"[^>]*value="([^"]+)"'
                        r'|value="([^"]+)"[^>]*name="submission_id"')
OPTION = re.compile(r'name="answer" value="([^"]+)"')
PASSWORD = "classroom password 1"
PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
SET_SLUG = os.environ.get("BENCH_SET", "example-solar-system")
QUESTIONS = 10
LIMIT_P99 = 1.0


@dataclass
class Record:
    """Every request: when it started, what it was, how long, whether it worked."""

    rows: list[tuple[float, str, float, bool]] = field(default_factory=list)

    def add(self, started: float, kind: str, seconds: float, ok: bool) -> None:
        self.rows.append((started, kind, seconds, ok))

    def window(self, start: float, end: float) -> list[tuple[float, str, float, bool]]:
        return [r for r in self.rows if start <= r[0] < end]


class Failed(Exception):
    """A page that was not what a learner would have seen (an error status, no form)."""


class Learner:
    """One simulated learner with a cookie jar of their own."""

    def __init__(self, base: str, username: str, connector: aiohttp.BaseConnector,
                 record: Record) -> None:
        self.base, self.username, self.record = base, username, record
        self.http = aiohttp.ClientSession(
            base, connector=connector, connector_owner=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=60))
        self.page = ""  # the page in front of the learner
        self.path = ""
        self.number = 1

    async def request(self, kind: str, method: str, path: str,
                      data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, text), timed and recorded; an error status raises Failed."""
        started = time.monotonic()
        try:
            async with self.http.request(method, path, data=data,
                                         allow_redirects=False) as response:
                text = await response.text()
                status, location = response.status, response.headers.get("Location", "")
        except (TimeoutError, aiohttp.ClientError) as exc:
            self.record.add(started, kind, time.monotonic() - started, False)
            raise Failed(f"{kind}: {exc!r}") from exc
        ok = status < 400
        self.record.add(started, kind, time.monotonic() - started, ok)
        if not ok:
            raise Failed(f"{kind}: HTTP {status}")
        return status, location, text

    async def follow(self, kind: str, path: str, data: dict[str, str]) -> str:
        """POST a form, then GET where it redirects (both timed); returns that page."""
        status, location, text = await self.request(kind, "POST", path, data)
        if status not in (302, 303) or not location:
            raise Failed(f"{kind}: no redirect (HTTP {status})")
        self.path = location.replace(self.base, "")
        _, _, page = await self.request(f"{kind} → page", "GET", self.path)
        return page

    @staticmethod
    def token(html: str) -> str:
        found = TOKEN.search(html)
        if not found:
            raise Failed("no CSRF token on the page")
        return found.group(1)

    async def sign_in(self) -> None:
        _, _, page = await self.request("sign-in page", "GET", "/account/signin")
        await self.follow("sign in", "/account/signin", {
            "csrf_token": self.token(page), "username": self.username, "password": PASSWORD})

    async def start_exam(self) -> None:
        _, _, page = await self.request("quiz start page", "GET", f"/sets/{SET_SLUG}/quiz")
        self.page = await self.follow("start exam", f"/sets/{SET_SLUG}/quiz", {
            "csrf_token": self.token(page), "mode": "exam", "count": str(QUESTIONS),
            "time_limit": ""})
        self.number = 1

    async def answer(self) -> None:
        """Answer the question in front of them; hand in after the last, start again."""
        submission = SUBMISSION.search(self.page)
        if not submission:
            raise Failed(f"no question form at {self.path}")
        option = OPTION.search(self.page)
        self.page = await self.follow("answer", self.path, {
            "csrf_token": self.token(self.page),
            "submission_id": submission.group(1) or submission.group(2),
            "answer": option.group(1) if option else "42"})
        if "/finish" in self.path:  # every question answered: the review page
            attempt = self.path.split("/finish")[0]
            await self.follow("hand in", f"{attempt}/finish",
                              {"csrf_token": self.token(self.page)})
            await self.start_exam()

    async def run(self, delay: float, think: float, stop: asyncio.Event) -> None:
        """Arrive after `delay`, sign in, start, then answer every ~`think` seconds."""
        await asyncio.sleep(delay)
        while not stop.is_set():
            try:
                if not self.page:
                    await self.sign_in()
                    await self.start_exam()
                await asyncio.sleep(random.uniform(0.5, 1.5) * think)
                if not stop.is_set():
                    await self.answer()
            except Failed:
                self.page = ""  # start over, as a learner would reload and sign in
                await asyncio.sleep(think)

    async def close(self) -> None:
        await self.http.close()


def make_accounts(env: dict[str, str], count: int) -> None:
    """`count` learner accounts with one password, written straight to the database (one
    argon2 hash for all: the sign-ins still verify it, the set-up need not make 3,000)."""
    code = f"""
from quizapp import create_app
from quizapp.database import db
from quizapp.models import User
from quizapp.services.accounts import HASHER
from quizapp.database import utcnow
app = create_app()
with app.app_context():
    digest, now = HASHER.hash({PASSWORD!r}), utcnow()
    db.session.add_all([User(username=f"learner{{n}}", display_name=f"Learner {{n}}",
                             password_hash=digest, role="learner", created_at=now)
                        for n in range({count})])
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def fresh_pg(name: str) -> str:
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") \
        + f"/{name}"


def drop_pg(name: str) -> None:
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def serve(target: str, cwd: Path, env: dict[str, str], workers: int,
          threads: int) -> tuple[str, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "gthread",
         "--threads", str(threads), "--bind", f"127.0.0.1:{port}", target],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/")
    return base, process


def hello_rps(workers: int, threads: int, seconds: float = 5, clients: int = 16) -> float:
    """The bare Flask app's requests/s, served the same way (keep-alive off)."""
    base, process = serve("hello_app:app", ROOT / "bench", dict(os.environ), workers, threads)

    async def load() -> int:
        done = 0
        stop_at = time.monotonic() + seconds
        connector = aiohttp.TCPConnector(force_close=True, limit=0)
        async with aiohttp.ClientSession(base, connector=connector) as http:
            async def one() -> None:
                nonlocal done
                while time.monotonic() < stop_at:
                    async with http.get("/") as response:
                        await response.read()
                    done += 1
            await asyncio.gather(*(one() for _ in range(clients)))
        return done

    try:
        return asyncio.run(load()) / seconds
    finally:
        process.terminate()
        process.wait(10)


def _cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (the gunicorn workers)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


async def ramp(base: str, steps: list[int], think: float, arrivals: float, hold: float,
               server_pid: int) -> list[dict[str, float]]:
    record = Record()
    stop = asyncio.Event()
    connector = aiohttp.TCPConnector(force_close=True, limit=0)
    learners: list[Learner] = []
    tasks: list[asyncio.Task[None]] = []
    results: list[dict[str, float]] = []
    try:
        for n in steps:
            new = n - len(learners)
            for k, i in enumerate(range(len(learners), n)):
                learner = Learner(base, f"learner{i}", connector, record)
                learners.append(learner)
                tasks.append(asyncio.create_task(learner.run(k / arrivals, think, stop)))
            await asyncio.sleep(new / arrivals + think)
            start, cpu0, own0 = time.monotonic(), _cpu(server_pid), time.process_time()
            await asyncio.sleep(hold)
            end = time.monotonic()
            rows = record.window(start, end)
            latencies = sorted(r[2] for r in rows)
            errors = sum(1 for r in rows if not r[3])
            q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
            answers = sum(1 for r in rows if r[1] == "answer")
            signins = sorted(r[2] for r in record.rows if r[1] == "sign in")
            result = {"learners": n, "requests": len(rows), "rps": len(rows) / hold,
                      "answers/s": answers / hold, "p50": q[49], "p99": q[98],
                      "max": latencies[-1] if latencies else 0.0, "errors": errors,
                      "server cpu": (_cpu(server_pid) - cpu0) / hold,
                      "load cpu": (time.process_time() - own0) / hold,
                      "sign-in p99": statistics.quantiles(signins, n=100)[98]
                      if len(signins) > 1 else 0.0,
                      "load1": os.getloadavg()[0]}
            results.append(result)
            ok = result["p99"] < LIMIT_P99 and errors == 0
            print(f"{n:>8}{result['rps']:>8.0f}{result['answers/s']:>10.1f}"
                  f"{1000 * result['p50']:>9.1f}{1000 * result['p99']:>9.1f}"
                  f"{1000 * result['max']:>9.0f}{errors:>8}{result['server cpu']:>8.2f}"
                  f"{result['load cpu']:>7.2f}{1000 * result['sign-in p99']:>10.0f}"
                  f"{result['load1']:>7.2f}  {'ok' if ok else 'OVER'}", flush=True)
            if not ok:
                break
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for learner in learners:
            await learner.close()
        await connector.close()
    return results


def run_one(db: str, options: argparse.Namespace) -> int:
    """One database: set up, serve, ramp; returns the largest N within the limit."""
    instance = Path(tempfile.mkdtemp(prefix=f"quizapp-classroom-{db}-"))
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(instance)}
    pg_name = f"quizapp_classroom_{os.getpid()}"
    if db == "postgres":
        env["QUIZAPP_DATABASE_URL"] = fresh_pg(pg_name)
    try:
        quizapp = str(BIN / "quizapp")
        for command in (["init-db"], ["import", "questions/"]):
            subprocess.run([quizapp, *command], env=env, check=True, capture_output=True,
                           cwd=ROOT)
        make_accounts(env, max(options.steps))
        base, process = serve("quizapp:create_app()", ROOT, env, options.workers,
                              options.threads)
        try:
            print(f"\n{db}: {options.workers} workers x {options.threads} threads; think "
                  f"{options.think:g} s; {options.arrivals:g} arrivals/s; {QUESTIONS}-question "
                  f"exams of {SET_SLUG}")
            print(f"{'learners':>8}{'req/s':>8}{'answers/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
                  f"{'max ms':>9}{'errors':>8}{'srv cpu':>8}{'gen':>7}{'signin99':>10}"
                  f"{'load1':>7}")
            results = asyncio.run(ramp(base, options.steps, options.think, options.arrivals,
                                       options.hold, process.pid))
        finally:
            process.terminate()
            process.wait(20)
    finally:
        if db == "postgres":
            drop_pg(pg_name)
    good = [r["learners"] for r in results if r["p99"] < LIMIT_P99 and r["errors"] == 0]
    return int(max(good)) if good else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--think", type=float, default=20)
    parser.add_argument("--steps", default="500,1000,1500,2000,2500,3000")
    parser.add_argument("--arrivals", type=float, default=10,
                        help="new learners arriving (and signing in) per second")
    parser.add_argument("--hold", type=float, default=40, help="seconds measured per step")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=64)
    options = parser.parse_args()
    options.steps = sorted(int(s) for s in options.steps.split(","))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"{os.cpu_count()} CPUs shared by server and load; load average "
          f"{os.getloadavg()[0]:.2f} before")
    print(f"hello (baseline, same server set-up): {hello_rps(options.workers, options.threads):.0f}"
          " req/s")
    found = {db: run_one(db, options) for db in options.db.split(",")}
    print()
    for db, n in found.items():
        print(f"{db}: largest classroom with p99 < {LIMIT_P99:g} s and 0 errors: {n} learners"
              f" (steps tried: {', '.join(map(str, options.steps))})")


if __name__ == "__main__":
    main()
