"""Study assignment arithmetic, worked by hand."""
from __future__ import annotations

import pytest

from quizapp.core.studyplan import CardMemory, by_question, progress


def _m(qid: int, recall: float, reviewed: bool = True) -> CardMemory:
    return CardMemory(qid, reviewed, recall)


def test_learned_means_remembered_on_the_due_date_at_the_target() -> None:
    memories = [_m(1, 0.95), _m(2, 0.90), _m(3, 0.89), _m(4, 0.0, reviewed=False)]
    p = progress(memories, target=3, target_retention=0.9, reviews=8, recalled=6)
    assert (p.started, p.learned, p.at_risk, p.status) == (3, 2, 1, "learning")
    assert p.mean_recall == pytest.approx((0.95 + 0.90 + 0.89) / 4)
    assert p.retention == 0.75 and p.percent == pytest.approx(200 / 3)


def test_target_is_capped_by_the_set_and_met_counts_as_learned() -> None:
    p = progress([_m(1, 0.99), _m(2, 0.97)], target=10, target_retention=0.9)
    assert (p.target, p.learned, p.status, p.percent, p.retention) == (2, 2, "learned", 100.0,
                                                                          None)


def test_nothing_reviewed_is_not_started() -> None:
    p = progress([_m(1, 0.0, False), _m(2, 0.0, False)], target=2, target_retention=0.85)
    assert (p.started, p.learned, p.status, p.mean_recall) == (0, 0, "not_started", 0.0)


@pytest.mark.parametrize("bad", [0.0, 1.0, 1.5, -0.1])
def test_target_retention_must_be_a_probability(bad: float) -> None:
    with pytest.raises(ValueError):
        progress([_m(1, 0.5)], target=1, target_retention=bad)


def test_by_question_counts_who_will_forget() -> None:
    rows = [[_m(1, 0.95), _m(2, 0.5)], [_m(1, 0.7), _m(2, 0.0, False)]]
    out = {q.question_id: q for q in by_question(rows, target_retention=0.9)}
    assert out[1].mean_recall == pytest.approx(0.825) and out[1].below_target == 1
    assert out[2].mean_recall == pytest.approx(0.25) and out[2].below_target == 2
