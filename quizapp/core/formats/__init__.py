"""Other tools' question files, read into and written from the in-memory bank: one module
per format (docs/formats.md says what each keeps and what it cannot carry).

    fmt = formats.get("gift")            # or formats.detect(filename, data)
    parsed = fmt.read(data, filename)    # Parsed: questions, skipped, notes, errors
    exported = fmt.write(bank)           # Exported: bytes and what was left out
"""
from __future__ import annotations

import os
import re

from quizapp.core.formats import (
    aiken,
    anki_text,
    apkg,
    csv_format,
    gift,
    kahoot,
    moodle_xml,
    native,
    quizlet,
)
from quizapp.core.formats.base import (
    FIELDS,
    Collector,
    Exported,
    FormatError,
    Note,
    Parsed,
    derived_id,
    lost_fields,
)
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import looks_binary

FORMATS: dict[str, Format] = {f.name: f for f in (
    native.YAML, native.JSON, gift.FORMAT, moodle_xml.FORMAT, aiken.FORMAT, anki_text.FORMAT,
    apkg.FORMAT, quizlet.FORMAT, csv_format.FORMAT, kahoot.FORMAT)}


def get(name: str) -> Format:
    """The format of this name; KeyError names the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}") from None


def readable() -> list[Format]:
    return [f for f in FORMATS.values() if f.read is not None]


def writable() -> list[Format]:
    return [f for f in FORMATS.values() if f.write is not None]


def detect(filename: str, data: bytes) -> Format:
    """The format a file is in, from its name and, for .txt and .csv, its first lines."""
    suffix = os.path.splitext(filename)[1].lower()
    if not data.strip():
        raise FormatError("the file is empty", file=filename)
    if suffix == ".xml":
        _check_xml_kind(data, filename)
    claims = [f for f in FORMATS.values() if f.read is not None and suffix in f.extensions]
    if len(claims) == 1 and suffix != ".txt":
        return claims[0]
    if suffix in (".txt", ""):
        head = data[:65536].decode("utf-8", "replace")
        for name, test in _SNIFFERS:
            if name in FORMATS and test(head):
                return FORMATS[name]
    if looks_binary(data) and suffix not in (".apkg", ".xlsx"):
        raise FormatError("this is not a file quizapp can import (it looks like an image, a "
                          "document or an archive); the formats it reads are on the "
                          "“File formats” page", file=filename)
    raise FormatError("cannot tell the file's format from its name or its first lines; "
                      "choose the format", file=filename)


def _check_xml_kind(data: bytes, filename: str) -> None:
    """Moodle XML is the only XML read: QTI (Canvas, Blackboard, IMS) is told as such."""
    head = data[:4096].decode("utf-8", "replace")
    if re.search(r"<(\w+:)?(questestinterop|assessmentItem|assessmentTest)\b|imsqti", head):
        raise FormatError("this is a QTI file (Canvas, Blackboard, IMS), which quizapp does "
                          "not read yet; export the questions from Moodle as Moodle XML or "
                          "GIFT, or as CSV", file=filename)


def _anki_text(head: str) -> bool:
    return head.lstrip("\ufeff").startswith(("#separator:", "#html:", "#notetype", "#deck",
                                             "#columns:", "#guid", "#tags"))


def _aiken(head: str) -> bool:
    return any(line.startswith("ANSWER:") for line in head.splitlines())


_GIFT_BLOCK = re.compile(r"\{\s*(?:[=~#]|(?:T|F|TRUE|FALSE)\s*[}#])", re.I)


def _gift(head: str) -> bool:
    return bool(_GIFT_BLOCK.search(head)) and not _tabbed(head)


def _tabbed(head: str) -> bool:
    lines = [line for line in head.splitlines() if line.strip() and not line.startswith("#")]
    return bool(lines) and sum("\t" in line for line in lines) >= len(lines) / 2


def _quizlet(head: str) -> bool:
    return "\t" in head or "," in head


_SNIFFERS = (("anki_text", _anki_text), ("aiken", _aiken), ("gift", _gift),
             ("quizlet", _quizlet))

__all__ = ["FIELDS", "FORMATS", "Collector", "Exported", "Format", "FormatError", "Note",
           "Parsed", "derived_id", "detect", "get", "lost_fields", "readable", "writable"]
