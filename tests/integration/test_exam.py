"""Exam mode as Moodle runs it: any order, answers changed until hand-in, flags, and a
review that lists what is unanswered and flagged; each save counts once."""
from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from quizapp.services import ServiceError
from quizapp.services.events import AnswerRecorded, _handlers, subscribe
from quizapp.services.quiz import attempts, pages
from quizapp.services.quiz.attempts import OutOfOrder
from tests.factories import make_user
from tests.factories_quiz import SECRET, answer, hand_in, later, load, right_values, start


@pytest.fixture
def learner(session):  # type: ignore[no-untyped-def]
    load(session)
    return make_user(session, "ada")


def _attempt(session: Session, attempt_id: int) -> Attempt:
    return session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                          .execution_options(populate_existing=True))


def _wrong(session: Session, user_id: int, attempt_id: int, position: int) -> list[str]:
    right = right_values(session, user_id, attempt_id, position)
    view = pages.question_page(session, user_id=user_id, attempt_id=attempt_id,
                               position=position, now=later(1), secret=SECRET)
    assert isinstance(view, pages.QuestionView)
    if view.options:
        return [next(o.value for o in view.options if [o.value] != right)]
    return ["999" if view.type == "numeric" else "certainly not"]


def test_questions_can_be_answered_in_any_order(session: Session, learner) -> None:
    attempt_id = start(session, learner.id, mode="exam", count=4)
    out = answer(session, learner.id, attempt_id, 2,
                 right_values(session, learner.id, attempt_id, 2), now=later(5))
    assert out.saved and not out.finished and out.next_position == 3
    out = answer(session, learner.id, attempt_id, 3, _wrong(session, learner.id, attempt_id, 3),
                 now=later(9))
    assert out.next_position == 0  # wraps round to the first without an answer
    attempt = _attempt(session, attempt_id)
    assert (attempt.answered_count, attempt.correct_count, attempt.finished_at) == (2, 1, None)
    view = pages.question_page(session, user_id=learner.id, attempt_id=attempt_id, position=0,
                               now=later(10), secret=SECRET)
    assert isinstance(view, pages.QuestionView)
    assert [(n.number, n.answered, n.current) for n in view.navigator] == [
        (1, False, True), (2, False, False), (3, True, False), (4, True, False)]


def test_an_answer_changes_until_hand_in_and_counts_once(session: Session, learner) -> None:
    events: list[AnswerRecorded] = []
    subscribe(AnswerRecorded, lambda _s, e: events.append(e))
    try:
        attempt_id = start(session, learner.id, mode="exam", count=2)
        wrong = _wrong(session, learner.id, attempt_id, 0)
        right = right_values(session, learner.id, attempt_id, 0)
        assert not answer(session, learner.id, attempt_id, 0, wrong, now=later(5)).correct
        view = pages.question_page(session, user_id=learner.id, attempt_id=attempt_id,
                                   position=0, now=later(6), secret=SECRET)
        assert isinstance(view, pages.QuestionView) and view.saved
        assert view.submission_id == attempts.submission_id(SECRET, attempt_id, 0, 1)
        assert [o.value for o in view.options if o.picked] == wrong or view.typed == wrong[0]
        changed = answer(session, learner.id, attempt_id, 0, right, now=later(8), saves=1)
        assert changed.correct and not changed.duplicate
        again = answer(session, learner.id, attempt_id, 0, right, now=later(9), saves=1)
        assert again.duplicate  # a double click on the change
        with pytest.raises(ServiceError, match="out of date"):  # the first form, still open
            answer(session, learner.id, attempt_id, 0, wrong, now=later(10))
    finally:
        _handlers[AnswerRecorded].pop()
    attempt = _attempt(session, attempt_id)
    assert (attempt.answered_count, attempt.correct_count, attempt.points) == (1, 1, 1.0)
    row = session.scalar(select(Answer).where(Answer.attempt_id == attempt_id))
    assert row.saves == 2 and row.correct
    assert len(events) == 1  # study hears of the first answer only
    hand_in(session, learner.id, attempt_id, now=later(20))
    with pytest.raises(attempts.AttemptOver):
        answer(session, learner.id, attempt_id, 0, wrong, now=later(21), saves=2)
    result = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                  now=later(30))
    assert result.score.correct == 1 and result.answers[0].correct
    assert not result.answers[1].answered


