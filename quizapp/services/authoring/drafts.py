"""Generating a set's questions from an article, as drafts for the teacher to decide on.

The generation itself is a job (`generate_drafts`, run by the worker). Drafts never reach
learners: they are not questions until kept. Generating again (after editing the article)
keeps every decision: a kept or edited question stays as the teacher left it, a rejected
one is not proposed again, and only undecided drafts are replaced; ids are stable, as the
generator derives them from the sentence and the answer."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.core.article import Segment, segments
from quizapp.core.bank import key_text
from quizapp.database import write_transaction
from quizapp.models import Bank, Draft, Question
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.authoring.questions import append_question, validate
from quizapp.services.authoring.sets import InvalidField, create_set

ARTICLE_KINDS = ("txt", "md", "html")
MAX_ARTICLE_CHARS = 200_000
MIN_ARTICLE_WORDS = 30


def check_article(text: str) -> str:
    """The article text, or InvalidField saying what is wrong with it."""
    if "\x00" in text:
        raise InvalidField("article", "This does not look like text (it has NUL bytes).")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise InvalidField("article", "Paste an article or choose a file.")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InvalidField("article", f"The article is too long: at most "
                           f"{MAX_ARTICLE_CHARS:,} characters (this one has {len(text):,}).")
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InvalidField("article", f"The article is too short to ask about: give at "
                           f"least {MIN_ARTICLE_WORDS} words.")
    return text


def prepare(session: Session, owner_id: int, *, title: str, article: str, kind: str,
            now: datetime, ref: str | None = None) -> tuple[str, int]:
    """Store the article on a new set (or on the set at `ref`, replacing its article),
    ready to generate; (ref, bank id). The caller queues the job."""
    if kind not in ARTICLE_KINDS:
        raise InvalidField("kind", "Choose plain text, Markdown or HTML.")
    article = check_article(article)
    if ref is None:
        ref = create_set(session, owner_id, title=title, description=None, language="en",
                         tags=[], now=now, article_text=article)
    with write_transaction(session):
        bank = access.editable(session, ref, owner_id)
        bank.article_text = article
        bank.extra = {**(bank.extra or {}), "article_kind": kind}
        bank.updated_at = now
        return bank.ref, bank.id


Progress = Callable[[int, "str | None"], None]


def generate_drafts(session: Session, bank_id: int, owner_id: int | None,
                    progress: Progress, *, now: datetime, job_id: int | None = None,
                    ) -> dict[str, Any]:
    """The job: generate from the set's article and write the drafts (idempotent)."""
    from quizapp.core.generate import generate_bank  # the pipeline: loaded in the worker

    bank = session.get(Bank, bank_id)
    if bank is None or (owner_id is not None and bank.owner_id != owner_id):
        raise NotFound("The set was deleted.")
    text, kind, title = bank.article_text, (bank.extra or {}).get("article_kind", "txt"), \
        bank.title
    session.commit()
    if not text:
        raise ServiceError("This set has no article to generate from.")
    progress(10, "Reading the article and finding its key facts…")
    generated = generate_bank(text, bank_id=bank.slug, title=title, kind=kind)
    questions = generated["questions"]
    if not questions:
        raise ServiceError("No questions could be made from this article: it has too few "
                           "sentences that state a fact. Try a longer or more factual text.")
    progress(85, f"Saving {len(questions)} drafts…")
    with write_transaction(session):
        bank = session.get(Bank, bank_id, populate_existing=True)
        assert bank is not None
        kept = set(session.scalars(select(Question.qid).where(Question.bank_id == bank_id)))
        drafts = {d.qid: d for d in session.scalars(
            select(Draft).where(Draft.bank_id == bank_id))}
        fresh = {q["id"] for q in questions}
        session.execute(delete(Draft).where(Draft.bank_id == bank_id,
                                            Draft.status == "pending",
                                            Draft.qid.not_in(fresh)))
        added = updated = skipped = 0
        for rank, data in enumerate(questions):
            qid = data["id"]
            current = drafts.get(qid)
            if qid in kept or (current is not None and current.status != "pending"):
                skipped += 1
                continue
            if current is None:
                session.add(Draft(bank_id=bank_id, job_id=job_id, qid=qid, position=rank,
                                  rank=rank, data=data, status="pending", created_at=now))
                added += 1
            else:
                current.data, current.rank, current.position = data, rank, rank
                current.job_id = job_id
                updated += 1
        bank.source_title = generated["source"].get("title")
        bank.source_sha256 = generated["source"].get("sha256")
        bank.generator = generated.get("generator")
        bank.updated_at = now
        return {"ref": bank.ref, "drafts": added + updated, "kept_before": skipped}


@dataclass(frozen=True)
class DraftLine:
    """A draft as the review page shows it."""

    id: int
    qid: str
    status: str
    type: str
    prompt: str
    choices: list[str]
    key: str
    explanation: str | None
    source_start: int | None
    source_end: int | None
    reason: str | None


