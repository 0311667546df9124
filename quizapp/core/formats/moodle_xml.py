"""Moodle XML (Moodle's question bank export), read and written.

Reading maps Moodle's types onto ours:
- multichoice, one answer (`<single>true`): mcq; the answer with 100 % is right, answers with
  partial credit count as wrong (noted). Two choices that are True and False: true_false.
- multichoice, several answers (`<single>false`): multi; every answer with a positive grade is
  right (unequal weights such as 50 % / 30 % / 20 % are noted: each right choice is worth the
  same here).
- truefalse: true_false. shortanswer: short; the first 100 % answer is the answer, other 100 %
  answers are accepted too, answers with partial credit are left out (noted: they count as
  wrong), answers with the `*` wildcard are left out (noted).
- numerical: numeric; the first 100 % answer and its tolerance (other answers and units noted).
- cloze (multianswer) with exactly one gap: SHORTANSWER -> cloze, MULTICHOICE -> mcq,
  MULTIRESPONSE -> multi, NUMERICAL -> numeric, the gap written `_____` in the prompt. A cloze
  with several gaps is skipped; a broken one is an error.
- essay, matching, description, ddwtos and the other types are skipped, with the reason.
- category `$course$/A/B`: the file's first category names the set (Parsed.title = "A");
  questions under a later category get its last segment ("B") as a tag (noted).
- `<idnumber>` is the question's id (else its `<name>`, when no other question has that name,
  else an id derived from the prompt); generalfeedback is the explanation; `<tags>` the tags;
  HTML becomes plain text; images, sounds and per-answer feedback are left out (noted).
Grades must be ones Moodle allows (100, 90, 83.33333, ..., 5, 0 and their negatives), as
Moodle's own import checks.

Writing gives one category (`$course$/<set title>`) and each question with its id as
`<idnumber>`, texts as `format="plain_text"` (so they come back exactly), a multi's right
choices an equal share of 100 % and its wrong ones the same share taken off (which is how
quizapp grades a multi), and a cloze as `{1:SHORTANSWER:=answer~=other}`.
Difficulty and source passages have no place in the file.

Only defusedxml parses the file, and a document type declaration (the way to an entity bomb
or an outside file) is refused.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from quizapp.core.bank import GAP
from quizapp.core.formats.base import (
    Collector,
    FormatError,
    Parsed,
    clean_line,
)
from quizapp.core.formats.moodle_xml_rules import (
    ALLOWED,
    CARRIES,
    GAP_MARKER,
    GAP_START,
    LABEL,
    MAX_XML_BYTES,
    NUMBER,
    SKIPPED_TYPES,
    TF_WORDS,
    TYPE_WORDS,
)
from quizapp.core.formats.moodle_xml_writer import write
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode, has_media, html_to_text


class _Broken(Exception):
    """A question Moodle itself would refuse: an error naming it."""


class _Skip(Exception):
    """A question of a kind quizapp cannot hold: skipped, with why."""


@dataclass
class _Ctx:
    """What one question lost on the way in, told in one note after it is added."""

    where: str
    media: bool = False
    feedback: bool = False
    lost: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- parsing XML


class _LineTarget:
    """An ElementTree builder that remembers the line each element starts on."""

    def __init__(self) -> None:
        self.builder = TreeBuilder()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.builder.start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: str) -> Element:
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> Element:
        return self.builder.close()


def _parse(text: str, filename: str) -> tuple[Element, dict[int, int]]:
    target = _LineTarget()
    parser = XMLParser(target=target, forbid_dtd=True, forbid_entities=True,
                       forbid_external=True)
    target.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException:
        line = parser.parser.CurrentLineNumber
        raise FormatError("the file has a document type declaration (<!DOCTYPE ...>); Moodle "
                          "XML has none, and quizapp refuses one because it can hide an entity "
                          "bomb or a reference to another file", file=filename,
                          where=f"line {line}") from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        detail = re.sub(r":? line \d+, column \d+$", "", str(exc))
        if detail.startswith("undefined entity"):
            detail += ("; XML itself knows only &amp; &lt; &gt; &quot; &apos; "
                       "(write &#160; for &nbsp;)")
        raise FormatError(f"not well-formed XML ({detail})", file=filename,
                          where=f"line {line}" if line else None) from None
    return root, target.lines


# ---------------------------------------------------------------------------- reading


def read(data: bytes, filename: str) -> Parsed:
    """A Moodle XML file: one result per <question>, categories as the title and tags."""
    text = decode(data, filename, limit=MAX_XML_BYTES)
    if not text.strip():
        raise FormatError("the file is empty", file=filename)
    root, lines = _parse(text, filename)
    if root.tag != "quiz":
        raise FormatError(f"not a Moodle XML file: the top element is <{root.tag}>, not <quiz>",
                          file=filename, where=f"line {lines.get(id(root), 1)}")
    items = [el for el in root if el.tag == "question"]
    names = Counter(_name(el) for el in items if el.get("type") != "category")
    c = Collector(filename)
    title: str | None = None
    first_path: list[str] | None = None
    category_tag: str | None = None
    ordinal = 0
    for el in items:
        line = lines.get(id(el), 0)
        qtype = (el.get("type") or "").strip().lower()
        if qtype == "category":
            path = _category_path(el.findtext("category/text") or "")
            if not path:
                continue
            if first_path is None:
                first_path, title, category_tag = path, path[-1], None
            elif path == first_path:
                category_tag = None
            else:
                category_tag = path[-1]
                c.note(f"line {line}", f"questions of the category {'/'.join(path)!r} get the "
                                       f"tag {category_tag!r}")
            continue
        ordinal += 1
        name = _name(el)
        where = f"line {line} (question {name!r})" if name else f"line {line} (question {ordinal})"
        wanted = (el.findtext("idnumber") or "").strip()
        if not wanted and name and names[name] == 1:
            wanted = name
        ctx = _Ctx(where)
        try:
            data_ = _question(el, qtype, ctx)
        except _Broken as exc:
            c.error(where, str(exc))
            continue
        except _Skip as exc:
            c.skip(where, str(exc))
            continue
        data_["tags"] = _tags(el, category_tag)
        explanation = _rich(el.find("generalfeedback"), ctx)
        if explanation:
            data_["explanation"] = explanation
        if any((h.findtext("text") or "").strip() for h in el.findall("hint")):
            ctx.lost.append("hints")
        before = len(c.questions)
        c.add(where, data_, wanted_id=wanted or None)
        if len(c.questions) > before:
            _tell(c, ctx)
    return c.result(title)


def _tell(c: Collector, ctx: _Ctx) -> None:
    lost = []
    if ctx.media:
        lost.append("images and other media (quizapp questions are text only)")
    if ctx.feedback:
        lost.append("feedback on answers (quizapp shows the explanation only)")
    lost += ctx.lost
    if lost:
        c.note(ctx.where, "left out: " + "; ".join(lost))
    for message in ctx.notes:
        c.note(ctx.where, message)


def _name(el: Element) -> str:
    return html_to_text(el.findtext("name/text") or "")


def _category_path(text: str) -> list[str]:
    """`$course$/top/A//B/C` -> ["A/B", "C"] (Moodle writes a '/' in a name as '//')."""
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", text.strip())]
    parts = [p for p in parts if p]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


def _tags(el: Element, category_tag: str | None) -> list[str]:
    tags = [(t.findtext("text") or "").strip() for t in el.findall("tags/tag")]
    tags = [t for t in tags if t]
    if category_tag and category_tag not in tags:
        tags.append(category_tag)
    return tags


def _rich(el: Element | None, ctx: _Ctx, default: str = "html") -> str:
    """The plain text of a Moodle text field (a `<text>` child and a `format` attribute)."""
    if el is None:
        return ""
    raw = el.findtext("text") or ""
    if el.find("file") is not None or has_media(raw) or "@@PLUGINFILE@@" in raw:
        ctx.media = True
    return _plain(raw, el.get("format", default))


def _plain(raw: str, fmt: str) -> str:
    if fmt in ("plain_text", "markdown"):
        return raw.strip()
    return html_to_text(raw)


def _raw_answer(el: Element) -> str:
    """An answer that Moodle compares as typed (short answer, numerical): the text, trimmed."""
    return (el.findtext("text") or "").strip()


def _grade(el: Element, index: int) -> float:
    """An answer's grade in percent, one of Moodle's allowed grades."""
    text = (el.get("fraction") or "0").strip()
    try:
        value = float(text)
    except ValueError:
        raise _Broken(f"answer {index}: the grade {text!r} is not a number") from None
    if not math.isfinite(value) or not any(abs(value - g) / 100 < 0.00001 for g in ALLOWED):
        raise _Broken(f"answer {index}: the grade {text}% is not one Moodle allows (allowed: "
                      "100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, "
                      "20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, and the same below 0)")
    return value


def _full(value: float) -> bool:
    return value >= 99.99999


def _answers(el: Element, ctx: _Ctx) -> list[tuple[Element, float]]:
    out = []
    for index, answer in enumerate(el.findall("answer"), 1):
        out.append((answer, _grade(answer, index)))
        feedback = answer.find("feedback")
        if feedback is not None and (feedback.findtext("text") or "").strip():
            ctx.feedback = True
    return out


def _media_legacy(el: Element, ctx: _Ctx) -> None:
    """Moodle 1.9's <image> and <image_base64> elements."""
    for tag in ("image", "image_base64"):
        if (el.findtext(tag) or "").strip():
            ctx.media = True


