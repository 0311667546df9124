"""Many boxes on one machine: two app servers (gunicorn) on their own ports and instance
folders, two job workers, PostgreSQL, Redis and HAProxy in front — each a real process,
started and stopped here. Nothing is shared between the app processes but the database,
Redis and the secret key, as on separate machines."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import requests

from tests.e2e.conftest import BIN, ROOT, THREADED, free_port, server_env

PG_ADMIN = os.environ.get("QUIZAPP_SCALE_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("QUIZAPP_SCALE_REDIS", "redis://127.0.0.1:6379/14")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

HAPROXY_CFG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    retries 3
    option redispatch
    retry-on conn-failure empty-response
    option forwardfor
frontend web
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /account/signin
    http-check expect status 200
    default-server inter 250ms fall 2 rise 2
    http-response set-header X-Served-By %s
{servers}
"""


@dataclass
class Box:
    """One process of the topology, in its own process group (so -9 takes it all)."""

    name: str
    process: subprocess.Popen
    log: Path
    port: int | None = None

    def kill(self) -> None:
        """As a crash would: SIGKILL to the whole group, no clean-up."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Topology:
    root: Path
    database_url: str
    env: dict[str, str]
    balancer: str = ""
    servers: dict[str, Box] = field(default_factory=dict)
    workers: dict[str, Box] = field(default_factory=dict)
    haproxy: Box | None = None

    def start_server(self, name: str, port: int | None = None) -> Box:
        instance = self.root / f"instance-{name}"
        instance.mkdir(exist_ok=True)
        port = port or free_port()
        log = self.root / f"server-{name}.log"
        with log.open("ab") as out:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", "2", *THREADED, "--bind", f"127.0.0.1:{port}",
                 "--access-logfile", "-", "quizapp:create_app()"],
                env=server_env(instance, **self.env), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        box = Box(name, process, log, port)
        _wait_for(f"http://127.0.0.1:{port}/account/signin", process)
        self.servers[name] = box
        return box

    def start_worker(self, name: str) -> Box:
        instance = self.root / f"instance-worker-{name}"
        instance.mkdir(exist_ok=True)
        log = self.root / f"worker-{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(BIN / "quizapp"), "worker", "--workers", "1"],
                env=server_env(instance, **self.env), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 30
        while "Worker running" not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)
        box = Box(name, process, log)
        self.workers[name] = box
        return box

    def start_balancer(self) -> None:
        port = free_port()
        servers = "\n".join(f"    server {b.name} 127.0.0.1:{b.port} check"
                            for b in self.servers.values())
        cfg = self.root / "haproxy.cfg"
        cfg.write_text(HAPROXY_CFG.format(port=port, servers=servers))
        log = self.root / "haproxy.log"
        with log.open("ab") as out:
            process = subprocess.Popen([HAPROXY, "-db", "-f", str(cfg)], stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.haproxy = Box("haproxy", process, log, port)
        self.balancer = f"http://127.0.0.1:{port}"
        _wait_for(self.balancer + "/account/signin", process)
        self.wait_until_served_by(set(self.servers))

    def wait_until_served_by(self, names: set[str], timeout: float = 15) -> None:
        """Until the balancer's health checks have every named server up."""
        deadline, seen = time.monotonic() + timeout, set()
        while seen != names:
            assert time.monotonic() < deadline, f"only {seen} of {names} came up"
            seen.add(requests.get(self.balancer + "/account/signin", timeout=5)
                     .headers.get("X-Served-By", ""))
            seen &= names

    def stop(self) -> None:
        for box in [self.haproxy, *self.servers.values(), *self.workers.values()]:
            if box is not None:
                box.stop()


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{url}: the process exited"
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


def fresh_database(name: str) -> str:
    """An empty PostgreSQL database of that name; its SQLAlchemy URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(root: Path) -> Topology:
    """Everything up: the database migrated with the shipped banks, Redis emptied, two
    servers, two workers, the balancer."""
    name = f"quizapp_scale_{os.getpid()}"
    url = fresh_database(name)
    redis.Redis.from_url(REDIS).flushdb()
    env = {"QUIZAPP_DATABASE_URL": url, "QUIZAPP_REDIS_URL": REDIS,
           "QUIZAPP_SIGNUP_ADDRESS_FREE": "10000", "QUIZAPP_JOB_STALE_SECONDS": "3",
           "QUIZAPP_PROXY_FIX": "1",
           "QUIZAPP_JOB_RETRY_DELAY_SECONDS": "1"}
    top = Topology(root, url, env)
    setup = server_env(root / "instance-setup", **env)
    (root / "instance-setup").mkdir(exist_ok=True)
    for command in (["init-db"], ["import", "questions/"]):
        subprocess.run([str(BIN / "quizapp"), *command], env=setup, check=True,
                       capture_output=True, cwd=ROOT)
    for server in ("a", "b"):
        top.start_server(server)
    for worker in ("w1", "w2"):
        top.start_worker(worker)
    top.start_balancer()
    return top


def hidden(html: str) -> dict[str, str]:
    """The hidden fields of a page's forms (CSRF token, submission id, review token)."""
    found: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="hidden"' in tag:
            found.setdefault(name.group(1), value.group(1))
    return found
