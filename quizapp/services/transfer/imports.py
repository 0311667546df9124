"""Importing a file into a set: the upload is read and kept, the preview says what will
happen (counts by type, new / changed / unchanged, what is skipped and why, errors), and
the import then writes all of it in one transaction or nothing."""
from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from quizapp.core import formats
from quizapp.core.bank import Question as BankQuestion
from quizapp.core.formats import Format, FormatError, Parsed, quizlet
from quizapp.core.formats.merge import MergePlan, plan_merge
from quizapp.core.generate import slugify
from quizapp.database import write_transaction
from quizapp.models import Bank, PendingImport, Question, User
from quizapp.models.banks import bank_ref, question_fields, question_from_row
from quizapp.services import Conflict, NotFound, ServiceError, access
from quizapp.services.authoring.sets import free_slug

KEEP_UPLOADS = timedelta(hours=24)


class UnreadableFile(ServiceError):
    """The file cannot be read at all; the message names where and why."""


@dataclass(frozen=True)
class Preview:
    """What an import will do."""

    token: str
    filename: str
    format: Format
    target_ref: str | None  # None: a new set
    target_title: str
    parsed: Parsed
    plan: MergePlan
    replace: bool
    same_title_ref: str | None = None  # a new set, and the teacher has one of this title

    @property
    def can_import(self) -> bool:
        return not self.parsed.errors and bool(self.parsed.questions)

    @property
    def can_import_good(self) -> bool:
        """Some questions read and some have problems: the teacher may import the good
        ones and leave the others out (still one transaction)."""
        return bool(self.parsed.errors) and bool(self.parsed.questions)

    @property
    def writes(self) -> int:
        return self.plan.writes

    def lines(self) -> list[tuple[BankQuestion, str]]:
        """Each question of the file as it will be written, with what happens to it:
        new, changes, same or back (a retired question brought back)."""
        status: dict[str, tuple[BankQuestion, str]] = {}
        for label, group in (("new", self.plan.added), ("changes", self.plan.changed),
                             ("same", self.plan.unchanged), ("back", self.plan.restored)):
            for q in group:
                status[q.id] = (q, label)
        return [status[qid] for qid in self.plan.order if qid in status]


@dataclass(frozen=True)
class ImportDone:
    ref: str
    title: str
    created: bool
    added: int
    changed: int
    unchanged: int
    restored: int
    retired: int

    def summary(self) -> str:
        verb = "created" if self.created else "updated"
        parts = [f"{self.added} added", f"{self.changed} changed",
                 f"{self.unchanged} unchanged"]
        if self.restored:
            parts.append(f"{self.restored} brought back")
        if self.retired:
            parts.append(f"{self.retired} retired")
        return f"{self.ref}: {verb} — " + ", ".join(parts)


def read_file(data: bytes, filename: str, format_name: str | None,
              options: str = "") -> tuple[Format, Parsed]:
    """The file read in its format (detected when not given); UnreadableFile if it cannot
    be read at all."""
    if options and not format_name:  # separators chosen: Quizlet text
        format_name = "quizlet"
    try:
        fmt = formats.get(format_name) if format_name else formats.detect(filename, data)
    except KeyError as exc:
        raise UnreadableFile(str(exc.args[0])) from None
    except FormatError as exc:
        raise UnreadableFile(str(exc)) from None
    try:
        if fmt.read is None:
            raise UnreadableFile(f"{fmt.label} files can be exported but not imported.")
        if options and fmt.name == "quizlet":
            term_sep, _, card_sep = options.partition("\x1f")
            return fmt, quizlet.read_with(data, filename, term_sep=term_sep or "\t",
                                          card_sep=card_sep or "\n")
        return fmt, fmt.read(data, filename)
    except FormatError as exc:
        raise UnreadableFile(str(exc)) from None


def _target(session: Session, ref: str | None, user_id: int) -> Bank | None:
    if ref is None:
        user = session.get(User, user_id)
        if user is None or user.role not in ("teacher", "admin"):
            raise NotFound("Only teachers import sets.")
        return None
    return access.editable(session, ref, user_id)


