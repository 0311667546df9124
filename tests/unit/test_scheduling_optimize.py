"""Personal parameters: fit above the optimiser's threshold, adopt only if they predict better."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.core.srs.evaluate import DEFAULT_PARAMETERS
from quizapp.core.srs.optimize import (
    MIN_TRAINING_ITEMS,
    fit_parameters,
    optimization_due,
    optimize_for_learner,
    should_adopt,
)
from quizapp.core.srs.revlog import ReviewRecord, read_revlog

FIXTURE = Path(__file__).parents[1] / "fixtures" / "revlog-small.csv"
START = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)
# Parameters that claim every card is remembered for ~100 days after its first review.
OVERCONFIDENT = (100.0, 100.0, 100.0, 100.0, *DEFAULT_PARAMETERS[4:])


def tiny_history(cross_day_reviews: int) -> list[ReviewRecord]:
    """One card per cross-day review: first seen on day 0, reviewed again on day 2."""
    records = []
    for card in range(cross_day_reviews):
        records.append(ReviewRecord(card, 3, START, 1000))
        records.append(ReviewRecord(card, 1 + card % 4, START + timedelta(days=2), 1000))
    return records


def test_below_the_optimisers_threshold_nothing_is_fitted():
    assert fit_parameters(tiny_history(MIN_TRAINING_ITEMS - 1)) is None
    result = optimize_for_learner(tiny_history(MIN_TRAINING_ITEMS - 1))
    assert not result.adopted
    assert result.parameters == DEFAULT_PARAMETERS
    assert "not enough" in result.reason


def test_fitting_gives_21_valid_parameters():
    params = fit_parameters(read_revlog(FIXTURE), day_start_hour=10)
    assert params is not None and len(params) == 21
    assert params != DEFAULT_PARAMETERS


def test_adopt_only_parameters_that_predict_later_reviews_better():
    history = read_revlog(FIXTURE)
    assert should_adopt(OVERCONFIDENT, DEFAULT_PARAMETERS, history, day_start_hour=10)
    assert not should_adopt(DEFAULT_PARAMETERS, OVERCONFIDENT, history, day_start_hour=10)
    assert not should_adopt(DEFAULT_PARAMETERS, DEFAULT_PARAMETERS, history, day_start_hour=10)


def test_a_poor_current_set_is_replaced_and_the_evidence_reported():
    result = optimize_for_learner(read_revlog(FIXTURE), OVERCONFIDENT, day_start_hour=10)
    assert result.adopted
    assert result.new_log_loss < result.old_log_loss
    assert result.parameters != OVERCONFIDENT and len(result.parameters) == 21
    assert result.training_items > 5 * result.holdout_items - 5


def test_a_good_current_set_is_kept_unless_beaten():
    current = fit_parameters(read_revlog(FIXTURE), day_start_hour=10)
    assert current is not None
    result = optimize_for_learner(read_revlog(FIXTURE), current, day_start_hour=10)
    if result.adopted:
        assert result.new_log_loss < result.old_log_loss
    else:
        assert result.parameters == current


def test_optimisation_is_due_at_the_threshold_then_after_real_growth():
    assert not optimization_due(MIN_TRAINING_ITEMS - 1, None)
    assert optimization_due(MIN_TRAINING_ITEMS, None)
    assert not optimization_due(100, 90)
    assert optimization_due(154, 90)
    assert not optimization_due(1100, 1000)
    assert optimization_due(1200, 1000)
