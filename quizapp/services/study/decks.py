"""Study sessions: add a set to the deck, show the next card, reveal, record a review.

Quiz answers on studied questions update the schedule too: `on_answer_recorded` is
subscribed to `AnswerRecorded` at import time and runs inside the quiz's transaction.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from quizapp.core import grading
from quizapp.core.quiz import option_order
from quizapp.core.srs.queue import rating_from_quiz
from quizapp.core.srs.scheduling import Rating, State
from quizapp.core.srs.stats import format_interval
from quizapp.database import write_transaction
from quizapp.models import Bank, Question
from quizapp.models.study import StudyCard, StudyDeck, StudyReview, card_state
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.events import AnswerRecorded, subscribe
from quizapp.services.locks import lock_user
from quizapp.services.quiz.pages import right_text
from quizapp.services.study.queue import IN_DECK, NEW, due_queue
from quizapp.services.study.review import apply_review, review_result
from quizapp.services.study.settings import get_settings


@dataclass(frozen=True)
class AddReport:
    """What "Study this set" did: `returned` when the set comes back to the deck with the
    cards (and memory) it had."""

    title: str
    added: int
    already: int
    returned: bool = False


@dataclass(frozen=True)
class RemoveReport:
    """What "Remove from deck" did: the set's cards are kept, out of the queue."""

    title: str
    slug: str
    cards: int


@dataclass(frozen=True)
class DeckSet:
    """A set in the learner's deck, for the list on the study page."""

    title: str
    slug: str
    cards: int
    due: int


def add_set(session: Session, user_id: int, slug: str, *, now: datetime) -> AddReport:
    """Put a set's active questions in the learner's deck as new cards (idempotent)."""
    with write_transaction(session):
        lock_user(session, user_id)
        return put_in_deck(session, user_id, access.learnable(session, slug, user_id), now=now)


def put_in_deck(session: Session, user_id: int, bank: Bank, *, now: datetime) -> AddReport:
    """Add the set to the deck, inside the caller's write transaction with the user locked
    (and access to the set already granted: the set's page, or a class's study assignment)."""
    joined = session.scalar(select(StudyDeck.id).where(
        StudyDeck.user_id == user_id, StudyDeck.bank_id == bank.id)) is None
    if joined:
        session.add(StudyDeck(user_id=user_id, bank_id=bank.id, added_at=now))
    have = set(session.scalars(select(StudyCard.question_id).where(
        StudyCard.user_id == user_id, StudyCard.bank_id == bank.id)))
    questions = session.scalars(
        select(Question.id).where(Question.bank_id == bank.id,
                                  Question.retired_at.is_(None))
        .order_by(Question.position)).all()
    fresh = [qid for qid in questions if qid not in have]
    # New cards keep the set's order: later questions are "added" a microsecond later.
    session.add_all(StudyCard(
        user_id=user_id, question_id=qid, bank_id=bank.id, state=int(State.LEARNING),
        step=0, due=now + timedelta(microseconds=i), created_at=now)
        for i, qid in enumerate(fresh))
    return AddReport(bank.title, len(fresh), len(questions) - len(fresh),
                     returned=joined and bool(have))


def remove_set(session: Session, user_id: int, slug: str) -> RemoveReport:
    """Take a set out of the learner's deck. Its cards stay, with their memory, out of the
    queue; adding the set again brings them back as they were. A set that has since
    become private can still be removed."""
    with write_transaction(session):
        lock_user(session, user_id)
        row = session.execute(
            select(StudyDeck, Bank).join(Bank, Bank.id == StudyDeck.bank_id)
            .where(StudyDeck.user_id == user_id, Bank.ref == slug)).first()
        if row is None:
            raise NotFound("That set is not in your study deck.")
        deck, bank = row
        cards = int(session.scalar(select(func.count()).select_from(StudyCard).where(
            StudyCard.user_id == user_id, StudyCard.bank_id == bank.id)) or 0)
        session.delete(deck)
        report = RemoveReport(bank.title, bank.ref, cards)
    return report


