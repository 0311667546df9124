"""Load the app the way `make run` serves it (gunicorn gthread, same workers and threads)
beside a bare Flask "hello" app served the same way, and print requests/s and p50/p99
latency per page with the ratio to the hello baseline.

    .venv/bin/python bench/web.py [--seconds 8] [--clients 16] [--workers 2] [--threads 64]

Everything runs on this machine (loopback only); the load generator shares the CPU with
the servers, equally for both sides, so compare the ratios rather than absolute numbers.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_id"[^>]*value="([^"]+)"'
                        r'|value="([^"]+)"[^>]*name="submission_id"')
OPTION = re.compile(r'name="answer" value="([^"]+)"')
QUIZ_QUESTIONS = 12
FORMS_PER_CLIENT = 240  # enough for 8 s at 480 answers/s over 16 clients


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stop at a redirect, so an answer POST is timed alone."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, timeout: float = 30) -> None:
    """Poll until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


class Client:
    """A cookie-keeping client, one per simulated user."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.no_follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                     _NoRedirect())

    def post_no_follow(self, path: str, fields: dict[str, list[str] | str]) -> str:
        """POST a form and return the redirect target without following it."""
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        try:
            with self.no_follow.open(urllib.request.Request(self.base + path, data=data),
                                     timeout=30) as response:
                return response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            if error.code in (302, 303):
                return error.headers.get("Location", "")
            raise

    def get(self, path: str) -> str:
        """GET a page and return its text."""
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> str:
        """POST a form (fields must include the CSRF token) and return the final page."""
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(self.base + path, data=data),
                              timeout=30) as response:
            return response.read().decode()

    def sign_up(self, username: str) -> None:
        """Create an account through the form (which signs in)."""
        token = TOKEN.search(self.get("/account/signup")).group(1)
        self.post("/account/signup", {"csrf_token": token, "username": username,
                                      "password": "bench password 1", "confirm":
                                      "bench password 1", "role": "learner"})


@dataclass
class QuizState:
    """A simulated learner's exam: the attempt and the next question to answer."""

    attempt_path: str = ""
    number: int = 1


def _start_exam(client: Client, slug: str) -> str:
    """Start a 12-question exam on a set; return the attempt's path prefix (/quiz/<id>)."""
    token = TOKEN.search(client.get(f"/sets/{slug}/quiz")).group(1)
    location = client.post_no_follow(f"/sets/{slug}/quiz", {
        "csrf_token": token, "mode": "exam", "count": str(QUIZ_QUESTIONS), "time_limit": ""})
    return location.split("/q/")[0].replace(client.base, "")


def _quiz_setup(client: Client, n: int) -> QuizState:
    client.sign_up(f"bench-{os.getpid()}-{n}-{time.monotonic_ns()}")
    return QuizState(_start_exam(client, SET_SLUG))


def _study_setup(client: Client, n: int) -> None:
    """A learner with the set in their deck (new cards due at once)."""
    client.sign_up(f"bench-study-{os.getpid()}-{n}-{time.monotonic_ns()}")
    token = TOKEN.search(client.get(f"/sets/{SET_SLUG}")).group(1)
    client.post(f"/study/sets/{SET_SLUG}/add", {"csrf_token": token})
    return None


def _study_prompt(client: Client, state: object) -> None:
    page = client.get("/study/")
    if 'name="token"' not in page:
        raise AttributeError("no study prompt")  # counted as an error


def _question_page(client: Client, state: object) -> None:
    assert isinstance(state, QuizState)
    client.get(f"{state.attempt_path}/q/1")


def _answer(client: Client, state: object) -> float:
    """Answer the next question (a new answer each time); only the POST is timed."""
    assert isinstance(state, QuizState)
    if state.number > QUIZ_QUESTIONS:
        state.attempt_path, state.number = _start_exam(client, SET_SLUG), 1
    path = f"{state.attempt_path}/q/{state.number}"
    html = client.get(path)
    submission = SUBMISSION.search(html)
    option = OPTION.search(html)
    fields = {"csrf_token": TOKEN.search(html).group(1),
              "submission_id": submission.group(1) or submission.group(2),
              "answer": option.group(1) if option else "42"}
    started = time.perf_counter()
    client.post_no_follow(path, fields)
    elapsed = time.perf_counter() - started
    state.number += 1
    return elapsed


@dataclass
class Forms:
    """A learner's answer forms, read before the timed window: the POSTs alone are load."""

    forms: list[tuple[str, dict[str, str]]]


def _exam_forms(client: Client) -> list[tuple[str, dict[str, str]]]:
    """Start an exam and read each of its question pages' forms."""
    attempt = _start_exam(client, SET_SLUG)
    out = []
    for number in range(1, QUIZ_QUESTIONS + 1):
        path = f"{attempt}/q/{number}"
        html = client.get(path)
        submission = SUBMISSION.search(html)
        option = OPTION.search(html)
        out.append((path, {"csrf_token": TOKEN.search(html).group(1),
                           "submission_id": submission.group(1) or submission.group(2),
                           "answer": option.group(1) if option else "42"}))
    return out


