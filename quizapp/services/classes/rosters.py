"""A teacher's classes: create, list, the roster, the join code (new, revoked, expiring)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import classes as core
from quizapp.database import write_transaction
from quizapp.models import Assignment, ClassMember, SchoolClass, User
from quizapp.services import NotFound, ServiceError

MAX_NAME = 200


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    learners: int
    assignments: int
    created_at: datetime


@dataclass(frozen=True)
class Member:
    user_id: int
    username: str
    display_name: str
    joined_at: datetime


@dataclass(frozen=True)
class ClassView:
    id: int
    name: str
    description: str | None
    join_code: str | None  # as shown (ABCDE-FGHJK); None when joining is off
    raw_code: str | None
    join_expires_at: datetime | None
    code_expired: bool
    members: list[Member]


def _teacher(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.role not in ("teacher", "admin"):
        raise NotFound("Only teachers have classes.")
    return user


def owned(session: Session, class_id: int, user_id: int, *, lock: bool = False) -> SchoolClass:
    """The class if this user owns it; NotFound otherwise (another's class is not there)."""
    query = select(SchoolClass).where(SchoolClass.id == class_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None or row.owner_id != user_id:
        raise NotFound("No such class.")
    return row


def new_code(session: Session) -> str:
    """A join code no class has."""
    while True:
        code = core.make_code(secrets.token_bytes(core.CODE_LENGTH))
        if session.scalar(select(SchoolClass.id).where(SchoolClass.join_code == code)) is None:
            return code


def create_class(session: Session, owner_id: int, *, name: str, description: str | None,
                 now: datetime) -> int:
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Give the class a name.")
    if len(name) > MAX_NAME:
        raise ServiceError(f"A class name has at most {MAX_NAME} characters.")
    with write_transaction(session):
        _teacher(session, owner_id)
        row = SchoolClass(owner_id=owner_id, name=name, description=description or None,
                          join_code=new_code(session), created_at=now)
        session.add(row)
        session.flush()
        return row.id


def my_classes(session: Session, owner_id: int) -> list[ClassRow]:
    _teacher(session, owner_id)
    rows = session.scalars(select(SchoolClass).where(
        SchoolClass.owner_id == owner_id, SchoolClass.archived_at.is_(None))
        .order_by(SchoolClass.created_at.desc(), SchoolClass.id.desc())).all()
    ids = [r.id for r in rows]
    members = dict(session.execute(select(ClassMember.class_id, func.count()).where(
        ClassMember.class_id.in_(ids)).group_by(ClassMember.class_id)).all()) if ids else {}
    assigned = dict(session.execute(select(Assignment.class_id, func.count()).where(
        Assignment.class_id.in_(ids)).group_by(Assignment.class_id)).all()) if ids else {}
    return [ClassRow(r.id, r.name, members.get(r.id, 0), assigned.get(r.id, 0), r.created_at)
            for r in rows]


def class_view(session: Session, class_id: int, owner_id: int, *, now: datetime) -> ClassView:
    row = owned(session, class_id, owner_id)
    members = [Member(uid, name, display or name, joined) for uid, name, display, joined in
               session.execute(select(User.id, User.username, User.display_name,
                                      ClassMember.joined_at)
                               .join(ClassMember, ClassMember.user_id == User.id)
                               .where(ClassMember.class_id == row.id)
                               .order_by(func.lower(User.username)))]
    expired = row.join_expires_at is not None and row.join_expires_at <= now
    return ClassView(row.id, row.name, row.description,
                     core.shown_code(row.join_code) if row.join_code else None, row.join_code,
                     row.join_expires_at, expired, members)


def set_code(session: Session, class_id: int, owner_id: int, what: str, *,
             expires_at: datetime | None = None, now: datetime) -> None:
    """`new`: a fresh code (the old one stops working at once); `revoke`: joining off;
    `expire`: the code stops working at `expires_at` (None: never)."""
    with write_transaction(session):
        row = owned(session, class_id, owner_id, lock=True)
        if what == "new":
            row.join_code, row.join_expires_at = new_code(session), expires_at
        elif what == "revoke":
            row.join_code, row.join_expires_at = None, None
        elif what == "expire":
            if expires_at is not None and expires_at <= now:
                raise ServiceError("Choose a time in the future.")
            row.join_expires_at = expires_at
        else:
            raise ServiceError("Unknown action.")


def remove_member(session: Session, class_id: int, owner_id: int, user_id: int) -> None:
    with write_transaction(session):
        owned(session, class_id, owner_id)
        member = session.scalar(select(ClassMember).where(
            ClassMember.class_id == class_id, ClassMember.user_id == user_id))
        if member is None:
            raise NotFound("Not in this class.")
        session.delete(member)
