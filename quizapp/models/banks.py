"""Question banks ("sets") and their questions, as imported from bank files."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from quizapp.core import bank as core_bank
from quizapp.database import UTCDateTime
from quizapp.extensions import db

VISIBILITIES = ("private", "shared", "public")


class Bank(db.Model):
    """A question set. `slug` is its bank-file id, unique per owner; `ref` is its key in
    URLs, unique on the site: the slug for the site's own sets (so shipped URLs stay as
    they were), `owner~slug` for a teacher's. `visibility`: private (the owner), shared
    (teachers may read and copy it), public (learners find, quiz and study it)."""

    __tablename__ = "banks"
    __table_args__ = (UniqueConstraint("owner_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    ref: Mapped[str] = mapped_column(String(160), unique=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The article can be long and most pages never show it: loaded when first read.
    article_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(35))
    source_title: Mapped[str | None] = mapped_column(String(300))
    source_file: Mapped[str | None] = mapped_column(String(300))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    generator: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    active_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", order_by="Question.position"
    )


# Whether a set has its article, without loading the article.
Bank.has_article = column_property(  # type: ignore[attr-defined]
    func.coalesce(func.length(Bank.__table__.c.article_text), 0) > 0)


def bank_ref(slug: str, owner_username: str | None) -> str:
    """The URL key of a set: its slug for the site's sets, `owner~slug` for a teacher's
    (`~` is in neither a slug nor a username, so two keys never collide)."""
    return slug if owner_username is None else f"{owner_username}~{slug}"


class Question(db.Model):
    """One question of a bank; retired (hidden) rather than deleted when a re-import drops it."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("bank_id", "qid"),
        Index("ix_questions_bank_active", "bank_id", "retired_at", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    qid: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[Any] = mapped_column(JSON)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    accept: Mapped[list[str]] = mapped_column(JSON, default=list)
    tolerance: Mapped[Any] = mapped_column(JSON)
    explanation: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    difficulty: Mapped[float | None] = mapped_column(Float)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_text: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    bank: Mapped[Bank] = relationship(back_populates="questions")


def question_fields(question: core_bank.Question) -> dict[str, Any]:
    """The column values for a parsed question (everything but bank, qid and position)."""
    answer = list(question.answer) if isinstance(question.answer, tuple) else question.answer
    source = question.source
    return {
        "type": question.type,
        "prompt": question.prompt,
        "answer": answer,
        "choices": list(question.choices),
        "accept": list(question.accept),
        "tolerance": question.tolerance,
        "explanation": question.explanation,
        "tags": list(question.tags),
        "difficulty": question.difficulty,
        "source_start": source.start if source else None,
        "source_end": source.end if source else None,
        "source_text": source.text if source else None,
        "extra": dict(question.extra),
    }


def question_from_row(row: Question) -> core_bank.Question:
    """A question row as the core's value."""
    answer = tuple(row.answer) if isinstance(row.answer, list) else row.answer
    source = None
    if row.source_start is not None and row.source_end is not None:
        source = core_bank.SourceSpan(row.source_start, row.source_end, row.source_text or "")
    return core_bank.Question(
        id=row.qid, type=row.type, prompt=row.prompt, answer=answer,
        choices=tuple(row.choices or ()), accept=tuple(row.accept or ()),
        tolerance=row.tolerance, explanation=row.explanation, tags=tuple(row.tags or ()),
        difficulty=row.difficulty, source=source, extra=dict(row.extra or {}),
    )


def bank_from_rows(row: Bank, questions: list[core_bank.Question]) -> core_bank.Bank:
    """A bank row and its question values as the core's bank value."""
    source = None
    if row.source_extra is not None or row.source_title or row.source_file or row.source_sha256:
        source = core_bank.BankSource(
            title=row.source_title, file=row.source_file, sha256=row.source_sha256,
            extra=dict(row.source_extra or {}),
        )
    return core_bank.Bank(
        id=row.slug, title=row.title, questions=tuple(questions),
        description=row.description, language=row.language, source=source,
        generator=row.generator, extra=dict(row.extra or {}),
    )
