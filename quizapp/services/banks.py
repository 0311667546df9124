"""Question banks: import (one transaction per bank), export, and browsing the sets."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core.article import Segment, segments
from quizapp.core.bank import key_text
from quizapp.core.generate.answers import KIND_WEIGHT
from quizapp.database import write_transaction
from quizapp.models import Bank, Question, User
from quizapp.models.banks import bank_from_rows, bank_ref, question_fields, question_from_row
from quizapp.models.quizzes import Attempt
from quizapp.models.study import StudyDeck
from quizapp.services import Conflict, NotFound, access
from quizapp.services.memo import Memo
from quizapp.services.pages import Page, clamp_page

BANK_SUFFIXES = (".yaml", ".yml", ".json")
ANSWER_KINDS = frozenset(KIND_WEIGHT)  # the generator tags each question with its answer's kind


@dataclass(frozen=True)
class ImportReport:
    """What one import did to one bank."""

    slug: str
    title: str
    created: bool
    added: int
    updated: int
    retired: int
    unchanged: int

    def summary(self) -> str:
        """One line for the command line or a flash message."""
        verb = "created" if self.created else "updated"
        return (f"{self.slug}: {verb} — {self.added} added, {self.updated} changed, "
                f"{self.retired} retired, {self.unchanged} unchanged")


@dataclass(frozen=True)
class SetSummary:
    """A row of the home page's list of sets; `slug` is the set's key in URLs (its ref)."""

    slug: str
    title: str
    description: str | None
    question_count: int
    source_title: str | None
    generated: bool


def bank_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand the paths given to `quizapp import`: files as they are, folders to their banks."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir()
                              if p.is_file() and p.suffix.lower() in BANK_SUFFIXES)
        else:
            yield path


def import_bank(
    session: Session, bank: core_bank.Bank, *, now: datetime, owner_id: int | None = None,
    article_text: str | None = None,
) -> ImportReport:
    """Create or update one bank in a single transaction: update questions by id, add new
    ones, retire (never delete) the ones that disappeared, so learners' history survives.
    Without an owner the bank is one of the site's (public, keyed by its id); with one it
    is that teacher's (private until they publish it, keyed `owner~id`)."""
    with write_transaction(session):
        owner = None if owner_id is None else session.get(User, owner_id)
        if owner_id is not None and owner is None:
            raise NotFound("No such owner.")
        row = session.scalar(select(Bank).where(
            Bank.slug == bank.id,
            Bank.owner_id.is_(None) if owner_id is None else Bank.owner_id == owner_id))
        created = row is None
        if row is None:
            ref = bank_ref(bank.id, owner.username if owner else None)
            if session.scalar(select(Bank.id).where(Bank.ref == ref)) is not None:
                raise Conflict(f"The set id {bank.id!r} is taken; choose another.")
            row = Bank(slug=bank.id, ref=ref, created_at=now, owner_id=owner_id, extra={},
                       visibility="public" if owner_id is None else "private", tags=[])
            session.add(row)
        _set_bank_fields(row, bank, now)
        if article_text is not None:
            row.article_text = article_text
        existing = {q.qid: q for q in session.scalars(
            select(Question).where(Question.bank_id == row.id))} if not created else {}
        added = updated = unchanged = 0
        for position, question in enumerate(bank.questions):
            values = question_fields(question) | {"position": position}
            current = existing.pop(question.id, None)
            if current is None:
                session.add(Question(bank=row, qid=question.id, updated_at=now, **values))
                added += 1
            elif current.retired_at is None and all(
                    getattr(current, k) == v for k, v in values.items()):
                unchanged += 1
            else:
                for key, value in values.items():
                    setattr(current, key, value)
                current.retired_at = None
                current.updated_at = now
                updated += 1
        retired = 0
        for gone in existing.values():
            if gone.retired_at is None:
                gone.retired_at = now
                retired += 1
        row.active_count = len(bank.questions)
    return ImportReport(bank.id, bank.title, created, added, updated, retired, unchanged)


