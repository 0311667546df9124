"""What to study next: backlog most-at-risk first, daily caps; quiz answers as ratings."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime
from typing import TypeVar

from quizapp.core.srs.scheduling import CardState, Rating, Scheduler, State, as_utc

K = TypeVar("K", bound=Hashable)

# A typed right answer counts as Easy when it came within this many seconds ...
EASY_BASE_SECONDS = 3.0
# ... plus this many seconds per character of the expected answer (fluent typing).
EASY_SECONDS_PER_CHAR = 0.3


def order_queue(
    cards: Sequence[tuple[K, CardState]],
    scheduler: Scheduler,
    now: datetime,
    *,
    max_reviews: int,
    max_new: int,
    reviews_done_today: int = 0,
    new_done_today: int = 0,
) -> list[K]:
    """Keys of the cards to study now, in order.

    Learning and relearning steps that are due come first (earliest due first), then due
    review cards most-at-risk first (lowest retrievability), capped by what is left of
    `max_reviews` today, then new cards in the given order, capped by `max_new`.
    """
    now = as_utc(now)
    steps: list[tuple[datetime, int, K]] = []
    reviews: list[tuple[float, int, K]] = []
    new: list[K] = []
    for position, (key, card) in enumerate(cards):
        if card.is_new:
            new.append(key)
        elif card.due is None or as_utc(card.due) <= now:
            if card.state == State.REVIEW:
                reviews.append((scheduler.retrievability(card, now), position, key))
            else:
                steps.append((as_utc(card.due) if card.due else now, position, key))
    steps.sort()
    reviews.sort()
    review_room = max(0, max_reviews - reviews_done_today)
    new_room = max(0, max_new - new_done_today)
    return (
        [key for _, _, key in steps]
        + [key for _, _, key in reviews[:review_room]]
        + new[:new_room]
    )


def rating_from_quiz(correct: bool, typed: bool, seconds: float, answer_len: int) -> Rating:
    """Turn a quiz answer into a study rating.

    Wrong -> Again. Right -> Good. A right answer that was typed (not picked from choices)
    within 3 s + 0.3 s per character of the expected answer -> Easy: it was recalled
    without effort. Picking from choices never earns Easy (recognition is not recall).
    """
    if seconds < 0 or answer_len < 0:
        raise ValueError("seconds and answer_len must not be negative")
    if not correct:
        return Rating.AGAIN
    if typed and seconds <= EASY_BASE_SECONDS + EASY_SECONDS_PER_CHAR * answer_len:
        return Rating.EASY
    return Rating.GOOD
