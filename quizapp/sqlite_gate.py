"""One SQLite writer at a time, queued rather than napping.

SQLite lets one transaction write at a time; `BEGIN IMMEDIATE` makes the others wait in
SQLite's busy handler, which sleeps in growing naps (up to 100 ms each) and checks again.
Under load a writer often naps long after the lock came free: with 16 clients answering,
the answer POST's p99 was 1.4 s for a p50 of 16 ms (bench/web.py). The gate queues the
writers instead: the threads of a process on a lock, the processes of the box on an
`flock` of a file beside the database, checked every millisecond. A writer starts as soon
as the one before commits.

The gate only orders writers; SQLite's lock still decides. A writer that waits longer
than the busy timeout goes on without the gate and gets SQLite's own answer (a writer
from outside the app, `sqlite3` at a shell, is not in the queue). A process killed while
it holds the gate lets go of it with its file.
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_SETUP = threading.Lock()  # guards each gate's per-process state while it is made


def _after_fork() -> None:
    global _SETUP
    _SETUP = threading.Lock()  # a thread of the parent may have held it at the fork


os.register_at_fork(after_in_child=_after_fork)


class WriterGate:
    """The queue of writers for one SQLite file."""

    def __init__(self, database: str, timeout_s: float) -> None:
        self.path = f"{database}.write-lock"
        self.timeout_s = timeout_s
        self._state: tuple[int, threading.Lock, int] | None = None  # pid, lock, file

    def _mine(self) -> tuple[threading.Lock, int]:
        """This process's lock and open lock file (a forked process opens its own: the
        parent's lock may have been held by a thread that did not come along)."""
        pid = os.getpid()
        state = self._state
        if state is None or state[0] != pid:
            with _SETUP:
                state = self._state
                if state is None or state[0] != pid:
                    state = (pid, threading.Lock(),
                             os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
                    self._state = state
        return state[1], state[2]

    @contextmanager
    def held(self) -> Iterator[bool]:
        """Wait for our turn (True), or give up after the timeout (False) and go on."""
        lock, fd = self._mine()
        deadline = time.monotonic() + self.timeout_s
        if not lock.acquire(timeout=self.timeout_s):
            yield False
            return
        try:
            got = _flock(fd, deadline)
            try:
                yield got
            finally:
                if got:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            lock.release()


def _flock(fd: int, deadline: float) -> bool:
    """The box-wide turn: the lock file's exclusive flock, tried every millisecond."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)
