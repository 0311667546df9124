"""Validation of a whole bank Document into a Bank (top-level fields, then each question)."""

from __future__ import annotations

import re
from typing import Any

from quizapp.core.bank.fields import MISSING, Reader
from quizapp.core.bank.model import FORMAT, Bank, BankSource, Question
from quizapp.core.bank.questions import question_id, read_question
from quizapp.core.bank.syntax import Document, Path

TOP_KEYS = ("format", "id", "title", "description", "language", "source", "generator", "questions")
SOURCE_KEYS = ("title", "file", "sha256")
SLUG_RE = re.compile(r"[a-z0-9-]{1,80}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")


def build_bank(
    doc: Document,
    filename: str,
    source_text: str | None = None,
    source_sha256: str | None = None,
) -> Bank:
    """Check every rule of the format; `source_sha256` is the digest of the source file's bytes."""
    reader = Reader(doc, filename)
    top = reader.mapping(doc.data, ())
    fmt = reader.get(top, ("format",), True)
    if fmt != FORMAT:
        raise reader.error(("format",), f"must be exactly {FORMAT!r}, not {fmt!r}")
    bank_id = reader.text(top, ("id",), required=True)
    assert bank_id is not None
    if not SLUG_RE.fullmatch(bank_id):
        raise reader.error(
            ("id",), f"bank id {bank_id!r} must be 1-80 characters of a-z, 0-9 and '-'"
        )
    title = reader.text(top, ("title",), required=True)
    assert title is not None
    generator = None
    value = reader.get(top, ("generator",), False)
    if value is not MISSING:
        generator = reader.plain(reader.mapping(value, ("generator",)), ("generator",))
    return Bank(
        id=bank_id,
        title=title,
        description=reader.text(top, ("description",), blank_ok=True),
        language=reader.text(top, ("language",)),
        source=_source(reader, top, source_sha256),
        generator=generator,
        extra=reader.extras(top, (), TOP_KEYS),
        questions=_questions(reader, top, source_text),
    )


def _source(reader: Reader, top: dict[str, Any], actual_sha256: str | None) -> BankSource | None:
    path: Path = ("source",)
    value = reader.get(top, path, False)
    if value is MISSING:
        return None
    source = reader.mapping(value, path)
    file = reader.text(source, path + ("file",))
    if file is not None and (file.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", file)):
        raise reader.error(path + ("file",), f"{file!r} must be relative to the bank file")
    sha256 = reader.text(source, path + ("sha256",))
    if sha256 is not None and not SHA256_RE.fullmatch(sha256):
        raise reader.error(path + ("sha256",), "must be 64 lowercase hexadecimal digits")
    if sha256 is not None and actual_sha256 is not None and sha256 != actual_sha256:
        raise reader.error(
            path + ("sha256",), f"the source file's bytes have sha256 {actual_sha256}"
        )
    return BankSource(
        title=reader.text(source, path + ("title",)),
        file=file,
        sha256=sha256,
        extra=reader.extras(source, path, SOURCE_KEYS),
    )


def _questions(
    reader: Reader, top: dict[str, Any], source_text: str | None
) -> tuple[Question, ...]:
    path: Path = ("questions",)
    items = reader.seq(reader.get(top, path, True), path)
    if not items:
        raise reader.error(path, "a bank needs at least one question")
    seen: dict[str, int | None] = {}
    questions = []
    for index, item in enumerate(items):
        qpath = path + (index,)
        reader.question_id = None
        item = reader.mapping(item, qpath)
        qid = question_id(reader, item, qpath)
        reader.question_id = qid
        if qid in seen:
            raise reader.error(
                qpath + ("id",), f"duplicate question id (first at line {seen[qid]})"
            )
        seen[qid] = reader.doc.line(qpath + ("id",))
        questions.append(read_question(reader, item, qpath, qid, source_text))
    reader.question_id = None
    return tuple(questions)
