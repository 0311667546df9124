"""Scheduler behaviour: agreement with py-fsrs, invariants a learner would notice."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.srs.scheduling import CardState, Rating, Scheduler, State

START = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
PLAIN = Scheduler(enable_fuzzing=False)

# A review history: (rating, minutes since the previous review or since START).
reviews = st.lists(
    st.tuples(st.sampled_from(list(Rating)), st.integers(1, 200 * 24 * 60)), max_size=8
)


def replay(history: list[tuple[Rating, int]]) -> tuple[CardState, datetime]:
    """Card state after the history (plain FSRS), and the time of its last review."""
    card, now = CardState(), START
    for rating, minutes in history:
        now += timedelta(minutes=minutes)
        card = PLAIN.review(card, rating, now, rng=random.Random(0)).card
    return card, now


@settings(max_examples=60, deadline=None)
@given(history=reviews, rating=st.sampled_from(list(Rating)), gap=st.integers(1, 400 * 24 * 60))
def test_matches_py_fsrs_when_no_extra_behaviour_applies(history, rating, gap):
    card, last = replay(history)
    now = last + timedelta(minutes=gap)
    ours = PLAIN.review(card, rating, now, rng=random.Random(1)).card
    reference = fsrs.Scheduler(enable_fuzzing=False)
    ref_card = fsrs.Card(
        card_id=1, state=fsrs.State(int(card.state)), step=card.step,
        stability=card.stability, difficulty=card.difficulty,
        due=card.due or now, last_review=card.last_review,
    )
    theirs, _ = reference.review_card(ref_card, fsrs.Rating(int(rating)), now)
    assert (int(ours.state), ours.step) == (int(theirs.state), theirs.step)
    assert ours.stability == theirs.stability
    assert ours.difficulty == theirs.difficulty
    assert ours.due == theirs.due
    assert ours.last_review == now


@settings(max_examples=60, deadline=None)
@given(
    history=reviews,
    gap=st.integers(1, 400 * 24 * 60),
    seed=st.integers(0, 2**32),
    fuzz=st.booleans(),
    loads=st.lists(st.integers(0, 5), min_size=400, max_size=400),
    sibling_offsets=st.sets(st.integers(0, 400), max_size=30),
)
def test_a_better_rating_never_schedules_sooner(history, gap, seed, fuzz, loads, sibling_offsets):
    scheduler = Scheduler(enable_fuzzing=fuzz)
    card, last = replay(history)
    now = last + timedelta(minutes=gap)
    today = scheduler.day_of(now)
    load = {today + timedelta(days=i): n for i, n in enumerate(loads)}
    siblings = {today + timedelta(days=i) for i in sibling_offsets}
    dues = [
        scheduler.review(
            card, rating, now, load=load, sibling_days=siblings, rng=random.Random(seed)
        ).card.due
        for rating in Rating
    ]
    assert dues == sorted(dues)


@settings(max_examples=80, deadline=None)
@given(
    history=reviews,
    rating=st.sampled_from(list(Rating)),
    gap=st.integers(1, 400 * 24 * 60),
    seed=st.integers(0, 2**32),
    maximum=st.integers(1, 400),
)
def test_intervals_within_bounds_and_due_never_in_the_past(history, rating, gap, seed, maximum):
    scheduler = Scheduler(maximum_interval=maximum)
    card, last = replay(history)
    now = last + timedelta(minutes=gap)
    outcome = scheduler.review(card, rating, now, rng=random.Random(seed))
    assert outcome.card.due == now + outcome.interval
    assert outcome.card.due > now
    if outcome.card.state == State.REVIEW:
        assert timedelta(days=1) <= outcome.interval <= timedelta(days=maximum)
        assert outcome.interval % timedelta(days=1) == timedelta(0)
    else:
        assert outcome.interval < timedelta(days=1)


def test_learning_steps_are_short_and_graduate_to_days():
    now = START
    card = CardState()
    seen = []
    for rating in (Rating.AGAIN, Rating.GOOD, Rating.GOOD):
        outcome = PLAIN.review(card, rating, now, rng=random.Random(0))
        seen.append(outcome.interval)
        card, now = outcome.card, outcome.card.due
    assert seen[:2] == [timedelta(minutes=1), timedelta(minutes=10)]
    assert seen[2] >= timedelta(days=1)
    lapse = PLAIN.review(card, Rating.AGAIN, now + timedelta(days=5), rng=random.Random(0))
    assert lapse.card.state == State.RELEARNING
    assert lapse.interval == timedelta(minutes=10)


def test_log_entry_records_state_before_and_after():
    card = CardState()
    outcome = PLAIN.review(card, Rating.GOOD, START, rng=random.Random(0), duration_ms=4200)
    log = outcome.log
    assert log.before == card and log.after == outcome.card
    assert (log.rating, log.reviewed_at, log.duration_ms) == (Rating.GOOD, START, 4200)


def test_preview_shows_when_each_button_brings_the_card_back():
    card = replay([(Rating.GOOD, 0), (Rating.GOOD, 10), (Rating.GOOD, 3 * 24 * 60)])[0]
    now = card.last_review + timedelta(days=9)
    shown = PLAIN.preview(card, now)
    for rating in Rating:
        assert shown[rating] == PLAIN.review(card, rating, now, rng=random.Random(0)).interval
    assert shown[Rating.AGAIN] < shown[Rating.HARD] <= shown[Rating.GOOD] <= shown[Rating.EASY]


def test_retrievability_agrees_with_py_fsrs_and_falls_with_time():
    card = replay([(Rating.GOOD, 0), (Rating.GOOD, 10), (Rating.GOOD, 2 * 24 * 60)])[0]
    reference = fsrs.Scheduler()
    ref_card = fsrs.Card(
        card_id=1, state=fsrs.State.Review, stability=card.stability,
        difficulty=card.difficulty, due=card.due, last_review=card.last_review,
    )
    values = []
    for days in (0, 1, 5, 30, 365):
        now = card.last_review + timedelta(days=days)
        ours = PLAIN.retrievability(card, now)
        assert ours == pytest.approx(reference.get_card_retrievability(ref_card, now), rel=1e-9)
        values.append(ours)
    assert values == sorted(values, reverse=True)
    assert PLAIN.retrievability(CardState(), START) == 0.0


def test_desired_retention_shortens_or_lengthens_intervals():
    card = replay([(Rating.GOOD, 0), (Rating.GOOD, 10)])[0]
    now = card.due
    strict = Scheduler(desired_retention=0.95, enable_fuzzing=False)
    relaxed = Scheduler(desired_retention=0.80, enable_fuzzing=False)
    assert strict.preview(card, now)[Rating.GOOD] < relaxed.preview(card, now)[Rating.GOOD]


def test_times_are_taken_as_utc_and_naive_times_refused():
    paris = timezone(timedelta(hours=1))
    local = PLAIN.review(CardState(), Rating.GOOD, START.astimezone(paris), rng=random.Random(0))
    assert local.card.last_review == START and local.card.last_review.tzinfo == UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        PLAIN.review(CardState(), Rating.GOOD, datetime(2025, 1, 1), rng=random.Random(0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_steps": (timedelta(days=1),)},
        {"relearning_steps": (timedelta(hours=30),)},
        {"desired_retention": 1.0},
        {"parameters": (1.0,) * 5},
    ],
)
def test_invalid_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        Scheduler(**kwargs)
