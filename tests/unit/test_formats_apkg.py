"""Anki packages: collections in the shape Anki and genanki write read note by note,
quizapp's export comes back losslessly and byte for byte the same, and bad archives
(bombs, unsafe names, other databases, Anki's new format) are refused with a message."""
from __future__ import annotations

import io
import itertools
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, Question
from quizapp.core.formats import FormatError, Parsed, apkg
from tests.strategies import banks
from tests.unit.test_formats_anki_text import CARRIED, EVERY_TYPE, carried

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCHEMA = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
    scm integer not null, ver integer not null, dty integer not null, usn integer not null,
    ls integer not null, conf text not null, models text not null, decks text not null,
    dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
    mod integer not null, usn integer not null, tags text not null, flds text not null,
    sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
    ord integer not null, mod integer not null, usn integer not null, type integer not null,
    queue integer not null, due integer not null, ivl integer not null,
    factor integer not null, reps integer not null, lapses integer not null,
    left integer not null, odue integer not null, odid integer not null,
    flags integer not null, data text not null);
"""


def model(name: str, fields: Sequence[str], templates: int = 1, kind: int = 0) -> dict[str, Any]:
    """A note type as Anki 2.1 stores it in col.models (schema 11)."""
    return {"name": name, "type": kind, "sortf": 0, "did": 1, "usn": -1, "mod": 1375933525,
            "flds": [{"name": f, "ord": i, "sticky": False, "rtl": False, "font": "Arial",
                      "size": 20, "media": []} for i, f in enumerate(fields)],
            "tmpls": [{"name": f"Card {i + 1}", "ord": i, "qfmt": "{{Front}}",
                       "afmt": "{{FrontSide}}<hr id=answer>{{Back}}", "did": None,
                       "bqfmt": "", "bafmt": ""} for i in range(templates)],
            "css": ".card {}", "latexPre": "", "latexPost": "", "req": [[0, "all", [0]]],
            "tags": [], "vers": []}


MODELS = {
    "1375933491726": model("Basic", ["Front", "Back"]),
    "1375933525499": model("Basic (optional reversed card)", ["Front", "Back", "Add Reverse"],
                           templates=2),
    "1375933525498": model("Cloze", ["Text", "Extra"], kind=1),
}
DECKS = {"1": {"id": 1, "name": "Default"},
         "1403973896335": {"id": 1403973896335, "name": "Languages::Spanish"}}


def collection(notes: Iterable[tuple[str, str, str, Sequence[str], int]], *,
               models: Mapping[str, Any] | str = MODELS, decks: Mapping[str, Any] = DECKS,
               deck: int = 1403973896335) -> bytes:
    """A collection.anki2 as Anki writes it: notes (guid, model id, tags, fields, cards)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.execute("INSERT INTO col VALUES (1, 1332961200, 1375933525, 1375933525, 11, 0, 0, 0, "
               "'{}', ?, ?, '{}', '{}')",
               (models if isinstance(models, str) else json.dumps(models), json.dumps(decks)))
    ids = itertools.count(1375933494578)
    for guid, mid, tags, fields, cards in notes:
        nid = next(ids)
        db.execute("INSERT INTO notes VALUES (?, ?, ?, 1375933503, -1, ?, ?, ?, 0, 0, '')",
                   (nid, guid, int(mid), tags, "\x1f".join(fields), fields[0]))
        for ord_ in range(cards):
            db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, "
                       "0, 0, 0, '')", (next(ids), nid, deck, ord_))
    db.commit()
    data = db.serialize()
    db.close()
    return data


