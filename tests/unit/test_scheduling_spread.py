"""Load spreading and sibling spacing: due days chosen inside FSRS's fuzz range."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import fsrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.core.srs.scheduling import CardState, Rating, Scheduler
from quizapp.core.srs.spread import fuzz_range

NOW = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)
SCHEDULER = Scheduler()


def review_card(stability: float) -> CardState:
    """A review-state card last seen `stability` days ago, so it is due now."""
    return CardState(
        state=2, step=None, stability=stability, difficulty=5.0,
        due=NOW, last_review=NOW - timedelta(days=round(stability)),
    )


stabilities = st.floats(min_value=1.0, max_value=3000.0)


@settings(max_examples=100, deadline=None)
@given(
    stability=stabilities,
    loads=st.lists(st.integers(0, 40), min_size=200, max_size=200),
    seed=st.integers(0, 2**32),
)
def test_load_spreading_stays_in_fuzz_range_and_picks_an_emptiest_day(stability, loads, seed):
    card = review_card(stability)
    today = SCHEDULER.day_of(NOW)
    load = {today + timedelta(days=i): n for i, n in enumerate(loads)}
    base = SCHEDULER.base_interval(card, Rating.GOOD, NOW).days
    low, high = fuzz_range(base, SCHEDULER.maximum_interval)
    chosen = SCHEDULER.review(card, Rating.GOOD, NOW, load=load, rng=random.Random(seed))
    days = chosen.interval.days
    assert low <= days <= high
    due_day = SCHEDULER.day_of(chosen.card.due)
    emptiest = min(load.get(today + timedelta(days=d), 0) for d in range(low, high + 1))
    assert load.get(due_day, 0) == emptiest


@settings(max_examples=100, deadline=None)
@given(
    stability=stabilities,
    sibling_offsets=st.sets(st.integers(0, 300), max_size=200),
    seed=st.integers(0, 2**32),
    fuzz=st.booleans(),
)
def test_sibling_days_avoided_when_the_range_allows(stability, sibling_offsets, seed, fuzz):
    scheduler = Scheduler(enable_fuzzing=fuzz)
    card = review_card(stability)
    today = scheduler.day_of(NOW)
    siblings = {today + timedelta(days=i) for i in sibling_offsets}
    base = scheduler.base_interval(card, Rating.GOOD, NOW).days
    low, high = fuzz_range(base, scheduler.maximum_interval)
    outcome = scheduler.review(
        card, Rating.GOOD, NOW, sibling_days=siblings, rng=random.Random(seed)
    )
    days = outcome.interval.days
    assert low <= days <= high
    free = [d for d in range(low, high + 1) if today + timedelta(days=d) not in siblings]
    if free:
        assert scheduler.day_of(outcome.card.due) not in siblings


def test_a_load_callable_works_like_a_mapping():
    card = review_card(40.0)
    today = SCHEDULER.day_of(NOW)
    loads = {today + timedelta(days=d): (d * 7) % 5 for d in range(100)}
    by_map = SCHEDULER.review(card, Rating.GOOD, NOW, load=loads, rng=random.Random(3))
    by_call = SCHEDULER.review(
        card, Rating.GOOD, NOW, load=lambda day: loads.get(day, 0), rng=random.Random(3)
    )
    assert by_map.card.due == by_call.card.due


def test_fuzz_spreads_due_dates_over_the_whole_range():
    card = review_card(60.0)
    base = SCHEDULER.base_interval(card, Rating.GOOD, NOW).days
    low, high = fuzz_range(base, SCHEDULER.maximum_interval)
    seen = Counter(
        SCHEDULER.review(card, Rating.GOOD, NOW, rng=random.Random(seed)).interval.days
        for seed in range(400)
    )
    assert set(seen) == set(range(low, high + 1))


def test_same_rng_seed_gives_the_same_schedule():
    card = review_card(25.0)
    a = SCHEDULER.review(card, Rating.GOOD, NOW, rng=random.Random(42))
    b = SCHEDULER.review(card, Rating.GOOD, NOW, rng=random.Random(42))
    assert a == b


def test_without_fuzz_a_tie_keeps_the_plain_fsrs_interval():
    scheduler = Scheduler(enable_fuzzing=False)
    card = review_card(30.0)
    base = scheduler.base_interval(card, Rating.GOOD, NOW)
    flat = scheduler.review(card, Rating.GOOD, NOW, load=lambda day: 3, rng=random.Random(0))
    assert flat.interval == base


def test_short_intervals_are_not_moved():
    card = CardState(
        state=2, step=None, stability=0.5, difficulty=8.0, due=NOW,
        last_review=NOW - timedelta(days=1),
    )
    today = SCHEDULER.day_of(NOW)
    base = SCHEDULER.base_interval(card, Rating.HARD, NOW)
    assert base < timedelta(days=3)
    busy = {today + base: 100}
    outcome = SCHEDULER.review(card, Rating.HARD, NOW, load=busy, rng=random.Random(0))
    assert outcome.interval == base


def test_fuzz_range_matches_py_fsrs():
    reference = fsrs.Scheduler()
    for days in (1, 2, 3, 5, 7, 10, 20, 50, 100, 1000, 36500):
        low, high = fuzz_range(days, 36500)
        fuzzed = {
            reference._get_fuzzed_interval(interval=timedelta(days=days)).days
            for _ in range(300)
        }
        # py-fsrs rounds random() * (max - min + 1) + min, so it can overshoot max by one
        # day; we keep to the (min, max) its range function computes.
        assert fuzzed <= set(range(low, high + 2))
        if days <= 100:  # small ranges: 1000 draws reach both ends
            assert min(fuzzed) == low
            assert days < 3 or (high in fuzzed and low < high)


@settings(max_examples=40, deadline=None)
@given(
    stability=st.floats(min_value=2.0, max_value=400.0),
    difficulty=st.floats(min_value=1.0, max_value=10.0),
    loads=st.lists(st.integers(0, 2), min_size=600, max_size=600),
    with_load=st.booleans(),
)
# A hard card with overlapping Hard/Good/Easy fuzz ranges: where a careless tie-break fails.
@example(stability=10.0, difficulty=10.0, loads=[0] * 600, with_load=False)
@example(stability=50.0, difficulty=10.0, loads=[i % 2 for i in range(600)], with_load=True)
def test_spreading_keeps_better_ratings_no_sooner(stability, difficulty, loads, with_load):
    card = CardState(
        state=2, step=None, stability=stability, difficulty=difficulty, due=NOW,
        last_review=NOW - timedelta(days=round(stability)),
    )
    today = SCHEDULER.day_of(NOW)
    load = {today + timedelta(days=i): n for i, n in enumerate(loads)} if with_load else None
    for seed in range(100):
        days = [
            SCHEDULER.review(card, r, NOW, load=load, rng=random.Random(seed)).interval
            for r in (Rating.HARD, Rating.GOOD, Rating.EASY)
        ]
        assert days == sorted(days)