def _forms_setup(client: Client, n: int) -> Forms:
    client.sign_up(f"bench-forms-{os.getpid()}-{n}-{time.monotonic_ns()}")
    forms: list[tuple[str, dict[str, str]]] = []
    while len(forms) < FORMS_PER_CLIENT:
        forms += _exam_forms(client)
    return Forms(forms)


def _answer_read_ahead(client: Client, state: object) -> float:
    """POST the next answer whose form was read before (a new exam's if none is left)."""
    assert isinstance(state, Forms)
    if not state.forms:
        state.forms = _exam_forms(client)
    path, fields = state.forms.pop(0)
    started = time.perf_counter()
    client.post_no_follow(path, fields)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Scenario:
    """One measured page: how to prepare a client and what one request is."""

    name: str
    server: str  # "hello" or "app"
    setup: Callable[[Client, int], object]
    request: Callable[[Client, object], float | None]  # returns its own timing, or None


def _nothing(client: Client, n: int) -> None:
    return None


def _get(path: str) -> Callable[[Client, object], None]:
    return lambda client, state: client.get(path) and None


def scenarios(set_slug: str) -> list[Scenario]:
    """The pages measured, the hello baseline first."""
    return [
        Scenario("hello (baseline)", "hello", _nothing, _get("/")),
        Scenario("home page", "app", _nothing, _get("/")),
        Scenario(f"set page /sets/{set_slug}", "app", _nothing, _get(f"/sets/{set_slug}")),
        Scenario("quiz question page (signed in)", "app", _quiz_setup, _question_page),
        Scenario("study prompt page (signed in)", "app", _study_setup, _study_prompt),
        Scenario("quiz answer POST (new answer; GET between)", "app", _quiz_setup, _answer),
        Scenario("quiz answer POST (forms read before)", "app", _forms_setup,
                 _answer_read_ahead),
    ]


def _drive(args: tuple[str, int, int, float, int]) -> tuple[list[float], int]:
    """One load process: `threads` clients looping for `seconds`; returns latencies, errors."""
    base, scenario_index, threads, seconds, offset = args
    scenario = scenarios(SET_SLUG)[scenario_index]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    ready = threading.Barrier(threads)

    def loop(n: int) -> None:
        client = Client(base)
        state = scenario.setup(client, offset + n)
        ready.wait()  # every client set up before any is timed
        mine: list[float] = []
        stop_at = time.monotonic() + seconds
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                timing = scenario.request(client, state)
            except (OSError, urllib.error.HTTPError, AttributeError):
                with lock:
                    errors[0] += 1
                continue
            mine.append(timing if timing is not None else time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors[0]


SET_SLUG = os.environ.get("BENCH_SET", "example-solar-system")


def measure(base: str, index: int, clients: int, seconds: float, procs: int) -> dict[str, float]:
    """Run one scenario with `clients` concurrent clients over `procs` processes."""
    per = max(1, clients // procs)
    with ProcessPoolExecutor(procs) as pool:
        results = list(pool.map(_drive, [(base, index, per, seconds, p * per)
                                         for p in range(procs)]))
    latencies = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors, "n": 0}
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / seconds, "p50": q[49] * 1000, "p99": q[98] * 1000,
            "errors": errors, "n": len(latencies)}


def main() -> None:
    """Start both servers, load each page in turn, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (make run: 2)")
    parser.add_argument("--threads", type=int, default=64, help="threads each (make run: 64)")
    parser.add_argument("--procs", type=int, default=2, help="load generator processes")
    options = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    # Every simulated learner signs up from this one address: lift the sign-up slowdown.
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(instance),
           "QUIZAPP_SIGNUP_ADDRESS_FREE": "1000000", "QUIZAPP_SIGNUP_OVERALL_FREE": "1000000"}
    quizapp = str(BIN / "quizapp")
    subprocess.run([quizapp, "init-db"], env=env, check=True, capture_output=True, cwd=ROOT)
    subprocess.run([quizapp, "import", "questions/"], env=env, check=True, capture_output=True,
                   cwd=ROOT)
    servers: dict[str, tuple[str, subprocess.Popen]] = {}
    for name, target, cwd in (("app", "quizapp:create_app()", ROOT),
                              ("hello", "hello_app:app", ROOT / "bench")):
        port = free_port()
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(options.workers), "--worker-class",
             "gthread", "--threads", str(options.threads), "--bind",
             f"127.0.0.1:{port}", target], cwd=cwd, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers[name] = (f"http://127.0.0.1:{port}", process)
        wait_up(servers[name][0] + "/")
    try:
        print(f"gunicorn {options.workers} gthread workers x {options.threads} threads; "
              f"{options.clients} concurrent clients "
              f"in {options.procs} processes; {options.seconds:g} s per page; {os.cpu_count()} "
              "CPUs shared by servers and load")
        print(f"{'page':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs hello':>10}")
        baseline = None
        for index, scenario in enumerate(scenarios(SET_SLUG)):
            result = measure(servers[scenario.server][0], index, options.clients,
                             options.seconds, options.procs)
            baseline = baseline or result["rps"]
            ratio = result["rps"] / baseline if baseline else float("nan")
            print(f"{scenario.name:<44}{result['rps']:>9.0f}{result['p50']:>9.1f}"
                  f"{result['p99']:>9.1f}{result['errors']:>8}{ratio:>10.2f}", flush=True)
    finally:
        for _, process in servers.values():
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
