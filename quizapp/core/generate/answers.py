"""Answer selection: entities, numbers, dates, quotes and key noun phrases of a sentence."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from quizapp.core.generate.filler import is_filler_word
from quizapp.core.generate.segment import Sentence
from quizapp.core.generate.spans import (
    KIND_OF_LABEL,
    name_pairs,
    of_tail,
    proper_runs,
    quoted_spans,
)

KIND_WEIGHT = {  # roughly how often people ask about each kind (SQuAD, tuning half)
    "date": 1.0,
    "number": 0.9,
    "person": 0.8,
    "quote": 0.8,
    "place": 0.55,
    "org": 0.55,
    "name": 0.5,
    "duration": 0.5,
    "thing": 0.3,
    "ordinal": 0.3,
    "group": 0.25,
}
MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ABS_DATE = re.compile(r"\b(1\d{3}|20\d{2}|\d{2,4}s)\b|\b(" + "|".join(MONTHS) + r")\b")
_LEAD = re.compile(r"^(the|a|an|this|that|these|those|its|his|her|their|our|my)\s+", re.I)
PRONOUNS = frozenset(
    "i me you he she it we they him her us them this that these those who which what one".split()
)


@dataclass
class Answer:
    """A candidate answer: a span of one sentence with its semantic kind."""

    text: str
    kind: str
    label: str
    start: int  # absolute char offsets in the cleaned text
    end: int
    tok_start: int  # token indices in the paragraph doc
    tok_end: int
    score: float = 0.0
    feats: list[str] = field(default_factory=list)
    vector: Any = None  # the parser's context vector (features.context_vector)


def _trim(span: Any) -> tuple[int, int] | None:
    """Drop leading determiners/possessives and trailing punctuation or "'s"."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (
        doc[s].dep_ in ("det", "predet") or doc[s].tag_ == "PRP$" or doc[s].is_punct
    ):
        if doc[s].ent_type_ and doc[s].lower_ not in ("the", "a", "an"):
            break
        s += 1
    if any(t.tag_ == "POS" for t in doc[s : e - 1]):
        return None
    while e > s and (doc[e - 1].is_punct or doc[e - 1].tag_ == "POS") and doc[e - 1].text != ".":
        e -= 1
    if e > s and doc[e - 1].text == "." and len(doc[e - 1].text_with_ws) == 1:
        # sentence-final period glued to an abbreviation-less entity
        if doc[e - 1].i == doc[e - 1].sent.end - 1:
            e -= 1
    return (s, e) if e > s else None


_HEDGES = frozenset(
    "about almost nearly approximately around roughly some over under more less than "
    "at least most only just early late mid- mid".split()
)


def date_kind(text: str) -> str:
    """Return "date" for an absolute date (a year, a month), else "duration"."""
    return "date" if _ABS_DATE.search(text) else "duration"


GENERIC_NOUNS = frozenset(
    """fact idea way thing things moment part course aspect nature lack sense kind type lot
    number series side end time times case point matter question one ones deal look glimpse
    reminder chapter period story example breath eye eyes scene beast front""".split()
)


_EVENTISH = frozenset("summit conference talks meeting games olympics treaty accord".split())


def _good_thing(span: Any, keywords: frozenset[str], short: bool = False) -> bool:
    """A noun phrase is an answer only if its head is a key term, not a generic noun."""
    head = span.root
    if head.lemma_.lower() in GENERIC_NOUNS or head.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(t.pos_ == "PROPN" for t in span):
        return True
    if len(span) < 2 and not short:
        return False  # a lone common noun ("stakes", "critics") is rarely the fact
    return head.lemma_.lower() in keywords


def place_names(sentences: list[Sentence]) -> frozenset[str]:
    """One-word place names the parser recognised somewhere in the article."""
    return frozenset(e.text for s in sentences for e in s.span.ents
                     if e.label_ in ("GPE", "LOC") and " " not in e.text)