def deck_sets(session: Session, user_id: int, *, now: datetime) -> list[DeckSet]:
    """The sets in the learner's deck, by title, with their cards and how many are due."""
    due = func.count().filter(StudyCard.due <= now, Question.retired_at.is_(None))
    rows = session.execute(
        select(Bank.title, Bank.ref, func.count(StudyCard.id), due)
        .select_from(StudyDeck)
        .join(Bank, Bank.id == StudyDeck.bank_id)
        .outerjoin(StudyCard, IN_DECK)
        .outerjoin(Question, Question.id == StudyCard.question_id)
        .where(StudyDeck.user_id == user_id)
        .group_by(Bank.id, Bank.title, Bank.ref)
        .order_by(func.lower(Bank.title), Bank.id))
    return [DeckSet(title, ref, int(n), int(d or 0)) for title, ref, n, d in rows]


@dataclass(frozen=True)
class CardView:
    """A card as the prompt side shows it: never the answer."""

    card_id: int
    set_title: str
    set_slug: str
    type: str
    prompt: str
    choices: tuple[str, ...]
    is_new: bool
    reps: int  # reviews so far: one showing of a card is (card_id, reps)


@dataclass(frozen=True)
class NextCard:
    """The study page: the card to show (None when caught up) and what is left."""

    card: CardView | None
    remaining: int
    new_remaining: int


_CARD_VIEW = (  # built once: every study page shows a card
    select(StudyCard, Question, Bank)
    .join(Question, Question.id == StudyCard.question_id)
    .join(Bank, Bank.id == Question.bank_id)
    .where(StudyCard.id == bindparam("card_id"), StudyCard.user_id == bindparam("user_id")))


def _card_view(session: Session, user_id: int, card_id: int) -> tuple[StudyCard, Question, Bank]:
    """The learner's card with its question and set; NotFound for anyone else's."""
    row = session.execute(_CARD_VIEW, {"card_id": card_id, "user_id": user_id}).first()
    if row is None:
        raise NotFound("No such card.")
    return row[0], row[1], row[2]


def _view(card: StudyCard, question: Question, bank: Bank) -> CardView:
    """Prompt-side view of a card (choices shown for choice questions only)."""
    choices: tuple[str, ...] = ()
    if question.type in ("mcq", "multi"):
        # Shuffled per card (stable between showings), so the answer's place is no clue.
        choices = tuple(option_order(question.choices or (), seed=card.id,
                                     question_id=question.qid))
    elif question.type == "true_false":
        choices = ("True", "False")
    return CardView(card.id, bank.title, bank.ref, question.type, question.prompt, choices,
                    card.last_review is None, card.reps)


def next_card(session: Session, user_id: int, *, now: datetime) -> NextCard:
    """The first card of the learner's due queue, with counts of what remains."""
    settings = get_settings(session, user_id)
    queue = due_queue(session, user_id, settings, now)
    if not queue:
        return NextCard(None, 0, 0)
    card, question, bank = _card_view(session, user_id, queue[0][0])
    return NextCard(_view(card, question, bank), len(queue),
                    sum(1 for _, kind in queue if kind == NEW))


@dataclass(frozen=True)
class RatingChoice:
    """A rating button: its key, label and when the card would come back."""

    rating: int
    label: str
    interval: str


@dataclass(frozen=True)
class Revealed:
    """The answer side: the answer, explanation, source, the grade of a typed answer."""

    card: CardView
    answer: str
    explanation: str | None
    source_text: str | None
    given: str | None
    correct: bool | None
    feedback: str | None
    suggested: int
    ratings: tuple[RatingChoice, ...]


def reveal(session: Session, user_id: int, card_id: int, *, now: datetime,
           given: str | list[str] | None = None) -> Revealed:
    """Show the answer; grade `given` as quizzes do when the learner answered."""
    card, question, bank = _card_view(session, user_id, card_id)
    settings = get_settings(session, user_id)
    correct = feedback = shown = None
    suggested = int(Rating.GOOD)
    if given is not None and (given if isinstance(given, list) else given.strip()):
        result = grading.grade(question.type, given, answer=question.answer,
                               choices=tuple(question.choices or ()),
                               accept=tuple(question.accept or ()), tolerance=question.tolerance)
        correct, feedback = result.correct, result.feedback
        shown = ", ".join(given) if isinstance(given, list) else given
        suggested = int(Rating.GOOD if correct else Rating.AGAIN)
    previews = settings.scheduler().preview(card_state(card), now)
    ratings = tuple(RatingChoice(int(r), r.name.title(), format_interval(previews[r]))
                    for r in Rating)
    return Revealed(_view(card, question, bank), right_text(question, card.id),
                    question.explanation, question.source_text, shown, correct, feedback,
                    suggested, ratings)