def _question(el: Element, qtype: str, ctx: _Ctx) -> dict[str, Any]:
    _media_legacy(el, ctx)
    if qtype in SKIPPED_TYPES:
        raise _Skip(SKIPPED_TYPES[qtype])
    if qtype in ("cloze", "multianswer"):
        return _cloze(el, ctx)
    if qtype not in ("multichoice", "truefalse", "shortanswer", "numerical"):
        raise _Skip(f"a question of the type {qtype or '(none)'!r}, which quizapp does not have")
    prompt = _rich(el.find("questiontext"), ctx)
    if not prompt:
        raise _Skip("its question text is empty once images are left out")
    if qtype == "multichoice":
        single = (el.findtext("single") or "true").strip().lower() not in ("false", "0")
        choices = []
        for index, (answer, grade) in enumerate(_answers(el, ctx), 1):
            text = _rich(answer, ctx)
            if not text:
                if ctx.media:
                    raise _Skip(f"answer {index} is only an image, which quizapp cannot show")
                continue  # Moodle drops blank answers too
            choices.append((text, grade))
        return _choice_question(prompt, choices, single, ctx)
    if qtype == "truefalse":
        return _truefalse(el, prompt, ctx)
    if qtype == "shortanswer":
        if (el.findtext("usecase") or "0").strip() not in ("0", "", "false"):
            ctx.notes.append("Moodle matched its answers case by case; quizapp ignores case")
        pairs = [(_raw_answer(a), g) for a, g in _answers(el, ctx)]
        right, accept = _short_answers(pairs, ctx)
        return {"type": "short", "prompt": prompt, "answer": right, "accept": accept}
    return _numerical(el, prompt, ctx)


