"""Anki notes as questions, for both Anki formats (the text export, `anki_text`, and the
package, `apkg`): the note a file holds, the reader that turns notes into questions, and
how a question is shown on a card and kept in the hidden `quizapp` field.

Mapping:
- front + back (the first two fields) -> `short` (prompt = front, answer = back);
- a front with `{{c1::answer::hint}}` deletions -> `cloze`; a note with several numbers
  (c1, c2, ...) becomes one question per number, the others shown as plain text; a number
  that hides several places at once is skipped (our cloze has one gap); a hint is dropped
  with a note; the second field (Cloze's "Back Extra") becomes the explanation;
- guid -> id (so an export from quizapp comes back with its ids, and re-importing into
  Anki updates the notes); tags (space-separated) -> tags; deck -> the title;
- HTML becomes text; images and sounds are dropped with a note; a back that repeats the
  front above Anki's answer line (`<hr id=answer>`, Anki's card export) keeps only the
  part below it.
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.bank import GAP, BankError, Question, check_question
from quizapp.core.bank.questions import GAP_RE
from quizapp.core.formats.base import Collector, Note
from quizapp.core.formats.text import has_media, html_to_text

CARRIES = frozenset({"prompt", "choices", "answer", "accept", "tolerance", "explanation",
                     "tags"})
MARK = "quizapp"  # the column (text) and field (.apkg) holding quizapp's copy of a question
LONG_ANSWER = 150  # characters: longer answers suit study better than typing
LETTERS = "ABCDEFGH"
MAX_CLOZE_NUMBERS = 100  # c1..c100 in one note: each becomes a question
_CLOZE_OPEN = re.compile(r"\{\{c(\d{1,9})::")
_ANSWER_LINE = re.compile(r"<hr\s+id\s*=\s*[\"']?answer[\"']?\s*/?>", re.I)
_MEDIA_SRC = re.compile(r"<\s*(img|audio|video|source)\b[^<>]*?\bsrc\s*=\s*[\"']?([^\"'>\s]+)",
                        re.I)
_SOUND = re.compile(r"\[sound:([^\[\]]*)\]")
_FENCE_OPEN = re.compile(r"\s*```[\w+#.-]*[ \t]*(<br\s*/?>|\n)", re.I)  # a Markdown code block
_PAYLOAD_KEYS = ("type", "prompt", "choices", "answer", "accept", "tolerance", "explanation",
                 "tags")


# ---------------------------------------------------------------- notes, both formats

@dataclass
class AnkiNote:
    """One Anki note as the text and the package format both see it."""

    where: str  # "line 7 (guid 'x')", "note 3 (guid 'x')"
    fields: list[str]  # the note's own fields in order (no guid/deck/tags/quizapp)
    guid: str = ""
    tags: tuple[str, ...] = ()
    html: bool = True  # the fields are HTML (else plain text)
    cloze_type: bool = False  # the note type is a cloze type
    cards: int = 1  # the cards Anki makes from it (2 for "Basic (and reversed card)")
    payload: str | None = None  # quizapp's copy of the question, when quizapp wrote it


@dataclass
class NoteReader:
    """Turns Anki notes into questions through a Collector, the same way for both
    formats; `finish` adds the notes that concern the whole file."""

    c: Collector
    answer_side: int = 0  # backs that repeated the front above <hr id=answer>
    decks: Counter[str] = field(default_factory=Counter)

    def add(self, note: AnkiNote) -> None:
        if note.payload is not None and self._ours(note):
            return
        front = note.fields[0] if note.fields else ""
        back = note.fields[1] if len(note.fields) > 1 else ""
        found = deletions(front)
        if found:
            self._cloze(note, found, front, back)
        elif note.cloze_type:
            self.c.error(note.where, "a cloze note without a deletion such as {{c1::answer}}")
        else:
            self._basic(note, front, back)

    def finish(self) -> str | None:
        """The title (the deck most notes are in), after the file-wide notes."""
        if self.answer_side:
            count = self.answer_side
            self.c.note(None, f"{count} back{'s' if count != 1 else ''} repeated the front "
                              "above Anki's answer line (<hr id=answer>): only the part "
                              "below it was read")
        decks = [name for name, _ in self.decks.most_common() if name]
        if len(decks) > 1:
            shown = ", ".join(repr(name) for name in decks[:5]) + (", ..." if len(decks) > 5
                                                                  else "")
            self.c.note(None, f"the notes come from {len(decks)} decks ({shown}); all were "
                              "read into one set")
        # Anki's "Default" deck is where notes go when nobody chose a deck: not a title
        return next((name for name in decks if name != "Default"), None)

    # quizapp's own notes

    def _ours(self, note: AnkiNote) -> bool:
        """The question quizapp wrote, when the card still reads as it wrote it."""
        where, c = note.where, self.c
        data = _load_payload(note.payload or "", note.html)
        if data is None:
            c.note(where, f"the {MARK} field is not quizapp's copy of a question; the card was "
                          "read from its front and back")
            return False
        fields = {key: data[key] for key in _PAYLOAD_KEYS if key in data}
        try:
            question = check_question({"id": "x", **fields})
        except BankError as exc:
            c.note(where, f"the {MARK} field holds no valid question ({exc.message}); the "
                          "card was read from its front and back")
            return False
        _, shown = render(question, html=note.html)
        if not _same(shown, note.fields):
            was = "" if question.type in ("short", "cloze") else \
                f" (it was {'an' if question.type == 'mcq' else 'a'} {question.type} question)"
            c.note(where, "the card was changed after quizapp wrote it: read from its front "
                          "and back" + was)
            return False
        tags = list(question.tags) if sorted(anki_tag(t).casefold() for t in question.tags) \
            == sorted(t.casefold() for t in note.tags) else list(note.tags)
        c.add(where, {**fields, "tags": tags}, wanted_id=note.guid or None)
        return True

    # any other note

    def _basic(self, note: AnkiNote, front: str, back: str) -> None:
        where, c = note.where, self.c
        if note.html:
            lines = list(_ANSWER_LINE.finditer(back))
            if lines:
                back = back[lines[-1].end():]
                self.answer_side += 1
        to_text = _to_text(note.html)
        prompt, answer = to_text(front), to_text(back)
        if not prompt:
            if has_media(front):
                c.skip(where, "the front is only an image or a sound, which a quizapp "
                              "question cannot show")
            else:
                c.error(where, "the front (the question) is empty")
            return
        if not answer:
            if has_media(back):
                c.skip(where, "the back is only an image or a sound, which a quizapp "
                              "answer cannot be")
            else:
                c.error(where, "the back (the answer) is empty")
            return
        self._media(note, front + back)
        if note.cards > 1:
            c.note(where, f"Anki makes {note.cards} cards from this note (such as a reverse "
                          "card): only front -> back was read")
        if len(answer) > LONG_ANSWER:
            c.note(where, f"the answer is {len(answer)} characters long: such cards suit "
                          "study (flashcards) better than a typed quiz")
        c.add(where, {"type": "short", "prompt": prompt, "answer": answer,
                      "tags": list(note.tags)}, wanted_id=note.guid or None)

    def _cloze(self, note: AnkiNote, found: list[Deletion], front: str, back: str) -> None:
        where, c = note.where, self.c
        to_text = _to_text(note.html)
        numbers: dict[int, list[Deletion]] = {}
        for deletion in found:
            numbers.setdefault(deletion.number, []).append(deletion)
        if len(numbers) > MAX_CLOZE_NUMBERS:
            c.skip(where, f"the note has {len(numbers)} cloze numbers, more than "
                          f"{MAX_CLOZE_NUMBERS}")
            return
        explanation = to_text(back) or None
        self._media(note, front + back)
        split = len(numbers) > 1
        if split:
            c.note(where, f"the note has {len(numbers)} cloze numbers "
                          f"({', '.join(f'c{n}' for n in sorted(numbers))}): each became a "
                          "question of its own")
        for number in sorted(numbers):
            hidden = numbers[number]
            at = f"{where}, deletion c{number}" if split else where
            if len(hidden) > 1:
                c.skip(at, f"c{number} hides {len(hidden)} places at once; a quizapp cloze "
                           "question has one gap")
                continue
            gap = hidden[0]
            parts, last = [], 0
            for deletion in found:
                parts.append(front[last:deletion.start])
                parts.append(GAP if deletion is gap else deletion.answer)
                last = deletion.end
            parts.append(front[last:])
            prompt, answer = to_text("".join(parts)), to_text(gap.answer)
            if not answer:
                c.error(at, f"the deletion c{number} is empty: nothing to fill the gap with")
                continue
            if gap.hint is not None and to_text(gap.hint):
                c.note(at, f"the hint {to_text(gap.hint)!r} was left out")
            wanted = note.guid or None
            if split and note.guid:
                wanted = f"{note.guid}-c{number}"
            c.add(at, {"type": "cloze", "prompt": prompt, "answer": answer,
                       "explanation": explanation, "tags": list(note.tags)}, wanted_id=wanted)

    def _media(self, note: AnkiNote, markup: str) -> None:
        if not has_media(markup):
            return
        names = [m.group(2) for m in _MEDIA_SRC.finditer(markup)] + \
            [m.group(1) for m in _SOUND.finditer(markup)]
        shown = ", ".join(repr(name) for name in dict.fromkeys(names)) or "an image or sound"
        self.c.note(note.where, f"left out {shown}: quizapp questions show no images or "
                                "sounds")


@dataclass(frozen=True)
class Deletion:
    """A cloze deletion {{cN::answer::hint}} at start..end of a field."""

    start: int
    end: int
    number: int
    answer: str
    hint: str | None


def deletions(text: str) -> list[Deletion]:
    """The cloze deletions of a field, left to right (in one pass: no regex backtracking
    over a long field)."""
    found: list[Deletion] = []
    position = 0
    while match := _CLOZE_OPEN.search(text, position):
        close = text.find("}}", match.end())
        if close < 0:
            break
        answer, colons, hint = text[match.end():close].partition("::")
        found.append(Deletion(match.start(), close + 2, int(match.group(1)), answer,
                              hint if colons else None))
        position = close + 2
    return found


def _unfence(markup: str) -> str:
    """A field that is one Markdown code block (```lang, lines, ```) without the fences."""
    opening = _FENCE_OPEN.match(markup)
    if opening is None:
        return markup
    lower = markup.lower()
    end = len(markup.rstrip())
    while end > 0:  # line breaks and images after the block stay after it
        tag = lower.rfind("<", 0, end)
        if tag < 0 or lower[end - 1] != ">" or not lower.startswith(("<br", "<img"), tag):
            break
        end = tag
        while end > 0 and markup[end - 1].isspace():
            end -= 1
    if not markup.startswith("```", end - 3) or end - 3 < opening.end():
        return markup
    inner = markup[opening.end():end - 3]
    return markup if "```" in inner else inner + markup[end:]


def _to_text(is_html: bool) -> Callable[[str], str]:
    def to_text(markup: str) -> str:
        markup = _unfence(markup)
        text = html_to_text(markup) if is_html else markup.strip()
        if "[sound:" in text:
            text = " ".join(_SOUND.sub(" ", text).split())
        return text
    return to_text


def _load_payload(raw: str, is_html: bool) -> dict[str, Any] | None:
    try:
        data = json.loads(html.unescape(raw) if is_html else raw)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get(MARK) == 1 else None


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _same(shown: Sequence[str], fields: Sequence[str]) -> bool:
    padded = list(fields) + [""] * (len(shown) - len(fields))
    return all(_norm(a) == _norm(b) for a, b in zip(shown, padded, strict=False))


# ---------------------------------------------------------------- writing, both formats

def anki_tag(tag: str) -> str:
    """A tag as Anki can hold it: no whitespace inside."""
    return "_".join(tag.split())


def _escape_html(text: str) -> str:
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;") \
        .replace("\n", "<br>").replace("\x1f", "&#31;")


def number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def render(q: Question, *, html: bool) -> tuple[str, tuple[str, str]]:
    """The note quizapp writes for a question: ("basic", (front, back)) or ("cloze",
    (text, back extra)), as HTML for a package or plain text for a text file."""
    esc: Callable[[str], str] = _escape_html if html else str
    if q.type == "cloze":
        before, after = GAP_RE.split(q.prompt, maxsplit=1)
        answer = _escape_html(str(q.answer)).replace(":", "&#58;") if html else str(q.answer)
        return "cloze", (esc(before) + "{{c1::" + answer + "}}" + esc(after),
                         esc(q.explanation or ""))
    front, back = q.prompt, str(q.answer)
    if q.type == "true_false":
        front, back = "True or false: " + q.prompt, "True" if q.answer else "False"
    elif q.type in ("mcq", "multi"):
        right = q.answer if isinstance(q.answer, tuple) else (q.answer,)
        lines = [f"{letter}) {choice}" for letter, choice in zip(LETTERS, q.choices,
                                                                  strict=False)]
        front = q.prompt + "\n" + "\n".join(lines)
        back = "\n".join(line for line, choice in zip(lines, q.choices, strict=False)
                         if choice in right)
    elif q.type == "numeric":
        assert isinstance(q.answer, int | float) and not isinstance(q.answer, bool)
        back = number_text(q.answer)
        if q.tolerance:
            back += f" (± {number_text(q.tolerance)})"
    if q.explanation and q.explanation.strip():
        back += "\n\n" + q.explanation
    return "basic", (esc(front), esc(back))


def payload(q: Question) -> str:
    """quizapp's own copy of the question, for a lossless re-import."""
    data: dict[str, Any] = {MARK: 1, "type": q.type, "prompt": q.prompt}
    if q.choices:
        data["choices"] = list(q.choices)
    data["answer"] = list(q.answer) if isinstance(q.answer, tuple) else q.answer
    if q.accept:
        data["accept"] = list(q.accept)
    if q.tolerance is not None:
        data["tolerance"] = q.tolerance
    if q.explanation is not None:
        data["explanation"] = q.explanation
    if q.tags:
        data["tags"] = list(q.tags)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def export_notes(q: Question, *, html: bool) -> list[Note]:
    """What Anki does not show of a question (quizapp's copy keeps it all)."""
    where = f"question {q.id!r}"
    a_type = f"an {q.type}" if q.type == "mcq" else f"a {q.type}"
    back_here = f"re-imported here it is {a_type} question again"
    notes = []
    if q.type in ("mcq", "multi"):
        notes.append(Note(where, f"{a_type} question becomes a flashcard in Anki, the "
                                 "choices listed on the front and the right "
                                 f"{'one' if q.type == 'mcq' else 'ones'} on the back "
                                 f"({back_here})"))
    elif q.type == "true_false":
        notes.append(Note(where, "a true_false question becomes a flashcard 'True or false: "
                                 f"...' with True or False on the back ({back_here})"))
    elif q.type == "numeric":
        notes.append(Note(where, "a numeric question becomes a flashcard with the number on "
                                 f"the back; Anki does not check typed numbers ({back_here})"))
    if q.accept:
        notes.append(Note(where, "Anki shows only the main answer; the other accepted "
                                 "answers are kept in the quizapp "
                                 f"{'field' if html else 'column'} for a re-import here"))
    if q.type == "cloze" and not html and any(s in str(q.answer) for s in ("::", "{", "}")):
        notes.append(Note(where, "the answer holds '::' or a brace, which Anki's cloze "
                                 "syntax {{c1::...}} misreads"))
    for tag in q.tags:
        if anki_tag(tag) != tag:
            notes.append(Note(where, f"the tag {tag!r} is written {anki_tag(tag)!r} (Anki "
                                     "tags have no spaces)"))
    return notes
