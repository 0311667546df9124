"""Assemble the bank dict in the bank-format.md layout, with stable ids and provenance."""
from __future__ import annotations

import hashlib
from typing import Any

from quizapp.core.generate.forms import Draft
from quizapp.core.generate.pipeline import (
    Analysis,
    bank_limit,
    draft_questions,
    original_span,
    per_sentence,
    rarity_of,
)
from quizapp.core.generate.rank import difficulty, order, question_id, slugify

GENERATOR_VERSION = "0.2.0"  # round 2 (issue 11): long articles asked as a teacher would


def _question(draft: Draft, analysis: Analysis, raw: str, qid: str) -> dict[str, Any]:
    start, end = original_span(analysis.cleaned, draft.sentence)
    q: dict[str, Any] = {"id": qid, "type": draft.form, "prompt": draft.prompt}
    if draft.form == "mcq":
        q["choices"] = list(draft.choices)
    answer = draft.answer
    if draft.form == "numeric" and isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    q["answer"] = answer
    if draft.form in ("short", "cloze"):
        q["accept"] = list(draft.accept)
    if draft.form == "numeric":
        q["tolerance"] = draft.tolerance or 0
    q["explanation"] = draft.sentence.text
    heading = analysis.headings.get(draft.sentence.index, "")
    tags = [draft.focus.kind]
    if heading:
        tags.append(slugify(" ".join(heading.split()[:4]), 40))
    q["tags"] = tags
    q["difficulty"] = difficulty(draft, rarity_of(draft))
    q["source"] = {"start": start, "end": end, "text": raw[start:end]}
    return q


def generate_bank(
    text: str,
    *,
    bank_id: str,
    title: str | None = None,
    kind: str = "txt",
    source_file: str | None = None,
    max_questions: int | None = None,
) -> dict[str, Any]:
    """Generate a question bank (a plain dict in the bank-format.md layout) from an article."""
    analysis, drafts = draft_questions(text, kind, title)
    if max_questions is None:  # the default bank: only well-spread questions
        ordered = order(drafts, bank_limit(analysis), fill=False, cap=per_sentence(analysis))
    else:
        ordered = order(drafts, max_questions, cap=per_sentence(analysis))
    source_title = analysis.cleaned.title or title or bank_id
    questions = []
    used: set[str] = set()
    for d in ordered:
        base = question_id(d)
        qid, n = base, 2
        while qid in used:
            qid, n = f"{base}-{n}", n + 1
        used.add(qid)
        questions.append(_question(d, analysis, text, qid))
    source: dict[str, Any] = {"title": source_title}
    if source_file is not None:
        source["file"] = source_file
    source["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {
        "format": "quizapp-bank/1",
        "id": bank_id,
        "title": title or source_title,
        "language": "en",
        "source": source,
        "generator": {"name": "quizapp", "version": GENERATOR_VERSION},
        "questions": questions,
    }