def start(session: Session, user_id: int, ref: str | None, *, filename: str, data: bytes,
          format_name: str | None, options: str = "", replace: bool = False,
          now: datetime) -> str:
    """Keep an upload for its preview; the token that names it. A file that cannot be
    read at all is refused here and nothing is kept."""
    _target(session, ref, user_id)  # who may, before the file is read
    fmt, _ = read_file(data, filename, format_name, options)  # outside the write lock
    with write_transaction(session):
        bank = _target(session, ref, user_id)
        session.execute(delete(PendingImport).where(
            PendingImport.created_at < now - KEEP_UPLOADS))
        token = secrets.token_urlsafe(24)
        session.add(PendingImport(token=token, user_id=user_id,
                                  bank_id=bank.id if bank else None, filename=filename[:255],
                                  format=fmt.name, options=options, replace=replace,
                                  data=data, created_at=now))
    return token


class AlreadyImported(ServiceError):
    """The upload was imported already (a second click): `ref` is where it went."""

    def __init__(self, ref: str) -> None:
        super().__init__("This file was imported already.")
        self.ref = ref


def _pending(session: Session, token: str, user_id: int, *,
             lock: bool = False) -> PendingImport:
    query = select(PendingImport).where(PendingImport.token == token)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None or row.user_id != user_id:
        raise NotFound("This import has expired; upload the file again.")
    if row.imported_ref is not None:
        raise AlreadyImported(row.imported_ref)
    return row


def _plan(session: Session, bank: Bank | None, fmt: Format, parsed: Parsed,
          replace: bool) -> MergePlan:
    active: list = []
    retired: list = []
    if bank is not None:
        for row in session.scalars(select(Question).where(Question.bank_id == bank.id)
                                   .order_by(Question.position)):
            (retired if row.retired_at is not None else active).append(question_from_row(row))
    return plan_merge(active, retired, list(parsed.questions), fmt.carries, replace=replace,
                      ids=fmt.ids)


def _title(parsed: Parsed, filename: str) -> str:
    if parsed.title and parsed.title.strip():
        return parsed.title.strip()[:300]
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ").strip()
    return (stem[:1].upper() + stem[1:300]) or "Imported set"


def preview(session: Session, user_id: int, token: str) -> Preview:
    """What importing the kept upload would do now."""
    row = _pending(session, token, user_id)
    bank = None
    if row.bank_id is not None:
        bank = session.get(Bank, row.bank_id)
        if bank is None:
            raise NotFound("The set is gone.")
        bank = access.editable(session, bank.ref, user_id)
    fmt, parsed = read_file(row.data, row.filename, row.format, row.options)
    plan = _plan(session, bank, fmt, parsed, row.replace)
    title = bank.title if bank else _title(parsed, row.filename)
    twin = None if bank else session.scalar(select(Bank.ref).where(
        Bank.owner_id == user_id, func.lower(Bank.title) == title.lower()).limit(1))
    return Preview(token, row.filename, fmt, bank.ref if bank else None, title, parsed, plan,
                   row.replace, twin)


def cancel(session: Session, user_id: int, token: str) -> None:
    with write_transaction(session):
        session.delete(_pending(session, token, user_id))


def confirm(session: Session, user_id: int, token: str, *, now: datetime,
            leave_out_problems: bool = False) -> ImportDone:
    """Import the kept upload, all of it or (an error in any question) nothing; with
    `leave_out_problems`, the questions that read well, the broken ones left out."""
    with write_transaction(session):
        row = _pending(session, token, user_id, lock=True)  # a second click waits, then
        bank = None                                           # finds it done
        if row.bank_id is not None:
            found = session.get(Bank, row.bank_id)
            if found is None:
                raise NotFound("The set is gone.")
            bank = access.editable(session, found.ref, user_id)
        fmt, parsed = read_file(row.data, row.filename, row.format, row.options)
        if leave_out_problems:
            parsed = dataclasses.replace(parsed, errors=())
        done = _apply(session, bank, fmt, parsed, row.replace, owner_id=user_id,
                      filename=row.filename, now=now)
        row.imported_ref, row.data = done.ref, b""
    return done