def keywords_of(sentences: list[Sentence], min_count: int = 3) -> frozenset[str]:
    """Noun lemmas that recur across the article's sentences: its key terms."""
    counts: dict[str, int] = {}
    for sent in sentences:
        for lemma in {t.lemma_.lower() for t in sent.span if t.pos_ == "NOUN"}:
            counts[lemma] = counts.get(lemma, 0) + 1
    threshold = max(min_count, len(sentences) // 15) if len(sentences) > 8 else 1
    return frozenset(k for k, v in counts.items() if v >= threshold and k not in GENERIC_NOUNS)


def extract(
    sent: Sentence, keywords: frozenset[str] = frozenset(), places: frozenset[str] = frozenset(),
    short: bool = False,
) -> list[Answer]:
    """Return the candidate answers of one sentence, without overlaps, best kinds kept.

    In a short text (a paragraph) lone common nouns ("sunlight") and noun phrases with
    their "of" tail ("a copper statue of Christ") are candidates too.
    """
    span = sent.span
    doc = span.doc
    # base maps doc char offsets to cleaned-text offsets
    base = sent.start - _sent_char_start(sent)
    found: list[Answer] = []
    taken: set[int] = set()

    def add(s: int, e: int, kind: str, label: str) -> None:
        if any(i in taken for i in range(s, e)):
            return
        text = doc[s:e].text
        root = doc[s:e].root
        modifier = root.dep_ in ("compound", "amod", "nmod") and not (s <= root.head.i < e)
        if not text.strip() or is_filler_word(text) or text.lower() in PRONOUNS:
            return
        if kind == "thing" and not _good_thing(doc[s:e], keywords, short):
            return
        if kind == "person" and re.search(r"[A-Z]\w*-[A-Z]", text):
            return  # "Trump-Kim": a pairing, not a person
        if kind == "number" and s > 0 and doc[s - 1].lower_ in ("the", "both", "these", "those"):
            return  # "the two leaders": a reference, not a fact
        taken.update(range(s, e))
        found.append(
            Answer(
                text=text,
                kind=kind,
                label=label,
                start=base + doc[s].idx,
                end=base + doc[e - 1].idx + len(doc[e - 1].text),
                tok_start=s,
                tok_end=e,
                # a modifier ("the U.S. President") is a weaker fact than a whole phrase
                score=0.5 if modifier else 1.0,
            )
        )

    def add_extra(s: int, e: int, kind: str, label: str) -> None:
        """A wider span over answers already taken ("Santa Clara, California")."""
        if any(a.tok_start == s and a.tok_end == e for a in found):
            return  # "340" from both "about 340 miles" and "340 miles"
        saved = set(taken)
        taken.difference_update(range(s, e))
        before = len(found)
        add(s, e, kind, label)
        taken.update(saved)
        if len(found) > before:
            found[-1].score *= 0.9

    for q in quoted_spans(span):
        add(q[0], q[1], "quote", "QUOTE")
    for tok in span:
        # "the Singapore Summit": a place the article names elsewhere, naming an event
        if (tok.text in places and tok.dep_ == "compound" and tok.pos_ == "PROPN"
                and tok.head.i == tok.i + 1 and tok.head.lemma_.lower() in _EVENTISH):
            add(tok.i, tok.i + 1, "place", "GPE")
    for run_start, run_end, label in proper_runs(span):
        kind = KIND_OF_LABEL.get(label, "name")
        if kind == "date":
            kind = date_kind(doc[run_start:run_end].text)
        add(run_start, run_end, kind, label)
    inner: list[tuple[int, int, str, str]] = []
    for ent in span.ents:
        ent_kind = KIND_OF_LABEL.get(ent.label_)
        trimmed = _trim(ent)
        if ent_kind is None or trimmed is None:
            continue
        kind = ent_kind
        if kind == "date":
            kind = date_kind(doc[trimmed[0] : trimmed[1]].text)
        if any(t in taken for t in range(*trimmed)):
            inner.append((trimmed[0], trimmed[1], kind, ent.label_))
        add(trimmed[0], trimmed[1], kind, ent.label_)
    if short:  # "Roger Goodell" in "NFL Commissioner Roger Goodell": the name alone too
        for s0, e0, kind0, label0 in inner:
            if any(a.tok_start <= s0 and e0 <= a.tok_end and e0 - s0 < a.tok_end - a.tok_start
                   for a in found):
                add_extra(s0, e0, kind0, label0)
    for s0, e0, kind0, label0 in name_pairs(span):
        add_extra(s0, e0, kind0, label0)
    tails: list[tuple[int, int, str]] = []
    for chunk in span.noun_chunks:
        trimmed = _trim(chunk)
        if trimmed is None or chunk.root.pos_ == "PRON":
            continue
        if chunk.root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"):
            continue
        if trimmed[1] - trimmed[0] > 6:
            continue
        add(trimmed[0], trimmed[1], "thing", "NP")
        if short:
            if any(t in taken for t in range(*trimmed)) and any(
                t.ent_type_ for t in doc[trimmed[0] : trimmed[1]]
            ) and chunk.root.pos_ == "NOUN" and not chunk.root.ent_type_:
                tails.append((trimmed[0], trimmed[1], "NP_ENT"))  # "NFL owners"
            lead = trimmed[0]
            while lead < trimmed[1] - 1 and not doc[lead].ent_type_ and (
                doc[lead].dep_ in ("amod", "advmod") and doc[lead].pos_ in ("ADJ", "ADV")
                or doc[lead].text == "-"
            ):
                lead += 1
            if lead > trimmed[0] and not doc[lead].is_punct:
                tails.append((lead, trimmed[1], "NP_BARE"))  # "phlogiston theory"
            tail = of_tail(chunk)
            if tail is not None and tail - trimmed[0] <= 8:
                tails.append((trimmed[0], tail, "NP_OF"))
            conj = [c for c in chunk.root.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
            if conj and conj[-1].i + 1 - trimmed[0] <= 10:
                tails.append((trimmed[0], conj[-1].i + 1, "NP_AND"))
    for s0, e0, label0 in tails:
        add_extra(s0, e0, "thing", label0)
    if short:  # "about 7,000", "27 punts": the bare number too
        for a in [a for a in found if a.kind in ("number", "duration", "date")]:
            hedge = a.tok_start  # "about 340 miles", "early 2012": without the hedge
            while hedge < a.tok_end - 1 and doc[hedge].lower_ in _HEDGES:
                hedge += 1
            if hedge > a.tok_start:
                add_extra(hedge, a.tok_end, date_kind(doc[hedge : a.tok_end].text)
                          if a.kind == "date" else a.kind, a.label)
        for a in [a for a in found if a.kind in ("number", "duration", "thing", "date")]:
            nums = [t.i for t in doc[a.tok_start : a.tok_end] if t.like_num]
            if a.kind in ("thing", "date") and (not nums or nums[0] != a.tok_start):
                continue  # "two finalists", "2015 season": a count or year leading a phrase
            if nums and nums[-1] + 1 - nums[0] == len(nums) < a.tok_end - a.tok_start:
                bare = doc[nums[0] : nums[-1] + 1].text
                kind = "date" if date_kind(bare) == "date" else "number"
                add_extra(nums[0], nums[-1] + 1, kind, "NUM_BARE")
    found.sort(key=lambda a: a.start)
    return found


def _sent_char_start(sent: Sentence) -> int:
    """Char offset (in the paragraph doc) of the first non-space char of the sentence."""
    text = sent.span.text
    return int(sent.span.start_char + len(text) - len(text.lstrip()))


ROLE_WEIGHT = {"conj": 0.6, "poss": 0.7, "nsubj": 1.2, "nsubjpass": 1.2, "appos": 1.2}


def role_weight(answer: Answer, doc: Any) -> float:
    """How central the answer's grammatical role is (agents and subjects over list items)."""
    root = doc[answer.tok_start : answer.tok_end].root
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return 1.5
    if root.dep_ == "dobj" and answer.kind == "thing":
        return 0.6
    return ROLE_WEIGHT.get(root.dep_, 1.0)


def score_answers(
    answers: list[Answer], freq: dict[str, int], n_sents: int, doc: Any = None
) -> None:
    """Score answers by kind, role, rarity in the article and length (in place)."""
    for a in answers:
        if doc is not None:
            a.score *= role_weight(a, doc)
        n = max(1, freq.get(norm(a.text), 1))
        rarity = 1.0 / (1.0 + math.log(n)) if n_sents > 3 else 1.0
        length = a.tok_end - a.tok_start
        weight = KIND_WEIGHT.get(a.kind, 0.5)
        if a.kind == "number" and a.text.isalpha():
            weight *= 0.7  # "three": a count worth asking less often than a figure
        a.score *= weight * rarity * (1.0 if length <= 5 else 0.7)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Normalise an answer for comparison: lower case, no articles, no punctuation."""
    t = text.lower().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[^\w\s]", "", t)
    t = _LEAD.sub("", t.strip())
    return re.sub(r"\s+", " ", t).strip()
