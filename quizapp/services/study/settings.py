"""A learner's study settings: read (defaults when unset), validate, save; their scheduler."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from quizapp.core.srs.scheduling import DEFAULT_PARAMETERS, Scheduler
from quizapp.database import write_transaction
from quizapp.models.study import (
    DEFAULT_DAY_START_HOUR,
    DEFAULT_MAX_REVIEWS,
    DEFAULT_NEW_PER_DAY,
    DEFAULT_RETENTION,
    StudySettings,
)
from quizapp.services import ServiceError
from quizapp.services.locks import lock_user

RETENTION_RANGE = (0.70, 0.97)
NEW_PER_DAY_RANGE = (0, 500)
MAX_REVIEWS_RANGE = (1, 5000)


@dataclass(frozen=True)
class Settings:
    """What the scheduler and the due queue need to know about a learner."""

    desired_retention: float = DEFAULT_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY
    max_reviews_per_day: int = DEFAULT_MAX_REVIEWS
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    parameters: tuple[float, ...] | None = None
    fitted_at_reviews: int | None = None

    @property
    def personal(self) -> bool:
        """True once personal parameters have been adopted."""
        return self.parameters is not None

    def scheduler(self) -> Scheduler:
        """The FSRS scheduler for this learner."""
        return Scheduler(self.parameters or DEFAULT_PARAMETERS,
                         desired_retention=self.desired_retention,
                         day_start_hour=self.day_start_hour)

    def day_start(self, now: datetime) -> datetime:
        """When the learner's current study day began (UTC)."""
        day = self.scheduler().day_of(now)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            hours=self.day_start_hour)


_SETTINGS = select(StudySettings).where(  # built once: every study page reads it
    StudySettings.user_id == bindparam("user_id"))


def get_settings(session: Session, user_id: int) -> Settings:
    """The learner's settings, or the defaults if they never saved any."""
    row = session.scalar(_SETTINGS, {"user_id": user_id})
    if row is None:
        return Settings()
    return Settings(row.desired_retention, row.new_per_day, row.max_reviews_per_day,
                    row.day_start_hour, tuple(row.parameters) if row.parameters else None,
                    row.fitted_at_reviews)


def _check(name: str, value: float, bounds: tuple[float, float]) -> None:
    """Refuse a value outside its range with a message a learner understands."""
    low, high = bounds
    if not low <= value <= high:
        raise ServiceError(f"{name} must be between {low:g} and {high:g}.")


def settings_row(session: Session, user_id: int, now: datetime) -> StudySettings:
    """The learner's settings row, created with defaults (call inside a write transaction)."""
    lock_user(session, user_id)
    row = session.scalar(select(StudySettings).where(StudySettings.user_id == user_id)
                         .with_for_update())
    if row is None:
        row = StudySettings(user_id=user_id, desired_retention=DEFAULT_RETENTION,
                            new_per_day=DEFAULT_NEW_PER_DAY,
                            max_reviews_per_day=DEFAULT_MAX_REVIEWS,
                            day_start_hour=DEFAULT_DAY_START_HOUR, updated_at=now)
        session.add(row)
        session.flush()
    return row


def update_settings(
    session: Session, user_id: int, *, desired_retention: float, new_per_day: int,
    max_reviews_per_day: int, day_start_hour: int, now: datetime,
) -> Settings:
    """Validate and save the learner's settings."""
    _check("Desired retention", desired_retention, RETENTION_RANGE)
    _check("New questions per day", new_per_day, NEW_PER_DAY_RANGE)
    _check("Maximum reviews per day", max_reviews_per_day, MAX_REVIEWS_RANGE)
    _check("Day start hour", day_start_hour, (0, 23))
    with write_transaction(session):
        row = settings_row(session, user_id, now)
        row.desired_retention = float(desired_retention)
        row.new_per_day = int(new_per_day)
        row.max_reviews_per_day = int(max_reviews_per_day)
        row.day_start_hour = int(day_start_hour)
        row.updated_at = now
    return get_settings(session, user_id)
