"""Slow-down rules for guessing: after a number of free tries, each further try must wait.

OWASP's authentication guidance: limit per account, per address and overall, and slow
down instead of locking the owner out. A rule never refuses for good: it says how long to
wait (`wait_seconds`), and how many free tries are left before waiting starts, so a page
can warn before the limit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Slowdown:
    """`free` tries in `window_seconds`, then a wait of `base_seconds`, multiplied by
    `factor` with each further try, never more than `cap_seconds`."""

    name: str
    free: int
    base_seconds: float
    cap_seconds: float
    window_seconds: int = 15 * 60
    factor: float = 2.0

    def delay(self, count: int) -> float:
        """Seconds the next try must wait after the last one, given `count` tries in the
        window (0 while tries are free)."""
        if count < self.free:
            return 0.0
        steps = count - self.free
        if self.factor == 1.0:
            return min(self.cap_seconds, self.base_seconds)
        # Past the cap the exponent no longer matters; keep it small to avoid overflow.
        grown = self.base_seconds * self.factor ** min(steps, 64)
        return min(self.cap_seconds, grown)

    def wait_seconds(self, count: int, last: datetime | None, now: datetime) -> int:
        """Whole seconds to wait before the next try is allowed (0: allowed now)."""
        needed = self.delay(count)
        if needed <= 0 or last is None:
            return 0
        elapsed = (now - last).total_seconds()
        return max(0, math.ceil(needed - elapsed))

    def free_left(self, count: int) -> int:
        """Tries left before waiting starts."""
        return max(0, self.free - count)
