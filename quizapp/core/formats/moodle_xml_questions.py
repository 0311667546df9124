"""Moodle XML questions, one `<question>` element at a time, as bank-question data: each
Moodle type mapped onto ours (multichoice, truefalse, shortanswer, numerical, one-gap
cloze), what is lost told in notes, what Moodle itself would refuse raised as `Broken`,
what quizapp cannot hold raised as `Skip`. The file reader is `moodle_xml`."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from quizapp.core.formats.base import (
    clean_line,
)
from quizapp.core.formats.moodle_xml_rules import (
    ALLOWED,
    NUMBER,
    TF_WORDS,
)
from quizapp.core.formats.text import has_media, html_to_text


class Broken(Exception):
    """A question Moodle itself would refuse: an error naming it."""


class Skip(Exception):
    """A question of a kind quizapp cannot hold: skipped, with why."""


@dataclass
class Context:
    """What one question lost on the way in, told in one note after it is added."""

    where: str
    media: bool = False
    feedback: bool = False
    lost: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def question_name(el: Element) -> str:
    return html_to_text(el.findtext("name/text") or "")


def category_path(text: str) -> list[str]:
    """`$course$/top/A//B/C` -> ["A/B", "C"] (Moodle writes a '/' in a name as '//')."""
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", text.strip())]
    parts = [p for p in parts if p]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


def question_tags(el: Element, category_tag: str | None) -> list[str]:
    tags = [(t.findtext("text") or "").strip() for t in el.findall("tags/tag")]
    tags = [t for t in tags if t]
    if category_tag and category_tag not in tags:
        tags.append(category_tag)
    return tags


def rich_text(el: Element | None, ctx: Context, default: str = "html") -> str:
    """The plain text of a Moodle text field (a `<text>` child and a `format` attribute)."""
    if el is None:
        return ""
    raw = el.findtext("text") or ""
    if el.find("file") is not None or has_media(raw) or "@@PLUGINFILE@@" in raw:
        ctx.media = True
    return plain_text(raw, el.get("format", default))


def plain_text(raw: str, fmt: str) -> str:
    if fmt in ("plain_text", "markdown"):
        return raw.strip()
    return html_to_text(raw)


def raw_answer(el: Element) -> str:
    """An answer that Moodle compares as typed (short answer, numerical): the text, trimmed."""
    return (el.findtext("text") or "").strip()


def _grade(el: Element, index: int) -> float:
    """An answer's grade in percent, one of Moodle's allowed grades."""
    text = (el.get("fraction") or "0").strip()
    try:
        value = float(text)
    except ValueError:
        raise Broken(f"answer {index}: the grade {text!r} is not a number") from None
    if not math.isfinite(value) or not any(abs(value - g) / 100 < 0.00001 for g in ALLOWED):
        raise Broken(f"answer {index}: the grade {text}% is not one Moodle allows (allowed: "
                      "100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, "
                      "20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, and the same below 0)")
    return value


def full_marks(value: float) -> bool:
    return value >= 99.99999


def answers_of(el: Element, ctx: Context) -> list[tuple[Element, float]]:
    out = []
    for index, answer in enumerate(el.findall("answer"), 1):
        out.append((answer, _grade(answer, index)))
        feedback = answer.find("feedback")
        if feedback is not None and (feedback.findtext("text") or "").strip():
            ctx.feedback = True
    return out


def note_legacy_media(el: Element, ctx: Context) -> None:
    """Moodle 1.9's <image> and <image_base64> elements."""
    for tag in ("image", "image_base64"):
        if (el.findtext(tag) or "").strip():
            ctx.media = True


