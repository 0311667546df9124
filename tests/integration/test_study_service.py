"""Study service on a real database: deck, due queue, reviews, settings, quiz events."""
from __future__ import annotations

import random
import threading
import uuid
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from quizapp.core.srs.scheduling import Rating, State
from quizapp.database import write_transaction
from quizapp.extensions import db
from quizapp.models.study import StudyCard, StudyReview
from quizapp.services import NotFound, ServiceError
from quizapp.services.events import AnswerRecorded, publish
from quizapp.services.study import decks
from quizapp.services.study import settings as study_settings
from quizapp.services.study.queue import epoch_days
from tests.factories import NOW, import_bank, make_bank
from tests.factories_study import learner_with_deck, review


def test_study_this_set_adds_new_cards_once(session) -> None:
    user_id, cards = learner_with_deck(session, questions=5)
    assert len(cards) == 5
    again = decks.add_set(session, user_id, "study-set", now=NOW + timedelta(hours=1))
    assert (again.added, again.already) == (0, 5)
    assert session.scalar(select(func.count()).select_from(StudyCard)) == 5
    with pytest.raises(NotFound):
        decks.add_set(session, user_id, "no-such-set", now=NOW)


def test_new_cards_come_in_set_order_up_to_the_daily_limit(session) -> None:
    user_id, cards = learner_with_deck(session, questions=6)
    study_settings.update_settings(session, user_id, desired_retention=0.9, new_per_day=3,
                                   max_reviews_per_day=100, day_start_hour=4, now=NOW)
    first = decks.next_card(session, user_id, now=NOW)
    assert first.card is not None and first.card.card_id == cards[0]
    assert (first.remaining, first.new_remaining) == (3, 3)
    for card_id in cards[:3]:
        review(session, user_id, card_id, int(Rating.EASY), NOW)
    # Three new cards done today: the other three wait for tomorrow.
    assert decks.next_card(session, user_id, now=NOW + timedelta(minutes=1)).card is None
    tomorrow = decks.next_card(session, user_id, now=NOW + timedelta(days=1))
    assert tomorrow.card is not None and tomorrow.card.card_id == cards[3]


def test_a_learning_step_comes_back_within_the_session(session) -> None:
    user_id, cards = learner_with_deck(session, questions=2)
    review(session, user_id, cards[0], int(Rating.AGAIN), NOW)
    review(session, user_id, cards[1], int(Rating.EASY), NOW + timedelta(seconds=2))
    # Due in a minute: shown again (learn ahead) rather than ending the session.
    nxt = decks.next_card(session, user_id, now=NOW + timedelta(seconds=5))
    assert nxt.card is not None and nxt.card.card_id == cards[0]
    assert nxt.remaining == 1


def _make_review_card(session, card_id: int, *, last_days_ago: float, stability: float) -> None:
    """Put a card in long-term review, last reviewed `last_days_ago`, overdue now."""
    last = NOW - timedelta(days=last_days_ago)
    session.execute(update(StudyCard).where(StudyCard.id == card_id).values(
        state=int(State.REVIEW), step=None, stability=stability, difficulty=5.0,
        due=NOW - timedelta(hours=1), last_review=last, last_review_days=epoch_days(last)))
    session.commit()


def test_backlog_is_worked_most_at_risk_first_and_capped(session) -> None:
    user_id, cards = learner_with_deck(session, questions=4)
    # elapsed / stability: 10/2 = 5 (most at risk), 30/60 = 0.5, 20/5 = 4, 40/100 = 0.4
    for card_id, (ago, stab) in zip(cards, [(10, 2), (30, 60), (20, 5), (40, 100)], strict=True):
        _make_review_card(session, card_id, last_days_ago=ago, stability=stab)
    study_settings.update_settings(session, user_id, desired_retention=0.9, new_per_day=0,
                                   max_reviews_per_day=3, day_start_hour=4, now=NOW)
    seen = []
    moment = NOW
    for _ in range(3):
        nxt = decks.next_card(session, user_id, now=moment)
        assert nxt.card is not None
        seen.append(nxt.card.card_id)
        review(session, user_id, nxt.card.card_id, int(Rating.GOOD), moment)
        moment += timedelta(seconds=30)
    assert seen == [cards[0], cards[2], cards[1]]
    # The review limit is reached: the safest card waits for tomorrow.
    assert decks.next_card(session, user_id, now=moment).card is None


