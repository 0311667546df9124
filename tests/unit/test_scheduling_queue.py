"""Study queue order and daily caps; quiz answers turned into ratings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.srs.queue import order_queue, rating_from_quiz
from quizapp.core.srs.scheduling import CardState, Rating, Scheduler, State

NOW = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
SCHEDULER = Scheduler()


def review(stability: float, days_ago: float, due_in_days: float = -1.0) -> CardState:
    """A review card last seen `days_ago` days ago."""
    return CardState(
        state=State.REVIEW, step=None, stability=stability, difficulty=5.0,
        due=NOW + timedelta(days=due_in_days), last_review=NOW - timedelta(days=days_ago),
    )


def test_backlog_after_a_break_is_worked_most_at_risk_first():
    cards = [
        ("stable", review(stability=100.0, days_ago=60)),
        ("fragile", review(stability=2.0, days_ago=30)),
        ("middling", review(stability=20.0, days_ago=40)),
        ("not due", review(stability=2.0, days_ago=1, due_in_days=2)),
    ]
    order = order_queue(cards, SCHEDULER, NOW, max_reviews=10, max_new=0)
    assert order == ["fragile", "middling", "stable"]


def test_learning_steps_first_then_reviews_then_new_within_caps():
    learning = CardState(
        state=State.LEARNING, step=1, stability=1.0, difficulty=5.0,
        due=NOW - timedelta(minutes=2), last_review=NOW - timedelta(minutes=12),
    )
    cards = [
        ("new1", CardState()), ("r1", review(3.0, 10)), ("learn", learning),
        ("new2", CardState()), ("r2", review(30.0, 10)), ("new3", CardState()),
    ]
    order = order_queue(
        cards, SCHEDULER, NOW, max_reviews=5, max_new=3, reviews_done_today=4, new_done_today=1
    )
    assert order == ["learn", "r1", "new1", "new2"]


@settings(max_examples=50, deadline=None)
@given(
    stabilities=st.lists(st.floats(0.5, 500.0), min_size=0, max_size=30),
    news=st.integers(0, 10),
    max_reviews=st.integers(0, 40),
    max_new=st.integers(0, 15),
)
def test_caps_are_respected_and_the_riskiest_kept(stabilities, news, max_reviews, max_new):
    cards = [(f"r{i}", review(s, days_ago=20)) for i, s in enumerate(stabilities)]
    cards += [(f"n{i}", CardState()) for i in range(news)]
    order = order_queue(cards, SCHEDULER, NOW, max_reviews=max_reviews, max_new=max_new)
    chosen_reviews = [k for k in order if k.startswith("r")]
    assert len(chosen_reviews) == min(len(stabilities), max_reviews)
    assert len([k for k in order if k.startswith("n")]) == min(news, max_new)
    risk = {k: SCHEDULER.retrievability(c, NOW) for k, c in cards}
    kept = [risk[k] for k in chosen_reviews]
    assert kept == sorted(kept)
    dropped = [risk[k] for k, _ in cards if k.startswith("r") and k not in chosen_reviews]
    assert not kept or not dropped or max(kept) <= min(dropped)


@pytest.mark.parametrize(
    ("correct", "typed", "seconds", "answer_len", "expected"),
    [
        (False, True, 1.0, 5, Rating.AGAIN),
        (False, False, 30.0, 5, Rating.AGAIN),
        (True, False, 1.0, 5, Rating.GOOD),  # picked from choices: recognition, not recall
        (True, True, 4.0, 5, Rating.EASY),  # 4 s <= 3 s + 5 * 0.3 s
        (True, True, 4.6, 5, Rating.GOOD),  # slower than fluent
        (True, True, 9.0, 20, Rating.EASY),  # long answers get more time
    ],
)
def test_quiz_answers_become_ratings(correct, typed, seconds, answer_len, expected):
    assert rating_from_quiz(correct, typed, seconds, answer_len) == expected


@given(seconds=st.floats(0, 600), answer_len=st.integers(0, 200), typed=st.booleans())
def test_a_slower_answer_never_rates_higher(seconds, answer_len, typed):
    fast = rating_from_quiz(True, typed, seconds, answer_len)
    slow = rating_from_quiz(True, typed, seconds + 5, answer_len)
    assert slow <= fast
    assert rating_from_quiz(False, typed, seconds, answer_len) == Rating.AGAIN


def test_negative_time_is_refused():
    with pytest.raises(ValueError):
        rating_from_quiz(True, True, -1.0, 3)
