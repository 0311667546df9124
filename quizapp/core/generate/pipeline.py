"""The article -> questions pipeline: clean, segment, select, answer, form, rank."""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from typing import Any

from quizapp.core.generate.answers import Answer, extract, keywords_of, norm, score_answers
from quizapp.core.generate.distractors import compact
from quizapp.core.generate.filler import filler_reason, hype_count
from quizapp.core.generate.forms import Draft, build, true_false
from quizapp.core.generate.rank import FORM_WEIGHT, order
from quizapp.core.generate.reading import Cleaned, clean
from quizapp.core.generate.segment import Sentence, segment

NAMED = ("person", "place", "org", "group", "name", "date", "number", "quote")
_SALVAGE = ("greeting", "meta", "aside to the reader")


@dataclass
class Analysis:
    """A cleaned, segmented article with its content sentences and candidate answers."""

    cleaned: Cleaned
    sentences: list[Sentence]
    content: list[Sentence]
    answers: dict[int, list[Answer]]
    headings: dict[int, str]


def _salvage(sent: Sentence) -> Sentence | None:
    """Keep the factual part after a colon of a chatty sentence ("Alright, guys: X")."""
    span = sent.span
    colons = [t for t in span if t.text == ":"]
    if not colons:
        return None
    sub = span.doc[colons[-1].i + 1 : span.end]
    if len(sub) < 4 or not sub.ents:
        return None
    offset = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    start = offset + sub.start_char
    while start < sent.end and sub.text[:1].isspace():
        start += 1
    text = sub.text.strip()
    cand = Sentence(sent.index, sent.para, start, start + len(text), text, sub, False)
    if filler_reason(text) is not None:
        return None
    return cand


def analyse(text: str, kind: str = "txt") -> Analysis:
    """Clean and parse an article; pick its fact-bearing sentences and candidate answers."""
    cleaned = clean(text, kind)
    sentences = segment(cleaned.text)
    content: list[Sentence] = []
    headings: dict[int, str] = {}
    heading = ""
    for sent in sentences:
        if sent.heading:
            heading = sent.text
            continue
        reason = filler_reason(sent.text)
        if reason is None:
            content.append(sent)
        elif reason in _SALVAGE:
            salvaged = _salvage(sent)
            if salvaged is not None:
                content.append(salvaged)
        headings[sent.index] = heading
    keywords = keywords_of(content)
    answers = {s.index: extract(s, keywords) for s in content}
    return Analysis(cleaned, sentences, content, answers, headings)


def _sentence_score(sent: Sentence, answers: list[Answer]) -> float:
    named = sum(1 for a in answers if a.kind in NAMED)
    score = min(1.0, 0.35 + 0.2 * named)
    first = sent.span[0]
    if first.pos_ == "PRON" or first.lower_ in ("this", "that", "these", "those", "it"):
        score *= 0.6
    score *= 0.8 ** hype_count(sent.text)
    n = len(sent.span)
    if n < 7:
        score *= 0.6
    return score


def draft_questions(text: str, kind: str = "txt") -> tuple[Analysis, list[Draft]]:
    """All candidate questions of an article, scored (not yet ordered)."""
    analysis = analyse(text, kind)
    pool = [a for s in analysis.content for a in analysis.answers[s.index]]
    names = [a.text for a in pool]
    kinds: dict[str, dict[str, int]] = {}
    for a in pool:
        kinds.setdefault(compact(a.text), {}).setdefault(a.kind, 0)
        kinds[compact(a.text)][a.kind] += 1
    # an entity the parser labels inconsistently is only a distractor of its usual kind
    pool = [a for a in pool if max(kinds[compact(a.text)].items(), key=lambda kv: kv[1])[0]
            == a.kind]
    freq: dict[str, int] = {}
    for s in analysis.content:
        low = compact(s.text)
        for key in {norm(a.text) for a in pool}:
            if key and re.search(r"\b" + re.escape(key) + r"\b", low):
                freq[key] = freq.get(key, 0) + 1
    n = len(analysis.content)
    drafts: list[Draft] = []
    texts = [s.text for s in analysis.content]
    for sent in analysis.content:
        answers = analysis.answers[sent.index]
        score_answers(answers, freq, n)
        s_score = _sentence_score(sent, answers)
        in_sentence = {compact(a.text) for a in answers}
        seed = hashlib.sha256(norm(sent.text).encode("utf-8")).digest()
        rng = random.Random(int.from_bytes(seed[:8], "big"))
        others = [t for t in texts if t != sent.text]
        best: Answer | None = None
        for a in answers:
            for d in build(sent, a, pool, in_sentence, rng, names):
                d.score = s_score * a.score * FORM_WEIGHT[d.form]
                drafts.append(d)
            if a.kind != "thing" and (best is None or a.score > best.score):
                best = a
        if best is not None:
            tf = true_false(sent, best, pool, in_sentence, others, rng)
            if tf is not None:
                tf.score = s_score * best.score * FORM_WEIGHT["true_false"]
                drafts.append(tf)
    return analysis, drafts


def default_limit(n_content: int) -> int:
    """Default bank size: grows with the number of fact-bearing sentences."""
    return max(8, min(40, n_content))


def generate_drafts(text: str, kind: str = "txt", limit: int | None = None) -> list[Draft]:
    """Ordered questions (best first) for an article."""
    analysis, drafts = draft_questions(text, kind)
    if limit is None:
        limit = default_limit(len(analysis.content))
    return order(drafts, limit)


def rarity_of(draft: Draft) -> float:
    """Approximate rarity (0 common .. 1 rare) from the answer score."""
    return max(0.0, min(1.0, draft.focus.score))


def original_span(cleaned: Cleaned, sent: Sentence) -> tuple[int, int]:
    """The [start, end) of a sentence in the original text."""
    return cleaned.span(sent.start, sent.end)


def describe(analysis: Analysis) -> dict[str, Any]:
    """Counts for reports: sentences, content sentences, filler sentences."""
    return {
        "sentences": len(analysis.sentences),
        "content": len(analysis.content),
        "filler": len(analysis.sentences) - len(analysis.content),
    }
