"""Composing a quiz attempt (question and option order), scoring it, and its time limit.

Everything is a pure function of its arguments: the attempt stores its `seed`, so a
review page re-creates exactly the order the learner saw.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.core.grading import Grade

__all__ = [
    "AttemptScore",
    "compose",
    "deadline",
    "is_expired",
    "option_order",
    "remaining_seconds",
    "score_attempt",
]


def compose(question_ids: Sequence[str], *, count: int | None, seed: int) -> list[str]:
    """The questions of an attempt, in the order shown: a seeded shuffle, cut to `count`.

    Duplicated ids are kept once. `count=None` (or a count above the bank size) takes
    every question. A smaller count is a prefix of the full order for the same seed,
    so the choice of questions is a uniform random sample.
    """
    if count is not None and count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    order = list(dict.fromkeys(question_ids))
    random.Random(seed).shuffle(order)
    return order if count is None else order[:count]


def _stable_seed(seed: int, question_id: str) -> int:
    digest = hashlib.sha256(f"{seed}\x1f{question_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def option_order(choices: Sequence[str], *, seed: int, question_id: str) -> list[str]:
    """The order of a question's options, fixed by (attempt seed, question id)."""
    order = list(choices)
    random.Random(_stable_seed(seed, question_id)).shuffle(order)
    return order


@dataclass(frozen=True)
class AttemptScore:
    """The score of a finished attempt."""

    points: float
    max_points: float
    percent: float
    correct: int
    answered: int
    total: int


def score_attempt(grades: Sequence[Grade | None]) -> AttemptScore:
    """Sum the grades of an attempt; `None` is an unanswered question (0 points).

    Each question is worth one point (a multi-select can give a fraction of it);
    `percent` is rounded to one decimal and is 0 for an empty attempt.
    """
    points = sum(g.score for g in grades if g is not None)
    total = len(grades)
    percent = round(100.0 * points / total, 1) if total else 0.0
    return AttemptScore(
        points=round(points, 4),
        max_points=float(total),
        percent=percent,
        correct=sum(1 for g in grades if g is not None and g.correct),
        answered=sum(1 for g in grades if g is not None),
        total=total,
    )


def _check_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")


def deadline(started_at: datetime, limit_seconds: int | None) -> datetime | None:
    """When an attempt with a time limit must be handed in; None without a limit."""
    _check_aware(started_at)
    if limit_seconds is None:
        return None
    if limit_seconds <= 0:
        raise ValueError(f"limit_seconds must be positive, got {limit_seconds}")
    return started_at + timedelta(seconds=limit_seconds)


def remaining_seconds(now: datetime, started_at: datetime, limit_seconds: int | None) -> int | None:
    """Whole seconds left for the learner (never negative); None without a limit."""
    _check_aware(now)
    end = deadline(started_at, limit_seconds)
    if end is None:
        return None
    return max(0, int((end - now).total_seconds()))


def is_expired(
    now: datetime,
    started_at: datetime,
    limit_seconds: int | None,
    grace_seconds: int = 5,
) -> bool:
    """True when an answer arriving at `now` is too late (after the deadline plus grace).

    The grace absorbs network latency for a form submitted by the page's own timer.
    """
    _check_aware(now)
    end = deadline(started_at, limit_seconds)
    if end is None:
        return False
    return now > end + timedelta(seconds=grace_seconds)