def _choice_question(prompt: str, choices: list[tuple[str, float]], single: bool,
                     ctx: _Ctx) -> dict[str, Any]:
    """mcq, multi or true_false from (text, grade) choices."""
    texts = [t for t, _ in choices]
    if len(choices) < 2:
        raise _Broken(f"a multiple-choice question needs at least two answers, not {len(choices)}")
    if single:
        right = [t for t, g in choices if _full(g)]
        if not right:
            raise _Broken("no answer has full marks (100%)")
        if len(right) > 1:
            raise _Skip(f"{len(right)} answers have full marks; quizapp's multiple-choice "
                        "questions have one right choice")
        if len(choices) == 2 and {t.casefold() for t in texts} == {"true", "false"}:
            ctx.notes.append("a multiple-choice question with the choices True and False "
                             "became a true/false question")
            return {"type": "true_false", "prompt": prompt, "answer": right[0].casefold() == "true"}
        if not 3 <= len(choices) <= 6:
            raise _Skip(f"it has {len(choices)} choices; quizapp's multiple-choice questions "
                        "have 3 to 6")
        partial = [f"{t!r} ({g:g}%)" for t, g in choices if 0 < g < 99.99999]
        if partial:
            ctx.notes.append("partial credit left out: " + ", ".join(partial)
                             + (" count" if len(partial) > 1 else " counts") + " as wrong now")
        return {"type": "mcq", "prompt": prompt, "choices": texts, "answer": right[0]}
    right = [t for t, g in choices if g > 0]
    if not right:
        raise _Broken("no answer has a grade above 0%")
    if not 3 <= len(choices) <= 8:
        raise _Skip(f"it has {len(choices)} choices; quizapp's multiple-answer questions have "
                    "3 to 8")
    weights = [g for _, g in choices if g > 0]
    if max(weights) - min(weights) > 0.001:
        shown = ", ".join(f"{t!r} {g:g}%" for t, g in choices if g > 0)
        ctx.notes.append(f"the weights of the right answers ({shown}) became equal: quizapp "
                         "gives each right choice the same share")
    return {"type": "multi", "prompt": prompt, "choices": texts, "answer": right}


def _truefalse(el: Element, prompt: str, ctx: _Ctx) -> dict[str, Any]:
    answers = _answers(el, ctx)
    right: set[bool] = set()
    for index, (answer, grade) in enumerate(answers):
        word = html_to_text(answer.findtext("text") or "").casefold()
        if word not in TF_WORDS:
            if len(answers) != 2:
                raise _Broken(f"answer {index + 1} is {word!r}, not 'true' or 'false'")
            word = "true" if index == 0 else "false"  # Moodle's old files: true, then false
        if _full(grade):
            right.add(TF_WORDS[word])
    if len(right) != 1:
        raise _Broken("neither 'true' nor 'false' has full marks (100%)" if not right
                      else "both 'true' and 'false' have full marks (100%)")
    return {"type": "true_false", "prompt": prompt, "answer": right.pop()}


