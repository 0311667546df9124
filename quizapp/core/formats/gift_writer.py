"""Writing GIFT (the reader is `gift`): each question as Moodle writes it, one answer a
line, with Moodle's `// [id:...] [tag:...]` comment before it and the prompt's first words
as its `::name::`; a multi question's right choices share 100 % (Moodle's grade list) and
each wrong one is `%-100%`; text that would read as markup is marked `[plain]`. What GIFT
cannot carry (difficulty, source passages) is told in the notes."""
from __future__ import annotations

import re

from quizapp.core.bank import GAP, Bank, Question
from quizapp.core.formats.base import Exported, Note, lost_fields

LABEL = "GIFT"
CARRIES = frozenset({"prompt", "choices", "answer", "accept", "tolerance", "explanation",
                     "tags"})
FORMAT_MARKER = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
TAG = re.compile(r"<[a-zA-Z/][^>]*>")  # text with this in it reads as HTML


def _esc(text: str) -> str:
    """Text safe inside GIFT: control characters escaped, line breaks as \\n."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")




def _carriable(text: str) -> bool:
    return not any(c in text for c in "]\n\r")


def _plain(text: str) -> str:
    """`[plain]` before text that Moodle (and the reader) would otherwise take as HTML."""
    return "[plain]" + _esc(text) if TAG.search(text) or FORMAT_MARKER.match(text) \
        else _esc(text)


def _name(question: Question) -> str:
    words = " ".join(question.prompt.replace(GAP, "...").split())
    return words if len(words) <= 60 else words[:57].rstrip() + "..."


def _number_text(value: float | int) -> str:
    return repr(value) if isinstance(value, float) and not value.is_integer() else \
        str(int(value))


def write(bank: Bank) -> Exported:
    """The bank as GIFT; every type we have maps. Difficulty and source passages are lost
    (the notes say so); the id travels as Moodle's `// [id:...]` idnumber, tags as
    `[tag:...]`."""
    notes: list[Note] = lost_fields(bank, CARRIES, LABEL)
    out = [f"// {bank.title}", "// exported from quizapp", ""]
    for question in bank.questions:
        where = f"question {question.id!r}"
        meta = "//"
        if _carriable(question.id):
            meta += f" [id:{question.id}]"
        else:
            notes.append(Note(where, "the id holds ']' or a line break, which GIFT cannot "
                                     "carry; re-import gives a new id"))
        for tag in question.tags:
            if _carriable(tag):
                meta += f" [tag:{tag}]"
            else:
                notes.append(Note(where, f"the tag {tag!r} holds ']' or a line break, which "
                                         "GIFT cannot carry"))
        if question.prompt.rstrip().endswith(GAP):  # GIFT has no gap at the very end
            meta += " [gap:end]"
        out.append(meta.rstrip())
        out.append(f"::{_esc(_name(question))}::{_body(question)}")
        out.append("")
    return Exported("\n".join(out).encode("utf-8"), tuple(notes))


def _body(question: Question) -> str:
    """The prompt with its answer block, one answer per line as Moodle writes them (so a
    `$` of one line and a `$` of another never read as one LaTeX span)."""
    lines: list[str] = []
    if question.type == "true_false":
        lines.append("TRUE" if question.answer else "FALSE")
    elif question.type == "numeric":
        assert isinstance(question.answer, int | float)
        value = f"={_number_text(question.answer)}"
        if question.tolerance:
            value += f":{_number_text(question.tolerance)}"
        lines.append(value)
    elif question.type in ("short", "cloze"):
        lines.extend(f"={_plain(a).replace('*', chr(92) + '*')}"  # * is Moodle's wildcard
                     for a in (str(question.answer), *question.accept))
    elif question.type == "mcq":
        lines.extend(("=" if c == question.answer else "~") + _plain(c)
                     for c in question.choices)
    else:  # multi: the right choices share 100%, each wrong one takes it all away
        right = question.answer if isinstance(question.answer, tuple) else ()
        share = _share(len(right))
        lines.extend(f"~%{share if c in right else '-100'}%{_plain(c)}"
                     for c in question.choices)
    if question.explanation:
        lines.append(f"####{_plain(question.explanation)}")
    block = "{" + ("#" if question.type == "numeric" else "") + "\n" \
        + "\n".join(f"\t{line}" for line in lines) + "\n}"
    marker = "[plain]" if TAG.search(question.prompt) or FORMAT_MARKER.match(
        question.prompt) else ""
    if GAP in question.prompt:
        before, after = question.prompt.split(GAP, 1)
        return f"{marker}{_esc(before)}{block}{_esc(after)}"
    return f"{marker}{_esc(question.prompt)}{block}"


def _share(count: int) -> str:
    """100 / count in the five decimals Moodle's grade list uses (33.33333, 12.5, ...)."""
    value = round(100 / max(count, 1), 5)
    return f"{value:.5f}".rstrip("0").rstrip(".")
