"""Choosing a due day inside FSRS's fuzz range: even out daily load, keep siblings apart."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Mapping
from datetime import date

# py-fsrs 6 FUZZ_RANGES, reproduced so the range can be computed without its global RNG.
FUZZ_RANGES: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, math.inf, 0.05),
)
MIN_FUZZ_INTERVAL = 3  # py-fsrs leaves intervals under 2.5 days alone

Load = Callable[[date], int] | Mapping[date, int]


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The (min, max) interval in days that py-fsrs may fuzz `interval_days` to."""
    if interval_days < MIN_FUZZ_INTERVAL:
        return interval_days, interval_days
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def load_of(load: Load | None, day: date) -> int:
    """Reviews already due on `day` according to a mapping or callable (0 when unknown)."""
    if load is None:
        return 0
    if callable(load):
        return int(load(day))
    return int(load.get(day, 0))


def choose_interval(
    low: int,
    high: int,
    day_of: Callable[[int], date],
    *,
    load: Load | None,
    sibling_days: Collection[date],
    rng: random.Random,
    fuzz: bool,
    base: int,
) -> int:
    """Pick an interval in [low, high]: no sibling day if possible, then the emptiest day.

    Ties between equally empty days are broken by one uniform draw mapped onto the tied
    days in order (with fuzz), or by closeness to `base` (without). The same draw used for
    every rating keeps better ratings from landing sooner.
    """
    candidates = list(range(low, high + 1))
    free = [days for days in candidates if day_of(days) not in sibling_days]
    if free:
        candidates = free
    loads = [load_of(load, day_of(days)) for days in candidates]
    least = min(loads)
    tied = [days for days, count in zip(candidates, loads, strict=True) if count == least]
    if fuzz:
        draw = rng.random()
        return tied[min(int(draw * len(tied)), len(tied) - 1)]
    return min(tied, key=lambda days: (abs(days - base), days))
