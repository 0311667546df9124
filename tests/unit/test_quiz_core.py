"""Composing, scoring and timing a quiz attempt."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.grading import Grade
from quizapp.core.quiz import (
    compose,
    deadline,
    is_expired,
    option_order,
    remaining_seconds,
    score_attempt,
)

IDS = [f"q{i}" for i in range(20)]
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

ids_lists = st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=30)


@settings(max_examples=100, deadline=None)
@given(ids_lists, st.integers(), st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
def test_compose_is_a_reproducible_sample_of_the_bank(
    ids: list[str], seed: int, count: int | None
) -> None:
    order = compose(ids, count=count, seed=seed)
    assert order == compose(ids, count=count, seed=seed)
    assert len(set(order)) == len(order) and set(order) <= set(ids)
    assert len(order) == (len(ids) if count is None else min(count, len(ids)))
    assert order == compose(ids, count=None, seed=seed)[: len(order)]


def test_compose_varies_with_the_seed_and_keeps_repeated_ids_once() -> None:
    orders = {tuple(compose(IDS, count=None, seed=seed)) for seed in range(10)}
    assert len(orders) > 1
    assert sorted(compose(["a", "b", "a"], count=None, seed=3)) == ["a", "b"]
    with pytest.raises(ValueError):
        compose(IDS, count=-1, seed=0)


def test_option_order_is_a_permutation_fixed_by_seed_and_question() -> None:
    choices = ["Singapore", "Hanoi", "the DMZ", "Japan", "Seoul", "Beijing"]
    order = option_order(choices, seed=7, question_id="where")
    assert sorted(order) == sorted(choices)
    assert order == option_order(choices, seed=7, question_id="where")
    others = {tuple(option_order(choices, seed=7, question_id=f"q{i}")) for i in range(10)}
    assert len(others) > 1


def test_option_order_is_the_same_in_another_process() -> None:
    """A review page served by another worker must show the same order (no salted hash)."""
    code = (
        "from quizapp.core.quiz import option_order;"
        "print(option_order(list('abcdef'), seed=42, question_id='hanoi-when'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": str(salt)},
        ).stdout
        for salt in (1, 2)
    }
    assert outputs == {str(option_order(list("abcdef"), seed=42, question_id="hanoi-when")) + "\n"}


def _g(score: float) -> Grade:
    return Grade(score=score, correct=score == 1.0, matched=None, feedback="")


def test_score_attempt_counts_partial_credit_and_unanswered_questions() -> None:
    result = score_attempt([_g(1.0), _g(0.5), _g(0.0), None])
    assert result.points == 1.5 and result.max_points == 4.0
    assert result.percent == 37.5
    assert (result.correct, result.answered, result.total) == (1, 3, 4)
    assert score_attempt([]).percent == 0.0
    assert score_attempt([_g(1.0)] * 3).percent == 100.0


def test_deadline_and_expiry_with_grace() -> None:
    assert deadline(START, None) is None
    assert deadline(START, 600) == START + timedelta(minutes=10)
    assert not is_expired(START + timedelta(seconds=600), START, 600)
    assert not is_expired(START + timedelta(seconds=605), START, 600)
    assert is_expired(START + timedelta(seconds=606), START, 600)
    assert is_expired(START + timedelta(seconds=601), START, 600, grace_seconds=0)
    assert not is_expired(START + timedelta(days=9), START, None)


def test_remaining_seconds_counts_down_and_stops_at_zero() -> None:
    assert remaining_seconds(START + timedelta(seconds=90), START, 600) == 510
    assert remaining_seconds(START + timedelta(hours=1), START, 600) == 0
    assert remaining_seconds(START, START, None) is None


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_expired(datetime(2026, 3, 1, 12, 5), START, 600)
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline(datetime(2026, 3, 1), 60)
