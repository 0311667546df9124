"""End-to-end fixtures: a live gunicorn server on a free port with a temporary database
(migrated and loaded with the shipped banks, as `make run` does), and Debian's Chromium
driven by Playwright. Without Chromium the layer is skipped with a clear reason."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]

pytestmark = pytest.mark.e2e


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    """Poll until the server answers, failing early if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start in {timeout}s")


def server_env(instance: Path, **extra: str) -> dict[str, str]:
    """Environment for a server process with its own instance folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update({"QUIZAPP_INSTANCE_PATH": str(instance), "QUIZAPP_SECRET_KEY": "e2e-secret"})
    env.update(extra)
    return env


def prepare_instance(instance: Path, *, load_banks: bool = True, **env_extra: str) -> None:
    """`quizapp init-db` and `quizapp import questions/`, as `make run` does."""
    env = server_env(instance, **env_extra)
    subprocess.run([str(BIN / "quizapp"), "init-db"], env=env, check=True, capture_output=True,
                   cwd=ROOT, timeout=120)
    if load_banks:
        subprocess.run([str(BIN / "quizapp"), "import", "questions/"], env=env, check=True,
                       capture_output=True, cwd=ROOT, timeout=300)


# As the Procfile serves: threads, so slow clients cannot hold every worker
# (bench/slow_clients.py).
THREADED = ["--worker-class", "gthread", "--threads", "64"]


def serve(instance: Path, *, workers: int = 2, **env_extra: str) -> tuple[str, subprocess.Popen]:
    """gunicorn on a free port over an prepared instance, with the Procfile's threaded
    workers; returns (base url, process)."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), *THREADED,
         "--bind", f"127.0.0.1:{port}", "quizapp:create_app()"],
        env=server_env(instance, **env_extra), cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", process)
    except BaseException:
        stop(process)
        raise
    return url, process


def start_server(instance: Path, *, load_banks: bool = True, workers: int = 2,
                 **env_extra: str) -> tuple[str, subprocess.Popen]:
    """Prepare an instance and serve it; returns (base url, process)."""
    prepare_instance(instance, load_banks=load_banks, **env_extra)
    return serve(instance, workers=workers, **env_extra)


def stop(process: subprocess.Popen) -> None:
    """Stop a server process."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app served the way `make run` serves it. Every test user signs up
    from 127.0.0.1, so the sign-ups-per-address rule is raised (its own tests keep it)."""
    url, process = start_server(tmp_path_factory.mktemp("live-instance"),
                                QUIZAPP_SIGNUP_ADDRESS_FREE="10000")
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run e2e tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context and page; a screenshot is saved when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test item, so fixtures can see failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def sign_up(page, base_url: str, username: str, *, role: str = "learner",
            password: str = "correct horse battery") -> None:
    """Create an account through the sign-up form, as a person would."""
    page.goto(base_url + "/account/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Your name (shown to teachers)").fill(username.title())
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    # by role: the label "Teacher" alone also matches "Your name (shown to teachers)"
    role_name = "^Teacher" if role == "teacher" else "^Learner"
    page.get_by_role("radio", name=re.compile(role_name)).check()
    page.get_by_role("button", name="Create account").click()
