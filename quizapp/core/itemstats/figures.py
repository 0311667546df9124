"""Which attempts count, and Moodle's test and question figures computed from their marks.

The formulas are those of Moodle's "Quiz statistics calculations" (docs.moodle.org/dev) as
its code computes them (`mod/quiz/report/statistics/classes/calculator.php` for the test,
`question/classes/statistics/questions/calculator.php` for the questions). Variances and
covariances divide by n - 1 like Moodle's; a mark is score x max mark.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.core.itemstats.model import AttemptScores, QuizStats, Which

__all__ = [
    "Row",
    "Sums",
    "item_sums",
    "effective_weights",
    "quiz_stats",
    "rows_of",
    "select_attempts",
]

#: A variance at or below this is zero: float sums of equal marks may differ in the 16th digit.
TINY = 1e-12


def finite(value: float | None) -> float | None:
    """`value`, or None when it is None, NaN or infinite: NaN never leaves the package."""
    return value if value is not None and math.isfinite(value) else None


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1) of two or more values, two-pass over correctly rounded sums
    (the statistics module's exact fractions cost 40% of a 1,500-attempt analysis)."""
    if len(values) < 2:
        raise ValueError("variance needs at least two values")
    m = mean(values)
    return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Sample covariance (n - 1); None under two values."""
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


# --- selecting attempts ------------------------------------------------------------------


def _check(attempt: AttemptScores) -> None:
    for qid, score in attempt.scores.items():
        if not (math.isfinite(score) and 0.0 <= score <= 1.0):
            raise ValueError(f"attempt {attempt.attempt_id}: score of {qid} must be in 0..1")
    for qid, mark in attempt.max_marks.items():
        if not (math.isfinite(mark) and mark >= 0.0):
            raise ValueError(f"attempt {attempt.attempt_id}: max mark of {qid} must be >= 0")


def _total(attempt: AttemptScores) -> float:
    return math.fsum(s * attempt.max_marks.get(q, 1.0) for q, s in attempt.scores.items())


def select_attempts(attempts: Iterable[AttemptScores],
                    which: Which | str = Which.FIRST) -> list[AttemptScores]:
    """The attempts Moodle would analyse, in their given order.

    FIRST and LAST take each learner's lowest and highest `attempt_number` (Moodle: the
    earliest / latest finished attempt, so pass finished attempts only); HIGHEST the best
    total mark, ties to the lower attempt number, as Moodle's SQL does; ALL every attempt.
    Raises ValueError for a score outside 0..1 (or NaN) or a negative max mark.
    """
    which = Which(which)
    given = list(attempts)
    for attempt in given:
        _check(attempt)
    if which is Which.ALL:
        return given

    def rank(a: AttemptScores) -> tuple[float, int, str]:
        if which is Which.FIRST:
            return (0.0, a.attempt_number, str(a.attempt_id))
        if which is Which.LAST:
            return (0.0, -a.attempt_number, str(a.attempt_id))
        return (-_total(a), a.attempt_number, str(a.attempt_id))

    best: dict[int | str, int] = {}  # learner -> index of the attempt kept
    for i, attempt in enumerate(given):
        kept = best.get(attempt.learner_id)
        if kept is None or rank(attempt) < rank(given[kept]):
            best[attempt.learner_id] = i
    return [given[i] for i in sorted(best.values())]


# --- per-attempt rows --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One attempt in marks: each question's mark and max mark, and the totals."""

    attempt: AttemptScores
    marks: dict[str, float]
    max_marks: dict[str, float]
    total: float
    max_total: float

    @property
    def percent(self) -> float:
        """The attempt's score in percent of its maximum (0 for an empty attempt)."""
        return 100.0 * self.total / self.max_total if self.max_total > 0 else 0.0


def rows_of(attempts: Iterable[AttemptScores]) -> list[Row]:
    rows = []
    for a in attempts:
        maxes = {q: float(a.max_marks.get(q, 1.0)) for q in a.scores}
        marks = {q: s * maxes[q] for q, s in a.scores.items()}
        rows.append(Row(a, marks, maxes, math.fsum(marks.values()), math.fsum(maxes.values())))
    return rows


# --- the test as a whole -----------------------------------------------------------------


