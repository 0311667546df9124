"""Turning a form's values into a graded answer row (and the event the study side reads),
for practice and exam alike."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.grading import Grade, grade
from quizapp.models import Question
from quizapp.models.quizzes import Answer, Attempt
from quizapp.services import NotFound, ServiceError
from quizapp.services.events import AnswerRecorded, publish
from quizapp.services.quiz.questions import Shown, shown_options

MAX_TEXT = 500  # longest typed answer kept
TYPED = ("short", "cloze", "numeric")


def given_from_form(question: Question | Shown, seed: int,
                    values: list[str]) -> str | list[str]:
    """The form's raw values as the answer the grader takes (option texts, or typed text)."""
    if question.type in TYPED:
        return (values[0] if values else "").strip()[:MAX_TEXT]
    options = dict(shown_options(question, seed))
    if any(v not in options for v in values):
        raise ServiceError("Choose one of the options shown.")
    if question.type == "multi":
        picked = set(values)
        return [text for value, text in options.items() if value in picked]
    if len(values) > 1:
        raise ServiceError("Choose only one option.")
    if question.type == "true_false":
        return values[0] if values else ""
    return options[values[0]] if values else ""


def question_at(session: Session, attempt: Attempt, position: int) -> Question:
    """The question row shown at `position`; NotFound once it is gone."""
    question = session.get(Question, attempt.question_ids[position])
    if question is None:
        raise NotFound("That question no longer exists.")
    return question


def graded(question: Question, seed: int, values: list[str]) -> tuple[str | list[str], Grade]:
    """What the learner gave, and its grade."""
    given = given_from_form(question, seed, values)
    return given, grade(question.type, given, answer=question.answer,
                        choices=question.choices or (), accept=question.accept or (),
                        tolerance=question.tolerance)


@dataclass(frozen=True)
class Graded:
    """An answer graded before the write transaction (the question and its grade read
    while other writers go on); used inside it if the attempt still shows that question."""

    question: Question
    seed: int
    values: tuple[str, ...]
    given: str | list[str] | None = None
    result: Grade | None = None
    error: ServiceError | None = None

    @classmethod
    def of(cls, question: Question, seed: int, values: list[str]) -> Graded:
        try:
            given, result = graded(question, seed, values)
        except ServiceError as exc:
            return cls(question, seed, tuple(values), error=exc)
        return cls(question, seed, tuple(values), given, result)

    def for_(self, question: Question, seed: int,
             values: list[str]) -> tuple[str | list[str], Grade]:
        """The grade, as `graded` would give it now (raising its error the same way)."""
        if (question.id, seed, tuple(values)) != (self.question.id, self.seed, self.values):
            return graded(question, seed, values)
        if self.error is not None:
            raise self.error
        assert self.given is not None and self.result is not None
        return self.given, self.result


def grade_ahead(session: Session, attempt: Attempt, position: int,
                values: list[str]) -> Graded | None:
    """The answer graded before the write transaction (None for a blank one, or a
    position or question that is not there: the locked pass then says so)."""
    if not 0 <= position < attempt.question_count or not any(v.strip() for v in values):
        return None
    question = session.get(Question, attempt.question_ids[position])
    return Graded.of(question, attempt.seed, values) if question is not None else None


def graded_now(question: Question, seed: int, values: list[str],
               ahead: Graded | None) -> tuple[str | list[str], Grade]:
    """`graded`, taken from the grade read ahead when it was of this very answer."""
    return ahead.for_(question, seed, values) if ahead else graded(question, seed, values)


UNREAD: Any = object()


def add_answer(session: Session, attempt: Attempt, position: int, sub_id: str,
               question: Question, given: str | list[str], result: Grade,
               now: datetime, *, previous: datetime | None = UNREAD) -> Answer:
    """Insert the answer row (its seconds: since the attempt's last answer, or its start:
    `previous`, read here unless given) and publish `AnswerRecorded`; the caller updates
    the attempt's counters."""
    if previous is UNREAD:
        previous = session.scalar(
            select(func.max(Answer.answered_at)).where(Answer.attempt_id == attempt.id))
    seconds = max(0.0, (now - (previous or attempt.started_at)).total_seconds())
    row = Answer(
        attempt_id=attempt.id, user_id=attempt.user_id, question_id=question.id,
        position=position, submission_id=sub_id, shown=Shown.of(question).to_json(),
        given=given, score=result.score, correct=result.correct,
        feedback=result.feedback[:200], answered_at=now, seconds=seconds)
    session.add(row)
    session.flush()
    publish(session, AnswerRecorded(
        user_id=attempt.user_id, question_id=question.id, correct=result.correct,
        typed=question.type in TYPED, seconds=seconds,
        answer_length=len(str(question.answer)), answered_at=now))
    return row
