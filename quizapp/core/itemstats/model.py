"""The plain values the item analysis takes and gives, and the thresholds of its flags.

Every figure named "percent" is on Moodle's scale: 0..100, as the quiz statistics report
shows it. A figure that cannot be computed (too few attempts, no variance) is `None`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

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
]

# --- flag thresholds (docs/results.md explains each) -------------------------------------

#: No flag is raised on fewer attempts than this: with 2 or 3 learners every figure is noise.
FLAG_MIN_ATTEMPTS = 5
#: Facility above this is "too easy" (the OU/Moodle bands call 90-94 "very easy").
TOO_EASY_FACILITY = 90.0
#: Facility below this is "too hard" (the bands: 6-10 "very difficult", <= 5 "something wrong").
TOO_HARD_FACILITY = 10.0
#: Discrimination below this, yet not negative, is "weak" (the bands: 0-19 "very weak").
WEAK_DISCRIMINATION = 20.0
#: Discrimination below this means the weaker learners do better: the key may be wrong.
KEY_SUSPECT_DISCRIMINATION = 0.0
#: Discriminative efficiency below this is what Moodle's report marks as dubious.
LOW_EFFICIENCY = 15.0

#: Question types whose answers are picks among listed choices (the distractor table).
CHOICE_TYPES = frozenset({"mcq", "true_false", "multi"})


class Which(StrEnum):
    """Which attempts of each learner go in, as Moodle's "Calculate statistics from"."""

    FIRST = "first"  # the earliest attempt (Moodle's default)
    ALL = "all"  # every attempt, each as if by a different learner
    HIGHEST = "highest"  # the best-scored attempt; ties go to the earlier one
    LAST = "last"  # the latest attempt


class Flag(StrEnum):
    """Something about a question (or one of its choices) worth a teacher's look."""

    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    BELOW_CHANCE = "below_chance"  # facility under the random guess score
    KEY_SUSPECT = "key_suspect"  # negative discrimination
    WEAK_DISCRIMINATION = "weak_discrimination"
    LOW_EFFICIENCY = "low_efficiency"
    UNUSED_DISTRACTOR = "unused_distractor"  # a wrong choice nobody picked
    DISTRACTOR_BEATS_KEY = "distractor_beats_key"  # the strongest third prefer a wrong choice


# --- input --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptScores:
    """One finished attempt: the score of each question it had, as a fraction 0..1.

    `max_marks` gives a question's weight (1.0 when missing). `picks` gives, for a choice
    question, the choice or choices picked (empty: no answer). A question absent from
    `scores` was not in this attempt (a random draw), which is not the same as a 0.
    """

    attempt_id: int | str
    learner_id: int | str
    attempt_number: int
    scores: Mapping[str, float]
    max_marks: Mapping[str, float] = field(default_factory=dict)
    picks: Mapping[str, str | Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionInfo:
    """What the analysis needs to know about a question beyond its scores."""

    question_id: str
    question_type: str = "short"
    choices: Sequence[str] = ()
    keys: Sequence[str] = ()  # the right choice(s) of a choice question


# --- output -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizStats:
    """Figures for the test as a whole, over each attempt's score in percent of its maximum."""

    attempts: int
    mean: float | None
    median: float | None
    standard_deviation: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None  # coefficient of internal consistency (Cronbach's alpha), percent
    error_ratio: float | None  # percent
    standard_error: float | None  # percentage points, like the mean


@dataclass(frozen=True)
class ChoiceStats:
    """One row of a choice question's distractor table."""

    choice: str
    is_key: bool
    count: int  # attempts that picked it
    share: float  # percent of the attempts that had the question
    top_third_count: int  # picks among the strongest third (by rest-of-test score)
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class QuestionStats:
    """Moodle's per-question figures, all in percent, plus the distractor table."""

    question_id: str
    count: int  # attempts that had the question
    facility: float | None
    standard_deviation: float | None
    random_guess: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination: float | None
    discriminative_efficiency: float | None
    choices: tuple[ChoiceStats, ...]
    no_answer: int  # attempts that had a choice question and picked nothing
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class ItemAnalysis:
    """The whole report: which attempts went in, the test, and each question in order."""

    which: Which
    quiz: QuizStats
    questions: tuple[QuestionStats, ...]

    def question(self, question_id: str) -> QuestionStats:
        """The figures of one question (KeyError if it is not in the report)."""
        for stats in self.questions:
            if stats.question_id == question_id:
                return stats
        raise KeyError(question_id)
