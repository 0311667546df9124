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

import re
from collections import Counter
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from quizapp.core.formats.base import (
    Collector,
    FormatError,
    Parsed,
)
from quizapp.core.formats.moodle_xml_cloze import cloze_fields
from quizapp.core.formats.moodle_xml_questions import (
    Broken,
    Context,
    Skip,
    answers_of,
    category_path,
    choice_question,
    note_legacy_media,
    numerical,
    question_name,
    question_tags,
    raw_answer,
    rich_text,
    short_answers,
    truefalse,
)
from quizapp.core.formats.moodle_xml_rules import (
    CARRIES,
    LABEL,
    MAX_XML_BYTES,
    SKIPPED_TYPES,
)
from quizapp.core.formats.moodle_xml_writer import write
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode

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
    names = Counter(question_name(el) for el in items if el.get("type") != "category")
    c = Collector(filename)
    title: str | None = None
    first_path: list[str] | None = None
    category_tag: str | None = None
    ordinal = 0
    for el in items:
        line = lines.get(id(el), 0)
        qtype = (el.get("type") or "").strip().lower()
        if qtype == "category":
            path = category_path(el.findtext("category/text") or "")
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
        name = question_name(el)
        where = f"line {line} (question {name!r})" if name else f"line {line} (question {ordinal})"
        wanted = (el.findtext("idnumber") or "").strip()
        if not wanted and name and names[name] == 1:
            wanted = name
        ctx = Context(where)
        try:
            data_ = question_fields(el, qtype, ctx)
        except Broken as exc:
            c.error(where, str(exc))
            continue
        except Skip as exc:
            c.skip(where, str(exc))
            continue
        data_["tags"] = question_tags(el, category_tag)
        explanation = rich_text(el.find("generalfeedback"), ctx)
        if explanation:
            data_["explanation"] = explanation
        if any((h.findtext("text") or "").strip() for h in el.findall("hint")):
            ctx.lost.append("hints")
        before = len(c.questions)
        c.add(where, data_, wanted_id=wanted or None)
        if len(c.questions) > before:
            _tell(c, ctx)
    return c.result(title)


def _tell(c: Collector, ctx: Context) -> None:
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


def question_fields(el: Element, qtype: str, ctx: Context) -> dict[str, Any]:
    note_legacy_media(el, ctx)
    if qtype in SKIPPED_TYPES:
        raise Skip(SKIPPED_TYPES[qtype])
    if qtype in ("cloze", "multianswer"):
        return cloze_fields(el, ctx)
    if qtype not in ("multichoice", "truefalse", "shortanswer", "numerical"):
        raise Skip(f"a question of the type {qtype or '(none)'!r}, which quizapp does not have")
    prompt = rich_text(el.find("questiontext"), ctx)
    if not prompt:
        raise Skip("its question text is empty once images are left out")
    if qtype == "multichoice":
        single = (el.findtext("single") or "true").strip().lower() not in ("false", "0")
        choices = []
        for index, (answer, grade) in enumerate(answers_of(el, ctx), 1):
            text = rich_text(answer, ctx)
            if not text:
                if ctx.media:
                    raise Skip(f"answer {index} is only an image, which quizapp cannot show")
                continue  # Moodle drops blank answers too
            choices.append((text, grade))
        return choice_question(prompt, choices, single, ctx)
    if qtype == "truefalse":
        return truefalse(el, prompt, ctx)
    if qtype == "shortanswer":
        if (el.findtext("usecase") or "0").strip() not in ("0", "", "false"):
            ctx.notes.append("Moodle matched its answers case by case; quizapp ignores case")
        pairs = [(raw_answer(a), g) for a, g in answers_of(el, ctx)]
        right, accept = short_answers(pairs, ctx)
        return {"type": "short", "prompt": prompt, "answer": right, "accept": accept}
    return numerical(el, prompt, ctx)


FORMAT = Format("moodle_xml", LABEL, (".xml",), CARRIES, read, write, ".xml",
                "application/xml; charset=utf-8")