def test_due_queue_uses_the_user_due_index(session, app: Flask) -> None:
    from quizapp.services.study.queue import queue_query

    learner_with_deck(session, questions=3)
    query = queue_query(1, NOW, review_room=10, new_room=10)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(row) for row in session.execute(
            db.text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "ix_study_cards_user_due" in plan, plan
    else:
        session.execute(db.text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(row) for row in session.execute(db.text(f"EXPLAIN {compiled}")))
        assert "ix_study_cards_user_due" in plan, plan
        session.rollback()


def test_a_repeated_submission_records_one_review(session) -> None:
    user_id, cards = learner_with_deck(session, questions=1)
    first = review(session, user_id, cards[0], int(Rating.GOOD), NOW, submission_id="abc")
    again = review(session, user_id, cards[0], int(Rating.AGAIN), NOW + timedelta(seconds=3),
                   submission_id="abc")
    assert again.duplicate and not first.duplicate
    assert (again.rating, again.due) == (first.rating, first.due)
    assert session.scalar(select(func.count()).select_from(StudyReview)) == 1
    card = session.get(StudyCard, cards[0])
    session.refresh(card)
    assert card.reps == 1


def test_concurrent_identical_submissions_record_exactly_one_review(app: Flask) -> None:
    with app.app_context():
        user_id, cards = learner_with_deck(db.session, questions=1)
        db.session.remove()
    submission = uuid.uuid4().hex
    results: list[object] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        try:
            with app.app_context():
                barrier.wait()
                results.append(decks.record_review(
                    db.session, user_id, cards[0], int(Rating.GOOD), submission_id=submission,
                    now=NOW, duration_ms=1000, rng=random.Random(1)))
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(results) == 6
    assert sum(1 for r in results if not r.duplicate) == 1  # type: ignore[attr-defined]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StudyReview)) == 1
        assert db.session.get(StudyCard, cards[0]).reps == 1
        db.session.remove()


def test_another_learners_card_is_not_found(session) -> None:
    owner, cards = learner_with_deck(session, "ada", questions=1)
    other, _ = learner_with_deck(session, "bob", questions=1)
    with pytest.raises(NotFound):
        review(session, other, cards[0], int(Rating.GOOD), NOW)
    with pytest.raises(NotFound):
        decks.reveal(session, other, cards[0], now=NOW)


def test_reveal_grades_a_typed_answer_and_previews_each_rating(session) -> None:
    user_id, cards = learner_with_deck(session, questions=1)
    right = decks.reveal(session, user_id, cards[0], now=NOW, given="canbera")
    assert right.correct is True and right.suggested == int(Rating.GOOD)
    assert right.answer == "Canberra" and right.source_text
    wrong = decks.reveal(session, user_id, cards[0], now=NOW, given="Sydney")
    assert wrong.correct is False and wrong.suggested == int(Rating.AGAIN)
    labels = [(r.label, r.interval) for r in right.ratings]
    assert [label for label, _ in labels] == ["Again", "Hard", "Good", "Easy"]
    assert labels[0][1] == "1 min" and labels[3][1].endswith("days")


def test_reviews_spread_load_and_keep_siblings_apart(session) -> None:
    user_id, cards = learner_with_deck(session, questions=2)  # q1, q2: same source sentence
    for card_id in cards:
        _make_review_card(session, card_id, last_days_ago=10, stability=10)
    first = review(session, user_id, cards[0], int(Rating.GOOD), NOW, seed=1)
    second = review(session, user_id, cards[1], int(Rating.GOOD), NOW, seed=1)
    # Same state, same rng draw: without sibling spacing they would land on the same day.
    assert first.interval_seconds >= 3 * 86400
    assert first.due.date() != second.due.date()


def test_settings_are_validated(session) -> None:
    user_id, _ = learner_with_deck(session, questions=1)
    assert study_settings.get_settings(session, user_id).desired_retention == 0.9
    with pytest.raises(ServiceError, match="Desired retention"):
        study_settings.update_settings(session, user_id, desired_retention=0.99, new_per_day=5,
                                       max_reviews_per_day=100, day_start_hour=4, now=NOW)
    saved = study_settings.update_settings(session, user_id, desired_retention=0.85,
                                           new_per_day=5, max_reviews_per_day=100,
                                           day_start_hour=6, now=NOW)
    assert (saved.desired_retention, saved.new_per_day, saved.day_start_hour) == (0.85, 5, 6)


def test_a_quiz_answer_on_a_studied_question_updates_the_schedule(session) -> None:
    user_id, cards = learner_with_deck(session, questions=2)
    card = session.get(StudyCard, cards[0])
    question_id = card.question_id
    with write_transaction(session):  # as the quiz service does
        publish(session, AnswerRecorded(user_id, question_id, correct=False, typed=True,
                                        seconds=4.0, answer_length=8, answered_at=NOW))
    row = session.scalar(select(StudyReview))
    assert (row.source, row.rating, row.card_id) == ("quiz", int(Rating.AGAIN), cards[0])
    session.refresh(card)
    assert card.last_review == NOW and card.reps == 1
    # A quick typed right answer counts as Easy.
    with write_transaction(session):  # as the quiz service does
        publish(session, AnswerRecorded(user_id, question_id, correct=True, typed=True,
                                        seconds=2.0, answer_length=8,
                                        answered_at=NOW + timedelta(days=1)))
    ratings = session.scalars(select(StudyReview.rating).order_by(StudyReview.id)).all()
    assert ratings == [int(Rating.AGAIN), int(Rating.EASY)]


def test_a_quiz_answer_outside_the_deck_changes_nothing(session) -> None:
    user_id, cards = learner_with_deck(session, "ada", questions=1)
    other, _ = learner_with_deck(session, "bob", questions=1)
    study_card = session.get(StudyCard, cards[0])
    with write_transaction(session):  # as the quiz service does
        publish(session, AnswerRecorded(other + 100, study_card.question_id, correct=True,
                                        typed=False, seconds=3.0, answer_length=3,
                                        answered_at=NOW))
    assert session.scalar(select(func.count()).select_from(StudyReview)) == 0


def test_session_summary_counts_todays_reviews(session) -> None:
    user_id, cards = learner_with_deck(session, questions=3)
    review(session, user_id, cards[0], int(Rating.AGAIN), NOW)
    review(session, user_id, cards[1], int(Rating.EASY), NOW + timedelta(seconds=10))
    summary = decks.today_summary(session, user_id, now=NOW + timedelta(minutes=1))
    assert (summary.reviewed, summary.again, summary.seconds) == (2, 1, 8)
    assert summary.next_due is not None and summary.next_due > NOW


def test_a_removed_set_leaves_the_queue_and_comes_back_with_its_progress(session) -> None:
    """Issue 12, item 10: a set could not be taken out of the deck."""
    user_id, cards = learner_with_deck(session, questions=3)
    review(session, user_id, cards[0], int(Rating.GOOD), NOW)
    other = make_bank("other-set", title="Other set", questions=2)
    import_bank(session, other)
    decks.add_set(session, user_id, "other-set", now=NOW)
    assert [d.title for d in decks.deck_sets(session, user_id, now=NOW)] == [
        "Other set", "Study set"]

    report = decks.remove_set(session, user_id, "study-set")
    assert (report.title, report.cards) == ("Study set", 3)
    later = NOW + timedelta(days=30)  # every card of both sets would be due by now
    queue = decks.due_queue(session, user_id, study_settings.get_settings(session, user_id),
                            later)
    studied = set(session.scalars(select(StudyCard.id).where(
        StudyCard.id.in_([c for c, _ in queue]), StudyCard.bank_id == cards_bank(session))))
    assert queue and not studied  # only the other set's cards
    assert decks.deck_size(session, user_id) == 2
    assert [d.slug for d in decks.deck_sets(session, user_id, now=NOW)] == ["other-set"]
    with pytest.raises(NotFound):
        decks.remove_set(session, user_id, "study-set")

    back = decks.add_set(session, user_id, "study-set", now=later)
    assert back.returned and back.added == 0
    card = session.get(StudyCard, cards[0])
    assert card is not None and card.reps == 1  # the memory was kept
    assert decks.deck_size(session, user_id) == 5


def cards_bank(session) -> int:  # type: ignore[no-untyped-def]
    from quizapp.models import Bank
    return int(session.scalar(select(Bank.id).where(Bank.ref == "study-set")))


def test_the_queue_joins_the_deck_by_its_unique_index(session, app: Flask) -> None:
    from quizapp.services.study.queue import queue_query

    learner_with_deck(session, questions=3)
    compiled = queue_query(1, NOW, review_room=10, new_room=10).compile(
        db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = [str(row) for row in session.execute(db.text(f"EXPLAIN QUERY PLAN {compiled}"))]
        deck_steps = [p for p in plan if "study_decks" in p]
        assert deck_steps and all("INDEX" in p for p in deck_steps), plan
        assert not any("SCAN study_cards" in p for p in plan), plan
    else:
        session.execute(db.text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(row) for row in session.execute(db.text(f"EXPLAIN {compiled}")))
        assert "ix_study_cards_user_due" in plan and "study_decks" in plan, plan
        assert "Seq Scan on study_decks" not in plan, plan
        session.rollback()