def _set_bank_fields(row: Bank, bank: core_bank.Bank, now: datetime) -> None:
    """Copy a parsed bank's metadata onto its row."""
    row.title = bank.title
    row.description = bank.description
    row.language = bank.language
    row.source_title = bank.source.title if bank.source else None
    row.source_file = bank.source.file if bank.source else None
    row.source_sha256 = bank.source.sha256 if bank.source else None
    row.source_extra = dict(bank.source.extra) if bank.source else None
    row.generator = dict(bank.generator) if bank.generator is not None else None
    row.extra = dict(bank.extra)
    row.updated_at = now


def export_bank(session: Session, slug: str) -> core_bank.Bank:
    """The bank at this ref as it stands now (active questions, in order), ready to be
    written out."""
    row = session.scalar(select(Bank).where(Bank.ref == slug))
    if row is None:
        raise NotFound(f"No question set with id {slug!r}.")
    questions = session.scalars(
        select(Question).where(Question.bank_id == row.id, Question.retired_at.is_(None))
        .order_by(Question.position))
    return bank_from_rows(row, [question_from_row(q) for q in questions])


def list_sets(session: Session, *, page: int = 1, per_page: int = 20) -> Page[SetSummary]:
    """One page of the public sets for the home page, alphabetical by title."""
    public = Bank.visibility == "public"
    total = session.scalar(select(func.count(Bank.id)).where(public)) or 0
    page = clamp_page(page, total, per_page)
    rows = session.execute(  # plain values: the home page is read on every visit
        select(Bank.ref, Bank.title, Bank.description, Bank.active_count, Bank.source_title,
               Bank.source_file.is_not(None)).where(public)
        .order_by(func.lower(Bank.title), Bank.id)
        .limit(per_page).offset((page - 1) * per_page))
    items = [SetSummary(*r) for r in rows]
    return Page(items, page, per_page, total)


_VERSION = select(func.count(Bank.id).filter(Bank.visibility == "public"),
                  func.max(Bank.updated_at))


_PUBLIC_SET = select(Bank.id, Bank.updated_at).where(  # built once: every signed-out visit
    Bank.ref == bindparam("slug"), Bank.visibility == "public")


def sets_version(session: Session) -> tuple[object, ...]:
    """What the home page's list is made of moves on with this: the number of public sets
    and the latest change to any set (a question added, a set made private, an import)."""
    return tuple(session.execute(_VERSION).one())


def public_set_version(session: Session, slug: str) -> tuple[int, datetime] | None:
    """(id, updated_at) of a public set, which a signed-out visitor's page of it is made
    from; None when there is no public set at `slug`."""
    row = session.execute(_PUBLIC_SET, {"slug": slug}).first()
    return (row[0], row[1]) if row is not None else None


@dataclass(frozen=True)
class QuestionLine:
    """A card on a set's page, for those who may browse it: the prompt and its answer."""

    qid: str
    type: str
    prompt: str
    answer: str = ""


@dataclass(frozen=True)
class SetDetail:
    """A set's page: its metadata, counts by type and one page of its questions."""

    summary: SetSummary
    language: str | None
    counts_by_type: dict[str, int]
    questions: Page[QuestionLine]
    updated_at: datetime
    owner_id: int | None = None  # None for shipped sets (admins look after those)
    visibility: str = "public"
    can_edit: bool = False  # the viewer may author it (and see its claims)
    can_learn: bool = True  # the viewer may quiz on and study it
    # The cards with their answers show once the viewer studies the set or has finished a
    # quiz on it (as Quizlet's set view); before that, prompts would give each other away.
    can_browse: bool = False
    topics: tuple[tuple[str, int], ...] = ()
    has_article: bool = False
    in_deck: bool = False  # the viewer studies this set