def _wildcard(text: str) -> tuple[str, bool]:
    """A short answer as Moodle matches it: an unescaped `*` is a wildcard, `\\*` a star."""
    if re.search(r"(?<!\\)\*", text):
        return text, True
    return text.replace("\\*", "*"), False


def _short_answers(pairs: list[tuple[str, float]], ctx: _Ctx) -> tuple[str, list[str]]:
    right: list[str] = []
    for text, grade in pairs:
        if not text:
            continue
        plain, wild = _wildcard(text)
        if grade <= 0:
            continue  # a wrong answer (often the catch-all `*`): anything not right is wrong
        if wild:
            ctx.notes.append(f"the answer {text!r} left out: quizapp has no `*` wildcards")
        elif not _full(grade):
            ctx.notes.append(f"the answer {text!r} ({grade:g}%) left out: quizapp has no "
                             "partial credit, so it counts as wrong")
        else:
            right.append(plain)
    if not right:
        if any(_full(g) and _wildcard(t)[1] for t, g in pairs):
            raise _Skip("its only full-marks answers use the `*` wildcard, which quizapp "
                        "does not have")
        raise _Broken("no answer has full marks (100%)")
    return right[0], right[1:]


def _number(text: str) -> int | float | None:
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    return float(text)


def _numerical(el: Element, prompt: str, ctx: _Ctx) -> dict[str, Any]:
    found: tuple[int | float, int | float | None] | None = None
    others = 0
    for index, (answer, grade) in enumerate(_answers(el, ctx), 1):
        text = _raw_answer(answer)
        if text == "*" or (grade <= 0 and not text):
            continue
        value = _number(text)
        if value is None:
            raise _Broken(f"answer {index}: {text!r} is not a number")
        tol_text = (answer.findtext("tolerance") or "").strip()
        tolerance = _number(tol_text) if tol_text else None
        if tol_text and tolerance is None:
            raise _Broken(f"answer {index}: the tolerance {tol_text!r} is not a number")
        if tolerance is not None:
            tolerance = abs(tolerance)
        if _full(grade) and found is None:
            found = (value, tolerance)
        elif grade > 0 or found is not None:
            others += 1
    if found is None:
        raise _Broken("no answer has full marks (100%)")
    if others:
        ctx.notes.append(f"{others} further answer{'s' if others > 1 else ''} left out: quizapp "
                         "keeps one right number and its tolerance")
    units = [clean_line(u.findtext("unit_name") or "") for u in el.findall("units/unit")]
    if any(units):
        ctx.lost.append("units (" + ", ".join(u for u in units if u) + ")")
    data: dict[str, Any] = {"type": "numeric", "prompt": prompt, "answer": found[0]}
    if found[1] is not None:
        data["tolerance"] = found[1]
    return data


# ---------------------------------------------------------------------------- cloze


@dataclass
class _Gap:
    kind: str  # MC, MR, SA, SAC, NM, RX
    start: int
    end: int
    alternatives: list[tuple[float, str, str]]  # (percent, answer, feedback), raw


def _gaps(raw: str) -> list[_Gap]:
    """Every `{n:TYPE:...}` sub-question of a cloze text, in order; _Broken if one is bad."""
    gaps: list[_Gap] = []
    pos = 0
    while True:
        m = GAP_START.search(raw, pos)
        if m is None:
            return gaps
        kind = TYPE_WORDS[m.group(2)]
        i = m.end()
        body_start = i + 1 if i < len(raw) and raw[i] == ":" else i
        j = body_start
        while j < len(raw) and raw[j] != "}":
            j += 2 if raw[j] == "\\" else 1
        if j >= len(raw):
            raise _Broken(f"the gap {raw[m.start():m.start() + 30]!r} has no closing '}}'")
        body = raw[body_start:j] if i < len(raw) and raw[i] == ":" else ""
        gaps.append(_Gap(kind, m.start(), j + 1, _alternatives(body)))
        pos = j + 1


