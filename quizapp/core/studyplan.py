"""A study assignment's arithmetic, from plain values: how many of a set's questions a
learner will still remember on the due date, as FSRS predicts it.

A question counts as *learned* when the predicted probability of recalling it on the due
date (its retrievability then) reaches the assignment's target retention. A question
never reviewed has no memory to predict: 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CardMemory", "StudyProgress", "QuestionMemory", "progress", "by_question"]


@dataclass(frozen=True)
class CardMemory:
    """One learner's memory of one question of the set."""

    question_id: int
    reviewed: bool
    recall_at_due: float  # predicted probability of recall on the due date, 0..1


@dataclass(frozen=True)
class StudyProgress:
    """A learner's standing on a study assignment."""

    target: int  # questions to learn
    started: int  # questions reviewed at least once
    learned: int  # predicted recall on the due date >= the target retention
    at_risk: int  # reviewed, but predicted below the target on the due date
    mean_recall: float  # over the set's questions, 0..1
    reviews: int  # reviews of the set's questions after the first sight of each
    retention: float | None  # share of those reviews recalled (None: no review yet)
    status: str  # not_started | learning | learned

    @property
    def percent(self) -> float:
        """Progress towards the target, 0..100."""
        return 100.0 * min(self.learned, self.target) / self.target if self.target else 100.0


def progress(memories: Sequence[CardMemory], *, target: int, target_retention: float,
             reviews: int = 0, recalled: int = 0) -> StudyProgress:
    """A learner's progress from their memory of each of the set's questions.

    `target` is how many questions to learn (at most the set's size); `reviews` and
    `recalled` count the learner's reviews of these questions that were not a first
    sight, and how many of them were not rated Again: their measured retention."""
    if not 0.0 < target_retention < 1.0:
        raise ValueError(f"target_retention must be between 0 and 1, got {target_retention}")
    if reviews < 0 or not 0 <= recalled <= reviews:
        raise ValueError("recalled must be between 0 and reviews")
    target = max(0, min(target, len(memories)))
    started = sum(1 for m in memories if m.reviewed)
    learned = sum(1 for m in memories if m.reviewed and m.recall_at_due >= target_retention)
    mean = sum(m.recall_at_due for m in memories) / len(memories) if memories else 0.0
    status = ("learned" if learned >= target and started
              else "not_started" if started == 0 else "learning")
    return StudyProgress(target, started, learned, started - learned, mean, reviews,
                         recalled / reviews if reviews else None, status)


@dataclass(frozen=True)
class QuestionMemory:
    """One question across the class: who will remember it on the due date."""

    question_id: int
    learners: int
    mean_recall: float
    below_target: int  # learners predicted under the target (never reviewed included)


def by_question(rows: Sequence[Sequence[CardMemory]], *,
                target_retention: float) -> list[QuestionMemory]:
    """Per question, over the learners' memories (one sequence per learner, any order)."""
    sums: dict[int, list[float]] = {}
    for memories in rows:
        for m in memories:
            sums.setdefault(m.question_id, []).append(m.recall_at_due)
    return [QuestionMemory(qid, len(values), sum(values) / len(values),
                           sum(1 for v in values if v < target_retention))
            for qid, values in sums.items()]
