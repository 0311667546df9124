"""A small in-process memo of what is derived from rows, keyed by the rows' version.

A value is kept under a key that holds the version it was made from (a set's id and its
`updated_at`, which every change to its questions moves on), so a change made through any
app server makes a new key there and everywhere: nothing stale is ever served, and no
process needs another's memory. Bounded: the least recently used keys go first.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
_ALL: weakref.WeakSet[Memo[object]] = weakref.WeakSet()


class Memo(Generic[T]):
    """`get(key, make)`: the value made for `key`, made once (per process) and kept."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.add(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()  # outside the lock: two threads may both make it, both right
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def clear_all() -> None:
    """Forget every memo (a test's fresh database reuses ids and fixed clocks)."""
    for memo in list(_ALL):
        memo.clear()
