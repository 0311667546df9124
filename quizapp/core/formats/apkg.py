"""Anki packages (.apkg): a zip holding the collection, an SQLite database
(`collection.anki2`, or `collection.anki21` from Anki 2.1 with "Support older Anki
versions" ticked), a `media` map and the media files named 0, 1, ...

Read: the note types (`col.models`, JSON: field names, type 0 standard or 1 cloze), the
decks (`col.decks`) and the notes (`notes`: guid, note type, tags, fields joined by \\x1f),
each turned into questions as the text format does (`anki_notes.NoteReader`): a standard
note type's first two fields -> `short`, a cloze note -> `cloze`, guid -> id, tags ->
tags, deck -> title, media left out with a note. Anki >= 2.1.50's own format
(`collection.anki21b`, zstd-compressed, beside a dummy `collection.anki2` that only says
"please update") is refused with how to export a readable package.

Write (with genanki): note types "quizapp Basic" (Front, Back, quizapp) and "quizapp
Cloze" (Text, Back Extra, quizapp), whose `quizapp` field holds quizapp's copy of the
question (as in the text format) so that our own export comes back losslessly, also after
a trip through Anki; the note guid is the question id, so importing a new export into
Anki matches the notes it already has. Ids of note types, deck and notes, and all dates,
are fixed (derived from the bank id), so the same bank gives the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import genanki

from quizapp.core.bank import Bank
from quizapp.core.formats.anki_notes import (
    CARRIES,
    MARK,
    AnkiNote,
    NoteReader,
    anki_tag,
    export_notes,
    payload,
    render,
)
from quizapp.core.formats.archive import open_zip, read_member
from quizapp.core.formats.base import Collector, Exported, FormatError, Note, Parsed, lost_fields
from quizapp.core.formats.registry import Format

LABEL = "Anki package"
NEW_FORMAT = ("the package is in the format of Anki 2.1.50 and later (collection.anki21b, "
              "compressed with zstd), which quizapp cannot read; in Anki, export the deck "
              "again as an .apkg with \"Support older Anki versions\" ticked")
MAX_NOTES = 20000
MAX_SQL_STEPS = 500_000  # progress callbacks, each after 100 SQLite instructions
SQLITE_MAGIC = b"SQLite format 3\x00"
TIMESTAMP = 1_700_000_000  # the notes' modification time (fixed: the same bank, same bytes)
# Our note types' ids and field names must never change: Anki merges a note type it knows
# by id only when its fields are the same, and refuses to update notes of a changed one.
BASIC_ID = 1_707_000_001
CLOZE_ID = 1_707_000_002
_DATE = (1980, 1, 1, 0, 0, 0)
_CSS = (".card { font-family: arial; font-size: 20px; text-align: center; color: black; "
        "background-color: white; }\n.cloze { font-weight: bold; color: blue; }\n"
        ".nightMode .cloze { color: lightblue; }\n")


# ---------------------------------------------------------------- reading

def read(data: bytes, filename: str) -> Parsed:
    """The notes of an Anki package as questions."""
    with open_zip(data, filename) as archive:
        names = set(archive.namelist())
        if "collection.anki21b" in names and "collection.anki21" not in names:
            raise FormatError(NEW_FORMAT, file=filename)
        if "meta" in names and read_member(archive, "meta", filename)[:2] == b"\x08\x03" \
                and "collection.anki21" not in names:
            raise FormatError(NEW_FORMAT, file=filename)
        member = next((n for n in ("collection.anki21", "collection.anki2") if n in names),
                      None)
        if member is None:
            raise FormatError("the archive holds no Anki collection (collection.anki2 or "
                              "collection.anki21): is it an .apkg file from Anki?",
                              file=filename)
        database = read_member(archive, member, filename)
    if not database.startswith(SQLITE_MAGIC):
        raise FormatError(f"{member} is not an SQLite database, so not an Anki collection",
                          file=filename)
    media = sum(1 for name in names if name.isdigit())
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(database)
        try:
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as exc:
            raise FormatError(f"cannot open {member} ({exc})", file=filename) from None
        try:
            return _read_collection(connection, member, filename, media)
        except sqlite3.Error as exc:
            detail = "it takes too long to read" if "interrupt" in str(exc) else str(exc)
            raise FormatError(f"{member} is not a readable Anki collection ({detail})",
                              file=filename) from None
        finally:
            connection.close()


def _read_collection(db: sqlite3.Connection, member: str, filename: str,
                     media: int) -> Parsed:
    steps = itertools.count()
    db.set_progress_handler(lambda: int(next(steps) > MAX_SQL_STEPS), 100)
    tables = {name: kind for kind, name in db.execute("SELECT type, name FROM sqlite_master")}
    for table in ("col", "notes"):
        if tables.get(table) != "table":
            raise FormatError(f"{member} has no {table!r} table, so it is not an Anki "
                              "collection", file=filename)
    row = db.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise FormatError(f"{member}: the 'col' table is empty", file=filename)
    models = _json_object(row[0])
    if models is None:
        raise FormatError(f"{member}: the note types (col.models) are not readable JSON",
                          file=filename)
    decks = _json_object(row[1]) or {}
    deck_names = {str(key): _text(value.get("name")) for key, value in decks.items()
                  if isinstance(value, dict)}
    cards: dict[str, tuple[int, str]] = {}
    if tables.get("cards") == "table":
        for nid, count, did in db.execute(
                "SELECT nid, COUNT(*), MIN(did) FROM cards GROUP BY nid"):
            cards[str(nid)] = (int(count or 0), str(did))
    total = db.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    if total > MAX_NOTES:
        raise FormatError(f"the package holds {total} notes, more than {MAX_NOTES}; split it",
                          file=filename)
    c = Collector(filename)
    reader = NoteReader(c)
    rows = db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
    if len(rows) == 1 and "update to the latest anki version" in _text(rows[0][4]).lower():
        raise FormatError(NEW_FORMAT, file=filename)
    for number, (nid, guid_value, mid, tags, flds) in enumerate(rows, start=1):
        guid = _text(guid_value).strip()
        where = f"note {number}" + (f" (guid {guid!r})" if guid else "")
        fields = _text(flds).split("\x1f")
        model = models.get(str(mid))
        names, cloze_type, templates = _model(model)
        if model is None:
            c.note(where, "its note type is not in the package: its first two fields were "
                          "read as front and back")
        mark: str | None = None
        if MARK in names:
            position = names.index(MARK)
            if position < len(fields):
                mark = fields.pop(position) or None
        count, did = cards.get(str(nid), (templates, ""))
        reader.decks[deck_names.get(did, "")] += 1
        reader.add(AnkiNote(where, fields, guid=guid, tags=tuple(_text(tags).split()),
                            html=True, cloze_type=cloze_type,
                            cards=1 if cloze_type else max(count, 1), payload=mark))
    if media:
        c.note(None, f"{media} media file{'s' if media != 1 else ''} in the package (images, "
                     f"sounds) {'were' if media != 1 else 'was'} not imported")
    return c.result(reader.finish())


def _model(model: Any) -> tuple[list[str], bool, int]:
    """A note type's field names (in order), whether it is a cloze type, its card count."""
    if not isinstance(model, dict):
        return [], False, 1
    fields = [f for f in model.get("flds") or [] if isinstance(f, dict)]
    fields.sort(key=lambda f: f["ord"] if isinstance(f.get("ord"), int) else 0)
    templates = model.get("tmpls")
    return ([_text(f.get("name")) for f in fields], model.get("type") == 1,
            len(templates) if isinstance(templates, list) and templates else 1)


