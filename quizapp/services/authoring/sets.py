"""A teacher's sets: list them, create one, edit its fields, publish or share it, copy a
shared one into their own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core.generate import slugify
from quizapp.database import write_transaction
from quizapp.models import Bank, Draft, Question, User
from quizapp.models.banks import VISIBILITIES, bank_ref, question_fields, question_from_row
from quizapp.services import Conflict, NotFound, ServiceError, access


class InvalidField(ServiceError):
    """A value a form sent breaks a rule; `field` names the field at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MySet:
    """A row of the teacher's list of sets."""

    ref: str
    title: str
    visibility: str
    published: int  # active questions (what learners get once it is public)
    drafts: int  # generated drafts waiting for a decision
    retired: int
    updated_at: datetime


@dataclass(frozen=True)
class SetFields:
    """A set's own fields, as the set form edits them."""

    ref: str
    slug: str
    title: str
    description: str | None
    language: str | None
    tags: list[str]
    visibility: str
    has_article: bool


def _teacher(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.role not in ("teacher", "admin"):
        raise NotFound("Only teachers have sets of their own.")
    return user


def my_sets(session: Session, user_id: int) -> list[MySet]:
    """The teacher's sets, last edited first, with their question and draft counts."""
    _teacher(session, user_id)
    banks = session.scalars(select(Bank).where(Bank.owner_id == user_id)
                            .order_by(Bank.updated_at.desc(), Bank.id.desc())).all()
    ids = [b.id for b in banks]
    retired = dict(session.execute(
        select(Question.bank_id, func.count()).where(
            Question.bank_id.in_(ids), Question.retired_at.is_not(None))
        .group_by(Question.bank_id)).all()) if ids else {}
    drafts = dict(session.execute(
        select(Draft.bank_id, func.count()).where(Draft.bank_id.in_(ids),
                                                  Draft.status == "pending")
        .group_by(Draft.bank_id)).all()) if ids else {}
    return [MySet(b.ref, b.title, b.visibility, b.active_count, drafts.get(b.id, 0),
                  retired.get(b.id, 0), b.updated_at) for b in banks]


def _clean_tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


def _check(slug: str, title: str, description: str | None, language: str | None,
           tags: list[str]) -> None:
    try:
        core_bank.check_set_fields(slug=slug, title=title, description=description,
                                   language=language, tags=tags)
    except core_bank.BankError as exc:
        raise InvalidField(exc.field, exc.message) from None


def free_slug(session: Session, owner_id: int, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` ... the first id the owner has not used."""
    taken = set(session.scalars(select(Bank.slug).where(Bank.owner_id == owner_id)))
    slug, n = wanted, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = wanted[: 80 - len(suffix)] + suffix, n + 1
    return slug


def create_set(session: Session, owner_id: int, *, title: str, description: str | None,
               language: str | None, tags: list[str], now: datetime,
               slug: str | None = None, article_text: str | None = None) -> str:
    """A new private set of the teacher's; its ref. The id comes from the title unless
    given, and is made unique among the teacher's own sets."""
    with write_transaction(session):
        owner = _teacher(session, owner_id)
        tags = _clean_tags(tags)
        title = title.strip()
        wanted = slug.strip() if slug else slugify(title)
        _check(wanted, title or "x", description, language, tags)
        if not title:
            raise InvalidField("title", "Give the set a title.")
        if slug and session.scalar(select(Bank.id).where(
                Bank.owner_id == owner_id, Bank.slug == wanted)) is not None:
            raise InvalidField("id", f"You already have a set with the id {wanted!r}.")
        final = free_slug(session, owner_id, wanted)
        ref = bank_ref(final, owner.username)
        if session.scalar(select(Bank.id).where(Bank.ref == ref)) is not None:
            raise Conflict(f"The set id {final!r} is taken; choose another.")
        session.add(Bank(slug=final, ref=ref, title=title, description=description or None,
                         language=language or None, tags=tags, visibility="private",
                         owner_id=owner_id, extra={}, active_count=0,
                         article_text=article_text, created_at=now, updated_at=now))
    return ref


def get_fields(session: Session, ref: str, user_id: int) -> SetFields:
    """The set's own fields for its editor; NotFound for anyone who may not edit it."""
    bank = access.editable(session, ref, user_id)
    return SetFields(bank.ref, bank.slug, bank.title, bank.description, bank.language,
                     list(bank.tags or []), bank.visibility, bool(bank.has_article))


def update_set(session: Session, ref: str, user_id: int, *, title: str,
               description: str | None, language: str | None, tags: list[str],
               now: datetime) -> None:
    """Change a set's title, description, language and tags (its id and URL stay)."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        tags = _clean_tags(tags)
        _check(bank.slug, title.strip(), description, language, tags)
        bank.title, bank.description = title.strip(), description or None
        bank.language, bank.tags, bank.updated_at = language or None, tags, now


def set_visibility(session: Session, ref: str, user_id: int, visibility: str, *,
                   now: datetime) -> None:
    """Private, shared with teachers, or public to learners. Publishing needs a question."""
    if visibility not in VISIBILITIES:
        raise InvalidField("visibility", "Choose private, shared or public.")
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        if bank.owner_id is None and visibility != "public":
            raise ServiceError("The site's own sets are always public.")
        if visibility == "public" and bank.active_count == 0:
            raise ServiceError("Add or keep at least one question before publishing.")
        bank.visibility, bank.updated_at = visibility, now


def copy_set(session: Session, ref: str, user_id: int, *, now: datetime) -> str:
    """A private copy, in the teacher's own sets, of a set they may read (a shared one,
    say); active questions only, ids kept. Its ref."""
    with write_transaction(session):
        owner = _teacher(session, user_id)
        source = access.readable(session, ref, user_id)
        slug = free_slug(session, user_id, source.slug)
        copy = Bank(slug=slug, ref=bank_ref(slug, owner.username), title=source.title,
                    description=source.description, language=source.language,
                    tags=list(source.tags or []), visibility="private", owner_id=user_id,
                    source_title=source.source_title, source_file=None,
                    source_sha256=source.source_sha256, source_extra=source.source_extra,
                    generator=source.generator, extra=dict(source.extra or {}),
                    article_text=source.article_text, active_count=0, created_at=now,
                    updated_at=now)
        session.add(copy)
        rows = session.scalars(select(Question).where(
            Question.bank_id == source.id, Question.retired_at.is_(None))
            .order_by(Question.position)).all()
        for position, q in enumerate(rows):
            session.add(Question(bank=copy, qid=q.qid, position=position, updated_at=now,
                                 **question_fields(question_from_row(q))))
        copy.active_count = len(rows)
        return copy.ref
