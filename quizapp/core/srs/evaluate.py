"""Evaluate recall predictors on a review log, following srs-benchmark's protocol."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import fsrs_rs_python as fr

from quizapp.core.srs.history import (
    PredictionItem,
    build_items,
    history_item,
    quiet_day_start_hour,
    time_series_splits,
    to_fsrs_item,
)
from quizapp.core.srs.metrics import auc, bin_key, log_loss, rmse_bins
from quizapp.core.srs.revlog import ReviewRecord

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fr.DEFAULT_PARAMETERS)
SM2_MAX_INTERVAL = 36500.0


@dataclass(frozen=True, slots=True)
class ModelScore:
    """How well one model predicted recall on the evaluated reviews."""

    model: str
    log_loss: float
    rmse_bins: float
    auc: float
    reviews: int


def sm2_interval(ratings: Sequence[int]) -> float:
    """The interval (days) classic SM-2 would have set after these ratings (Anki 1..4)."""
    interval = 0.0
    ease = 2.5
    reps = 0
    for rating in ratings:
        quality = rating + 1  # Again..Easy -> SM-2 quality 2..5, as srs-benchmark maps them
        if quality > 2:
            interval = 1.0 if reps == 0 else 6.0 if reps == 1 else interval * ease
            reps += 1
        else:
            interval = 1.0
            reps = 0
        ease = max(1.3, ease + (0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02)))
        interval = min(max(1.0, float(round(interval + 0.01))), SM2_MAX_INTERVAL)
    return interval


def predict_sm2(items: Sequence[PredictionItem]) -> list[float]:
    """SM-2 recall predictions: 0.9 ** (elapsed / interval), srs-benchmark's SM-2 curve."""
    return [
        0.9 ** (item.delta_days / sm2_interval([r for r, _ in item.history])) for item in items
    ]


def fsrs_recall(stability: float, elapsed_days: float, decay: float) -> float:
    """FSRS-6 forgetting curve: R = (1 + factor * t / S) ** -decay, R(S) = 0.9."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * elapsed_days / stability) ** -decay)


def predict_fsrs(items: Sequence[PredictionItem], parameters: Sequence[float]) -> list[float]:
    """FSRS-6 recall predictions from each card's earlier reviews."""
    if not items:
        return []
    model = fr.FSRS(list(parameters))
    states = model.memory_state_batch([history_item(item) for item in items])
    decay = parameters[20]
    return [
        fsrs_recall(state.stability, item.delta_days, decay)
        for state, item in zip(states, items, strict=True)
    ]


def fit_fsrs(items: Sequence[PredictionItem]) -> list[float]:
    """Fit FSRS-6 parameters with fsrs-rs on these items (defaults when too few)."""
    return list(fr.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        [to_fsrs_item(item) for item in items]
    ))


def predict_fsrs_fitted(
    items: Sequence[PredictionItem], n_splits: int = 5
) -> tuple[list[PredictionItem], list[float]]:
    """Time-series split: fit on all earlier items, predict the next segment, for each fold."""
    tested: list[PredictionItem] = []
    predictions: list[float] = []
    for train, test in time_series_splits(items, n_splits):
        parameters = fit_fsrs(train)
        tested.extend(test)
        predictions.extend(predict_fsrs(test, parameters))
    return tested, predictions


def score(model: str, items: Sequence[PredictionItem], predictions: Sequence[float]) -> ModelScore:
    """Score predictions for these items with log loss, RMSE(bins) and AUC."""
    outcomes = [item.recalled for item in items]
    return ModelScore(
        model=model,
        log_loss=log_loss(predictions, outcomes),
        rmse_bins=rmse_bins(predictions, outcomes, [bin_key(item) for item in items]),
        auc=auc(predictions, outcomes),
        reviews=len(items),
    )


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores per model, with the day rollover used and fsrs-rs's own fitted log loss."""

    day_start_hour: int
    scores: tuple[ModelScore, ...]
    fsrs_rs_log_loss: float


def resolve_day_start(records: Sequence[ReviewRecord], day_start_hour: int | None) -> int:
    """The given rollover hour, or the learner's quiet hour guessed from the log when None."""
    if day_start_hour is None:
        return quiet_day_start_hour(records)
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"day_start_hour must be 0..23, got {day_start_hour}")
    return day_start_hour


def evaluate(
    records: Sequence[ReviewRecord],
    *,
    day_start_hour: int | None = None,
    n_splits: int = 5,
) -> EvaluationReport:
    """Score SM-2, FSRS-6 defaults and FSRS-6 fitted on earlier reviews, on the same reviews.

    All three are scored on the reviews the time-series split tests (everything after the
    first of n_splits+1 time segments), so the figures compare like with like.
    """
    hour = resolve_day_start(records, day_start_hour)
    items = build_items(records, day_start_hour=hour)
    tested, fitted = predict_fsrs_fitted(items, n_splits)
    if not tested:
        raise ValueError(
            f"too few reviews to evaluate: {len(items)} predictable, need {n_splits + 1}"
        )
    scores = (
        score("SM-2", tested, predict_sm2(tested)),
        score("FSRS-6 default", tested, predict_fsrs(tested, DEFAULT_PARAMETERS)),
        score("FSRS-6 fitted", tested, fitted),
    )
    return EvaluationReport(hour, scores, fsrs_rs_crosscheck(items))


def fsrs_rs_crosscheck(items: Sequence[PredictionItem]) -> float:
    """Log loss that fsrs-rs's own evaluate_with_time_series_splits reports, for comparison."""
    try:
        result = fr.evaluate_with_time_series_splits([to_fsrs_item(item) for item in items])
    except Exception:  # fsrs-rs raises its own error types for too little data
        return math.nan
    value = float(result.log_loss)
    return value if math.isfinite(value) else math.nan
