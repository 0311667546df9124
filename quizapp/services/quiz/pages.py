"""Read-only quiz pages: the start form's facts, a question, its feedback, an attempt's result.

Nothing here writes. A question page never carries the answer key; feedback and results
are built only from answers already recorded (and, in an exam, only once it is over).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import quiz as core_quiz
from quizapp.core.grading import Grade
from quizapp.models import Question
from quizapp.models.quizzes import Answer, Attempt
from quizapp.services import NotFound, access
from quizapp.services.quiz import exam
from quizapp.services.quiz.attempts import (
    OVERRIDABLE,
    TYPED,
    AttemptOver,
    OutOfOrder,
    effective_end,
    own_attempt,
    submission_id,
)
from quizapp.services.quiz.questions import Shown, shown_options


@dataclass(frozen=True)
class StartInfo:
    """What the start form needs: the set and how many questions it has."""

    slug: str
    title: str
    question_count: int


@dataclass(frozen=True)
class Option:
    """One option as shown: the value the form sends, its text, its key (1-9)."""

    value: str
    text: str
    key: int | None
    picked: bool = False
    right: bool = False


@dataclass(frozen=True)
class Header:
    """Where the learner is: set, attempt, question number."""

    attempt_id: int
    set_slug: str
    set_title: str
    mode: str
    position: int
    number: int
    total: int
    answered: int
    assignment_id: int | None = None  # taken for a class: its set may be private


@dataclass(frozen=True)
class NavItem:
    """One question in an exam's navigator."""

    number: int
    answered: bool
    flagged: bool
    current: bool


@dataclass(frozen=True)
class QuestionView:
    """A question to answer (no answer key in here); in an exam, with the answer saved so
    far (`options[].picked`, `typed`), its flag and the navigator."""

    head: Header
    type: str
    prompt: str
    options: list[Option]
    submission_id: str
    remaining_seconds: int | None
    time_limit_seconds: int | None
    typed: str = ""
    saved: bool = False
    flagged: bool = False
    navigator: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class AnswerView:
    """A question with what the learner gave and the right answer (after answering)."""

    position: int
    number: int
    type: str
    prompt: str
    options: list[Option]
    answered: bool
    given_text: str
    right_text: str
    correct: bool
    score: float
    feedback: str
    explanation: str | None
    source_text: str | None
    overridden: bool
    can_override: bool
    claim_state: str | None = None  # pending / accepted / rejected


@dataclass(frozen=True)
class FeedbackView:
    """Practice feedback for one answered question."""

    head: Header
    answer: AnswerView
    finished: bool


@dataclass(frozen=True)
class ResultView:
    """A finished attempt as it was: score, time taken and every question."""

    attempt_id: int
    set_slug: str
    set_title: str
    mode: str
    score: core_quiz.AttemptScore
    started_at: datetime
    ended_at: datetime
    seconds_taken: int
    finish_reason: str
    answers: list[AnswerView]
    assignment_id: int | None = None


def start_info(session: Session, slug: str, user_id: int | None) -> StartInfo:
    """The set a quiz is about to start on; NotFound if there is none for this user."""
    bank = access.learnable(session, slug, user_id)
    count = session.scalar(select(func.count(Question.id)).where(
        Question.bank_id == bank.id, Question.retired_at.is_(None))) or 0
    return StartInfo(bank.ref, bank.title, count)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def right_text(question: Question | Shown, seed: int) -> str:
    """The right answer as words."""
    if question.type == "multi":
        right = set(question.answer or [])
        return ", ".join(t for _, t in shown_options(question, seed) if t in right)
    if question.type == "true_false":
        return "True" if question.answer else "False"
    if question.type == "numeric":
        tolerance = question.tolerance or 0
        return _number(question.answer) + (f" (± {_number(tolerance)})" if tolerance else "")
    return str(question.answer)


def given_text(question: Question | Shown, given: Any) -> str:
    """What the learner gave, as words."""
    if question.type == "multi":
        return ", ".join(given) if given else "Nothing selected"
    if question.type == "true_false":
        return {"true": "True", "false": "False"}.get(str(given), "No answer")
    return str(given) if given not in (None, "") else "No answer"


