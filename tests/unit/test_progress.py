"""A learner's progress: per-set summaries, the chart's series and the most missed questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.progress import (
    AnswerRecord,
    AttemptRecord,
    most_missed,
    score_series,
    set_summaries,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _attempt(set_id: str, day: int, percent: float, title: str | None = None) -> AttemptRecord:
    return AttemptRecord(set_id, title or set_id.title(), T0 + timedelta(days=day), percent)


def test_set_summaries_give_attempts_best_last_average_most_recent_first() -> None:
    records = [
        _attempt("rome", 0, 40),
        _attempt("korea", 1, 90),
        _attempt("rome", 5, 80),
        _attempt("rome", 2, 70, title="Old Rome"),
    ]
    summaries = set_summaries(records)
    assert [s.set_id for s in summaries] == ["rome", "korea"]
    rome = summaries[0]
    assert (rome.attempts, rome.best, rome.last, rome.average) == (3, 80, 80, 63.3)
    assert rome.set_title == "Rome"
    assert rome.last_at == T0 + timedelta(days=5)
    assert set_summaries([]) == []


def test_score_series_one_per_set_in_time_order() -> None:
    records = [_attempt("b", 3, 50), _attempt("a", 4, 60), _attempt("b", 1, 30)]
    series = score_series(records)
    assert [s.key for s in series] == ["b", "a"]
    assert [p for _, p in series[0].points] == [30, 50]
    assert series[0].label == "B"


def _answer(qid: str, correct: bool, set_id: str = "rome") -> AnswerRecord:
    return AnswerRecord(qid, f"Prompt of {qid}?", set_id, correct)


def test_most_missed_orders_by_wrong_count_then_share_then_ids() -> None:
    answers = [
        *[_answer("often", False)] * 3, *[_answer("often", True)] * 3,
        *[_answer("always", False)] * 3,
        _answer("once", False), _answer("once", True),
        _answer("never", True),
        _answer("once", False, set_id="korea"), _answer("once", True, set_id="korea"),
    ]
    missed = most_missed(answers)
    assert [(m.set_id, m.question_id) for m in missed] == [
        ("rome", "always"), ("rome", "often"), ("korea", "once"), ("rome", "once"),
    ]
    assert (missed[0].wrong, missed[0].answered, missed[0].share_wrong) == (3, 3, 1.0)
    assert missed[1].share_wrong == 0.5
    assert missed[0].prompt == "Prompt of always?"
    assert len(most_missed(answers, limit=2)) == 2
    assert [m.question_id for m in most_missed(answers, min_answered=4)] == ["often"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz"), st.booleans())))
def test_most_missed_does_not_depend_on_record_order(rows: list[tuple[str, str, bool]]) -> None:
    answers = [AnswerRecord(q, "p", s, c) for q, s, c in rows]
    result = most_missed(answers, limit=100)
    assert result == most_missed(list(reversed(answers)), limit=100)
    assert sum(m.wrong for m in result) == sum(1 for a in answers if not a.correct)
    assert all(0 < m.share_wrong <= 1 for m in result)
