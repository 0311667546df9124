"""Quiz answers on a studied set update the study schedule (wrong → Again, right → Good+)."""
from __future__ import annotations

from sqlalchemy import select

from quizapp.models import StudyCard, StudyReview
from quizapp.services.study import decks
from tests.factories import make_user
from tests.factories_quiz import answer, later, load, right_values, start


def test_quiz_answers_on_studied_questions_become_reviews(session) -> None:
    load(session)
    ada = make_user(session, "ada")
    decks.add_set(session, ada.id, "mixed", now=later(0))
    attempt = start(session, ada.id, mode="exam", count=2)
    answer(session, ada.id, attempt, 0, ["definitely wrong"], now=later(20))
    answer(session, ada.id, attempt, 1, right_values(session, ada.id, attempt, 1),
           now=later(40))
    reviews = session.scalars(select(StudyReview).where(StudyReview.source == "quiz")
                              .order_by(StudyReview.reviewed_at)).all()
    assert [r.rating for r in reviews][0] == 1
    assert reviews[1].rating >= 3
    assert len(reviews) == 2
    cards = session.scalars(select(StudyCard).where(StudyCard.last_review.is_not(None))).all()
    assert len(cards) == 2 and all(c.due > later(0) for c in cards)


def test_quiz_answers_on_unstudied_sets_leave_no_reviews(session) -> None:
    load(session)
    bob = make_user(session, "bob")
    attempt = start(session, bob.id, mode="exam", count=1)
    answer(session, bob.id, attempt, 0, ["wrong"], now=later(5))
    assert session.scalars(select(StudyReview)).all() == []