def get_set(session: Session, slug: str, *, user_id: int | None = None, page: int = 1,
            per_page: int = 25) -> SetDetail:
    """A set with one page of its active questions; NotFound if there is no such set or
    this user may not see it."""
    row = access.readable(session, slug, user_id)
    who = access.viewer(session, user_id)
    can_edit = access.can_edit(row, who)
    in_deck = user_id is not None and session.scalar(select(StudyDeck.id).where(
        StudyDeck.user_id == user_id, StudyDeck.bank_id == row.id).limit(1)) is not None
    can_browse = can_edit or in_deck or (
        user_id is not None and _quizzed(session, row.id, user_id))
    active = (Question.bank_id == row.id, Question.retired_at.is_(None))
    counts, top = _FACTS.get((row.id, row.updated_at), lambda: _set_facts(session, row.id))
    total = sum(counts.values())
    lines: list[QuestionLine] = []
    if can_browse:
        page = clamp_page(page, total, per_page)
        for q in session.scalars(select(Question).where(*active).order_by(Question.position)
                                 .limit(per_page).offset((page - 1) * per_page)):
            lines.append(QuestionLine(q.qid, q.type, q.prompt, key_text(question_from_row(q))))
    else:
        page = 1
    summary = SetSummary(row.ref, row.title, row.description, total, row.source_title,
                         row.source_file is not None)
    shown_total = total if can_browse else 0
    return SetDetail(summary, row.language, counts, Page(lines, page, per_page, shown_total),
                     row.updated_at, row.owner_id, row.visibility, can_edit,
                     access.can_learn(row, who), can_browse, top, bool(row.has_article),
                     in_deck)


# A set's counts by type and its topics, read on every visit to its page and changed only
# with its questions (which move the set's `updated_at` on): kept per (id, updated_at).
_FACTS: Memo[tuple[dict[str, int], tuple[tuple[str, int], ...]]] = Memo(1024)


def _set_facts(session: Session, bank_id: int,
               ) -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """The active questions' counts by type, and the twelve commonest topics."""
    active = (Question.bank_id == bank_id, Question.retired_at.is_(None))
    counts: dict[str, int] = {
        kind: n for kind, n in session.execute(
            select(Question.type, func.count()).where(*active).group_by(Question.type)
            .order_by(Question.type))}
    topics: dict[str, int] = {}
    for tags in session.scalars(select(Question.tags).where(*active)):
        for tag in tags or []:
            if tag not in ANSWER_KINDS:  # "date", "person": what the answer is, not a topic
                topics[tag] = topics.get(tag, 0) + 1
    return counts, tuple(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:12])


def _quizzed(session: Session, bank_id: int, user_id: int) -> bool:
    """The learner has finished a quiz on the set."""
    return session.scalar(select(Attempt.id).where(
        Attempt.user_id == user_id, Attempt.bank_id == bank_id,
        Attempt.finished_at.is_not(None)).limit(1)) is not None


@dataclass(frozen=True)
class ArticleView:
    """A set's source article with the sentences of its questions marked."""

    ref: str
    title: str
    source_title: str | None
    segments: list[Segment]
    marked: int


def article_view(session: Session, slug: str, *, user_id: int | None) -> ArticleView:
    """The article a set was made from, for anyone who may read the set, with the sentence
    of each of its active questions marked (drafts and retired questions are not)."""
    row = access.readable(session, slug, user_id)
    if not row.article_text:
        raise NotFound("This set has no article.")
    text = row.article_text
    spans = []
    for qid, start, end, quoted in session.execute(
            select(Question.qid, Question.source_start, Question.source_end,
                   Question.source_text).where(
                Question.bank_id == row.id, Question.retired_at.is_(None),
                Question.source_start.is_not(None), Question.source_end.is_not(None))):
        if quoted and text[start:end] != quoted:  # the article was edited since: find it
            start = text.find(quoted)
            if start < 0:
                continue
            end = start + len(quoted)
        spans.append((start, end, qid))
    return ArticleView(row.ref, row.title, row.source_title, segments(text, spans), len(spans))
