"""FSRS-6 scheduling on py-fsrs with load spreading, sibling spacing and short steps."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum

import fsrs

from quizapp.core.srs.spread import Load, choose_interval, fuzz_range

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
DEFAULT_RELEARNING_STEPS = (timedelta(minutes=10),)
DEFAULT_MAXIMUM_INTERVAL = 36500


class Rating(IntEnum):
    """The learner's answer: Again (forgot) .. Easy."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class State(IntEnum):
    """Where a card is in its life: short learning steps, long-term review, relearning."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """A learner's memory of one question, as plain values that fit a database row.

    A card never reviewed has `last_review is None`; `due is None` means "due now".
    """

    state: State = State.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None

    @property
    def is_new(self) -> bool:
        """True until the card's first review."""
        return self.last_review is None


@dataclass(frozen=True, slots=True)
class ReviewLogEntry:
    """One row of the append-only review log."""

    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    interval: timedelta
    before: CardState
    after: CardState


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What a review produced: the new card state, its interval and the log entry."""

    card: CardState
    interval: timedelta
    log: ReviewLogEntry


def recall_probability(elapsed_days: float, stability: float, decay: float) -> float:
    """FSRS's forgetting curve: the probability of recall `elapsed_days` after the last
    review of a memory of that stability (90% when elapsed equals stability)."""
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0.0, elapsed_days) / stability) ** decay)


def as_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


def _to_fsrs(card: CardState, now: datetime) -> fsrs.Card:
    """Build a py-fsrs card from our state (card id is irrelevant to scheduling)."""
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due) if card.due is not None else now,
        last_review=as_utc(card.last_review) if card.last_review is not None else None,
    )


def _from_fsrs(card: fsrs.Card) -> CardState:
    """Our plain-value state from a py-fsrs card."""
    return CardState(
        state=State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


class Scheduler:
    """FSRS-6 scheduler: parameters, desired retention and learning steps under a day."""

    def __init__(
        self,
        parameters: Sequence[float] = DEFAULT_PARAMETERS,
        desired_retention: float = 0.9,
        learning_steps: Sequence[timedelta] = DEFAULT_LEARNING_STEPS,
        relearning_steps: Sequence[timedelta] = DEFAULT_RELEARNING_STEPS,
        maximum_interval: int = DEFAULT_MAXIMUM_INTERVAL,
        *,
        enable_fuzzing: bool = True,
        day_start_hour: int = 0,
    ) -> None:
        if not 0.5 <= desired_retention < 1.0:
            raise ValueError(f"desired retention must be in [0.5, 1), got {desired_retention}")
        for step in (*learning_steps, *relearning_steps):
            if not timedelta(0) < step < timedelta(days=1):
                raise ValueError(f"learning steps must be under a day, got {step}")
        if maximum_interval < 1:
            raise ValueError("maximum interval must be at least one day")
        if not 0 <= day_start_hour <= 23:
            raise ValueError("day_start_hour must be 0..23")
        self.desired_retention = desired_retention
        self.enable_fuzzing = enable_fuzzing
        self.day_start_hour = day_start_hour
        self.maximum_interval = maximum_interval
        self._fsrs = fsrs.Scheduler(
            parameters=tuple(parameters),
            desired_retention=desired_retention,
            learning_steps=tuple(learning_steps),
            relearning_steps=tuple(relearning_steps),
            maximum_interval=maximum_interval,
            enable_fuzzing=False,  # we fuzz ourselves, with the rng passed in
        )

    @property
    def parameters(self) -> tuple[float, ...]:
        """The 21 FSRS-6 parameters in use."""
        return tuple(self._fsrs.parameters)

    def day_of(self, moment: datetime) -> date:
        """The study day a moment falls on (UTC, rolling over at `day_start_hour`)."""
        return (as_utc(moment) - timedelta(hours=self.day_start_hour)).date()

    def base_interval(self, card: CardState, rating: Rating, now: datetime) -> timedelta:
        """Plain FSRS interval for this rating, before any fuzz or load spreading."""
        now = as_utc(now)
        new_card, _ = self._fsrs.review_card(_to_fsrs(card, now), fsrs.Rating(int(rating)), now)
        return new_card.due - now

    def preview(self, card: CardState, now: datetime) -> dict[Rating, timedelta]:
        """For each answer button, how long until the card would come back."""
        return {rating: self.base_interval(card, rating, now) for rating in Rating}

    def retrievability(self, card: CardState, now: datetime) -> float:
        """Predicted probability of recall now (0 for a card never reviewed)."""
        if card.last_review is None or card.stability is None:
            return 0.0
        elapsed = (as_utc(now) - as_utc(card.last_review)).total_seconds() / 86400
        return recall_probability(elapsed, card.stability, self.decay)

    @property
    def decay(self) -> float:
        """The forgetting curve's decay (FSRS-6's parameter w20, negated)."""
        return -float(self._fsrs.parameters[20])

    def review(
        self,
        card: CardState,
        rating: Rating,
        now: datetime,
        *,
        load: Load | None = None,
        sibling_days: Collection[date] = frozenset(),
        rng: random.Random,
        duration_ms: int | None = None,
    ) -> ReviewOutcome:
        """Apply a review and schedule the card's next due time.

        Intervals of three days or more land inside py-fsrs's fuzz range on the day with
        the fewest reviews already due (`load`), avoiding `sibling_days` (days on which a
        question from the same source sentence is due) when the range allows.
        """
        now = as_utc(now)
        rating = Rating(rating)
        reviewed, _ = self._fsrs.review_card(
            _to_fsrs(card, now), fsrs.Rating(int(rating)), now, duration_ms
        )
        interval = reviewed.due - now
        if reviewed.state == fsrs.State.Review and interval.days >= 3:
            base = interval.days
            low, high = fuzz_range(base, self.maximum_interval)
            spread = self.enable_fuzzing or load is not None or bool(sibling_days)
            if spread:
                days = choose_interval(
                    low,
                    high,
                    lambda d: self.day_of(now + timedelta(days=d)),
                    load=load,
                    sibling_days=sibling_days,
                    rng=rng,
                    fuzz=self.enable_fuzzing,
                    base=base,
                )
                interval = timedelta(days=days)
        after = _from_fsrs(reviewed)
        after = CardState(
            after.state, after.step, after.stability, after.difficulty, now + interval, now
        )
        log = ReviewLogEntry(rating, now, duration_ms, interval, card, after)
        return ReviewOutcome(after, interval, log)