def _split(text: str, stops: str) -> list[str]:
    """Split on characters of `stops` that are not escaped by `\\` nor follow `&` (an
    entity such as `&#039;`), as Moodle's cloze patterns do."""
    parts, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in stops and not (i and text[i - 1] == "&") and not text.endswith("&amp;", 0, i):
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _alternatives(body: str) -> list[tuple[float, str, str]]:
    out: list[tuple[float, str, str]] = []
    if not body.strip():
        return out
    for alt in _split(body, "~"):
        grade = 0.0
        m = re.match(r"=|%(-?\d+(?:[.,]\d*)?)%", alt)
        if m:
            grade = 100.0 if m.group(0) == "=" else float(m.group(1).replace(",", "."))
            alt = alt[m.end():]
        answer, *feedback = _split(alt, "#")
        out.append((grade, answer, "#".join(feedback)))
    return out


def _cloze_text(raw: str, fmt: str) -> str:
    """A sub-question's answer as Moodle stores it: entities decoded, `\\}` `\\#` `\\~`
    unescaped (the `*` of a short answer is left for _wildcard)."""
    text = html.unescape(raw) if fmt in ("plain_text", "markdown") else html_to_text(raw)
    for ch in "}#~":
        text = text.replace("\\" + ch, ch)
    return text.strip()


def _cloze(el: Element, ctx: _Ctx) -> dict[str, Any]:
    field_ = el.find("questiontext")
    raw = (field_.findtext("text") or "") if field_ is not None else ""
    fmt = field_.get("format", "html") if field_ is not None else "html"
    if field_ is not None and (field_.find("file") is not None or has_media(raw)
                               or "@@PLUGINFILE@@" in raw):
        ctx.media = True
    gaps = _gaps(raw)
    if not gaps:
        raise _Broken("a cloze question with no gaps ({1:SHORTANSWER:=...} and the like)")
    for index, gap in enumerate(gaps, 1):
        _check_gap(index, gap)
    if len(gaps) > 1:
        raise _Skip(f"a cloze question with {len(gaps)} gaps; quizapp's cloze questions have one")
    gap = gaps[0]
    if gap.kind == "RX":
        raise _Skip("a regular-expression gap, which quizapp does not have")
    prompt = _plain(raw[:gap.start] + GAP_MARKER + raw[gap.end:], fmt).replace(GAP_MARKER, GAP)
    if any(fb.strip() for _, _, fb in gap.alternatives):
        ctx.feedback = True
    alts = [(g, _cloze_text(a, fmt)) for g, a, _ in gap.alternatives]
    if gap.kind in ("MC", "MR"):
        return _choice_question(prompt, [(a, g) for g, a in alts if a], gap.kind == "MC", ctx)
    if gap.kind == "NM":
        right = [(g, a) for g, a in alts if _full(g) and a != "*"]
        if not right:
            raise _Skip("the gap's only full-marks answer is `*` (any number)")
        value, _, tol = right[0][1].partition(":")
        number, tolerance = _number(value), _number(tol) if tol else None
        if len(right) > 1 or any(0 < g < 99.99999 for g, _ in alts):
            ctx.notes.append("further answers of the gap left out: quizapp keeps one right "
                             "number and its tolerance")
        data: dict[str, Any] = {"type": "numeric", "prompt": prompt, "answer": number}
        if tolerance is not None:
            data["tolerance"] = abs(tolerance)
        return data
    if gap.kind == "SAC":
        ctx.notes.append("Moodle matched the gap case by case; quizapp ignores case")
    answer, accept = _short_answers([(a, g) for g, a in alts], ctx)
    return {"type": "cloze", "prompt": prompt, "answer": answer, "accept": accept}


def _check_gap(number: int, gap: _Gap) -> None:
    """The checks Moodle makes when it saves a cloze question."""
    name = f"gap {number}"
    answers = [(g, a.strip()) for g, a, _ in gap.alternatives if a.strip()]
    if gap.kind in ("MC", "MR") and len(answers) < 2:
        raise _Broken(f"{name} is a multiple-choice gap with {len(answers)} choice"
                      f"{'s' if len(answers) != 1 else ''}; it needs at least two")
    if not answers:
        raise _Broken(f"{name} has no answers")
    if gap.kind == "MR":
        if not any(g > 0 for g, _ in answers):
            raise _Broken(f"{name} has no answer with a grade above 0%")
    elif not any(_full(g) for g, _ in answers):
        raise _Broken(f"{name} has no answer with full marks (100%)")
    if gap.kind == "NM":
        for _, answer in answers:
            value, _, tol = answer.partition(":")
            if answer != "*" and (_number(value) is None or (tol and _number(tol) is None)):
                raise _Broken(f"{name} is a numerical gap, but {answer!r} is not a number")


FORMAT = Format("moodle_xml", LABEL, (".xml",), CARRIES, read, write, ".xml",
                "application/xml; charset=utf-8")
