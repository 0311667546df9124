"""Turn review records into per-review prediction items (srs-benchmark layout)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import fsrs_rs_python as fr

from quizapp.core.srs.revlog import ReviewRecord


@dataclass(frozen=True, slots=True)
class PredictionItem:
    """A review to predict: the card's earlier reviews and the outcome being predicted.

    `history` holds (rating, days since the previous review) for every earlier review of
    the card, same-day ones included (their gap is 0; the first review's gap is 0).
    """

    card_id: int
    time: datetime
    history: tuple[tuple[int, int], ...]
    rating: int
    delta_days: int
    index: int
    lapses: int

    @property
    def recalled(self) -> int:
        """1 when the learner recalled the card (any rating but Again), else 0."""
        return 1 if self.rating > 1 else 0


def day_number(moment: datetime, day_start_hour: int = 0) -> int:
    """The learner's day of a review: UTC calendar day, rolling over at `day_start_hour`."""
    return (moment - timedelta(hours=day_start_hour)).date().toordinal()


def quiet_day_start_hour(records: Iterable[ReviewRecord], quiet_share: float = 0.01) -> int:
    """Guess the learner's day rollover (UTC hour): the middle of their longest quiet stretch.

    Anki starts a new day at 4 am local time, while the learner sleeps; a review log in UTC
    does not say where that is, but the hours with (almost) no reviews do. A stretch is
    quiet when each hour holds at most `quiet_share` of all reviews.
    """
    counts = [0] * 24
    for record in records:
        counts[record.time.hour] += 1
    total = sum(counts)
    if total == 0:
        return 0
    limit = max(min(counts), quiet_share * total)
    quiet = [count <= limit for count in counts]
    best_start, best_length = 0, 0
    for start in range(24):
        length = 0
        while length < 24 and quiet[(start + length) % 24]:
            length += 1
        if length > best_length:
            best_start, best_length = start, length
    return (best_start + best_length // 2) % 24


def build_items(
    records: Iterable[ReviewRecord], *, day_start_hour: int = 0
) -> list[PredictionItem]:
    """Build one item per review made at least a day after the card's previous review.

    Items come back sorted by review time, ready for a time-series split.
    """
    by_card: dict[int, list[ReviewRecord]] = defaultdict(list)
    for record in records:
        by_card[record.card_id].append(record)
    items: list[PredictionItem] = []
    for card_id, reviews in by_card.items():
        reviews.sort(key=lambda r: r.time)
        history: list[tuple[int, int]] = []
        lapses = 0
        previous_day: int | None = None
        for position, review in enumerate(reviews, start=1):
            today = day_number(review.time, day_start_hour)
            gap = 0 if previous_day is None else today - previous_day
            if previous_day is not None and gap > 0:
                items.append(
                    PredictionItem(
                        card_id=card_id,
                        time=review.time,
                        history=tuple(history),
                        rating=review.rating,
                        delta_days=gap,
                        index=position,
                        lapses=lapses,
                    )
                )
                if review.rating == 1:
                    lapses += 1
            history.append((review.rating, gap))
            previous_day = today
    items.sort(key=lambda item: (item.time, item.card_id))
    return items


def to_fsrs_item(item: PredictionItem) -> fr.FSRSItem:
    """The fsrs-rs training item: the history followed by the predicted review."""
    reviews = [fr.FSRSReview(rating, gap) for rating, gap in item.history]
    reviews.append(fr.FSRSReview(item.rating, item.delta_days))
    return fr.FSRSItem(reviews)


def history_item(item: PredictionItem) -> fr.FSRSItem:
    """The fsrs-rs item holding only the reviews before the predicted one."""
    return fr.FSRSItem([fr.FSRSReview(rating, gap) for rating, gap in item.history])


def time_series_splits(
    items: Sequence[PredictionItem], n_splits: int = 5
) -> list[tuple[list[PredictionItem], list[PredictionItem]]]:
    """Split time-ordered items like fsrs-rs: n_splits+1 segments, train on all before each.

    The first segment is only ever trained on; the last test segment takes the remainder.
    Returns an empty list when there are too few items for one item per segment.
    """
    segment = len(items) // (n_splits + 1)
    if segment == 0:
        return []
    splits = []
    for i in range(n_splits):
        start = (i + 1) * segment
        end = len(items) if i == n_splits - 1 else (i + 2) * segment
        splits.append((list(items[:start]), list(items[start:end])))
    return splits