def import_file(session: Session, *, data: bytes, filename: str, format_name: str | None,
                owner_id: int | None, slug: str | None, replace: bool,
                now: datetime) -> tuple[ImportDone, Parsed]:
    """The command line's import: straight in, into the site's set `slug` (or a teacher's
    when `owner_id` is given), created when missing. Raises UnreadableFile, or
    ServiceError listing the errors, and then changes nothing."""
    fmt, parsed = read_file(data, filename, format_name)
    if parsed.errors:
        raise ServiceError("\n".join(f"{filename}: {e}" for e in parsed.errors))
    with write_transaction(session):
        wanted = slug or (parsed.bank.id if parsed.bank else slugify(_title(parsed, filename)))
        bank = session.scalar(select(Bank).where(
            Bank.slug == wanted,
            Bank.owner_id.is_(None) if owner_id is None else Bank.owner_id == owner_id))
        done = _apply(session, bank, fmt, parsed, replace, owner_id=owner_id,
                      filename=filename, now=now, slug=wanted)
    return done, parsed


def _apply(session: Session, bank: Bank | None, fmt: Format, parsed: Parsed, replace: bool,
           *, owner_id: int | None, filename: str, now: datetime,
           slug: str | None = None) -> ImportDone:
    if parsed.errors:
        raise ServiceError(f"The file has {len(parsed.errors)} problem(s); nothing was "
                           "imported. Fix them and upload it again.")
    if not parsed.questions:
        raise ServiceError("The file has no questions quizapp can import.")
    created = bank is None
    if bank is None:
        bank = _new_set(session, parsed, owner_id=owner_id, filename=filename, slug=slug,
                        now=now)
    plan = _plan(session, bank, fmt, parsed, replace)
    rows = {q.qid: q for q in session.scalars(select(Question).where(
        Question.bank_id == bank.id))}
    next_position = (session.scalar(select(func.max(Question.position)).where(
        Question.bank_id == bank.id)) or -1) + 1
    for question in (*plan.changed, *plan.restored):
        target = rows[question.id]
        for key, value in question_fields(question).items():
            setattr(target, key, value)
        target.retired_at = None
        target.updated_at = now
    for question in plan.added:
        session.add(Question(bank=bank, qid=question.id, position=next_position,
                             updated_at=now, **question_fields(question)))
        next_position += 1
    for qid in plan.retired:
        rows[qid].retired_at = now
    if replace:  # the file's order becomes the set's
        order = {qid: i for i, qid in enumerate(plan.order)}
        session.flush()
        for question in session.scalars(select(Question).where(Question.bank_id == bank.id)):
            if question.qid in order:
                question.position = order[question.qid]
    session.flush()
    bank.active_count = session.scalar(select(func.count(Question.id)).where(
        Question.bank_id == bank.id, Question.retired_at.is_(None))) or 0
    bank.updated_at = now
    return ImportDone(bank.ref, bank.title, created, len(plan.added), len(plan.changed),
                      len(plan.unchanged), len(plan.restored), len(plan.retired))


def _new_set(session: Session, parsed: Parsed, *, owner_id: int | None, filename: str,
             slug: str | None, now: datetime) -> Bank:
    """A set for a file imported as new: the site's (the command line) or the teacher's,
    private, its id from the file's own or its title, made unique among theirs."""
    source = parsed.bank
    title = source.title if source else _title(parsed, filename)
    wanted = slug or (source.id if source else slugify(title))
    if owner_id is None:
        wanted = slug or wanted
        ref = bank_ref(wanted, None)
        if session.scalar(select(Bank.id).where(Bank.ref == ref)) is not None:
            raise Conflict(f"The set id {wanted!r} is taken; choose another.")
        visibility, final = "public", wanted
    else:
        owner = session.get(User, owner_id)
        if owner is None:
            raise NotFound("No such teacher.")
        final = free_slug(session, owner_id, wanted)
        ref, visibility = bank_ref(final, owner.username), "private"
    bank = Bank(slug=final, ref=ref, title=title,
                description=source.description if source else None,
                language=source.language if source else None, tags=[],
                visibility=visibility, owner_id=owner_id,
                extra=dict(source.extra) if source else {}, active_count=0,
                created_at=now, updated_at=now)
    session.add(bank)
    session.flush()
    return bank
