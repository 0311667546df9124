"""Fit a learner's personal FSRS-6 parameters and decide whether to adopt them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.srs.evaluate import DEFAULT_PARAMETERS, fit_fsrs, predict_fsrs
from quizapp.core.srs.history import PredictionItem, build_items
from quizapp.core.srs.metrics import log_loss
from quizapp.core.srs.revlog import ReviewRecord

# fsrs-rs returns its defaults below 8 cross-day training items and only runs gradient
# training from 64 on; we use its lower threshold as "enough data to try".
MIN_TRAINING_ITEMS = 8
# Share of the (time-ordered) history held out to judge new parameters: the last sixth,
# as in the last fold of a 5-fold time-series split.
HOLDOUT_SHARE = 1 / 6


@dataclass(frozen=True, slots=True)
class OptimizeResult:
    """The outcome of an optimisation run: what to use and the evidence for it."""

    parameters: tuple[float, ...]
    adopted: bool
    reason: str
    old_log_loss: float | None
    new_log_loss: float | None
    training_items: int
    holdout_items: int


def has_enough_data(items: Sequence[PredictionItem]) -> bool:
    """True once there are enough cross-day reviews for the fsrs-rs optimiser to fit."""
    return len(items) >= MIN_TRAINING_ITEMS


def optimization_due(cross_day_reviews: int, at_last_fit: int | None) -> bool:
    """Whether to re-run the optimiser after a study session.

    Due once the optimiser's threshold is reached and never fitted before, then each time
    the learner's cross-day reviews have grown by a fifth (at least 64 more: fsrs-rs'
    threshold for gradient training), so the work stays rare and bounded.
    """
    if cross_day_reviews < MIN_TRAINING_ITEMS:
        return False
    if at_last_fit is None:
        return True
    return cross_day_reviews - at_last_fit >= max(64, at_last_fit // 5)


def fit_parameters(
    records: Sequence[ReviewRecord], *, day_start_hour: int = 0
) -> tuple[float, ...] | None:
    """Fit FSRS-6 parameters on a review history; None below the optimiser's threshold."""
    items = build_items(records, day_start_hour=day_start_hour)
    if not has_enough_data(items):
        return None
    return tuple(fit_fsrs(items))


def split_history(
    items: Sequence[PredictionItem], holdout_share: float = HOLDOUT_SHARE
) -> tuple[list[PredictionItem], list[PredictionItem]]:
    """Split time-ordered items into an earlier part (to fit) and a later part (to judge)."""
    cut = len(items) - max(1, round(len(items) * holdout_share))
    return list(items[:cut]), list(items[cut:])


def holdout_log_loss(parameters: Sequence[float], items: Sequence[PredictionItem]) -> float:
    """Log loss of FSRS-6 with these parameters on these items."""
    return log_loss(predict_fsrs(items, parameters), [item.recalled for item in items])


def should_adopt(
    old_params: Sequence[float],
    new_params: Sequence[float],
    history: Sequence[ReviewRecord],
    *,
    day_start_hour: int = 0,
    holdout_share: float = HOLDOUT_SHARE,
) -> bool:
    """True only if new_params predict the later part of the history with lower log loss.

    For a fair test new_params should come from the earlier part only
    (see `optimize_for_learner`, which does exactly that).
    """
    items = build_items(history, day_start_hour=day_start_hour)
    _, later = split_history(items, holdout_share)
    if not later:
        return False
    return holdout_log_loss(new_params, later) < holdout_log_loss(old_params, later)


def optimize_for_learner(
    history: Sequence[ReviewRecord],
    current: Sequence[float] = DEFAULT_PARAMETERS,
    *,
    day_start_hour: int = 0,
    holdout_share: float = HOLDOUT_SHARE,
) -> OptimizeResult:
    """Fit on the earlier history, test on the later part; if better, refit on everything.

    Keeps `current` when there is too little data or the candidate does not predict the
    held-out later reviews better.
    """
    items = build_items(history, day_start_hour=day_start_hour)
    earlier, later = split_history(items, holdout_share) if items else ([], [])
    keep = tuple(float(p) for p in current)
    if not has_enough_data(earlier) or not later:
        return OptimizeResult(
            keep, False, f"not enough cross-day reviews ({len(items)})", None, None,
            len(earlier), len(later),
        )
    candidate = fit_fsrs(earlier)
    old_loss = holdout_log_loss(keep, later)
    new_loss = holdout_log_loss(candidate, later)
    if new_loss >= old_loss:
        return OptimizeResult(
            keep, False, "fitted parameters do not predict later reviews better",
            old_loss, new_loss, len(earlier), len(later),
        )
    final = tuple(fit_fsrs(items))
    return OptimizeResult(
        final, True, "fitted parameters predict later reviews better",
        old_loss, new_loss, len(earlier), len(later),
    )
