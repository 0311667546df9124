"""Scoring recall predictions the way srs-benchmark does: log loss, RMSE(bins), AUC."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from quizapp.core.srs.history import PredictionItem

P_MIN = 1e-4
P_MAX = 1 - 1e-4


def clip(p: float) -> float:
    """Keep a probability away from 0 and 1 (as srs-benchmark does) so log loss is finite."""
    return min(max(p, P_MIN), P_MAX)


def log_loss(predictions: Sequence[float], outcomes: Sequence[int]) -> float:
    """Mean binary cross-entropy of recall predictions against 0/1 outcomes."""
    if not predictions or len(predictions) != len(outcomes):
        raise ValueError("need equally many predictions and outcomes, at least one")
    total = 0.0
    for p, y in zip(predictions, outcomes, strict=True):
        q = clip(p)
        total -= y * math.log(q) + (1 - y) * math.log(1 - q)
    return total / len(predictions)


def _log_bin(value: float, scale: float, base: float, digits: int) -> float:
    """srs-benchmark's geometric bin: round(scale * base ** floor(log_base(value)))."""
    return round(scale * base ** math.floor(math.log(value) / math.log(base)), digits)


def bin_key(item: PredictionItem) -> tuple[float, float, float]:
    """srs-benchmark's RMSE bin of a review: (elapsed days, review number, lapses)."""
    lapse_bin = _log_bin(item.lapses, 1.65, 1.73, 0) if item.lapses else 0.0
    return (
        _log_bin(item.delta_days, 2.48, 3.62, 2),
        _log_bin(item.index, 1.99, 1.89, 0),
        lapse_bin,
    )


def rmse_bins(
    predictions: Sequence[float],
    outcomes: Sequence[int],
    keys: Sequence[tuple[float, float, float]],
) -> float:
    """RMSE between mean prediction and mean outcome per bin, weighted by bin size."""
    if not predictions or not len(predictions) == len(outcomes) == len(keys):
        raise ValueError("need equally many predictions, outcomes and keys, at least one")
    sums: dict[tuple[float, float, float], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for p, y, key in zip(predictions, outcomes, keys, strict=True):
        cell = sums[key]
        cell[0] += p
        cell[1] += y
        cell[2] += 1
    squared = sum(n * (sp / n - sy / n) ** 2 for sp, sy, n in sums.values())
    return math.sqrt(squared / len(predictions))


def auc(predictions: Sequence[float], outcomes: Sequence[int]) -> float:
    """Area under the ROC curve (rank statistic, ties count half); NaN with one class."""
    positives = sum(outcomes)
    negatives = len(outcomes) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    order = sorted(range(len(predictions)), key=lambda i: predictions[i])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and predictions[order[j + 1]] == predictions[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        rank_sum += mean_rank * sum(outcomes[order[k]] for k in range(i, j + 1))
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
