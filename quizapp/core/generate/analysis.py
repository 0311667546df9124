"""Reading an article: its fact-bearing sentences and their candidate answers."""
from __future__ import annotations

from dataclasses import dataclass

from quizapp.core.generate.answers import (
    Answer,
    _sent_char_start,
    extract,
    keywords_of,
    place_names,
)
from quizapp.core.generate.filler import HYPE_WORDS, filler_reason, hype_count
from quizapp.core.generate.phrases import phrase_answers
from quizapp.core.generate.reading import Cleaned, clean
from quizapp.core.generate.segment import Sentence, segment

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
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in sub)
    if not has_verb and not any(e.label_ in ("DATE", "CARDINAL", "MONEY") for e in sub.ents):
        return None  # a bare topic ("the X and Y discussions"), not a fact
    offset = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    start = offset + sub.start_char
    while start < sent.end and sub.text[:1].isspace():
        start += 1
    text = sub.text.strip()
    cand = Sentence(sent.index, sent.para, start, start + len(text), text, sub, False)
    if filler_reason(text) is not None:
        return None
    return cand


def _context_free(sent: Sentence) -> bool:
    """'These were significant steps.': a short pronoun-led sentence says nothing alone."""
    span = sent.span
    subj = [t for t in span.root.children if t.dep_ in ("nsubj", "nsubjpass")]
    pronoun = bool(subj) and subj[0].lower_ in ("this", "these", "that", "those", "it", "they")
    return pronoun and len(span) <= 10 and not span.ents


def _evaluative(sent: Sentence) -> bool:
    """'The stakes were incredibly high.': a hyped judgement, not a fact."""
    judged = any(
        t.lemma_ == "be" and any(c.dep_ == "acomp" for c in t.children) for t in sent.span
    )
    intensified = any(
        t.lower_ in HYPE_WORDS and t.dep_ == "advmod" and t.head.pos_ == "ADJ" for t in sent.span
    )
    return intensified or (judged and hype_count(sent.text) >= 1)


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
        if reason is None and _context_free(sent):
            reason = "context-free"
        if reason is None and _evaluative(sent):
            reason = "opinion"
        if reason is None:
            content.append(sent)
        elif reason in _SALVAGE:
            salvaged = _salvage(sent)
            if salvaged is not None:
                content.append(salvaged)
        headings[sent.index] = heading
    keywords = keywords_of(content)
    places = place_names(content)
    short = len(content) <= 12
    answers = {s.index: extract(s, keywords, places, short) for s in content}
    if not short:  # a long article: its facts are phrases too, not only names and dates
        for s in content:
            base = s.start - _sent_char_start(s)
            answers[s.index].extend(phrase_answers(s.span, base, answers[s.index]))
    return Analysis(cleaned, sentences, content, answers, headings)
