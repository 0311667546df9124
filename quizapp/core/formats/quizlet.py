"""Quizlet's export text: one card per "term<SEP>definition", with the separators the user
chose on Quizlet's export page (between term and definition: Tab, Comma or any text;
between cards: New line, Semicolon or any text). Quizlet does not quote or escape: a card
is split at the FIRST term separator, so a comma inside a definition is kept.

A card becomes a `short` question (term = prompt, definition = answer), or a `cloze` one
when the term holds exactly one gap `_____`. Quizlet has no ids: they are derived from the
prompt."""
from __future__ import annotations

import re

from quizapp.core.bank import Bank, Question, key_text
from quizapp.core.bank.questions import GAP_RE
from quizapp.core.formats.base import Collector, Exported, FormatError, Note, Parsed, lost_fields
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode

LABEL = "Quizlet (text)"
_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "newline": "\n",
          "new line": "\n", "\\n": "\n"}
_SHOWN = {"\t": "a tab", ",": "a comma", ";": "a semicolon", "\n": "a new line"}
_BREAKS = re.compile(r"[\t\n\r]+")


def _separator(value: str, name: str, filename: str) -> str:
    sep = _NAMES.get(value.strip().casefold(), value) if value.strip() else value
    if sep == "":
        raise FormatError(f"the {name} separator is empty", file=filename)
    return sep


def _shown(sep: str, article: bool = True) -> str:
    shown = _SHOWN.get(sep, repr(sep))
    return shown if article else shown.removeprefix("a ")


def read_with(data: bytes, filename: str, *, term_sep: str, card_sep: str) -> Parsed:
    """Read with the separators the user chose ("tab", "comma", "newline", "semicolon" or
    the text itself)."""
    term = _separator(term_sep, "term/definition", filename)
    card = _separator(card_sep, "card", filename)
    if term == card or term in card or card in term:
        raise FormatError("the term/definition and card separators must differ",
                          file=filename)
    return _read(decode(data, filename), filename, term, card)


def guess_separators(text: str) -> tuple[str, str] | None:
    """(term separator, card separator) for an export whose separators are not known: a
    tab if any line has one, else a comma; cards on lines, or split at ';' when the whole
    file is one line whose every ';'-piece holds the term separator."""
    term = "\t" if "\t" in text else "," if "," in text else None
    if term is None:
        return None
    body = text.strip("\n")
    if "\n" not in body and ";" in body:
        pieces = [p for p in body.split(";") if p.strip()]
        if len(pieces) > 1 and all(term in p for p in pieces):
            return term, ";"
    return term, "\n"


def read(data: bytes, filename: str) -> Parsed:
    """An export whose separators are guessed (see `guess_separators`)."""
    text = decode(data, filename)
    guessed = guess_separators(text)
    if guessed is None:
        if not text.strip():
            raise FormatError("the file is empty", file=filename)
        raise FormatError("no tab or comma between a term and its definition was found; "
                          "choose the separators", file=filename, where="line 1")
    term, card = guessed
    parsed = _read(text, filename, term, card)
    if (term, card) != ("\t", "\n"):
        note = Note(None, f"separators guessed: {_shown(term)} between term and definition, "
                          f"{_shown(card)} between cards; choose them if this is wrong")
        parsed = Parsed(parsed.questions, parsed.skipped, (note, *parsed.notes),
                        parsed.errors, parsed.title)
    return parsed


def _read(text: str, filename: str, term_sep: str, card_sep: str) -> Parsed:
    collector = Collector(filename)
    if card_sep == "\n":
        cards = _line_cards(text, term_sep, collector)
    else:
        cards = _split_cards(text, term_sep, card_sep, collector)
    for where, term, definition in cards:
        _add(collector, where, term, definition, term_sep)
    return collector.result()


def _line_cards(text: str, term_sep: str,
                collector: Collector) -> list[tuple[str, str, str | None]]:
    """Cards one a line; a line without the separator continues the definition above it
    (Quizlet writes a definition's line breaks as they are)."""
    cards: list[tuple[str, str, str | None]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if term_sep in line:
            term, definition = line.split(term_sep, 1)
            cards.append((f"line {number}", term, definition))
        elif cards and (cards[-1][2] or "").strip():
            where, first, before = cards[-1]
            cards[-1] = (where, first, f"{before}\n{line}")
            collector.note(f"line {number}", f"a line without {_shown(term_sep)}: read as "
                                             f"more of the definition on {where}")
        else:
            cards.append((f"line {number}", line, None))
    return cards


def _split_cards(text: str, term_sep: str, card_sep: str,
                 collector: Collector) -> list[tuple[str, str, str | None]]:
    cards: list[tuple[str, str, str | None]] = []
    offset = 0
    for number, piece in enumerate(text.split(card_sep), 1):
        line = text.count("\n", 0, offset + len(piece) - len(piece.lstrip())) + 1
        offset += len(piece) + len(card_sep)
        if not piece.strip():
            continue
        where = f"card {number} (line {line})"
        if term_sep in piece:
            term, definition = piece.split(term_sep, 1)
            cards.append((where, term, definition))
        else:
            cards.append((where, piece, None))
    return cards


def _add(collector: Collector, where: str, term: str, definition: str | None,
         term_sep: str) -> None:
    term = term.strip()
    if definition is None:
        collector.error(where, f"no {_shown(term_sep, False)} between term and definition")
        return
    definition = definition.strip()
    if not term:
        collector.error(where, "the term is empty")
        return
    if not definition:
        collector.error(where, f"the term {term[:40]!r} has no definition")
        return
    if term_sep == "\t" and "\t" in definition:  # commas in a definition are normal
        collector.note(where, "the definition holds another tab: a third column? It is "
                              "kept as part of the definition")
    qtype = "cloze" if len(GAP_RE.findall(term)) == 1 else "short"
    collector.add(where, {"type": qtype, "prompt": term, "answer": definition})


def _flat(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def _definition(question: Question) -> tuple[str, str | None]:
    """The definition a question becomes and, for a type Quizlet cannot hold, why."""
    if question.type in ("short", "cloze"):
        return str(question.answer), None
    key = key_text(question)
    what = {"mcq": "its choices are left out", "multi": "its choices are left out",
            "true_false": "", "numeric": "its tolerance is kept only as text"
            if question.tolerance else ""}[question.type]
    message = (f"a {question.type} question becomes a flashcard with the definition "
               f"{_flat(key)[:60]!r}" + (f"; {what}" if what else ""))
    return key, message


def write(bank: Bank) -> Exported:
    """Tab between term and definition, a new line between cards (Quizlet's default)."""
    notes = lost_fields(bank, FORMAT.carries, LABEL)
    lines = []
    for question in bank.questions:
        definition, message = _definition(question)
        if message:
            notes.append(Note(f"question {question.id!r}", message))
        term, answer = _flat(question.prompt), _flat(definition)
        if (term, answer) != (question.prompt.strip(), definition.strip()):
            notes.append(Note(f"question {question.id!r}",
                              "tabs and line breaks in its text became spaces"))
        if question.type != "cloze" and len(GAP_RE.findall(term)) == 1:
            notes.append(Note(f"question {question.id!r}", "its prompt holds a gap _____, so "
                                                            "it reads back as a cloze question"))
        lines.append(f"{term}\t{answer}\n")
    return Exported("".join(lines).encode("utf-8"), tuple(notes))


FORMAT = Format("quizlet", LABEL, (".txt",), frozenset({"prompt", "answer"}), read, write,
                ".txt", ids=False)