def _json_object(value: Any) -> dict[str, Any] | None:
    try:
        data = json.loads(_text(value))
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# ---------------------------------------------------------------- writing

def _stable_id(*parts: str) -> int:
    """A positive 48-bit id from text: the same bank, the same ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big") or 1


def _models() -> tuple[genanki.Model, genanki.Model]:
    fields = [{"name": "Front"}, {"name": "Back"}, {"name": MARK}]
    basic = genanki.Model(BASIC_ID, "quizapp Basic", fields=fields, css=_CSS, templates=[
        {"name": "Card 1", "qfmt": "{{Front}}",
         "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}])
    cloze = genanki.Model(
        CLOZE_ID, "quizapp Cloze", model_type=genanki.Model.CLOZE, css=_CSS,
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": MARK}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<br>\n{{Back Extra}}"}])
    return basic, cloze


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(bank: Bank) -> Exported:
    """One deck (the bank's title) of quizapp Basic and quizapp Cloze notes."""
    notes: list[Note] = lost_fields(bank, CARRIES, LABEL)
    notes.append(Note(None, "Anki updates notes it already has from this package only when "
                            "\"Update notes\" is set to \"Always\" in its import screen (the "
                            "notes carry a fixed date, so that each export of the same set "
                            "is the same file)"))
    basic, cloze = _models()
    deck = genanki.Deck(_stable_id("quizapp deck", bank.id), " ".join(bank.title.split())
                        or bank.id, description=_escape(bank.description or ""))
    for q in bank.questions:
        kind, (first, second) = render(q, html=True)
        notes.extend(export_notes(q, html=True))
        deck.add_note(genanki.Note(model=cloze if kind == "cloze" else basic,
                                   fields=[first, second, _escape(payload(q))],
                                   tags=[anki_tag(t) for t in q.tags], guid=q.id))
    connection = sqlite3.connect(":memory:")
    try:
        first_id = 1_600_000_000_000 + _stable_id("quizapp notes", bank.id) % 10**11
        genanki.Package(deck).write_to_db(connection.cursor(), TIMESTAMP,
                                          itertools.count(first_id))
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return Exported(buffer.getvalue(), tuple(notes))


FORMAT = Format("apkg", "Anki package (.apkg)", (".apkg",), CARRIES, read, write,
                suffix=".apkg", mimetype="application/octet-stream")
