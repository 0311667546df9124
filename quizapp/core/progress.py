"""A learner's progress from plain attempt and answer records: summaries, series, misses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "AnswerRecord",
    "AttemptRecord",
    "MissedQuestion",
    "Series",
    "SetSummary",
    "most_missed",
    "score_series",
    "set_summaries",
]


@dataclass(frozen=True)
class AttemptRecord:
    """One finished quiz attempt: which set, when, and the score in percent."""

    set_id: str
    set_title: str
    finished_at: datetime
    percent: float


@dataclass(frozen=True)
class AnswerRecord:
    """One answered question of an attempt."""

    question_id: str
    prompt: str
    set_id: str
    correct: bool


@dataclass(frozen=True)
class SetSummary:
    """A learner's results on one question set."""

    set_id: str
    set_title: str
    attempts: int
    best: float
    last: float
    average: float
    last_at: datetime


@dataclass(frozen=True)
class Series:
    """A labelled time series of scores, one point per attempt, oldest first."""

    key: str
    label: str
    points: tuple[tuple[datetime, float], ...]


@dataclass(frozen=True)
class MissedQuestion:
    """A question the learner got wrong, with how often."""

    set_id: str
    question_id: str
    prompt: str
    answered: int
    wrong: int

    @property
    def share_wrong(self) -> float:
        """Wrong answers as a share of all answers to this question (0..1)."""
        return self.wrong / self.answered


def _by_set(attempts: Iterable[AttemptRecord]) -> dict[str, list[AttemptRecord]]:
    groups: dict[str, list[AttemptRecord]] = defaultdict(list)
    for record in attempts:
        groups[record.set_id].append(record)
    for records in groups.values():
        records.sort(key=lambda r: (r.finished_at, r.percent))
    return groups


def set_summaries(attempts: Iterable[AttemptRecord]) -> list[SetSummary]:
    """Per-set attempts, best, last and average score; most recently practised set first.

    The title is the one of the latest attempt (a set may have been renamed);
    ties in time are broken by set id so the order is deterministic.
    """
    summaries = []
    for set_id, records in _by_set(attempts).items():
        last = records[-1]
        scores = [r.percent for r in records]
        summaries.append(
            SetSummary(
                set_id=set_id,
                set_title=last.set_title,
                attempts=len(records),
                best=max(scores),
                last=last.percent,
                average=round(sum(scores) / len(scores), 1),
                last_at=last.finished_at,
            )
        )
    summaries.sort(key=lambda s: s.set_id)
    summaries.sort(key=lambda s: s.last_at, reverse=True)
    return summaries


def score_series(attempts: Iterable[AttemptRecord]) -> list[Series]:
    """One series of (finished_at, percent) per set for the scores-over-time chart.

    Series are ordered by their first attempt (then set id), points oldest first.
    """
    series = [
        Series(
            key=set_id,
            label=records[-1].set_title,
            points=tuple((r.finished_at, r.percent) for r in records),
        )
        for set_id, records in _by_set(attempts).items()
    ]
    series.sort(key=lambda s: (s.points[0][0], s.key))
    return series


def most_missed(
    answers: Sequence[AnswerRecord] | Iterable[AnswerRecord],
    *,
    limit: int = 10,
    min_answered: int = 1,
) -> list[MissedQuestion]:
    """The questions answered wrong most often (only those wrong at least once).

    Ordered by wrong count, then share wrong, both descending, then set id and
    question id; a question is identified by (set id, question id) because question
    ids are only unique within their bank. The prompt is the latest one seen.
    """
    answered: dict[tuple[str, str], int] = defaultdict(int)
    wrong: dict[tuple[str, str], int] = defaultdict(int)
    prompts: dict[tuple[str, str], str] = {}
    for record in answers:
        key = (record.set_id, record.question_id)
        answered[key] += 1
        wrong[key] += 0 if record.correct else 1
        prompts[key] = record.prompt
    missed = [
        MissedQuestion(key[0], key[1], prompts[key], answered[key], wrong[key])
        for key in answered
        if wrong[key] > 0 and answered[key] >= min_answered
    ]
    missed.sort(key=lambda m: (-m.wrong, -m.share_wrong, m.set_id, m.question_id))
    return missed[:limit]
