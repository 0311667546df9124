"""Evaluation protocol: items, metrics on hand-computable inputs, models, the full report."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.srs.evaluate import (
    DEFAULT_PARAMETERS,
    evaluate,
    fsrs_recall,
    predict_fsrs,
    predict_sm2,
    sm2_interval,
)
from quizapp.core.srs.history import (
    PredictionItem,
    build_items,
    quiet_day_start_hour,
    time_series_splits,
)
from quizapp.core.srs.metrics import auc, bin_key, log_loss, rmse_bins
from quizapp.core.srs.revlog import ReviewRecord, read_revlog

FIXTURE = Path(__file__).parents[1] / "fixtures" / "revlog-small.csv"
DAY0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def rec(card: int, rating: int, at: datetime) -> ReviewRecord:
    """A review record with a nominal duration."""
    return ReviewRecord(card_id=card, rating=rating, time=at, duration_ms=1000)


def item(history, rating=3, delta=1, index=2, lapses=0) -> PredictionItem:
    """A prediction item built by hand."""
    return PredictionItem(1, DAY0, tuple(history), rating, delta, index, lapses)


def test_only_reviews_a_day_or_more_after_the_previous_one_are_predicted():
    day = timedelta(days=1)
    records = [
        rec(1, 1, DAY0),
        rec(1, 3, DAY0 + timedelta(minutes=5)),  # same day: history only
        rec(1, 3, DAY0 + day),
        rec(1, 1, DAY0 + 4 * day),
        rec(1, 3, DAY0 + 5 * day),
    ]
    items = build_items(records)
    assert [(i.delta_days, i.index, i.lapses, i.rating) for i in items] == [
        (1, 3, 0, 3),
        (3, 4, 0, 1),
        (1, 5, 1, 3),
    ]
    assert items[0].history == ((1, 0), (3, 0))
    assert items[2].history == ((1, 0), (3, 0), (3, 1), (1, 3))
    assert [i.recalled for i in items] == [1, 0, 1]


def test_the_day_rolls_over_at_the_learners_hour():
    late = datetime(2024, 5, 1, 23, 0, tzinfo=UTC)
    records = [rec(1, 3, late), rec(1, 3, late + timedelta(hours=3))]  # 02:00 next UTC day
    assert len(build_items(records, day_start_hour=0)) == 1
    assert build_items(records, day_start_hour=4) == []


def test_quiet_hours_give_the_day_start():
    active = [*range(16, 24), *range(0, 6)]
    records = [rec(1, 3, datetime(2024, 5, 1, h, 30, tzinfo=UTC)) for h in active]
    assert quiet_day_start_hour(records) == 11  # middle of the quiet 06:00-15:59 stretch


def test_time_series_splits_train_on_the_past_only():
    items = [item([(3, 0)], delta=i + 1) for i in range(13)]
    splits = time_series_splits(items, 5)
    assert [(len(train), len(test)) for train, test in splits] == [
        (2, 2), (4, 2), (6, 2), (8, 2), (10, 3)
    ]
    for train, test in splits:
        assert train + test == items[: len(train) + len(test)]
    assert time_series_splits(items[:5], 5) == []


def test_log_loss_by_hand():
    expected = -(math.log(0.8) + math.log(0.7)) / 2
    assert log_loss([0.8, 0.3], [1, 0]) == pytest.approx(expected)
    assert math.isfinite(log_loss([1.0, 0.0], [0, 1]))  # clipped, not infinite


def test_auc_by_hand():
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert auc([0.5, 0.5], [0, 1]) == pytest.approx(0.5)
    assert auc([0.2, 0.9], [0, 1]) == 1.0
    assert math.isnan(auc([0.2, 0.9], [1, 1]))


def test_rmse_over_bins_by_hand():
    a, b = (2.48, 4.0, 0.0), (8.98, 4.0, 0.0)
    value = rmse_bins([0.9, 0.7, 0.5], [1, 1, 0], [a, a, b])
    assert value == pytest.approx(math.sqrt((2 * 0.2**2 + 1 * 0.5**2) / 3))


def test_bins_follow_srs_benchmark():
    assert bin_key(item([(3, 0)], delta=1, index=2)) == (2.48, 4.0, 0.0)
    assert bin_key(item([(3, 0)], delta=4, index=2, lapses=1)) == (8.98, 4.0, 2.0)
    # index 10: 1.99 * 1.89**3 = 13.4 -> 13
    assert bin_key(item([(3, 0)], delta=30, index=10, lapses=3)) == (32.5, 13.0, 5.0)


@settings(max_examples=50, deadline=None)
@given(
    data=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 1)), min_size=1, max_size=40)
)
def test_metric_ranges(data):
    p = [x for x, _ in data]
    y = [o for _, o in data]
    keys = [(1.0, 1.0, 0.0)] * len(data)
    assert log_loss(p, y) >= 0
    assert 0 <= rmse_bins(p, y, keys) <= 1
    score = auc(p, y)
    assert math.isnan(score) or 0 <= score <= 1
    assert log_loss(y, y) <= log_loss(p, y) + 1e-12  # a perfect forecast is never worse


def test_sm2_intervals_by_hand():
    assert sm2_interval([3]) == 1
    assert sm2_interval([3, 3]) == 6
    assert sm2_interval([3, 3, 3]) == 15  # 6 * 2.5
    assert sm2_interval([4, 4, 4]) == 16  # ease 2.5 -> 2.6 -> 2.7: round(6 * 2.7)
    assert sm2_interval([3, 3, 3, 1]) == 1
    assert predict_sm2([item([(3, 0), (3, 1)], delta=6)]) == [pytest.approx(0.9)]


def test_fsrs_prediction_is_the_fsrs6_curve_from_the_first_rating():
    s_good = DEFAULT_PARAMETERS[2]
    decay = DEFAULT_PARAMETERS[20]
    assert fsrs_recall(s_good, s_good, decay) == pytest.approx(0.9)
    p1, p10 = predict_fsrs([item([(3, 0)], delta=1), item([(3, 0)], delta=10)], DEFAULT_PARAMETERS)
    assert p1 == pytest.approx(fsrs_recall(s_good, 1, decay), rel=1e-5)
    assert p10 == pytest.approx(fsrs_recall(s_good, 10, decay), rel=1e-5)
    assert p10 < p1


def test_report_on_the_fixture():
    report = evaluate(read_revlog(FIXTURE))
    sm2, default, fitted = report.scores
    assert [s.model for s in report.scores] == ["SM-2", "FSRS-6 default", "FSRS-6 fitted"]
    assert sm2.reviews == default.reviews == fitted.reviews > 100
    # Our own 5-fold split reproduces fsrs-rs's evaluate_with_time_series_splits.
    assert fitted.log_loss == pytest.approx(report.fsrs_rs_log_loss, abs=1e-4)
    assert default.log_loss < sm2.log_loss - 0.05
    assert fitted.log_loss < sm2.log_loss - 0.05
    assert default.auc > sm2.auc


def test_too_little_data_is_an_error():
    with pytest.raises(ValueError, match="too few reviews"):
        evaluate([rec(1, 3, DAY0), rec(1, 3, DAY0 + timedelta(days=2))], day_start_hour=0)