def record_review(
    session: Session, user_id: int, card_id: int, rating: int, *, submission_id: str,
    now: datetime, duration_ms: int | None = None, rng: random.Random | None = None,
) -> Any:
    """Record one study review; a repeated submission id returns the first result."""
    if rating not in {int(r) for r in Rating}:
        raise ServiceError("Choose Again, Hard, Good or Easy.")
    if not submission_id or len(submission_id) > 64:
        raise ServiceError("This review form is not valid; reload the page.")
    with write_transaction(session):
        card = session.scalar(select(StudyCard).where(
            StudyCard.id == card_id, StudyCard.user_id == user_id).with_for_update())
        if card is None:
            raise NotFound("No such card.")
        first = session.scalar(select(StudyReview).where(
            StudyReview.user_id == user_id, StudyReview.submission_id == submission_id))
        if first is not None:
            return review_result(first, duplicate=True)
        settings = get_settings(session, user_id)
        review = apply_review(session, card, Rating(rating), settings, now=now,
                              submission_id=submission_id, duration_ms=duration_ms,
                              rng=rng or random.Random(), source="study")
        result = review_result(review, duplicate=False)
    return result


@dataclass(frozen=True)
class Summary:
    """Today's study so far: the end-of-session summary."""

    reviewed: int
    again: int
    seconds: int
    next_due: datetime | None


def today_summary(session: Session, user_id: int, *, now: datetime) -> Summary:
    """Reviews today, how many were Again, time spent, and when the next card is due."""
    settings = get_settings(session, user_id)
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(StudyReview.duration_ms), 0),
               func.count().filter(StudyReview.rating == int(Rating.AGAIN)))
        .where(StudyReview.user_id == user_id, StudyReview.source == "study",
               StudyReview.reviewed_at >= settings.day_start(now))).one()
    reviewed, millis, again = (int(value or 0) for value in row)
    next_due = session.scalar(
        select(func.min(StudyCard.due)).join(Question, Question.id == StudyCard.question_id)
        .join(StudyDeck, IN_DECK)
        .where(StudyCard.user_id == user_id, StudyCard.last_review.is_not(None),
               StudyCard.due > now, Question.retired_at.is_(None)))
    return Summary(reviewed, again, millis // 1000, next_due)


def deck_size(session: Session, user_id: int) -> int:
    """How many cards the learner has in the sets of their deck (0: nothing to study)."""
    return int(session.scalar(select(func.count()).select_from(StudyCard)
                              .join(StudyDeck, IN_DECK)
                              .where(StudyCard.user_id == user_id)) or 0)


_CARD_OF = select(StudyCard).where(  # built once: every quiz answer asks it
    StudyCard.user_id == bindparam("user_id"),
    StudyCard.question_id == bindparam("question_id")).with_for_update()


def on_answer_recorded(session: Session, event: AnswerRecorded) -> None:
    """A quiz answer on a studied question is a review: wrong Again, right Good/Easy."""
    card = session.scalar(_CARD_OF, {"user_id": event.user_id, "question_id": event.question_id})
    if card is None:
        return
    key = f"{event.question_id}|{event.answered_at.isoformat()}".encode()
    submission_id = "quiz-" + hashlib.sha256(key).hexdigest()[:40]
    if session.scalar(select(StudyReview.id).where(
            StudyReview.user_id == event.user_id,
            StudyReview.submission_id == submission_id)) is not None:
        return
    rating = rating_from_quiz(event.correct, event.typed, max(0.0, event.seconds),
                              max(0, event.answer_length))
    apply_review(session, card, rating, get_settings(session, event.user_id),
                 now=event.answered_at, submission_id=submission_id,
                 duration_ms=int(max(0.0, event.seconds) * 1000), rng=random.Random(),
                 source="quiz")


subscribe(AnswerRecorded, on_answer_recorded)
