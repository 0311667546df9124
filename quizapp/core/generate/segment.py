"""Sentence segmentation with character offsets into the cleaned text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from quizapp.core.generate.nlp import get_nlp

_PARA = re.compile(r"\n\s*\n")


@dataclass
class Sentence:
    """One sentence: cleaned text, its [start, end) in the cleaned text and its parse."""

    index: int
    para: int
    start: int
    end: int
    text: str
    span: Any  # spacy.tokens.Span
    heading: bool
    referent: str = ""  # what a leading "He"/"It" stands for, when the article makes it plain


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) spans of non-blank paragraphs (blank-line separated)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            out.append((s + lead, e - trail))
    return out


def _is_heading(span: Any, whole_paragraph: bool) -> bool:
    last = span.text.rstrip()[-1:]
    return whole_paragraph and last not in ".!?\"'”’" and len(span) <= 25


def segment(text: str) -> list[Sentence]:
    """Split cleaned text into parsed sentences, paragraph by paragraph."""
    paras = paragraphs(text)
    nlp = get_nlp()
    sentences: list[Sentence] = []
    chunks = (text[s:e].replace("\n", " ").replace("\t", " ") for s, e in paras)
    for p, ((pstart, _pend), doc) in enumerate(zip(paras, nlp.pipe(chunks), strict=True)):
        sents = list(doc.sents)
        for span in sents:
            stxt = span.text
            if not stxt.strip():
                continue
            lead = len(stxt) - len(stxt.lstrip())
            start = pstart + span.start_char + lead
            end = pstart + span.end_char - (len(stxt) - len(stxt.rstrip()))
            sentences.append(
                Sentence(
                    index=len(sentences),
                    para=p,
                    start=start,
                    end=end,
                    text=text[start:end].replace("\n", " "),
                    span=span,
                    heading=_is_heading(span, len(sents) == 1),
                )
            )
    return sentences


def sentence_at(content: list[Sentence], starts: list[int], offset: int) -> Sentence | None:
    """The sentence of `content` (whose start offsets are `starts`) holding `offset`."""
    at = bisect.bisect_right(starts, offset) - 1
    sent = content[at] if at >= 0 else None
    return sent if sent is not None and sent.start <= offset < sent.end else None