def _options(question: Question | Shown, seed: int, given: Any) -> list[Option]:
    picked = set(given) if isinstance(given, list) else {given}
    right: set[Any]
    if question.type == "true_false":
        right = {"true" if question.answer else "false"}
    else:
        right = set(question.answer) if question.type == "multi" else {question.answer}
    options = []
    for i, (value, text) in enumerate(shown_options(question, seed)):
        shown = value if question.type == "true_false" else text
        options.append(Option(value, text, i + 1 if i < 9 else None,
                              shown in picked, shown in right))
    return options


def answer_view(question: Question, attempt: Attempt, position: int, answer: Answer | None,
                *, over: bool) -> AnswerView:
    """A question of an attempt with its recorded answer (or none), as the learner saw it."""
    seen = Shown.of(answer.shown if answer and answer.shown else question)
    given = answer.given if answer else None
    can_override = bool(
        answer and seen.type in OVERRIDABLE and not answer.correct
        and answer.claim_state is None and (over or attempt.mode == "practice"))
    return AnswerView(
        position=position, number=position + 1, type=seen.type, prompt=seen.prompt,
        options=_options(seen, attempt.seed, given), answered=answer is not None,
        given_text=given_text(seen, given) if answer else "Not answered",
        right_text=right_text(seen, attempt.seed),
        correct=bool(answer and answer.correct), score=answer.score if answer else 0.0,
        feedback=answer.feedback if answer else "Not answered",
        explanation=seen.explanation, source_text=seen.source_text,
        overridden=bool(answer and answer.overridden_at), can_override=can_override,
        claim_state=answer.claim_state if answer else None)


def _header(attempt: Attempt, position: int) -> Header:
    return Header(attempt.id, attempt.bank.ref, attempt.bank.title, attempt.mode, position,
                  position + 1, attempt.question_count, attempt.answered_count,
                  attempt.assignment_id)


def _navigator(count: int, answered: set[int], flags: set[int],
               current: int | None = None) -> tuple[NavItem, ...]:
    """A box per question: answered, flagged, the one shown (positions 0-based)."""
    return tuple(NavItem(i + 1, i in answered, i in flags, i == current) for i in range(count))


def question_page(
    session: Session, *, user_id: int, attempt_id: int, position: int, now: datetime,
    secret: str | bytes,
) -> QuestionView | FeedbackView:
    """The question at `position` to answer, or its feedback once answered in practice.

    Raises AttemptOver when the attempt is finished or out of time, OutOfOrder when
    another question is due."""
    attempt = own_attempt(session, user_id, attempt_id)
    over = effective_end(attempt, now) is not None
    if attempt.mode == "practice" and 0 <= position < attempt.answered_count:
        answer = session.scalar(select(Answer).where(
            Answer.attempt_id == attempt.id, Answer.position == position))
        question = session.get(Question, attempt.question_ids[position])
        if answer is not None and question is not None:
            return FeedbackView(_header(attempt, position),
                                answer_view(question, attempt, position, answer, over=over),
                                over)
    if over:
        time_up = attempt.finished_at is None or attempt.finish_reason == "time"
        raise AttemptOver("Time is up." if time_up else "This quiz is finished.",
                          time_up=time_up)
    if attempt.mode == "exam":
        return _exam_question(session, attempt, position, now, secret)
    if position != attempt.answered_count:
        raise OutOfOrder(attempt.answered_count)
    question = session.get(Question, attempt.question_ids[position])
    if question is None:
        raise NotFound("That question no longer exists.")
    options = [Option(v, t, i + 1 if i < 9 else None)
               for i, (v, t) in enumerate(shown_options(question, attempt.seed))]
    return QuestionView(
        head=_header(attempt, position), type=question.type, prompt=question.prompt,
        options=options, submission_id=submission_id(secret, attempt.id, position),
        remaining_seconds=core_quiz.remaining_seconds(
            now, attempt.started_at, attempt.time_limit_seconds),
        time_limit_seconds=attempt.time_limit_seconds)


