"""Item analysis of a quiz for the teacher's results pages, as Moodle's statistics report.

From plain attempt scores (no database, no clock, no randomness): the test's mean, median,
SD, skewness, kurtosis, CIC (Cronbach's alpha), error ratio and standard error; each
question's facility, SD, random guess score, intended and effective weight, discrimination
index and discriminative efficiency; the distractor table of choice questions; and flags.
First attempts only by default, as Moodle. docs/results.md gives each formula and source.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizapp.core.itemstats.choices import question_stats, random_guess, strongest_third
from quizapp.core.itemstats.figures import (
    effective_weights,
    item_sums,
    quiz_stats,
    rows_of,
    select_attempts,
)
from quizapp.core.itemstats.model import (
    CHOICE_TYPES,
    FLAG_MIN_ATTEMPTS,
    KEY_SUSPECT_DISCRIMINATION,
    LOW_EFFICIENCY,
    TOO_EASY_FACILITY,
    TOO_HARD_FACILITY,
    WEAK_DISCRIMINATION,
    AttemptScores,
    ChoiceStats,
    Flag,
    ItemAnalysis,
    QuestionInfo,
    QuestionStats,
    QuizStats,
    Which,
)

__all__ = [
    "CHOICE_TYPES",
    "FLAG_MIN_ATTEMPTS",
    "KEY_SUSPECT_DISCRIMINATION",
    "LOW_EFFICIENCY",
    "TOO_EASY_FACILITY",
    "TOO_HARD_FACILITY",
    "WEAK_DISCRIMINATION",
    "AttemptScores",
    "ChoiceStats",
    "Flag",
    "ItemAnalysis",
    "QuestionInfo",
    "QuestionStats",
    "QuizStats",
    "Which",
    "analyse",
    "random_guess",
    "select_attempts",
    "strongest_third",
]


def analyse(attempts: Iterable[AttemptScores], questions: Iterable[QuestionInfo] = (), *,
            which: Which | str = Which.FIRST) -> ItemAnalysis:
    """The item analysis of `attempts` (finished ones), restricted as `which` says.

    Questions come in the order of `questions`, then any other question met in the
    attempts, sorted by id. A question listed but never met has count 0 and no figures.
    Deterministic: the same attempts in any order give the same report. Raises ValueError
    only for invalid input (a score outside 0..1 or NaN, a negative max mark).
    """
    which = Which(which)
    rows = rows_of(select_attempts(attempts, which))
    infos = {q.question_id: q for q in questions}
    seen = {qid for row in rows for qid in row.marks}
    order = [*infos, *sorted(seen - set(infos))]
    sums = [item_sums(rows, qid) for qid in order]
    weights = effective_weights([s.covariance_with_total for s in sums])
    stats = tuple(question_stats(qid, s, w, infos.get(qid), rows)
                  for qid, s, w in zip(order, sums, weights, strict=True))
    return ItemAnalysis(which, quiz_stats(rows), stats)
