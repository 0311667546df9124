"""A learner joins a class with its code. Wrong codes are counted per learner and per
address and slow further tries (never a lock-out), so a 50-bit code cannot be guessed; a
revoked or expired code stops working at once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from quizapp.core import classes as core
from quizapp.core.throttle import Slowdown
from quizapp.database import write_transaction
from quizapp.models import ClassMember, JoinFailure, SchoolClass, User
from quizapp.services import NotFound, ServiceError
from quizapp.services.throttle import Count, Throttled, check, lock_keys


@dataclass(frozen=True)
class JoinLimits:
    learner: Slowdown = Slowdown("learner", free=10, base_seconds=10, cap_seconds=600)
    address: Slowdown = Slowdown("address", free=100, base_seconds=2, cap_seconds=60)


class WrongCode(ServiceError):
    """No class has this code (or it was revoked, or has expired)."""


@dataclass(frozen=True)
class Joined:
    class_id: int
    name: str
    already: bool


def _counts(session: Session, user_id: int, address: str, now: datetime,
            limits: JoinLimits) -> list[Count]:
    out = []
    for rule, where in ((limits.learner, JoinFailure.user_id == user_id),
                        (limits.address, JoinFailure.address == address)):
        since = now - timedelta(seconds=rule.window_seconds)
        recent = (select(JoinFailure.failed_at).where(JoinFailure.failed_at > since, where)
                  .order_by(JoinFailure.failed_at.desc()).limit(rule.free + 64).subquery())
        row = session.execute(select(func.count(), func.max(recent.c.failed_at))).one()
        out.append(Count(rule, int(row[0]), row[1]))
    return out


def join(session: Session, user_id: int, typed: str, *, address: str, now: datetime,
         limits: JoinLimits | None = None) -> Joined:
    """Join the class whose code this is. WrongCode (counted), or Throttled before the
    code is even looked at when there were too many wrong ones."""
    limits = limits or JoinLimits()
    failed = False
    try:
        with write_transaction(session):
            user = session.get(User, user_id)
            if user is None:
                raise NotFound("No such user.")
            lock_keys(session, f"join\0{user_id}", f"join\0{address}")
            check(_counts(session, user_id, address, now, limits), now, action="join")
            code = core.typed_code(typed)
            row = None if code is None else session.scalar(
                select(SchoolClass).where(SchoolClass.join_code == code,
                                          SchoolClass.archived_at.is_(None)))
            if row is None or (row.join_expires_at is not None and row.join_expires_at <= now):
                failed = True
                raise WrongCode("That code does not open a class: check it with your "
                                "teacher (codes look like ABCDE-FGHJK).")
            if row.owner_id == user_id:
                raise ServiceError("This is your own class.")
            member = session.scalar(select(ClassMember).where(
                ClassMember.class_id == row.id, ClassMember.user_id == user_id))
            if member is None:
                session.add(ClassMember(class_id=row.id, user_id=user_id, joined_at=now))
            return Joined(row.id, row.name, member is not None)
    except WrongCode:
        if failed:
            with write_transaction(session):
                session.add(JoinFailure(user_id=user_id, address=address[:64], failed_at=now))
                window = max(limits.learner.window_seconds, limits.address.window_seconds)
                session.execute(delete(JoinFailure).where(
                    JoinFailure.failed_at < now - timedelta(seconds=window)))
        raise


def learner_classes(session: Session, user_id: int) -> list[tuple[int, str, str]]:
    """(class id, name, teacher's name) of the classes the learner is in."""
    return [(cid, name, teacher) for cid, name, teacher in session.execute(
        select(SchoolClass.id, SchoolClass.name, User.display_name)
        .join(ClassMember, ClassMember.class_id == SchoolClass.id)
        .join(User, User.id == SchoolClass.owner_id)
        .where(ClassMember.user_id == user_id, SchoolClass.archived_at.is_(None))
        .order_by(SchoolClass.name))]


__all__ = ["JoinLimits", "Joined", "Throttled", "WrongCode", "join", "learner_classes"]