def _exam_question(session: Session, attempt: Attempt, position: int, now: datetime,
                   secret: str | bytes) -> QuestionView:
    """Any question of a running exam, with what is saved for it and the navigator."""
    answers = exam.answers_by_position(session, attempt.id)
    if not 0 <= position < attempt.question_count:
        raise exam.first_due(attempt, set(answers))
    question = session.get(Question, attempt.question_ids[position])
    if question is None:
        raise NotFound("That question no longer exists.")
    saved = answers.get(position)
    given = saved.given if saved else None
    picked = set(given) if isinstance(given, list) else {given}
    options = [Option(v, t, i + 1 if i < 9 else None,
                      picked=(v if question.type == "true_false" else t) in picked)
               for i, (v, t) in enumerate(shown_options(question, attempt.seed))]
    flags = set(attempt.flags or [])
    navigator = _navigator(attempt.question_count, set(answers), flags, position)
    return QuestionView(
        head=_header(attempt, position), type=question.type, prompt=question.prompt,
        options=options,
        submission_id=submission_id(secret, attempt.id, position, saved.saves if saved else 0),
        remaining_seconds=core_quiz.remaining_seconds(
            now, attempt.started_at, attempt.time_limit_seconds),
        time_limit_seconds=attempt.time_limit_seconds,
        typed=str(given) if saved and question.type in TYPED else "",
        saved=saved is not None, flagged=position in flags, navigator=navigator)


def attempt_result(session: Session, *, user_id: int, attempt_id: int,
                   now: datetime) -> ResultView:
    """The result of a finished attempt; OutOfOrder (go to the due question) while it runs."""
    attempt = own_attempt(session, user_id, attempt_id)
    end = effective_end(attempt, now)
    if end is None:
        if attempt.mode == "exam":
            raise exam.first_due(attempt, exam.answered_positions(session, attempt.id))
        raise OutOfOrder(attempt.answered_count)
    questions = {q.id: q for q in session.scalars(
        select(Question).where(Question.id.in_(attempt.question_ids)))}
    answers = {a.position: a for a in session.scalars(
        select(Answer).where(Answer.attempt_id == attempt.id))}
    views = [answer_view(questions[qid], attempt, i, answers.get(i), over=True)
             for i, qid in enumerate(attempt.question_ids)]
    grades = [Grade(a.score, a.correct, None, a.feedback) if a else None
              for a in (answers.get(i) for i in range(attempt.question_count))]
    reason = attempt.finish_reason or "time"
    return ResultView(
        attempt.id, attempt.bank.ref, attempt.bank.title, attempt.mode,
        core_quiz.score_attempt(grades), attempt.started_at, end,
        _seconds_taken(attempt, end), reason, views, attempt.assignment_id)


def _seconds_taken(attempt: Attempt, end: datetime) -> int:
    """Seconds from start to end, never more than the time limit (an answer sent in the
    grace seconds after it does not make a 1-minute exam take 1 min 3 s)."""
    taken = int((end - attempt.started_at).total_seconds())
    limit = attempt.time_limit_seconds
    return min(taken, limit) if limit else taken


@dataclass(frozen=True)
class HandInView:
    """Before handing in: how many questions are answered, which are not, which flagged."""

    head: Header
    unanswered: list[int]  # question numbers (1-based) with no answer yet
    remaining_seconds: int | None
    flagged: list[int] = field(default_factory=list)  # question numbers, exam only
    navigator: tuple[NavItem, ...] = ()  # exam only


def hand_in_page(session: Session, *, user_id: int, attempt_id: int,
                 now: datetime) -> HandInView:
    """The review before handing in; AttemptOver once the attempt is over."""
    attempt = own_attempt(session, user_id, attempt_id)
    if effective_end(attempt, now) is not None:
        raise AttemptOver("This quiz is finished.", time_up=attempt.finish_reason == "time")
    if attempt.mode == "exam":
        answered = exam.answered_positions(session, attempt.id)
        unanswered = [i + 1 for i in range(attempt.question_count) if i not in answered]
        flags = set(attempt.flags or [])
        flagged = [i + 1 for i in sorted(flags)]
        navigator = _navigator(attempt.question_count, answered, flags)
    else:
        unanswered = list(range(attempt.answered_count + 1, attempt.question_count + 1))
        flagged, navigator = [], ()
    return HandInView(_header(attempt, attempt.answered_count), unanswered,
                      core_quiz.remaining_seconds(now, attempt.started_at,
                                                  attempt.time_limit_seconds), flagged,
                      navigator)
