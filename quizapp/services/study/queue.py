"""The due queue: one indexed query on (user_id, due) over the learner's cards in the
sets of their deck.

Order, as `quizapp.core.srs.queue.order_queue` defines it: learning steps that are
due (earliest first), then due reviews most-at-risk first (largest elapsed / stability,
i.e. lowest retrievability) capped by what is left of today's review limit, then new
cards up to the new-per-day limit, then learning steps due within the learn-ahead window
(as Anki does, so a session does not end with a step due in a few minutes).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Float, Integer, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from quizapp.core.srs.scheduling import State
from quizapp.database import UTCDateTime
from quizapp.models import Question
from quizapp.models.study import StudyCard, StudyDeck, StudyReview
from quizapp.services.study.settings import Settings

LEARN_AHEAD = timedelta(minutes=20)
QUEUE_BOUND = 1000  # rows fetched at most; a day's queue is capped far below this anyway
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

STEP, REVIEW, NEW, AHEAD = 0, 1, 2, 3


def epoch_days(moment: datetime) -> float:
    """Days since the Unix epoch (the unit of `StudyCard.last_review_days`)."""
    return (moment - EPOCH).total_seconds() / 86400


@dataclass(frozen=True)
class DoneToday:
    """Study reviews the learner already did today, split by new and not new."""

    reviews: int
    new: int


@functools.cache
def _done_today_statement() -> Select[Any]:
    return (select(StudyReview.was_new, func.count())
            .where(StudyReview.user_id == bindparam("user_id", type_=Integer),
                   StudyReview.source == "study",
                   StudyReview.reviewed_at >= bindparam("since", type_=UTCDateTime))
            .group_by(StudyReview.was_new))


def done_today(session: Session, user_id: int, settings: Settings, now: datetime) -> DoneToday:
    """Count today's study reviews (quiz answers do not use up the daily limits)."""
    rows = session.execute(_done_today_statement(), {
        "user_id": user_id, "since": settings.day_start(now)}).all()
    counts = {bool(was_new): int(n) for was_new, n in rows}
    return DoneToday(reviews=counts.get(False, 0), new=counts.get(True, 0))


# Cards count only while their set is in the learner's deck: a set taken out keeps its
# cards (and their memory), so adding it back picks up where the learner left off.
IN_DECK = and_(StudyDeck.user_id == StudyCard.user_id, StudyDeck.bank_id == StudyCard.bank_id)


def queue_query(user_id: int, now: datetime, *, review_room: int, new_room: int,
                ) -> Select[Any]:
    """(card id, kind) of the cards to study now, in order: one range scan on (user_id, due)."""
    return _queue_statement().params(**queue_params(
        user_id, now, review_room=review_room, new_room=new_room))


def queue_params(user_id: int, now: datetime, *, review_room: int, new_room: int,
                 ) -> dict[str, Any]:
    """The values `_queue_statement` takes."""
    return {"user_id": user_id, "now": now, "now_days": epoch_days(now),
            "horizon": now + LEARN_AHEAD, "review_room": review_room, "new_room": new_room}


@functools.cache
def _queue_statement() -> Select[Any]:
    """The queue's statement, built once with its values as parameters (building the
    expression took as long as running it, on every study page)."""
    now, horizon = bindparam("now", type_=UTCDateTime), bindparam("horizon", type_=UTCDateTime)
    is_new = StudyCard.last_review.is_(None)
    kind = case(
        (is_new, NEW),
        (StudyCard.due > now, AHEAD),
        (StudyCard.state == int(State.REVIEW), REVIEW),
        else_=STEP)
    risk = case(
        (and_(~is_new, StudyCard.state == int(State.REVIEW)),
         (bindparam("now_days", type_=Float) - StudyCard.last_review_days)
         / StudyCard.stability),
        else_=0.0)
    rank = func.row_number().over(partition_by=kind,
                                  order_by=(risk.desc(), StudyCard.due, StudyCard.id))
    inner = (
        select(StudyCard.id.label("id"), kind.label("kind"), rank.label("rank"))
        .join(Question, Question.id == StudyCard.question_id)
        .join(StudyDeck, IN_DECK)
        .where(StudyCard.user_id == bindparam("user_id", type_=Integer),
               StudyCard.due <= horizon, Question.retired_at.is_(None))
        .subquery())
    return (
        select(inner.c.id, inner.c.kind)
        .where(or_(inner.c.kind.in_((STEP, AHEAD)),
                   and_(inner.c.kind == REVIEW,
                        inner.c.rank <= bindparam("review_room", type_=Integer)),
                   and_(inner.c.kind == NEW,
                        inner.c.rank <= bindparam("new_room", type_=Integer))))
        .order_by(inner.c.kind, inner.c.rank)
        .limit(QUEUE_BOUND))


def due_queue(session: Session, user_id: int, settings: Settings, now: datetime,
              ) -> list[tuple[int, int]]:
    """The learner's queue right now: (card id, kind) in study order."""
    done = done_today(session, user_id, settings, now)
    params = queue_params(
        user_id, now,
        review_room=max(0, settings.max_reviews_per_day - done.reviews),
        new_room=max(0, settings.new_per_day - done.new))
    return [(int(card_id), int(kind))
            for card_id, kind in session.execute(_queue_statement(), params)]