def _cic(rows: Sequence[Row], k2_marks: float) -> float | None:
    """Moodle's CIC = 100 P/(P-1) (1 - sum V(x_i) / V(T)), on a complete score matrix only.

    With random draws the attempts hold different questions and the formula has no P; the
    caller may key scores by position instead of question id to get Moodle's positional CIC.
    """
    layout = rows[0].max_marks
    if len(layout) < 2 or any(r.max_marks != layout for r in rows) or k2_marks <= TINY:
        return None
    p = len(layout)
    sum_var = math.fsum(variance([r.marks[q] for r in rows]) for q in layout)
    return 100.0 * p / (p - 1) * (1.0 - sum_var / k2_marks)


def quiz_stats(rows: Sequence[Row]) -> QuizStats:
    """Count, mean, median, SD, skewness, kurtosis, CIC, error ratio and standard error."""
    s = len(rows)
    if s == 0:
        return QuizStats(0, None, None, None, None, None, None, None, None)
    scores = [r.percent for r in rows]
    avg = mean(scores)
    sd = skew = kurt = cic = error_ratio = standard_error = None
    if s > 1:
        deviations = [x - avg for x in scores]
        m2, m3, m4 = (math.fsum(d**k for d in deviations) / s for k in (2, 3, 4))
        k2 = s * m2 / (s - 1)
        sd = math.sqrt(k2)
        if s > 2 and k2 > TINY:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skew = k3 / k2**1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                kurt = k4 / (k2 * k2)
            cic = _cic(rows, variance([r.total for r in rows]))
            if cic is not None:
                error_ratio = 100.0 * math.sqrt(max(0.0, 1.0 - cic / 100.0))
                standard_error = error_ratio * sd / 100.0
    return QuizStats(s, finite(avg), finite(statistics.median(scores)), finite(sd),
                     finite(skew), finite(kurt), finite(cic), finite(error_ratio),
                     finite(standard_error))


# --- each question -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sums:
    """One question's figures over the attempts that had it (Moodle's `calculated`)."""

    count: int
    facility: float | None
    standard_deviation: float | None
    intended_weight: float | None
    discrimination: float | None
    discriminative_efficiency: float | None
    covariance_with_total: float | None  # C(x_i, T), for the effective weight
    rest: dict[int, float]  # row index -> rest-of-test mark, for the strongest third


def item_sums(rows: Sequence[Row], qid: str) -> Sums:
    """Facility, SD, intended weight, discrimination and efficiency of question `qid`.

    Only the attempts that had the question count (Moodle's s). x is its mark, T the
    attempt's total and X = T - x the rest of the test.
    """
    indices = [i for i, r in enumerate(rows) if qid in r.marks]
    having = [rows[i] for i in indices]
    s = len(having)
    if s == 0:
        return Sums(0, None, None, None, None, None, None, {})
    fractions = [r.attempt.scores[qid] for r in having]
    x = [r.marks[qid] for r in having]
    t = [r.total for r in having]
    rest = [tt - xx for tt, xx in zip(t, x, strict=True)]
    weights = [r.max_marks[qid] / r.max_total for r in having if r.max_total > 0]
    intended = 100.0 * mean(weights) if weights else None
    sd = di = de = cov_total = None
    if s > 1:
        sd = 100.0 * math.sqrt(variance(fractions))
        var_x, var_rest = variance(x), variance(rest)
        cov = covariance(x, rest) or 0.0
        cov = 0.0 if abs(cov) <= TINY else cov  # float noise must not flip the sign
        cov_max = covariance(sorted(x), sorted(rest)) or 0.0
        if var_x > TINY and var_rest > TINY:
            di = max(-100.0, min(100.0, 100.0 * cov / math.sqrt(var_x * var_rest)))
        if cov_max > TINY:
            de = min(100.0, 100.0 * cov / cov_max)
        cov_total = covariance(x, t)
    return Sums(s, finite(100.0 * mean(fractions)), finite(sd), finite(intended),
                finite(di), finite(de), finite(cov_total),
                dict(zip(indices, rest, strict=True)))


def effective_weights(covs: Sequence[float | None]) -> list[float | None]:
    """Moodle's EW_i = 100 sqrt(C(x_i, T)) / sum_j sqrt(C(x_j, T)), the sum over C >= 0.

    A question with a negative (or no) covariance with the total gets None, as in Moodle;
    a covariance within float noise of 0 counts as 0.
    """
    roots = [None if c is None or c < -TINY else math.sqrt(max(0.0, c)) for c in covs]
    total = math.fsum(r for r in roots if r is not None)
    if total <= TINY:
        return [None] * len(covs)
    return [None if r is None else finite(100.0 * r / total) for r in roots]
