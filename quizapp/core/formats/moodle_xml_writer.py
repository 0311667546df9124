"""Writing Moodle XML (the reader is `moodle_xml`): one category named after the set, then
each question in the type Moodle has for it, every text as `plain_text` so it comes back
exactly; what Moodle cannot hold is listed in the notes."""
from __future__ import annotations

from quizapp.core.bank import Bank, Question
from quizapp.core.formats.base import (
    Exported,
    Note,
    clean_line,
    lost_fields,
)
from quizapp.core.formats.moodle_xml_rules import (
    BANK_GAP,
    CARRIES,
    GAP_START,
    LABEL,
    MAX_IDNUMBER,
    SHARES,
    XML_BAD,
)


def write(bank: Bank) -> Exported:
    """The bank as a Moodle XML file: one category named after the bank, then every question."""
    notes = lost_fields(bank, CARRIES, LABEL)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
           '  <question type="category">', "    <category>",
           f"      <text>{_esc('$course$/' + bank.title.strip().replace('/', '//'))}</text>",
           "    </category>", "  </question>"]
    for q in bank.questions:
        bad = [XML_BAD.search(s) for s in _texts(q)]
        if any(bad):
            notes.append(Note(f"question {q.id!r}", "characters XML cannot hold (control "
                                                    "characters) were left out"))
        if q.type == "cloze" and GAP_START.search(q.prompt):
            notes.append(Note(f"question {q.id!r}", "its text holds a '{1:TYPE:...}' of its "
                                                    "own, which Moodle reads as another gap"))
        if len(q.id) > MAX_IDNUMBER:
            notes.append(Note(f"question {q.id!r}", f"its id is longer than the {MAX_IDNUMBER} "
                                                    "characters Moodle keeps in an idnumber"))
        out += _question_xml(q)
    out.append("</quiz>")
    return Exported(("\n".join(out) + "\n").encode("utf-8"), tuple(notes))


def _texts(q: Question) -> list[str]:
    return [q.id, q.prompt, str(q.answer), *q.choices, *q.accept, q.explanation or "", *q.tags]


def _esc(text: str) -> str:
    text = XML_BAD.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _text_el(tag: str, text: str, indent: str = "    ", fmt: str = "plain_text") -> list[str]:
    return [f'{indent}<{tag} format="{fmt}">', f"{indent}  <text>{_esc(text)}</text>",
            f"{indent}</{tag}>"]


def _short_name(prompt: str) -> str:
    name = clean_line(prompt)
    return name if len(name) <= 80 else name[:79].rstrip() + "…"


def _answer_el(fraction: str, text: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [f'    <answer fraction="{fraction}" format="plain_text">',
            f"      <text>{_esc(text)}</text>", *extra,
            '      <feedback format="plain_text">', "        <text></text>",
            "      </feedback>", "    </answer>"]


def _num(value: float | int) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


def _star(text: str) -> str:
    """A short answer Moodle matches literally: each `*` escaped (`\\*`)."""
    return text.replace("*", "\\*")


def _gap_answer(text: str) -> str:
    """A cloze answer in `{1:SHORTANSWER:=...}`: Moodle decodes entities in it, then
    unescapes `\\}` `\\#` `\\~`, then treats `*` as a wildcard and `\\*` as a star."""
    out = []
    for ch in text:
        if ch == "&":
            out.append("&#38;")
        elif ch == "\\":
            out.append("&#92;")
        elif ch in "}#~":
            out.append("\\" + ch)
        elif ch == "*":
            out.append("\\*")
        elif ch == "{":
            out.append("&#123;")
        elif ch == "\n":
            out.append("&#10;")
        else:
            out.append(ch)
    return "".join(out)


def _question_xml(q: Question) -> list[str]:
    qtype = {"mcq": "multichoice", "multi": "multichoice", "true_false": "truefalse",
             "short": "shortanswer", "cloze": "cloze", "numeric": "numerical"}[q.type]
    prompt = q.prompt.strip()
    if q.type == "cloze":
        answers = [q.answer, *q.accept]
        gap = "{1:SHORTANSWER:" + "~".join("=" + _gap_answer(str(a).strip()) for a in answers) + "}"
        prompt = BANK_GAP.sub(lambda _m: gap, q.prompt, count=1).strip()
    lines = [f'  <question type="{qtype}">', "    <name>",
             f"      <text>{_esc(_short_name(q.prompt))}</text>", "    </name>",
             *_text_el("questiontext", prompt),
             *_text_el("generalfeedback", (q.explanation or "").strip()),
             "    <defaultgrade>1</defaultgrade>",
             "    <penalty>0.3333333</penalty>" if q.type != "true_false"
             else "    <penalty>1</penalty>",
             "    <hidden>0</hidden>", f"    <idnumber>{_esc(q.id)}</idnumber>"]
    if q.type in ("mcq", "multi"):
        right = q.answer if isinstance(q.answer, tuple) else (q.answer,)
        share = SHARES[len(right)]
        lines += [f"    <single>{'true' if q.type == 'mcq' else 'false'}</single>",
                  "    <shuffleanswers>true</shuffleanswers>",
                  "    <answernumbering>abc</answernumbering>"]
        for choice in q.choices:
            if choice in right:
                fraction = "100" if q.type == "mcq" else share
            else:
                fraction = "0" if q.type == "mcq" else "-" + share
            lines += _answer_el(fraction, choice.strip())
    elif q.type == "true_false":
        lines += _answer_el("100" if q.answer else "0", "true")
        lines += _answer_el("0" if q.answer else "100", "false")
    elif q.type == "short":
        lines.append("    <usecase>0</usecase>")
        for text in (str(q.answer), *q.accept):
            lines += _answer_el("100", _star(text.strip()))
    elif q.type == "numeric":
        assert isinstance(q.answer, int | float)
        extra: tuple[str, ...] = ()
        if q.tolerance is not None:
            extra = (f"      <tolerance>{_num(q.tolerance)}</tolerance>",)
        lines += _answer_el("100", _num(q.answer), extra)
    if q.tags:
        lines.append("    <tags>")
        lines += [f"      <tag><text>{_esc(t.strip())}</text></tag>" for t in q.tags]
        lines.append("    </tags>")
    lines.append("  </question>")
    return lines
