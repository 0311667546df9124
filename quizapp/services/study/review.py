"""Applying one review to a card row: real per-day load and sibling days from the database."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quizapp.core.srs.scheduling import Rating, Scheduler, State
from quizapp.core.srs.spread import MIN_FUZZ_INTERVAL, fuzz_range
from quizapp.models import Question
from quizapp.models.study import StudyCard, StudyReview, card_state
from quizapp.services.study.queue import epoch_days
from quizapp.services.study.settings import Settings


@dataclass(frozen=True)
class ReviewResult:
    """What a recorded review did (the same for a repeated submission)."""

    card_id: int
    rating: int
    due: datetime
    interval_seconds: int
    duplicate: bool


def review_result(review: StudyReview, *, duplicate: bool) -> ReviewResult:
    """The result of a review row."""
    return ReviewResult(review.card_id, review.rating, review.due_after,
                        review.interval_seconds, duplicate)


def _load(session: Session, card: StudyCard, scheduler: Scheduler, low: int, high: int,
          now: datetime) -> Counter[date]:
    """Reviews already due per study day in the candidate window (one range scan)."""
    dues = session.scalars(select(StudyCard.due).where(
        StudyCard.user_id == card.user_id, StudyCard.due >= now + timedelta(days=low - 1),
        StudyCard.due < now + timedelta(days=high + 2), StudyCard.id != card.id,
        StudyCard.last_review.is_not(None)))
    return Counter(scheduler.day_of(due) for due in dues)


def _sibling_days(session: Session, card: StudyCard, scheduler: Scheduler) -> set[date]:
    """Study days on which another question from the same source sentence is due."""
    me = session.get(Question, card.question_id)
    if me is None or me.source_start is None or me.source_end is None:
        return set()
    dues = session.scalars(
        select(StudyCard.due).join(Question, Question.id == StudyCard.question_id)
        .where(StudyCard.user_id == card.user_id, StudyCard.id != card.id,
               StudyCard.last_review.is_not(None), Question.bank_id == me.bank_id,
               Question.source_start == me.source_start, Question.source_end == me.source_end))
    return {scheduler.day_of(due) for due in dues}


def apply_review(
    session: Session, card: StudyCard, rating: Rating, settings: Settings, *, now: datetime,
    submission_id: str, duration_ms: int | None, rng: random.Random, source: str,
) -> StudyReview:
    """Schedule the card (inside the caller's transaction) and append the review log row."""
    scheduler = settings.scheduler()
    before = card_state(card)
    if before.is_new:
        before = type(before)(before.state, before.step, None, None, None, None)
    load: Counter[date] | None = None
    siblings: set[date] = set()
    base = scheduler.base_interval(before, rating, now)
    if base.days >= MIN_FUZZ_INTERVAL:
        low, high = fuzz_range(base.days, scheduler.maximum_interval)
        load = _load(session, card, scheduler, low, high, now)
        siblings = _sibling_days(session, card, scheduler)
    outcome = scheduler.review(before, rating, now, load=load, sibling_days=siblings, rng=rng,
                               duration_ms=duration_ms)
    after = outcome.card
    assert after.due is not None
    cross_day = (before.last_review is not None
                 and scheduler.day_of(before.last_review) != scheduler.day_of(now))
    lapse = int(rating == Rating.AGAIN and before.state == State.REVIEW)
    session.execute(
        update(StudyCard).where(StudyCard.id == card.id).values(
            state=int(after.state), step=after.step, stability=after.stability,
            difficulty=after.difficulty, due=after.due, last_review=now,
            last_review_days=epoch_days(now), reps=StudyCard.reps + 1,
            lapses=StudyCard.lapses + lapse)
        .execution_options(synchronize_session=False))
    review = StudyReview(
        user_id=card.user_id, card_id=card.id, submission_id=submission_id, source=source,
        rating=int(rating), reviewed_at=now, duration_ms=duration_ms,
        interval_seconds=int(outcome.interval.total_seconds()), was_new=before.is_new,
        cross_day=cross_day, state_before=int(before.state), step_before=before.step,
        stability_before=before.stability, difficulty_before=before.difficulty,
        due_before=card.due, last_review_before=before.last_review,
        state_after=int(after.state), step_after=after.step,
        stability_after=after.stability, difficulty_after=after.difficulty,
        due_after=after.due)
    session.add(review)
    session.flush()
    session.expire(card)
    return review
