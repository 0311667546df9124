"""Personal FSRS parameters: fit a learner's own when due, adopt only if they predict better.

The fit (fsrs-rs, up to about a second) runs outside any transaction: read the history,
fit, then one short write transaction that stores the result unless another worker stored
a newer fit meanwhile.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.srs.optimize import optimization_due, optimize_for_learner
from quizapp.core.srs.revlog import ReviewRecord
from quizapp.core.srs.scheduling import DEFAULT_PARAMETERS
from quizapp.database import write_transaction
from quizapp.models.study import StudyReview
from quizapp.services.study.settings import get_settings, settings_row


@dataclass(frozen=True)
class OptimizeReport:
    """One learner's optimisation run."""

    user_id: int
    adopted: bool
    reason: str
    reviews: int
    old_log_loss: float | None
    new_log_loss: float | None


def _finite(value: float | None) -> float | None:
    """JSON-safe loss: NaN and infinities become None."""
    return value if value is not None and math.isfinite(value) else None


def cross_day_reviews(session: Session, user_id: int) -> int:
    """Reviews at least one study day after the card's previous review."""
    return int(session.scalar(select(func.count()).select_from(StudyReview).where(
        StudyReview.user_id == user_id, StudyReview.cross_day.is_(True))) or 0)


def is_due(session: Session, user_id: int) -> bool:
    """Whether the learner's parameters should be (re)fitted now."""
    at_last_fit = get_settings(session, user_id).fitted_at_reviews
    return optimization_due(cross_day_reviews(session, user_id), at_last_fit)


def users_due(session: Session) -> list[int]:
    """Learners whose parameters are due for a fit."""
    users = session.scalars(select(StudyReview.user_id).where(StudyReview.cross_day.is_(True))
                            .group_by(StudyReview.user_id).order_by(StudyReview.user_id)).all()
    return [user_id for user_id in users if is_due(session, user_id)]


def history(session: Session, user_id: int) -> list[ReviewRecord]:
    """The learner's review log as the core's records, in time order."""
    rows = session.execute(
        select(StudyReview.card_id, StudyReview.rating, StudyReview.reviewed_at,
               StudyReview.duration_ms)
        .where(StudyReview.user_id == user_id)
        .order_by(StudyReview.reviewed_at, StudyReview.id))
    return [ReviewRecord(card, rating, at, duration or 0) for card, rating, at, duration in rows]


def optimize_user(session: Session, user_id: int, *, now: datetime,
                  force: bool = False) -> OptimizeReport | None:
    """Fit and maybe adopt the learner's parameters; None when not due (unless forced)."""
    settings = get_settings(session, user_id)
    reviews = cross_day_reviews(session, user_id)
    if not force and not optimization_due(reviews, settings.fitted_at_reviews):
        return None
    records = history(session, user_id)
    session.commit()  # end the read transaction before the slow fit
    result = optimize_for_learner(records, settings.parameters or DEFAULT_PARAMETERS,
                                  day_start_hour=settings.day_start_hour)
    with write_transaction(session):
        row = settings_row(session, user_id, now)
        if row.fitted_at_reviews is not None and row.fitted_at_reviews > reviews:
            return None  # someone stored a fit on more data meanwhile
        row.fitted_at_reviews = reviews
        if result.adopted:
            row.parameters = list(result.parameters)
        row.fit_log = {"at": now.isoformat(), "adopted": result.adopted, "reason": result.reason,
                       "old_log_loss": _finite(result.old_log_loss),
                       "new_log_loss": _finite(result.new_log_loss),
                       "training_items": result.training_items,
                       "holdout_items": result.holdout_items}
        row.updated_at = now
    return OptimizeReport(user_id, result.adopted, result.reason, reviews,
                          _finite(result.old_log_loss), _finite(result.new_log_loss))
