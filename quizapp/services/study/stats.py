"""A learner's memory statistics: streak, activity, upcoming load, true retention, memory."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quizapp.core.srs.scheduling import Rating, Scheduler, State
from quizapp.core.srs.stats import streak
from quizapp.models import Bank, Question
from quizapp.models.study import StudyCard, StudyDeck, StudyReview, card_state
from quizapp.services.pages import Page, clamp_page
from quizapp.services.study.queue import IN_DECK, epoch_days
from quizapp.services.study.settings import get_settings

DayOf = Callable[[datetime], date]
HISTORY_DAYS = 400
FORECAST_DAYS = 30


@dataclass(frozen=True)
class SetRetention:
    """True retention for one set: share of due reviews that were recalled."""

    title: str
    slug: str
    due_reviews: int
    recalled: int

    @property
    def rate(self) -> float | None:
        """Recalled / due reviews, None before the first due review."""
        return self.recalled / self.due_reviews if self.due_reviews else None


@dataclass(frozen=True)
class MemoryLine:
    """One studied question and how well the learner remembers it now."""

    prompt: str
    set_title: str
    retrievability: float
    due: datetime
    reviews: int
    lapses: int


@dataclass(frozen=True)
class Overview:
    """Everything on the stats page, as plain values."""

    today: date
    streak: int
    total_reviews: int
    reviews_by_day: dict[date, int]
    due_by_day: list[tuple[date, int]]
    retention: list[SetRetention]
    memory: Page[MemoryLine]
    cards: int
    new_cards: int
    personal: bool


def _activity(session: Session, user_id: int, day_of: DayOf, since: datetime) -> Counter[date]:
    """Reviews per study day since `since`."""
    times = session.scalars(select(StudyReview.reviewed_at).where(
        StudyReview.user_id == user_id, StudyReview.reviewed_at >= since))
    return Counter(day_of(t) for t in times)


def _forecast(session: Session, user_id: int, day_of: DayOf, today: date,
              now: datetime) -> list[tuple[date, int]]:
    """Cards due per study day for the next 30 days (overdue ones count today)."""
    dues = session.scalars(
        select(StudyCard.due).join(Question, Question.id == StudyCard.question_id)
        .join(StudyDeck, IN_DECK)
        .where(StudyCard.user_id == user_id, StudyCard.last_review.is_not(None),
               StudyCard.due < now + timedelta(days=FORECAST_DAYS + 1),
               Question.retired_at.is_(None)))
    counts = Counter(max(today, day_of(due)) for due in dues)
    return [(today + timedelta(days=i), counts.get(today + timedelta(days=i), 0))
            for i in range(FORECAST_DAYS)]


def _retention(session: Session, user_id: int) -> list[SetRetention]:
    """True retention per set, over reviews of cards that were in long-term review."""
    recalled = func.sum(case((StudyReview.rating > int(Rating.AGAIN), 1), else_=0))
    rows = session.execute(
        select(Bank.title, Bank.ref, func.count(), recalled)
        .select_from(StudyReview)
        .join(StudyCard, StudyCard.id == StudyReview.card_id)
        .join(Bank, Bank.id == StudyCard.bank_id)
        .where(StudyReview.user_id == user_id, StudyReview.state_before == int(State.REVIEW))
        .group_by(Bank.id, Bank.title, Bank.ref).order_by(Bank.title))
    return [SetRetention(title, slug, int(n), int(ok or 0)) for title, slug, n, ok in rows]


def _memory(session: Session, user_id: int, now: datetime, page: int, per_page: int,
            scheduler: Scheduler) -> Page[MemoryLine]:
    """One page of studied questions, least remembered first."""
    where = (StudyCard.user_id == user_id, StudyCard.last_review.is_not(None))
    total = int(session.scalar(select(func.count()).select_from(StudyCard).where(*where)) or 0)
    page = clamp_page(page, total, per_page)
    risk = (epoch_days(now) - StudyCard.last_review_days) / StudyCard.stability
    rows = session.execute(
        select(StudyCard, Question.prompt, Bank.title)
        .join(Question, Question.id == StudyCard.question_id)
        .join(Bank, Bank.id == StudyCard.bank_id)
        .where(*where).order_by(risk.desc(), StudyCard.id)
        .limit(per_page).offset((page - 1) * per_page))
    items = [MemoryLine(prompt, title, scheduler.retrievability(card_state(card), now),
                        card.due, card.reps, card.lapses) for card, prompt, title in rows]
    return Page(items, page, per_page, total)


def overview(session: Session, user_id: int, *, now: datetime, page: int = 1,
             per_page: int = 25) -> Overview:
    """The learner's stats page."""
    settings = get_settings(session, user_id)
    scheduler = settings.scheduler()
    today = scheduler.day_of(now)
    activity = _activity(session, user_id, scheduler.day_of, now - timedelta(days=HISTORY_DAYS))
    total = int(session.scalar(select(func.count()).select_from(StudyReview)
                               .where(StudyReview.user_id == user_id)) or 0)
    cards, new_cards = session.execute(
        select(func.count(), func.count().filter(StudyCard.last_review.is_(None)))
        .select_from(StudyCard).join(StudyDeck, IN_DECK)
        .where(StudyCard.user_id == user_id)).one()
    return Overview(today, streak(set(activity), today), total, dict(activity),
                    _forecast(session, user_id, scheduler.day_of, today, now),
                    _retention(session, user_id),
                    _memory(session, user_id, now, page, per_page, scheduler),
                    int(cards), int(new_cards), settings.personal)
