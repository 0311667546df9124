"""GIFT, Moodle's text format (https://docs.moodle.org/en/GIFT_format), read and written
by the rules of Moodle's own importer (question/format/gift/format.php):

- questions are separated by blank lines; `//` lines are comments, except that Moodle's
  `// [id:x] [tag:y]` carry the question's idnumber and tags;
- `$CATEGORY: a/b` sets the category of the questions after it (it becomes a tag);
- `::name::` names a question; `[html]`, `[plain]`, `[markdown]`, `[moodle]` give a
  text format; `\\` escapes `~ = # { } :` and itself;
- the answer block `{...}` at the end, or mid-sentence ("missing word": the gap becomes
  `_____`); `####` starts the general feedback (our explanation).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from quizapp.core.bank import GAP
from quizapp.core.formats.base import Collector, Parsed
from quizapp.core.formats.gift_writer import CARRIES, FORMAT_MARKER, TAG, write
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode, has_media, html_to_text

# Escaped control characters stand as NUL + a letter while a block is cut (a file cannot
# hold a NUL: `decode` refuses it).
_ESCAPES = {"\\\\": "\x00A", "\\~": "\x00B", "\\=": "\x00C", "\\#": "\x00D",
            "\\{": "\x00E", "\\}": "\x00F", "\\:": "\x00G", "\\n": "\x00H"}
_UNESCAPE = {"\x00A": "\\", "\x00B": "~", "\x00C": "=", "\x00D": "#", "\x00E": "{",
             "\x00F": "}", "\x00G": ":", "\x00H": "\n"}
_META_RE = re.compile(r"\[(id|tag|gap):([^\]]*)\]")
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRAIL_JUNK = re.compile(r"^[\s.;:,!?\"']*$")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUM_RE = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")
_RANGE_RE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")


@dataclass
class _Block:
    line: int  # of the block's first line in the file
    text: str  # the question's lines, comments removed, escapes replaced
    meta: list[str]  # the comment lines before and in it


# LaTeX written without GIFT's escapes ($\dfrac{1}{2}$, as GIFT players accept): inside
# such a span every character is literal. A span Moodle-style, escaped (\{1\}), is not.
_MATH_RE = re.compile(r"\$\$[^\n]+?\$\$|\$[^$\n]+?\$|\\\([^\n]+?\\\)")  # one line each
_LITERAL = {"\\": "\x00Q", "{": "\x00R", "}": "\x00S", "=": "\x00T", "~": "\x00U",
            "#": "\x00V", ":": "\x00W"}
_UNESCAPE |= {mark: char for char, mark in _LITERAL.items()}


# LaTeX commands that begin "\n", which GIFT would otherwise read as a line break.
_LATEX_N = re.compile(r"(?<!\\)\\n(?=(?:eq|e|u|abla|ot|i|mid|leq|geq|eg|earrow|warrow|"
                      r"subset|supset|parallel|sim|cong|exists|ewline)(?![a-zA-Z]))")


def _mask_math(match: re.Match[str]) -> str:
    span = match.group(0)
    if not re.search(r"(?<!\\)[{}=~#]", span):
        return _LATEX_N.sub("\x00Qn", span)  # \neq, \nu: not a line break
    for char, mark in _LITERAL.items():
        span = span.replace(char, mark)
    return span


def _escape(text: str) -> str:
    text = _MATH_RE.sub(_mask_math, text)
    for raw, mark in _ESCAPES.items():
        text = text.replace(raw, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in _UNESCAPE.items():
        text = text.replace(mark, char)
    return text


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[str] = []
    meta: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            meta.append(stripped)
            continue
        if not stripped:
            if lines:
                blocks.append(_Block(start, _escape("\n".join(lines)), meta))
                lines, meta = [], []
            continue
        if not lines:
            start = number
        lines.append(raw)
    if lines:
        blocks.append(_Block(start, _escape("\n".join(lines)), meta))
    return blocks


def _text(raw: str, collector: Collector, where: str, given: str | None = None) -> str:
    """A piece of question text as plain text. `[html]`/`[moodle]` (or, with no marker,
    text that holds tags, as Moodle's auto format) is markup turned into text; `[plain]`
    and `[markdown]` are taken as written. `given`: the question text's own marker, for
    the text after a missing-word gap."""
    match = FORMAT_MARKER.match(raw)
    kind = match.group(1).lower() if match else given
    if match:
        raw = raw[match.end():]
        if kind == "markdown" and given is None:
            collector.note(where, "Markdown is shown as typed (quizapp shows plain text)")
    restored = _restore(raw)
    if kind in ("html", "moodle") or (kind is None and TAG.search(restored)):
        if has_media(restored):
            collector.note(where, "an image or sound in the question was left out")
        return html_to_text(restored)
    return _restore(" ".join(raw.split()))  # an escaped \n stays a line break


def _marker(raw: str) -> str | None:
    match = FORMAT_MARKER.match(raw)
    return match.group(1).lower() if match else None


def _split_answers(body: str) -> list[tuple[str, str]]:
    """`=a#fb ~b` -> [("=", "a#fb"), ("~", "b")], at unescaped markers only."""
    parts: list[tuple[str, str]] = []
    for match in re.finditer(r"([=~])([^=~]*)", body):
        parts.append((match.group(1), match.group(2)))
    return parts


def _weight(text: str) -> tuple[float | None, str]:
    match = _WEIGHT_RE.match(text.strip())
    if not match:
        return None, text.strip()
    return float(match.group(1)), text.strip()[match.end():]


def read(data: bytes, filename: str) -> Parsed:
    """A GIFT file as questions; essay, matching and description questions are skipped."""
    text = decode(data, filename)
    collector = Collector(filename)
    category: str | None = None
    first_category: str | None = None
    for block in _blocks(text):
        where = f"line {block.line}"
        body = block.text.strip()
        if body.startswith("$CATEGORY:"):
            category = _restore(body[len("$CATEGORY:"):]).strip().split("\n")[0].strip()
            leaf = category.rstrip("/").rsplit("/", 1)[-1].strip()
            category = None if leaf.startswith("$") or not leaf else leaf
            first_category = first_category or category
            continue
        _question(block, body, where, category, collector)
    return collector.result(first_category)


def _question(block: _Block, body: str, where: str, category: str | None,
              collector: Collector) -> None:
    name = None
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            collector.error(where, "the question's name has no closing '::'")
            return
        name = " ".join(_restore(body[2:end]).split())
        body = body[end + 2:].lstrip()
        where = f"{where} (question {name!r})"
    qid, tags = None, [category] if category else []
    gap_at_end = False
    for comment in block.meta:
        for kind, value in _META_RE.findall(comment):
            value = value.strip()
            if kind == "id" and value:
                qid = value
            elif kind == "tag" and value and value not in tags:
                tags.append(value)
            elif kind == "gap":
                gap_at_end = value == "end"
    qid = qid or name
    open_at, close_at = body.find("{"), body.rfind("}")
    if open_at < 0 and close_at < 0:
        collector.skip(where, "a description with no answers (nothing to ask)")
        return
    if open_at < 0 or close_at < open_at:
        collector.error(where, "the answer block has no opening '{'" if open_at < 0
                        else "the answer block has no closing '}'")
        return
    if body.count("{") > 1 or body.count("}") > 1:
        collector.error(where, "more than one '{' or '}': write a brace in the text as \\{ "
                               "or \\}")
        return
    before, answers, after = body[:open_at], body[open_at + 1:close_at], body[close_at + 1:]
    lead = _text(before, collector, where)
    tail = _text(after, collector, where, _marker(before)) if after.strip() else ""
    gapped = (lead + (" " if before[-1:].isspace() and lead else "") + GAP
              + (" " if after[:1].isspace() and tail else "") + tail)
    plain = None  # the prompt for a true/false or numeric question with junk after '}'
    if not tail:
        prompt = gapped if gap_at_end else lead
    elif _TRAIL_JUNK.match(after) and lead.endswith(("?", ":")):
        prompt = lead  # "What is pi? {#3.14}." and Moodle's stray '";' after the brace
    else:
        prompt = gapped
        plain = lead if _TRAIL_JUNK.match(after) else None
    explanation = None
    if "####" in answers:
        answers, general = answers.split("####", 1)
        explanation = _text(general, collector, where) or None
    base: dict[str, Any] = {"prompt": prompt, "tags": tags}
    if explanation:
        base["explanation"] = explanation
    head = answers.strip()[:1]
    kind = answers.split("#", 1)[0].strip().upper()
    if plain is not None and (head == "#" or kind in ("T", "TRUE", "F", "FALSE")):
        base["prompt"] = plain
    _answers(answers.strip(), base, where, qid, collector)


def _answers(block: str, base: dict[str, Any], where: str, qid: str | None,
             collector: Collector) -> None:
    if not block:
        collector.skip(where, "an essay question (quizapp has no essay questions)")
        return
    if block.startswith("#"):
        _numeric(block[1:].strip(), base, where, qid, collector)
        return
    head = block.split("#", 1)[0].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        feedback = [f.strip() for f in block.split("#")[1:] if f.strip()]
        if feedback and "explanation" not in base:
            # `{FALSE#shown to those who said true#...}`: it says why the statement is
            # false or true, which is what an explanation is for.
            base = base | {"explanation": _text(feedback[0], collector, where)}
            if len(feedback) > 1:
                collector.note(where, "the feedback for a right answer was left out; the "
                                      "one for a wrong answer is the explanation")
        elif feedback:
            collector.note(where, "the feedback on each answer was left out")
        collector.add(where, base | {"type": "true_false", "answer": head.startswith("T")},
                      wanted_id=qid)
        return
    parts = _split_answers(block)
    if not parts or block[0] not in "=~":
        collector.error(where, "an answer must start with '=' (right) or '~' (wrong)")
        return
    if all(marker == "=" and "->" in text for marker, text in parts):
        collector.skip(where, "a matching question (quizapp has no matching questions)")
        return
    options = []
    feedback_dropped = False
    for marker, raw in parts:
        chunk, _, note = raw.partition("#")
        feedback_dropped |= bool(note.strip())
        weight, text = _weight(chunk)
        if marker == "=" and weight is None:
            weight = 100.0
        options.append((weight or 0.0, _text(text, collector, where)))
    if feedback_dropped:
        collector.note(where, "the feedback on each answer was left out")
    if any(not text for _, text in options):
        collector.error(where, "an answer is empty")
        return
    if all(marker == "=" for marker, _ in parts):
        _short(options, base, where, qid, collector)
    else:
        _choice(options, [t for (m, _), (_, t) in zip(parts, options, strict=True)
                          if m == "="], base, where, qid, collector)


def _short(options: list[tuple[float, str]], base: dict[str, Any], where: str,
           qid: str | None, collector: Collector) -> None:
    full = [text.replace("\\*", "*") for weight, text in options
            if weight >= 100 and "*" not in text.replace("\\*", "")]
    partial = [text for weight, text in options
               if 0 < weight < 100 or "*" in text.replace("\\*", "")]
    if partial:
        collector.note(where, "answers with partial credit or a '*' wildcard were left out: "
                       + ", ".join(repr(p) for p in partial))
    if not full:
        collector.error(where, "no answer gets full credit (write one as =answer)")
        return
    qtype = "cloze" if GAP in base["prompt"] else "short"
    accept = full[1:]
    collector.add(where, base | {"type": qtype, "answer": full[0], "accept": accept},
                  wanted_id=qid)


def _choice(options: list[tuple[float, str]], marked: list[str], base: dict[str, Any],
            where: str, qid: str | None, collector: Collector) -> None:
    """As Moodle decides: one `=` answer is a one-answer question (other positive weights
    are partial credit); weights with no `=` are a multiple-answer question, whose right
    answers are those with a positive weight."""
    choices = [text for _, text in options]
    right = [text for weight, text in options if weight > 0]
    if not right:
        collector.error(where, "no answer is marked right (write the right one as =answer)")
        return
    if len(marked) == 1:
        if len(right) > 1:
            collector.note(where, "answers with partial credit now count as wrong: "
                           + ", ".join(repr(t) for t in right if t not in marked))
        qtype, answer = "mcq", marked[0]  # type: str, str | list[str]
    elif not marked:
        qtype, answer = "multi", right
    else:
        collector.skip(where, f"{len(marked)} answers each marked right (=); a quizapp "
                              "multiple-choice question has one right answer")
        return
    limit = 6 if qtype == "mcq" else 8
    if not 3 <= len(choices) <= limit:
        collector.skip(where, f"{len(choices)} choices; quizapp's "
                              f"{'multiple choice' if qtype == 'mcq' else 'select-all'} "
                              f"questions have 3 to {limit}")
        return
    if len({c.casefold() for c in choices}) < len(choices):
        collector.error(where, "two choices are the same")
        return
    collector.add(where, base | {"type": qtype, "choices": choices, "answer": answer},
                  wanted_id=qid)


def _numeric(block: str, base: dict[str, Any], where: str, qid: str | None,
             collector: Collector) -> None:
    entries = [block] if not block.startswith(("=", "~")) else [
        text for marker, text in _split_answers(block) if marker == "="]
    if any(marker == "~" for marker, _ in _split_answers(block)) or "~" in block:
        collector.note(where, "the feedback for wrong answers was left out")
    if entries and entries[0].startswith("~"):
        entries = []
    best: tuple[float, float] | None = None
    dropped = 0
    for raw in entries:
        value, _, feedback = raw.partition("#")
        weight, value = _weight(value)
        if weight is not None and weight < 100:
            dropped += 1
            continue
        parsed = _number(value.split("~")[0].strip())
        if parsed is None:
            collector.error(where, f"{value.strip()!r} is not a number or a range a..b")
            return
        if best is None:
            best = parsed
        else:
            dropped += 1
    if dropped:
        collector.note(where, f"{dropped} other numeric answer(s) were left out; the first "
                              "full-credit one is kept")
    if best is None:
        collector.error(where, "a numeric question needs a full-credit number, as {#3.14:0.01}")
        return
    answer, tolerance = best
    collector.add(where, base | {"type": "numeric", "answer": answer, "tolerance": tolerance},
                  wanted_id=qid)


def _number(text: str) -> tuple[float, float] | None:
    if match := _RANGE_RE.match(text):
        low, high = sorted((float(match.group(1)), float(match.group(2))))
        mid, half = (low + high) / 2, (high - low) / 2
        return _tidy(float(f"{mid:.12g}")), _tidy(float(f"{half:.12g}"))
    if match := _NUM_RE.match(text):
        value = float(match.group(1))
        tolerance = abs(float(match.group(2))) if match.group(2) else 0.0
        if not (math.isfinite(value) and math.isfinite(tolerance)):
            return None
        return _tidy(value), _tidy(tolerance)
    return None


def _tidy(value: float) -> float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value  # type: ignore


FORMAT = Format("gift", "GIFT (Moodle)", (".gift",), CARRIES, read, write, ".gift")