def package(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ANKI_NOTES = [
    ("cU1%zNUzk1", "1375933491726", " geo europe ", ["What is the capital of <b>Spain</b>?",
                                                    "Madrid"], 1),
    ("CjMTh;(#|6", "1375933525499", "", ["el perro", "the dog", "y"], 2),
    ("L;*}1M{l6|", "1375933491726", "", ["[sound:foo.wav]", ""], 1),
    ("Ab&$&th[l3", "1375933525498", "grammar", ["Ella {{c1::es::ser}} alta.",
                                                "ser = to be"], 1),
    ("Mm+g*FhiWM", "1375933525498", "", ["{{c1::Uno}}, {{c2::dos}}, tres", ""], 2),
    ("orphan-1", "99", "", ["front of a note whose type is gone", "back"], 1),
    ("img-back", "1375933491726", "", ["Which flag?", "Spain <img src=\"flag_es.png\">"], 1),
]


def anki_package() -> bytes:
    return package({"collection.anki2": collection(ANKI_NOTES),
                    "media": b'{"0": "foo.wav", "1": "flag_es.png"}', "0": b"RIFF",
                    "1": b"\x89PNG"})


def read(data: bytes, name: str = "deck.apkg") -> Parsed:
    return apkg.read(data, name)


def refused(data: bytes) -> str:
    with pytest.raises(FormatError) as info:
        read(data)
    return str(info.value)


# ------------------------------------------------------------------ reading Anki's packages

def test_anki_collection_reads_every_note_kind() -> None:
    parsed = read(anki_package())
    assert parsed.errors == ()
    assert parsed.title == "Languages::Spanish"
    assert [(q.id, q.type, q.prompt, q.answer, q.tags) for q in parsed.questions] == [
        ("cU1%zNUzk1", "short", "What is the capital of Spain?", "Madrid", ("geo", "europe")),
        ("CjMTh;(#|6", "short", "el perro", "the dog", ()),
        ("Ab&$&th[l3", "cloze", "Ella _____ alta.", "es", ("grammar",)),
        ("Mm+g*FhiWM-c1", "cloze", "_____, dos, tres", "Uno", ()),
        ("Mm+g*FhiWM-c2", "cloze", "Uno, _____, tres", "dos", ()),
        ("orphan-1", "short", "front of a note whose type is gone", "back", ()),
        ("img-back", "short", "Which flag?", "Spain", ()),
    ]
    assert parsed.questions[2].explanation == "ser = to be"  # the Extra field


def test_anki_collection_says_what_was_skipped_and_changed() -> None:
    parsed = read(anki_package())
    assert [str(n) for n in parsed.skipped] == [
        "note 3 (guid 'L;*}1M{l6|'): the front is only an image or a sound, which a quizapp "
        "question cannot show"]
    assert [str(n) for n in parsed.notes] == [
        "note 2 (guid 'CjMTh;(#|6'): Anki makes 2 cards from this note (such as a reverse "
        "card): only front -> back was read",
        "note 4 (guid 'Ab&$&th[l3'): the hint 'ser' was left out",
        "note 5 (guid 'Mm+g*FhiWM'): the note has 2 cloze numbers (c1, c2): each became a "
        "question of its own",
        "note 6 (guid 'orphan-1'): its note type is not in the package: its first two "
        "fields were read as front and back",
        "note 7 (guid 'img-back'): left out 'flag_es.png': quizapp questions show no images "
        "or sounds",
        "2 media files in the package (images, sounds) were not imported",
    ]


def test_genanki_package_with_basic_reversed_and_cloze() -> None:
    deck = genanki.Deck(2059400110, "Capitals")
    deck.add_note(genanki.Note(genanki.BASIC_MODEL, ["Capital of <i>Peru</i>?", "Lima"],
                               tags=["south-america"], guid="peru"))
    deck.add_note(genanki.Note(genanki.BASIC_AND_REVERSED_CARD_MODEL, ["Quito", "Ecuador"],
                               guid="ecuador"))
    deck.add_note(genanki.Note(genanki.CLOZE_MODEL, ["{{c1::Bogotá}} is in Colombia.", ""],
                               guid="colombia"))
    db = sqlite3.connect(":memory:")
    genanki.Package(deck).write_to_db(db.cursor(), 1_600_000_000, itertools.count(1))
    data = package({"collection.anki2": db.serialize(), "media": b"{}"})
    parsed = read(data)
    assert parsed.errors == () and parsed.title == "Capitals"
    assert [(q.id, q.type, q.prompt, q.answer) for q in parsed.questions] == [
        ("peru", "short", "Capital of Peru?", "Lima"),
        ("ecuador", "short", "Quito", "Ecuador"),
        ("colombia", "cloze", "_____ is in Colombia.", "Bogotá")]
    assert [str(n) for n in parsed.notes] == [
        "note 2 (guid 'ecuador'): Anki makes 2 cards from this note (such as a reverse "
        "card): only front -> back was read"]


def test_legacy_package_of_new_anki_reads_collection_anki21() -> None:
    dummy = collection([("dummy", "1375933491726", "", [
        "Please update to the latest Anki version, then import the .colpkg/.apkg file "
        "again.", ""], 1)])
    real = collection([("g", "1375933491726", "", ["hello", "world"], 1)])
    data = package({"meta": b"\x08\x02", "collection.anki21": real,
                    "collection.anki2": dummy, "media": b"{}"})
    assert [(q.id, q.prompt, q.answer) for q in read(data).questions] == [
        ("g", "hello", "world")]


def test_the_new_anki_format_is_refused_with_what_to_do() -> None:
    dummy = collection([("dummy", "1375933491726", "", [
        "Please update to the latest Anki version, then import the .colpkg/.apkg file "
        "again.", ""], 1)])
    message = ("deck.apkg: the package is in the format of Anki 2.1.50 and later "
               "(collection.anki21b, compressed with zstd), which quizapp cannot read; in "
               "Anki, export the deck again as an .apkg with \"Support older Anki versions\" "
               "ticked")
    assert refused(package({"meta": b"\x08\x03", "collection.anki21b": b"(\xb5/\xfd...",
                            "collection.anki2": dummy, "media": b"\x28\xb5"})) == message
    assert refused(package({"collection.anki21b": b"(\xb5/\xfd"})) == message
    assert refused(package({"collection.anki2": dummy})) == message  # only the dummy


# ------------------------------------------------------------------ bad packages

def test_not_a_zip() -> None:
    assert refused(b"SQLite format 3\x00 not a zip").startswith(
        "deck.apkg: not a readable zip archive")


def test_zip_bomb() -> None:
    message = refused(package({"collection.anki2": b"\x00" * (4 * 1024 * 1024)}))
    assert re.fullmatch(r"deck\.apkg: 'collection\.anki2' is packed \d+ to 1; it looks like "
                        r"a zip bomb", message)


def test_path_traversal_member() -> None:
    assert refused(package({"../collection.anki2": b"x", "collection.anki2": b"y"})) == (
        "deck.apkg: the archive holds an unsafe file name '../collection.anki2'")


def test_too_many_members() -> None:
    members = {str(i): b"" for i in range(2001)}
    assert refused(package(members)) == "deck.apkg: the archive holds 2001 files, more than 2000"


def test_no_collection_in_the_archive() -> None:
    assert refused(package({"media": b"{}"})) == (
        "deck.apkg: the archive holds no Anki collection (collection.anki2 or "
        "collection.anki21): is it an .apkg file from Anki?")


def test_collection_that_is_not_sqlite() -> None:
    assert refused(package({"collection.anki2": b"hello, not a database"})) == (
        "deck.apkg: collection.anki2 is not an SQLite database, so not an Anki collection")


def test_corrupt_sqlite() -> None:
    data = b"SQLite format 3\x00" + b"\xff" * 2000
    assert refused(package({"collection.anki2": data})).startswith(
        "deck.apkg: collection.anki2 is not a readable Anki collection (")


def test_sqlite_that_is_not_an_anki_collection() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE col (models text, decks text)")
    db.execute("CREATE VIEW notes AS SELECT 1 AS id")
    assert refused(package({"collection.anki2": db.serialize()})) == (
        "deck.apkg: collection.anki2 has no 'notes' table, so it is not an Anki collection")


def test_unreadable_note_types() -> None:
    data = collection([("g", "1", "", ["a", "b"], 1)], models="{not json")
    assert refused(package({"collection.anki2": data})) == (
        "deck.apkg: collection.anki2: the note types (col.models) are not readable JSON")


def test_a_note_with_no_answer_is_an_error_naming_the_note() -> None:
    data = collection([("g1", "1375933491726", "", ["Front only", ""], 1),
                       ("g2", "1375933525498", "", ["Cloze without a deletion", ""], 1)])
    parsed = read(package({"collection.anki2": data}))
    assert [str(e) for e in parsed.errors] == [
        "note 1 (guid 'g1'): the back (the answer) is empty",
        "note 2 (guid 'g2'): a cloze note without a deletion such as {{c1::answer}}"]


def test_too_many_notes() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.execute("INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','{}','{}','{}','{}')")
    db.executemany("INSERT INTO notes VALUES (?, ?, 1, 0, 0, '', 'a\x1fb', 'a', 0, 0, '')",
                   [(i, str(i)) for i in range(20001)])
    assert refused(package({"collection.anki2": db.serialize()})) == (
        "deck.apkg: the package holds 20001 notes, more than 20000; split it")


# ------------------------------------------------------------------ writing

def exported_db(data: bytes) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert archive.read("media") == b"{}"
        db = sqlite3.connect(":memory:")
        db.deserialize(archive.read("collection.anki2"))
    return db


def test_export_is_an_anki_collection_with_our_note_types() -> None:
    db = exported_db(apkg.write(EVERY_TYPE).data)
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    assert sorted((m["name"], m["type"], [f["name"] for f in m["flds"]])
                  for m in models.values()) == [
        ("quizapp Basic", 0, ["Front", "Back", "quizapp"]),
        ("quizapp Cloze", 1, ["Text", "Back Extra", "quizapp"])]
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert sorted(d["name"] for d in decks.values()) == ["Default", "Every type"]
    rows = db.execute("SELECT guid, tags, flds FROM notes ORDER BY id").fetchall()
    assert [guid for guid, _, _ in rows] == [q.id for q in EVERY_TYPE.questions]  # guid = id
    assert rows[0][1] == " geo capital_cities "
    front, back, _ = rows[0][2].split("\x1f")
    assert (front, back) == ("What is the capital of France?",
                             "Paris<br><br>Paris has been the capital since 987.")
    assert rows[1][2].split("\x1f")[0] == "The {{c1::Danube}} flows through Vienna."
    assert rows[2][2].split("\x1f")[:2] == [
        "Which planet is red?<br>(pick one)<br>A) Venus<br>B) Mars<br>C) Jupiter", "B) Mars"]
    assert rows[7][2].split("\x1f")[:2] == ["Is 3 &lt; 5 &amp; 5 &gt; 3?",
                                            "&#123;&#123;c1::yes&#125;&#125;"]
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 8


def test_export_notes_say_what_is_lost_and_how_to_update() -> None:
    bank = Bank("b", "B", (Question("q", "mcq", "P?", "a", choices=("a", "b", "c"),
                                    difficulty=0.2),))
    assert [str(n) for n in apkg.write(bank).notes] == [
        "Anki package has no place for difficulties: left out of 1 question",
        "Anki updates notes it already has from this package only when \"Update notes\" is "
        "set to \"Always\" in its import screen (the notes carry a fixed date, so that each "
        "export of the same set is the same file)",
        "question 'q': an mcq question becomes a flashcard in Anki, the choices listed on the "
        "front and the right one on the back (re-imported here it is an mcq question again)",
    ]


def test_round_trip_every_type_and_same_bytes_each_time() -> None:
    exported = apkg.write(EVERY_TYPE)
    parsed = read(exported.data, "every.apkg")
    assert parsed.errors == () and parsed.notes == () and parsed.skipped == ()
    assert parsed.title == "Every type"
    assert [carried(q) for q in parsed.questions] == [carried(q) for q in
                                                      EVERY_TYPE.questions]
    assert apkg.write(EVERY_TYPE).data == exported.data


def test_a_card_edited_in_anki_is_read_from_its_fields() -> None:
    db = exported_db(apkg.write(EVERY_TYPE).data)
    fields = db.execute("SELECT flds FROM notes WHERE guid = 'tf-1'").fetchone()[0]
    db.execute("UPDATE notes SET flds = ? WHERE guid = 'tf-1'",
               (fields.replace("The Sun is a star.", "The Sun is a <b>big</b> star.", 1),))
    db.execute("UPDATE notes SET tags = ' astronomy ' WHERE guid = 'num-1'")
    db.commit()
    parsed = read(package({"collection.anki2": db.serialize()}))
    edited = next(q for q in parsed.questions if q.id == "tf-1")
    assert (edited.type, edited.prompt, edited.answer) == (
        "short", "True or false: The Sun is a big star.", "True")
    assert [str(n) for n in parsed.notes] == [
        "note 5 (guid 'tf-1'): the card was changed after quizapp wrote it: read from its "
        "front and back (it was a true_false question)"]
    retagged = next(q for q in parsed.questions if q.id == "num-1")
    assert (retagged.type, retagged.tags) == ("numeric", ("astronomy",))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_round_trip_any_bank(bank: Bank) -> None:
    data = apkg.write(bank).data
    parsed = read(data)
    assert parsed.errors == () and parsed.notes == ()
    assert [carried(q) for q in parsed.questions] == [carried(q) for q in bank.questions]
    assert apkg.write(bank).data == data


def test_carried_fields_are_declared() -> None:
    assert apkg.FORMAT.carries == frozenset(CARRIED) - {"id", "type"}
    assert (apkg.FORMAT.suffix, apkg.FORMAT.mimetype) == (".apkg", "application/octet-stream")


# ------------------------------------------------------------------ fuzz

@FUZZ
@given(st.binary(max_size=600))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    try:
        parsed = read(data)
    except FormatError:
        return
    assert isinstance(parsed, Parsed)


FIELD = st.sampled_from(["", "front", "<b>x</b>", "{{c1::a}}", "{{c2::b::h}}", "[sound:s.mp3]",
                         "<img src=a.png>", "<hr id=answer>", "&amp;", '{"quizapp":1}',
                         '{"quizapp":1,"type":"short","prompt":"p","answer":"a"}', "_____",
                         "\x1f"]) | st.text(max_size=12)
NOTE = st.tuples(st.text(max_size=10), st.sampled_from(["1375933491726", "1375933525499",
                                                        "1375933525498", "5"]),
                 st.text(max_size=10), st.lists(FIELD, min_size=1, max_size=4),
                 st.integers(0, 2))


@FUZZ
@given(st.lists(NOTE, max_size=6),
       st.sampled_from([MODELS, {}, {"1375933491726": {"flds": "x", "type": "y"}},
                        {"1375933491726": 3}, "[]", "{}"]))
def test_any_notes_in_an_anki_collection_read_or_fail_cleanly(
        notes: list[tuple[str, str, str, list[str], int]], models: Any) -> None:
    data = package({"collection.anki2": collection(notes, models=models)})
    try:
        parsed = read(data)
    except FormatError:
        return
    assert isinstance(parsed, Parsed)


def test_fixture_folder_holds_no_third_party_packages() -> None:
    folder = Path(__file__).parent.parent / "fixtures" / "formats" / "anki"
    assert not list(folder.glob("*.apkg"))  # packages are built in the tests


def test_a_collection_that_takes_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apkg, "MAX_SQL_STEPS", 0)
    assert refused(anki_package()) == ("deck.apkg: collection.anki2 is not a readable Anki "
                                       "collection (it takes too long to read)")


def test_no_temporary_file_is_left_behind(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read(apkg.write(EVERY_TYPE).data)
    with pytest.raises(FormatError):
        read(package({"collection.anki2": b"SQLite format 3\x00" + b"\xff" * 2000}))
    assert list(tmp_path.iterdir()) == []