def choice_question(prompt: str, choices: list[tuple[str, float]], single: bool,
                     ctx: Context) -> dict[str, Any]:
    """mcq, multi or true_false from (text, grade) choices."""
    texts = [t for t, _ in choices]
    if len(choices) < 2:
        raise Broken(f"a multiple-choice question needs at least two answers, not {len(choices)}")
    if single:
        right = [t for t, g in choices if full_marks(g)]
        if not right:
            raise Broken("no answer has full marks (100%)")
        if len(right) > 1:
            raise Skip(f"{len(right)} answers have full marks; quizapp's multiple-choice "
                        "questions have one right choice")
        if len(choices) == 2 and {t.casefold() for t in texts} == {"true", "false"}:
            ctx.notes.append("a multiple-choice question with the choices True and False "
                             "became a true/false question")
            return {"type": "true_false", "prompt": prompt, "answer": right[0].casefold() == "true"}
        if not 3 <= len(choices) <= 6:
            raise Skip(f"it has {len(choices)} choices; quizapp's multiple-choice questions "
                        "have 3 to 6")
        partial = [f"{t!r} ({g:g}%)" for t, g in choices if 0 < g < 99.99999]
        if partial:
            ctx.notes.append("partial credit left out: " + ", ".join(partial)
                             + (" count" if len(partial) > 1 else " counts") + " as wrong now")
        return {"type": "mcq", "prompt": prompt, "choices": texts, "answer": right[0]}
    right = [t for t, g in choices if g > 0]
    if not right:
        raise Broken("no answer has a grade above 0%")
    if not 3 <= len(choices) <= 8:
        raise Skip(f"it has {len(choices)} choices; quizapp's multiple-answer questions have "
                    "3 to 8")
    weights = [g for _, g in choices if g > 0]
    if max(weights) - min(weights) > 0.001:
        shown = ", ".join(f"{t!r} {g:g}%" for t, g in choices if g > 0)
        ctx.notes.append(f"the weights of the right answers ({shown}) became equal: quizapp "
                         "gives each right choice the same share")
    return {"type": "multi", "prompt": prompt, "choices": texts, "answer": right}


def truefalse(el: Element, prompt: str, ctx: Context) -> dict[str, Any]:
    answers = answers_of(el, ctx)
    right: set[bool] = set()
    for index, (answer, grade) in enumerate(answers):
        word = html_to_text(answer.findtext("text") or "").casefold()
        if word not in TF_WORDS:
            if len(answers) != 2:
                raise Broken(f"answer {index + 1} is {word!r}, not 'true' or 'false'")
            word = "true" if index == 0 else "false"  # Moodle's old files: true, then false
        if full_marks(grade):
            right.add(TF_WORDS[word])
    if len(right) != 1:
        raise Broken("neither 'true' nor 'false' has full marks (100%)" if not right
                      else "both 'true' and 'false' have full marks (100%)")
    return {"type": "true_false", "prompt": prompt, "answer": right.pop()}


def _wildcard(text: str) -> tuple[str, bool]:
    """A short answer as Moodle matches it: an unescaped `*` is a wildcard, `\\*` a star."""
    if re.search(r"(?<!\\)\*", text):
        return text, True
    return text.replace("\\*", "*"), False


def short_answers(pairs: list[tuple[str, float]], ctx: Context) -> tuple[str, list[str]]:
    right: list[str] = []
    for text, grade in pairs:
        if not text:
            continue
        plain, wild = _wildcard(text)
        if grade <= 0:
            continue  # a wrong answer (often the catch-all `*`): anything not right is wrong
        if wild:
            ctx.notes.append(f"the answer {text!r} left out: quizapp has no `*` wildcards")
        elif not full_marks(grade):
            ctx.notes.append(f"the answer {text!r} ({grade:g}%) left out: quizapp has no "
                             "partial credit, so it counts as wrong")
        else:
            right.append(plain)
    if not right:
        if any(full_marks(g) and _wildcard(t)[1] for t, g in pairs):
            raise Skip("its only full-marks answers use the `*` wildcard, which quizapp "
                        "does not have")
        raise Broken("no answer has full marks (100%)")
    return right[0], right[1:]


def parse_number(text: str) -> int | float | None:
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    return float(text)


def numerical(el: Element, prompt: str, ctx: Context) -> dict[str, Any]:
    found: tuple[int | float, int | float | None] | None = None
    others = 0
    for index, (answer, grade) in enumerate(answers_of(el, ctx), 1):
        text = raw_answer(answer)
        if text == "*" or (grade <= 0 and not text):
            continue
        value = parse_number(text)
        if value is None:
            raise Broken(f"answer {index}: {text!r} is not a number")
        tol_text = (answer.findtext("tolerance") or "").strip()
        tolerance = parse_number(tol_text) if tol_text else None
        if tol_text and tolerance is None:
            raise Broken(f"answer {index}: the tolerance {tol_text!r} is not a number")
        if tolerance is not None:
            tolerance = abs(tolerance)
        if full_marks(grade) and found is None:
            found = (value, tolerance)
        elif grade > 0 or found is not None:
            others += 1
    if found is None:
        raise Broken("no answer has full marks (100%)")
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
