"""Factories for quiz tests: a bank with every question type, attempts, answers."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.models import Question
from quizapp.services.quiz import attempts, pages
from tests.factories import NOW, import_bank, make_bank, make_question

SECRET = "test-secret-key"  # the SECRET_KEY of the test app


def all_types_bank(slug: str = "mixed", title: str = "Mixed set") -> core_bank.Bank:
    """One question of each of the six types, with known answers."""
    qs = (
        make_question("mcq1", prompt="Capital of Singapore?", explanation="It is a city-state.",
                      source=core_bank.SourceSpan(0, 30, "Singapore is a city-state.")),
        make_question("multi1", type="multi", prompt="Gas giants?",
                      choices=("Jupiter", "Mars", "Saturn", "Venus"), answer=("Jupiter", "Saturn")),
        make_question("tf1", type="true_false", prompt="Venus is hot.", answer=True, choices=()),
        make_question("short1", type="short", prompt="Earth's satellite?", answer="the Moon",
                      accept=("Luna",), choices=()),
        make_question("cloze1", type="cloze", prompt="Saturn's moon _____ has air.",
                      answer="Titan", choices=()),
        make_question("num1", type="numeric", prompt="How many planets?", answer=8,
                      tolerance=0, choices=()),
    )
    return make_bank(slug, title=title, question_values=qs)


def load(session: Session, bank: core_bank.Bank | None = None) -> core_bank.Bank:
    """Import a bank (all types by default) and return it."""
    bank = bank or all_types_bank()
    import_bank(session, bank)
    return bank


def start(session: Session, user_id: int, *, slug: str = "mixed", mode: str = "practice",
          count: int = 6, limit: int | None = None, now: datetime = NOW, seed: int = 7) -> int:
    """Start an attempt through the service."""
    return attempts.start_attempt(session, user_id=user_id, slug=slug, mode=mode, count=count,
                                 time_limit_seconds=limit, now=now, seed=seed)


def right_values(session: Session, user_id: int, attempt_id: int, position: int,
                 *, now: datetime = NOW) -> list[str]:
    """The form values that answer the question at `position` correctly."""
    view = pages.question_page(session, user_id=user_id, attempt_id=attempt_id,
                                    position=position, now=now, secret=SECRET)
    assert isinstance(view, pages.QuestionView)
    q = session.get(Question, _row_id(session, attempt_id, position))
    assert q is not None
    if q.type in ("mcq", "multi"):
        right = set(q.answer) if q.type == "multi" else {q.answer}
        return [o.value for o in view.options if o.text in right]
    if q.type == "true_false":
        return ["true" if q.answer else "false"]
    return [str(q.answer)]


def _row_id(session: Session, attempt_id: int, position: int) -> int:
    from quizapp.models import Attempt

    attempt = session.get(Attempt, attempt_id)
    assert attempt is not None
    return attempt.question_ids[position]


def answer(session: Session, user_id: int, attempt_id: int, position: int,
           values: list[str], *, now: datetime = NOW, saves: int = 0,
           flag: bool | None = None) -> attempts.AnswerOutcome:
    """Submit form values for one question with its proper submission id (`saves`: how
    often an exam answer there was saved before)."""
    return attempts.submit_answer(
        session, user_id=user_id, attempt_id=attempt_id, position=position,
        sub_id=attempts.submission_id(SECRET, attempt_id, position, saves), values=values,
        now=now, secret=SECRET, flag=flag)


def hand_in(session: Session, user_id: int, attempt_id: int, *, now: datetime) -> None:
    """Hand the attempt in, as the review page's button does."""
    attempts.finish_attempt(session, user_id=user_id, attempt_id=attempt_id, now=now)


def later(seconds: float) -> datetime:
    """NOW plus some seconds."""
    return NOW + timedelta(seconds=seconds)
