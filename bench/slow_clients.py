"""Do slow clients stall the app? N connections that send their request headers a byte a
second (and never finish) are held open against gunicorn (2 workers), then a normal
`GET /` is timed, beside the same request with no slow client: sync workers (the old
`make run`), threaded workers as the Procfile runs them (64 threads each), and gevent
workers when gevent is installed (it is not a dependency), all in the same run.

    .venv/bin/python bench/slow_clients.py [--slow 50] [--requests 10]
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THREADS = "64"  # as the Procfile; --threads to try another


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(instance: Path, worker_class: str) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {"QUIZAPP_INSTANCE_PATH": str(instance), "QUIZAPP_SECRET_KEY": "bench",
           "PATH": "/usr/bin:/bin"}
    extra = {"sync": [], "gthread": ["--worker-class", "gthread", "--threads", THREADS],
             "gevent": ["--worker-class", "gevent", "--worker-connections", "1000"]
             }[worker_class]
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", *extra, "--bind", f"127.0.0.1:{port}",
         "quizapp:create_app()"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/", timeout=1)
            return url, process
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def slow_client(port: int, stop: threading.Event) -> None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        while not stop.wait(1.0):
            sock.sendall(b"a")
    except OSError:
        pass


def timed(url: str, n: int) -> tuple[float, float, int]:
    times, failed = [], 0
    for _ in range(n):
        start = time.perf_counter()
        try:
            requests.get(url + "/", timeout=10).raise_for_status()
        except requests.RequestException:
            failed += 1
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--threads", default=THREADS)
    args = parser.parse_args()
    globals()["THREADS"] = args.threads
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        env = {"QUIZAPP_INSTANCE_PATH": folder, "QUIZAPP_SECRET_KEY": "bench",
               "PATH": "/usr/bin:/bin"}
        for command in (["init-db"], ["import", "questions/"]):
            subprocess.run([str(BIN / "quizapp"), *command], env=env, cwd=ROOT, check=True,
                           capture_output=True)
        print(f"{'workers':8} {'slow clients':>12} {'p50 ms':>8} {'max ms':>8} {'failed':>7}")
        try:
            import gevent  # noqa: F401  (not a dependency: measured when installed)
            classes = ("sync", "gthread", "gevent")
        except ImportError:
            classes = ("sync", "gthread")
        for worker_class in classes:
            url, process = serve(instance, worker_class)
            try:
                timed(url, 3)  # warm
                p50, worst, failed = timed(url, args.requests)
                print(f"{worker_class:8} {0:12d} {p50:8.1f} {worst:8.1f} {failed:7d}")
                stop = threading.Event()
                port = int(url.rsplit(":", 1)[1])
                clients = [threading.Thread(target=slow_client, args=(port, stop), daemon=True)
                           for _ in range(args.slow)]
                for client in clients:
                    client.start()
                time.sleep(1.5)
                p50, worst, failed = timed(url, args.requests)
                print(f"{worker_class:8} {args.slow:12d} {p50:8.1f} {worst:8.1f} {failed:7d}")
                stop.set()
            finally:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    main()
