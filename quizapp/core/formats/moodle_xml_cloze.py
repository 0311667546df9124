"""Moodle's cloze (multianswer) questions: `{1:SHORTANSWER:=Paris~=paris}` gaps read the
way Moodle's own parser reads them; one gap maps onto our cloze, mcq, multi or numeric,
several are skipped (our cloze has one gap)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from quizapp.core.bank import GAP
from quizapp.core.formats.moodle_xml_questions import (
    Broken,
    Context,
    Skip,
    choice_question,
    full_marks,
    parse_number,
    plain_text,
    short_answers,
)
from quizapp.core.formats.moodle_xml_rules import (
    GAP_MARKER,
    GAP_START,
    TYPE_WORDS,
)
from quizapp.core.formats.text import has_media, html_to_text


@dataclass
class _Gap:
    kind: str  # MC, MR, SA, SAC, NM, RX
    start: int
    end: int
    alternatives: list[tuple[float, str, str]]  # (percent, answer, feedback), raw


def _gaps(raw: str) -> list[_Gap]:
    """Every `{n:TYPE:...}` sub-question of a cloze text, in order; Broken if one is bad."""
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
            raise Broken(f"the gap {raw[m.start():m.start() + 30]!r} has no closing '}}'")
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


def cloze_fields(el: Element, ctx: Context) -> dict[str, Any]:
    field_ = el.find("questiontext")
    raw = (field_.findtext("text") or "") if field_ is not None else ""
    fmt = field_.get("format", "html") if field_ is not None else "html"
    if field_ is not None and (field_.find("file") is not None or has_media(raw)
                               or "@@PLUGINFILE@@" in raw):
        ctx.media = True
    gaps = _gaps(raw)
    if not gaps:
        raise Broken("a cloze question with no gaps ({1:SHORTANSWER:=...} and the like)")
    for index, gap in enumerate(gaps, 1):
        _check_gap(index, gap)
    if len(gaps) > 1:
        raise Skip(f"a cloze question with {len(gaps)} gaps; quizapp's cloze questions have one")
    gap = gaps[0]
    if gap.kind == "RX":
        raise Skip("a regular-expression gap, which quizapp does not have")
    prompt = plain_text(raw[:gap.start] + GAP_MARKER + raw[gap.end:], fmt).replace(GAP_MARKER, GAP)
    if any(fb.strip() for _, _, fb in gap.alternatives):
        ctx.feedback = True
    alts = [(g, _cloze_text(a, fmt)) for g, a, _ in gap.alternatives]
    if gap.kind in ("MC", "MR"):
        return choice_question(prompt, [(a, g) for g, a in alts if a], gap.kind == "MC", ctx)
    if gap.kind == "NM":
        right = [(g, a) for g, a in alts if full_marks(g) and a != "*"]
        if not right:
            raise Skip("the gap's only full-marks answer is `*` (any number)")
        value, _, tol = right[0][1].partition(":")
        number, tolerance = parse_number(value), parse_number(tol) if tol else None
        if len(right) > 1 or any(0 < g < 99.99999 for g, _ in alts):
            ctx.notes.append("further answers of the gap left out: quizapp keeps one right "
                             "number and its tolerance")
        data: dict[str, Any] = {"type": "numeric", "prompt": prompt, "answer": number}
        if tolerance is not None:
            data["tolerance"] = abs(tolerance)
        return data
    if gap.kind == "SAC":
        ctx.notes.append("Moodle matched the gap case by case; quizapp ignores case")
    answer, accept = short_answers([(a, g) for g, a in alts], ctx)
    return {"type": "cloze", "prompt": prompt, "answer": answer, "accept": accept}


def _check_gap(number: int, gap: _Gap) -> None:
    """The checks Moodle makes when it saves a cloze question."""
    name = f"gap {number}"
    answers = [(g, a.strip()) for g, a, _ in gap.alternatives if a.strip()]
    if gap.kind in ("MC", "MR") and len(answers) < 2:
        raise Broken(f"{name} is a multiple-choice gap with {len(answers)} choice"
                      f"{'s' if len(answers) != 1 else ''}; it needs at least two")
    if not answers:
        raise Broken(f"{name} has no answers")
    if gap.kind == "MR":
        if not any(g > 0 for g, _ in answers):
            raise Broken(f"{name} has no answer with a grade above 0%")
    elif not any(full_marks(g) for g, _ in answers):
        raise Broken(f"{name} has no answer with full marks (100%)")
    if gap.kind == "NM":
        for _, answer in answers:
            value, _, tol = answer.partition(":")
            bad = parse_number(value) is None or (tol and parse_number(tol) is None)
            if answer != "*" and bad:
                raise Broken(f"{name} is a numerical gap, but {answer!r} is not a number")
