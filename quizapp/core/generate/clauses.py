"""Cutting a sentence to the clause that holds its fact: side clauses, concessive
clauses, trailing clauses of a long sentence, one side of a semicolon."""
from __future__ import annotations

import re

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.segment import Sentence

_FRAME_DEPS = ("advcl", "prep", "npadvmod", "advmod")


def side_clauses(sent: Sentence, answer: Answer) -> list[tuple[int, int]]:
    """Comma-framed clauses at either end of the sentence without the answer (char ranges).

    "While it didn't achieve X, it did de-escalate ..., preventing a confrontation." keeps
    "it did de-escalate ...": the clause that holds the fact.
    """
    span = sent.span
    root = span.root
    if root.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return []
    subj_start = min(t.i for t in subjects[0].subtree)
    pronoun = subjects[0].pos_ == "PRON"  # "While X, it did ...": keep what "it" refers to
    base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    out = []
    for child in root.children:
        if child.dep_ not in _FRAME_DEPS:
            continue
        toks = sorted(child.subtree, key=lambda t: t.i)
        lo, hi = toks[0].i, toks[-1].i
        if lo <= answer.tok_start < hi + 1 or lo < answer.tok_end <= hi + 1:
            continue
        if hi - lo < 3:
            continue  # a short frame ("In 1990,") is part of the fact
        doc = span.doc
        lead = not pronoun and hi < subj_start and lo == span.start
        if lead and hi + 1 < span.end and doc[hi + 1].text == ",":
            out.append((base + doc[lo].idx, base + doc[hi + 1].idx + 2))
        elif (lo > root.i and lo - 1 > span.start and doc[lo - 1].text == ","
              and hi >= span.end - 2 and child.tag_ == "VBG" and child.i == lo
              and doc[lo - 2].pos_ not in ("ADJ", "DET", "ADV")):
            out.append((base + doc[lo - 1].idx, base + doc[hi].idx + len(doc[hi].text)))
    return out


_CONCESSIVE = ("while", "although", "though", "whereas")


def concessive_clause(sent: Sentence, answer: Answer) -> tuple[int, int] | None:
    """'While the DMZ meeting didn't lead to X, it did Y': the char range of 'the DMZ ... X'.

    A concessive clause states a fact of its own; when it holds the answer it is the prompt.
    """
    span = sent.span
    doc = span.doc
    for child in span.root.children:
        if child.dep_ != "advcl" or child.i > span.root.i:
            continue
        toks = sorted(child.subtree, key=lambda t: t.i)
        if toks[0].lower_ not in _CONCESSIVE or toks[0].dep_ != "mark":
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue
        if not (toks[1].i <= answer.tok_start and answer.tok_end <= toks[-1].i + 1):
            continue
        base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
        return base + doc[toks[1].i].idx, base + doc[toks[-1].i].idx + len(doc[toks[-1].i].text)
    return None


PROMPT_WORDS = 24  # past this, side clauses without the answer are cut off
_CUTTABLE = ("relcl", "acl", "advcl", "conj", "appos", "ccomp", "prep", "npadvmod")


def long_cuts(sent: Sentence, answer: Answer) -> list[tuple[int, int]]:
    """Side clauses a long sentence can lose without losing the fact (char ranges, the
    longest first): ", who headlined ...", ", but may be ...", ", including ...", set off by
    a comma or coordinated as a clause of its own, never holding the answer or the root."""
    span = sent.span
    doc = span.doc
    base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    out: list[tuple[int, int, int]] = []
    for t in span:
        if t.dep_ not in _CUTTABLE:
            continue
        if t.dep_ == "prep" and t.lower_ not in ("including", "like", "especially", "as"):
            continue  # "from Port Said ... to Suez": a prepositional phrase is part of the fact
        toks = sorted(t.subtree, key=lambda x: x.i)
        lo, hi = toks[0].i, toks[-1].i
        if lo <= span.root.i or not (hi < answer.tok_start or lo >= answer.tok_end):
            continue  # only after the main verb: what comes before may be its subject
        if any(lo <= i <= hi for i in (answer.tok_start, answer.tok_end - 1)):
            continue
        start = lo
        if t.dep_ == "conj":
            if t.pos_ not in ("VERB", "AUX") or not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                continue  # a clause of its own, not a list item
            while start - 1 >= span.start and doc[start - 1].dep_ in ("cc", "punct"):
                start -= 1
        elif start - 1 >= span.start and doc[start - 1].text in (",", "—", "–"):
            start -= 1
            if start - 1 >= span.start and doc[start - 1].pos_ in ("ADJ", "DET", "ADP", "ADV"):
                continue  # "an impromptu, almost surreal, meeting": the phrase goes on
        else:
            continue
        if start <= span.start or hi - start < 3:
            continue
        while hi + 1 < span.end and doc[hi + 1].is_punct and doc[hi + 1].text not in (".", "!",
                                                                                        "?"):
            hi += 1  # the comma closing it
        if any(not t.is_punct for t in doc[hi + 1 : span.end]):
            continue  # only a trailing clause: one cut from the middle may change the fact
        piece = doc[start : hi + 1].text
        if piece.count("(") != piece.count(")") or piece.count('"') % 2:
            continue  # never half a parenthesis or a quotation
        out.append((base + doc[start].idx, base + doc[hi].idx + len(doc[hi].text), hi - start))
    out.sort(key=lambda c: -c[2])
    return [(a, b) for a, b, _ in out]


def clause_only(text: str, keep: str) -> str:
    """The part of a sentence that holds `keep`: one side of a semicolon, and no
    parenthesis without it ("Mayow (1641–1679) refined _____" -> "Mayow refined _____")."""
    parts = re.split(r"(?<=\S);\s+", text)
    if len(parts) > 1:
        text = next((p for p in parts if keep in p), text).rstrip(" .") + "."
    return re.sub(r"\s*\([^()]*\)", lambda m: m.group(0) if keep in m.group(0) else "", text)
