"""Anki's "Notes in Plain Text" (.txt), read as Anki >= 2.1.55 reads it and written so that
Anki imports it as Basic and Cloze notes (rslib/src/import_export/text/csv/).

The file: header lines `#key:value` at the top (`#separator:tab|comma|semicolon|pipe|
space|colon` or the character itself, `#html:true|false`, `#columns:` names, `#guid
column:N`, `#notetype column:N`, `#deck column:N`, `#tags column:N`, `#notetype:`,
`#deck:`, `#tags:`; a first line `tags:a b` is the old form of `#tags:`), then one CSV
record a note (fields quoted with `"`, a `"` inside doubled, quoted fields may span
lines); a line starting with `#` where a record would start is a comment. Without a
`#separator` line the first of tab, pipe, semicolon and comma in the file is the
separator (Anki would also try colon before comma, and space); without `#html` the fields
are HTML when any looks like HTML. A note's fields are the columns that are not
guid/notetype/deck/tags; without `#tags column` and `#notetype column`, a third column is
the tags, as Anki's importer assumes for its Basic note type.

Notes become questions as `anki_notes` says (the package format shares it).

quizapp's own export adds a last column `quizapp` with the question as JSON (type,
prompt, choices, answer, accept, tolerance, explanation, tags): Anki ignores a column
its note type has no field for, and this reader takes the question from it, losslessly,
as long as the front and back still read as quizapp wrote them (else the card was edited
and is read from its front and back like any other card).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

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
from quizapp.core.formats.base import Collector, Exported, Note, Parsed, lost_fields
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode

LABEL = "Anki notes (text)"
SEPARATORS = {"tab": "\t", "pipe": "|", "semicolon": ";", "colon": ":", "comma": ",",
              "space": " "}
GUESSED = ("\t", "|", ";", ",")  # Anki also tries ":" before "," and " " last
_SEPARATOR_NAMES = {char: name for name, char in SEPARATORS.items()}
_HTML_LIKE = re.compile(r"<\s*/?\s*[a-z][a-z0-9]*\b[^<>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);",
                        re.I)

# ---------------------------------------------------------------- the text file

@dataclass
class _Header:
    separator: str | None = None
    html: bool | None = None
    columns: str | None = None  # the raw `#columns:` value, split once the separator is known
    guid: int = 0  # 1-based columns; 0 = none
    notetype: int = 0
    deck: int = 0
    tags: int = 0
    global_notetype: str = ""
    global_deck: str = ""
    global_tags: tuple[str, ...] = ()


def _header(lines: list[str], c: Collector) -> tuple[_Header, int]:
    """The header lines at the top, as Anki reads them; and the index of the first line
    after them."""
    head = _Header()
    index = 0
    if lines and lines[0].startswith("tags:"):
        head.global_tags = tuple(lines[0][5:].split())
        index = 1
    while index < len(lines) and lines[index].startswith("#"):
        key, colon, value = lines[index][1:].partition(":")
        where = f"line {index + 1}"
        index += 1
        if not colon:
            continue  # a comment
        key = key.strip().lower()
        if key == "separator":
            name = value.strip().lower()
            if name in SEPARATORS:
                head.separator = SEPARATORS[name]
            elif len(value) == 1 and value not in '"\n':
                head.separator = value
            else:
                c.note(where, f"unknown separator {value!r}; the separator was guessed")
        elif key == "html":
            if value.strip().lower() in ("true", "false"):
                head.html = value.strip().lower() == "true"
            else:
                c.note(where, f"#html must be true or false, not {value!r}; guessed")
        elif key == "columns":
            head.columns = value
        elif key in ("guid column", "notetype column", "deck column", "tags column"):
            try:
                number = int(value.strip())
            except ValueError:
                number = 0
            if number < 1:
                c.note(where, f"#{key} needs a column number (1, 2, ...), not {value!r}; "
                              "ignored")
                continue
            setattr(head, key.split()[0], number)
        elif key == "notetype":
            head.global_notetype = value.strip()
        elif key == "deck":
            head.global_deck = value.strip()
        elif key == "tags":
            head.global_tags = tuple(value.split())
    return head, index


class _Lines:
    """The file's lines for csv.reader, from a start line; a line beginning with '#' where
    a record starts is a comment, as in Anki's reader. `start` is the 1-based line of the
    record read last."""

    def __init__(self, lines: list[str], index: int) -> None:
        self.lines, self.index = lines, index
        self.at_record_start = True
        self.start = index + 1

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            if self.at_record_start:
                if line.startswith("#"):
                    continue
                self.at_record_start = False
                self.start = self.index
            return line + "\n"
        raise StopIteration


def _records(lines: list[str], index: int,
             separator: str) -> tuple[list[tuple[int, list[str]]], Note | None]:
    """(line, fields) of every record, and the error that stopped the reading if one did.
    A quote after a closing quote is taken as text (as Anki does); a quoted field still
    open at the end of the file is an error."""
    source = _Lines(lines, index)

    def reader(strict: bool) -> Iterator[list[str]]:
        return csv.reader(source, delimiter=separator, quotechar='"', doublequote=True,
                          skipinitialspace=False, strict=strict)

    records: list[tuple[int, list[str]]] = []
    error: Note | None = None
    strict = reader(True)
    while True:
        source.at_record_start = True
        mark = source.index
        try:
            row = next(strict)
        except StopIteration:
            break
        except csv.Error as exc:
            where = f"line {source.start}"
            if "field larger" in str(exc):
                error = Note(where, f"a field is longer than {csv.field_size_limit()} "
                                    "characters")
                break
            if "end of data" in str(exc):
                error = Note(where, 'a quoted field (starting with ") is never closed: the '
                                    "rest of the file would be inside it")
                break
            source.index, source.at_record_start = mark, True
            try:
                row = next(reader(False))
            except StopIteration:
                break
            except csv.Error as again:
                error = Note(where, f"the record cannot be read ({again})")
                break
            strict = reader(True)
        if any(value.strip() for value in row):
            records.append((source.start, row))
    return records, error


def _guess_separator(lines: list[str], index: int) -> str:
    sample = "\n".join(lines[index:])[:8192]
    return next((char for char in GUESSED if char in sample), "\t")


def read(data: bytes, filename: str) -> Parsed:
    """An Anki plain-text export (or any tab/comma-separated front/back file)."""
    text = decode(data, filename)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    c = Collector(filename)
    head, index = _header(lines, c)
    separator = head.separator
    if separator is None:
        separator = _guess_separator(lines, index)
        if separator != "\t":
            c.note(None, "the file names no separator (#separator:); read as "
                         f"{_SEPARATOR_NAMES.get(separator, repr(separator))}-separated")
    records, error = _records(lines, index, separator)
    is_html = head.html
    if is_html is None:
        is_html = any(_HTML_LIKE.search(value) for _, row in records for value in row)
    labels: list[str] = []
    if head.columns is not None:
        labels = next(csv.reader([head.columns], delimiter=separator), [])
    meta = {n for n in (head.guid, head.notetype, head.deck, head.tags) if n}
    mark_column = next((i + 1 for i, label in enumerate(labels)
                        if label.strip().lower() == MARK and i + 1 not in meta), 0)
    tags_column = head.tags
    if not tags_column and not head.notetype and records:
        # Anki's importer, its Basic note type taking the first two free columns: a column
        # after them is the tags.
        free = [i for i in range(1, len(records[0][1]) + 1) if i not in meta]
        if len(free) >= 3 and free[2] == free[1] + 1 != mark_column:
            tags_column = free[2]
            meta.add(tags_column)
    notes = NoteReader(c)
    for line, row in records:
        _add_row(notes, line, row, head, meta, tags_column, mark_column, is_html)
    if error is not None:
        c.error(error.where, error.message)
    if head.global_deck:
        notes.decks[head.global_deck] += len(records)
    return c.result(notes.finish())


def _add_row(notes: NoteReader, line: int, row: list[str], head: _Header, meta: set[int],
             tags_column: int, mark_column: int, is_html: bool) -> None:
    def column(number: int) -> str:
        return row[number - 1] if 0 < number <= len(row) else ""

    guid = column(head.guid).strip()
    where = f"line {line}" + (f" (guid {guid!r})" if guid else "")
    notetype = column(head.notetype).strip() or head.global_notetype
    if head.deck:
        notes.decks[column(head.deck).strip()] += 1
    tags = head.global_tags + tuple(column(tags_column).split())
    free = [n for n in range(1, len(row) + 1) if n not in meta and n != mark_column]
    fields = [row[n - 1] for n in free]
    mark: str | None = column(mark_column) if mark_column else None
    if mark is None:
        for position in range(2, len(fields)):
            if fields[position].lstrip().startswith('{"' + MARK + '"'):
                mark = fields.pop(position)
                break
    if mark is not None and not mark.strip():
        mark = None
    extra = [value for value in fields[2:] if value.strip()]
    if extra:
        notes.c.note(where, f"the row has {len(fields)} fields; only the first two (front "
                            "and back) were read")
    kind = notetype.lower()
    reverse = "revers" in kind and "optional" not in kind  # "Basic (and reversed card)"
    notes.add(AnkiNote(where, fields[:2], guid=guid, tags=tags, html=is_html,
                       cloze_type="cloze" in kind, cards=2 if reverse else 1, payload=mark))


def _quote(value: str) -> str:
    """A field as Anki's own writer quotes it: when it holds the separator, a quote, a line
    break or '#' (a line starting with '#' would be a comment)."""
    if any(char in value for char in '\t"\n\r#'):
        return '"' + value.replace('"', '""') + '"'
    return value


COLUMNS = ("guid", "notetype", "deck", "Front", "Back", "tags", MARK)


def write(bank: Bank) -> Exported:
    """Basic and Cloze notes, tab-separated, plain text, with the guid (our id), the note
    type, the deck (the title), the tags and quizapp's copy of each question."""
    notes = lost_fields(bank, CARRIES, LABEL)
    deck = " ".join(bank.title.split()) or bank.id
    out = ["#separator:tab", "#html:false", "#guid column:1", "#notetype column:2",
           "#deck column:3", "#tags column:6", "#columns:" + "\t".join(COLUMNS)]
    for q in bank.questions:
        kind, (front, back) = render(q, html=False)
        notes.extend(export_notes(q, html=False))
        row = (q.id, "Cloze" if kind == "cloze" else "Basic", deck, front, back,
               " ".join(anki_tag(t) for t in q.tags), payload(q))
        out.append("\t".join(_quote(value) for value in row))
    return Exported(("\n".join(out) + "\n").encode("utf-8"), tuple(notes))


FORMAT = Format("anki_text", LABEL, (".txt",), CARRIES, read, write, ".txt")
