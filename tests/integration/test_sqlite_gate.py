"""The SQLite writers' queue (quizapp/sqlite_gate.py): one holder at a time among threads
and processes, a killed holder frees it, and a writer that waits too long goes on."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from quizapp.sqlite_gate import WriterGate

HOLDER = """
import sys, time
from quizapp.sqlite_gate import WriterGate
with WriterGate(sys.argv[1], 5).held() as got:
    print("held" if got else "missed", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that takes the gate and keeps it `seconds`."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def _end(process: subprocess.Popen[str], kill: bool = False) -> None:
    if kill:
        process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.stdout is not None
    process.stdout.close()


def test_one_thread_at_a_time(tmp_path: Path) -> None:
    gate = WriterGate(str(tmp_path / "db.sqlite"), 5)
    inside, most, lock = [0], [0], threading.Lock()

    def writer() -> None:
        for _ in range(20):
            with gate.held() as got:
                assert got
                with lock:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.0005)
                with lock:
                    inside[0] -= 1

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_another_process_waits_its_turn(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    holder = _holder(db, 0.5)
    started = time.monotonic()
    with WriterGate(str(db), 5).held() as got:
        waited = time.monotonic() - started
    _end(holder)
    assert got and 0.3 < waited < 3


def test_a_killed_holder_lets_go(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    holder = _holder(db, 60)
    _end(holder, kill=True)
    started = time.monotonic()
    with WriterGate(str(db), 5).held() as got:
        assert got and time.monotonic() - started < 1


def test_a_writer_that_waits_too_long_goes_on_without_it(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    holder = _holder(db, 3)
    try:
        started = time.monotonic()
        with WriterGate(str(db), 0.3).held() as got:
            waited = time.monotonic() - started
        assert not got and 0.25 < waited < 2
    finally:
        _end(holder, kill=True)