@dataclass(frozen=True)
class Review:
    """The review page: the article cut at the drafts' sentences, and the drafts."""

    ref: str
    title: str
    visibility: str
    segments: list[Segment]
    drafts: list[DraftLine]
    counts: dict[str, int]
    published: int


def _line(d: Draft) -> DraftLine:
    data = d.edited or d.data
    try:
        q = core_bank.check_question(data)
        key = key_text(q)
    except core_bank.BankError:
        key = str(data.get("answer"))
    src = d.data.get("source") or {}
    return DraftLine(d.id, d.qid, d.status, data.get("type", ""), data.get("prompt", ""),
                     list(data.get("choices") or []), key, data.get("explanation"),
                     src.get("start"), src.get("end"), d.reason)


def review(session: Session, ref: str, user_id: int) -> Review:
    """The set's drafts beside its article, undecided first in the generator's order."""
    bank = access.editable(session, ref, user_id)
    rows = session.scalars(select(Draft).where(Draft.bank_id == bank.id)
                           .order_by(Draft.status != "pending", Draft.rank)).all()
    lines = [_line(d) for d in rows]
    spans = [(d.source_start, d.source_end, d.qid) for d in lines
             if d.source_start is not None and d.source_end is not None
             and d.status != "rejected"]
    counts = {s: 0 for s in ("pending", "kept", "edited", "rejected")}
    for d in lines:
        counts[d.status] += 1
    return Review(bank.ref, bank.title, bank.visibility,
                  segments(bank.article_text or "", spans), lines, counts, bank.active_count)


def _draft(session: Session, bank: Bank, draft_id: int) -> Draft:
    row = session.get(Draft, draft_id)
    if row is None or row.bank_id != bank.id:
        raise NotFound("No such draft in this set.")
    return row


def keep(session: Session, ref: str, user_id: int, draft_id: int, *, now: datetime,
         edited: dict[str, Any] | None = None) -> str:
    """Keep a draft as it is, or as edited (validated like any question): it becomes a
    question of the set under the draft's id. The decision is recorded on the draft."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        row = _draft(session, bank, draft_id)
        if row.status != "pending":
            raise ServiceError("This draft has been decided already.")
        data = dict(row.data)
        if edited is not None:
            data = {**edited, "source": row.data.get("source")}
            data = {k: v for k, v in data.items() if v is not None}
        question = validate(data, row.qid, bank.article_text)
        changed = edited is not None and core_bank.question_to_dict(question) != \
            core_bank.question_to_dict(validate(dict(row.data), row.qid, bank.article_text))
        append_question(session, bank, question, now)
        row.status = "edited" if changed else "kept"
        row.edited = core_bank.question_to_dict(question) if changed else None
        row.decided_by, row.decided_at = user_id, now
        return row.qid


def reject(session: Session, ref: str, user_id: int, draft_id: int, *, now: datetime,
           reason: str | None = None) -> None:
    """Reject a draft, with an optional reason (kept for refitting the generator)."""
    if reason is not None and len(reason) > 500:
        raise InvalidField("reason", "Keep the reason under 500 characters.")
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        row = _draft(session, bank, draft_id)
        if row.status != "pending":
            raise ServiceError("This draft has been decided already.")
        row.status, row.reason = "rejected", (reason or "").strip() or None
        row.decided_by, row.decided_at = user_id, now


def keep_rest(session: Session, ref: str, user_id: int, *, now: datetime) -> int:
    """Keep every undecided draft as it is; how many."""
    with write_transaction(session):
        bank = access.editable(session, ref, user_id)
        rows = session.scalars(select(Draft).where(Draft.bank_id == bank.id,
                                                   Draft.status == "pending")
                               .order_by(Draft.rank)).all()
        for row in rows:
            append_question(session, bank, validate(dict(row.data), row.qid,
                                                    bank.article_text), now)
            row.status, row.decided_by, row.decided_at = "kept", user_id, now
        return len(rows)


def draft_data(session: Session, ref: str, user_id: int, draft_id: int) -> dict[str, Any]:
    """A draft's question as bank-file data, to fill the edit form."""
    bank = access.editable(session, ref, user_id)
    row = _draft(session, bank, draft_id)
    return dict(row.data)


def article_of(session: Session, ref: str, user_id: int) -> tuple[str, str]:
    """The set's article (empty when it has none) and the format it was given in."""
    bank = access.editable(session, ref, user_id)
    return bank.article_text or "", str((bank.extra or {}).get("article_kind", "txt"))


def draft_line(session: Session, ref: str, user_id: int, draft_id: int) -> DraftLine:
    """One undecided draft of the set, as the review shows it; NotFound otherwise."""
    bank = access.editable(session, ref, user_id)
    row = _draft(session, bank, draft_id)
    if row.status != "pending":
        raise NotFound("This draft has been decided already.")
    return _line(row)