def test_skips_and_flags_show_in_the_review(session: Session, learner) -> None:
    attempt_id = start(session, learner.id, mode="exam", count=3)
    right0 = right_values(session, learner.id, attempt_id, 0)
    answer(session, learner.id, attempt_id, 0, right0, now=later(3), flag=True)
    skipped = answer(session, learner.id, attempt_id, 1, [], now=later(4), flag=True)
    assert not skipped.saved and skipped.next_position == 2
    answer(session, learner.id, attempt_id, 0, [], now=later(5), saves=1, flag=False)
    review = pages.hand_in_page(session, user_id=learner.id, attempt_id=attempt_id,
                                now=later(6))
    assert review.unanswered == [2, 3] and review.flagged == [2]
    assert session.scalar(select(func.count(Answer.id))) == 1  # a blank kept the answer
    assert _attempt(session, attempt_id).correct_count == 1


def test_all_answered_leads_to_the_review_not_the_result(session: Session, learner) -> None:
    attempt_id = start(session, learner.id, mode="exam", count=2)
    for position in range(2):
        out = answer(session, learner.id, attempt_id, position,
                     right_values(session, learner.id, attempt_id, position), now=later(5))
    assert out.next_position is None and not out.finished
    with pytest.raises(OutOfOrder) as raised:
        pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id, now=later(6))
    assert raised.value.review
    with pytest.raises(OutOfOrder) as raised:  # "go on" with no question in particular
        pages.question_page(session, user_id=learner.id, attempt_id=attempt_id, position=-1,
                            now=later(6), secret=SECRET)
    assert raised.value.review


def test_time_up_hands_an_exam_in(session: Session, learner) -> None:
    attempt_id = start(session, learner.id, mode="exam", count=3, limit=60)
    out = attempts.submit_answer(
        session, user_id=learner.id, attempt_id=attempt_id, position=1,
        sub_id=attempts.submission_id(SECRET, attempt_id, 1),
        values=right_values(session, learner.id, attempt_id, 1), now=later(59),
        secret=SECRET, time_up=True)
    assert out.finished and out.time_up and out.saved
    with pytest.raises(attempts.AttemptOver):
        answer(session, learner.id, attempt_id, 0, ["0"], now=later(61))


def test_concurrent_copies_of_a_change_count_once(app: Flask) -> None:
    with app.app_context():
        load(db.session)
        user_id = make_user(db.session, "ada").id
        attempt_id = start(db.session, user_id, mode="exam", count=2)
        answer(db.session, user_id, attempt_id, 0, _wrong(db.session, user_id, attempt_id, 0),
               now=later(2))
        right = right_values(db.session, user_id, attempt_id, 0)
        db.session.remove()
    barrier = threading.Barrier(6)
    outcomes: list[bool] = []

    def click() -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(answer(db.session, user_id, attempt_id, 0, right,
                                       now=later(5), saves=1).duplicate)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == [False] + [True] * 5
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        row = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt_id))
        assert (attempt.answered_count, attempt.correct_count, row.saves) == (1, 1, 2)
        db.session.remove()


def test_a_grade_read_ahead_is_the_grade_given_now(session: Session, learner) -> None:
    """The save grades before it takes the write lock; inside, that grade is used only
    for the same question, seed and values, and an unknown option is refused as before
    (nothing saved)."""
    from quizapp.models import Question
    from quizapp.services.quiz.recording import Graded, graded

    attempt_id = start(session, learner.id, mode="exam", count=6)
    attempt = _attempt(session, attempt_id)
    for position in range(attempt.question_count):
        question = session.get(Question, attempt.question_ids[position])
        right = right_values(session, learner.id, attempt_id, position)
        ahead = Graded.of(question, attempt.seed, right)
        assert ahead.for_(question, attempt.seed, right) == graded(question, attempt.seed, right)
        wrong = _wrong(session, learner.id, attempt_id, position)
        assert ahead.for_(question, attempt.seed, wrong) == graded(question, attempt.seed, wrong)
        if question.type in ("mcq", "multi", "true_false"):
            bad = Graded.of(question, attempt.seed, ["no-such-option"])
            with pytest.raises(ServiceError, match="Choose"):
                bad.for_(question, attempt.seed, ["no-such-option"])
            with pytest.raises(ServiceError, match="Choose"):
                answer(session, learner.id, attempt_id, position, ["no-such-option"],
                       now=later(5))
    assert _attempt(session, attempt_id).answered_count == 0
