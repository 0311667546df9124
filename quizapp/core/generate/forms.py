"""Question forms built on a sentence and an answer: short, mcq, cloze, numeric, true/false."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from quizapp.core.generate.accepts import NUMBER_WORDS, accepted_forms, acronym_of, as_number
from quizapp.core.generate.answers import Answer, norm
from quizapp.core.generate.clauses import (
    PROMPT_WORDS,
    clause_only,
    concessive_clause,
    long_cuts,
    side_clauses,
)
from quizapp.core.generate.distractors import pick
from quizapp.core.generate.event import make_become_wh, make_event_wh, make_event_where
from quizapp.core.generate.filler import HYPE_WORDS, strip_asides
from quizapp.core.generate.names import aliases_of, compact, dedupe, name_words
from quizapp.core.generate.segment import Sentence
from quizapp.core.generate.wh import make_wh

GAP = "_____"
_LEAD_DISCOURSE = re.compile(
    r"^((however|unfortunately|meanwhile|moreover|furthermore|indeed|of course|so|also|"
    r"still|yet|then|now|instead|in fact|after all|as a result|in turn|though|"
    r"alright|well|guys|folks)\s*,\s*)+",
    re.I,
)


@dataclass
class Draft:
    """A question before ranking: its form, text, answer and provenance."""

    form: str
    prompt: str
    answer: str | bool | float
    sentence: Sentence
    focus: Answer
    choices: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    tolerance: float | None = None
    score: float = 0.0
    event: bool = False  # asks where / when an event took place, or who was its first


def tidy(sentence_text: str) -> str:
    """Drop leading discourse markers and capitalise the first letter."""
    t = _LEAD_DISCOURSE.sub("", strip_asides(sentence_text.strip()))
    return t[:1].upper() + t[1:]


_LEAD_PRONOUN = re.compile(r"^(He|She|It)\b")


def resolve(prompt: str, sent: Sentence) -> str:
    """'He died in _____.' -> 'Genghis Khan died in _____.' when the sentence's leading
    pronoun stands for the article's subject (`Sentence.referent`)."""
    if sent.referent and _LEAD_PRONOUN.match(prompt):
        return _LEAD_PRONOUN.sub(sent.referent, prompt, count=1)
    return prompt


def cloze_text(sent: Sentence, answer: Answer, fill: str = GAP, short: bool = False,
               trim: bool = False) -> str:
    """The sentence with the answer replaced by `fill` (without side clauses if `short`;
    `trim`: only those a sentence longer than PROMPT_WORDS can lose)."""
    clause = concessive_clause(sent, answer) if short else None
    if clause is not None:
        a, b = clause
        text = (sent.text[a - sent.start : answer.start - sent.start] + fill
                + sent.text[answer.end - sent.start : b - sent.start])
        return tidy(text.rstrip(",;: ") + ".")
    cuts = side_clauses(sent, answer) if short else []
    if short or trim:
        words = len(sent.text.split())
        for a, b in long_cuts(sent, answer):
            if words <= PROMPT_WORDS:
                break
            if all(b <= c or a >= d for c, d in cuts) and not (a < answer.end and b > answer.start):
                cuts.append((a, b))
                words -= len(sent.text[a - sent.start : b - sent.start].split())
    pieces = [(answer.start, answer.end, fill)] + [(a, b, "") for a, b in cuts]
    text = sent.text
    for a, b, rep in sorted(pieces, reverse=True):
        text = text[: a - sent.start] + rep + text[b - sent.start :]
    if short:
        text = clause_only(text, fill)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    if cuts and not re.search(r"[.!?\"\u201d)]$", text.rstrip()):
        text = text.rstrip(" ,;:") + "."  # the sentence's end was cut with its clause
    if (short or trim) and re.search(r",\s*" + re.escape(fill) + r"\.$", text) and len(
            long_cuts(sent, answer)):
        return cloze_text(sent, answer, fill)  # "..., the Lord Mayor, _____.": cut too much
    return tidy(text)


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,6}|\b[A-Z]{2,6}\b")
_CAP_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w-]*)+")


def given_away(
    answer: str, prompt: str, names: tuple[str, ...] = (), person: bool = False
) -> bool:
    """True if the prompt shows the answer, an alias, its acronym or its expansion."""
    key = compact(answer)
    shown = " " + compact(prompt) + " "
    if not key or f" {key} " in shown:
        return True
    if any(f" {compact(a)} " in shown for a in aliases_of(answer, names) if len(a) > 1):
        return True
    if person and any(f" {w} " in shown for w in name_words(answer) if len(w) > 2):
        return True  # "Kim" shown when the answer is "Kim Jong Un"
    if any(acronym_of(m.group(0), answer) for m in _ACRONYM.finditer(prompt)):
        return True
    return any(acronym_of(answer, m.group(0)) for m in _CAP_RUN.finditer(prompt))


_VAGUE = frozenset("few several many some couple number".split())


def _counted(text: str) -> bool:
    """A span of time with a number in it ("four years", "almost a month", "4:51"), not a
    vague one ("a few months", "several years")."""
    words = re.findall(r"[a-z]+|\d", text.lower())
    if _VAGUE.intersection(words):
        return False
    return any(w.isdigit() or w in NUMBER_WORDS or w in ("a", "an", "half") for w in words)


def build(
    sent: Sentence,
    answer: Answer,
    pool: list[Answer],
    in_sentence: set[str],
    rng: random.Random,
    names: dict[str, tuple[str, ...]],
    long: bool = False,
    aliases: dict[str, tuple[str, ...]] | None = None,
) -> list[Draft]:
    """All question drafts for one (sentence, answer) pair, most natural form first
    (`long`: the sentence is of a long article; `aliases`: other names the article gives a
    term, by compact() key: "carbon dioxide (CO2)")."""
    drafts: list[Draft] = []
    wh = make_wh(answer, sent.span, sent.referent) if answer.kind != "thing" else None
    event = wh is None
    if wh is None:
        wh = make_event_wh(answer, sent.span, HYPE_WORDS)
    if wh is None:
        wh = make_event_where(answer, sent.span)
    if wh is None:
        wh = make_become_wh(answer, sent.span)
    if wh is not None:
        wh = strip_asides(re.sub(r"\s*\([^()]*\)", "", wh))
        if re.search(r"\b(and|or|but|of|in|to|the|a|an|with|by|from)\?$", wh) or given_away(
                answer.text, wh, names.get(answer.kind, ()), answer.kind == "person"):
            wh = None  # "... among several bodies and?": the clause was cut short
    distractors = pick(answer, pool, in_sentence, rng, names=names.get("", ()),
                       sentence=sent.text)
    number = as_number(answer.text) if answer.kind == "number" else None
    if wh and number is not None and wh.lower().startswith("how many"):
        drafts.append(Draft("numeric", wh, number, sent, answer, tolerance=0.0))
    if wh and len(distractors) == 3:
        choices = sorted([answer.text, *distractors], key=lambda c: (norm(c), c))
        drafts.append(Draft("mcq", wh, answer.text, sent, answer, choices=choices,
                            event=event))
    # a phrase is chosen, not typed: past two words nobody types the article's wording
    typed = answer.kind not in ("phrase", "thing") or len(answer.text.split()) <= 2 or (
        not long and (answer.kind == "thing" or len(answer.text.split()) <= 3))
    accept = accepted_forms(answer, names.get(answer.kind, ()), names.get("", ()), aliases)
    toks = sent.span.doc[answer.tok_start : answer.tok_end]
    if long and answer.kind in ("phrase", "thing") and len(toks) == 2:
        first, head = toks[0], toks[1]
        if first.pos_ == "ADJ":
            accept.append(head.text)  # "pathogen" for "particular pathogen"
        elif first.text.isupper() and len(first.text) >= 2 and first.text.isalpha():
            accept.append(first.text)  # "WMD" for "WMD programs": the acronym says it
        # two words: typed only when one of them alone is also a right answer
        typed = any(len(a.split()) == 1 for a in accept)
    accept = dedupe(accept, compact(answer.text))
    if wh and typed:
        drafts.append(Draft("short", wh, answer.text, sent, answer, accept=accept,
                            event=event))
    if sent.span.root.pos_ not in ("VERB", "AUX") or (
        answer.kind == "duration" and not _counted(answer.text)
    ):
        return drafts  # a fragment or a vague span of time: only as a wh-question
    cloze = resolve(cloze_text(sent, answer, short=True), sent)
    if cloze.count(GAP) == 1 and not given_away(answer.text, cloze, (), answer.kind == "person"):
        if len(distractors) == 3 and answer.kind != "thing":
            choices = sorted([answer.text, *distractors], key=lambda c: (norm(c), c))
            drafts.append(Draft("mcq", cloze, answer.text, sent, answer, choices=choices))
        if typed:
            drafts.append(Draft("cloze", cloze, answer.text, sent, answer, accept=accept))
    return drafts


def true_false(
    sent: Sentence,
    answer: Answer,
    pool: list[Answer],
    in_sentence: set[str],
    others: list[str],
    rng: random.Random,
) -> Draft | None:
    """A true/false statement: the sentence, or a same-type swap the article does not state."""
    if answer.kind not in ("date", "number", "person", "place"):
        return None  # a swap of a quote or a thing too often makes another truth
    if sent.span.root.pos_ not in ("VERB", "AUX"):
        return None  # a fragment is not a statement
    if rng.random() < 0.4:
        statement = cloze_text(sent, answer, fill=answer.text, trim=True)
        return Draft("true_false", resolve(statement, sent), True, sent, answer)
    before = sent.text[: answer.start - sent.start].lower()
    if before.endswith(("the ", "a ", "an ")):
        return None  # a swapped name may not take the same article
    for swap in pick(answer, pool, in_sentence, rng, k=3):
        if not _stated_elsewhere(swap, sent, answer, others):
            statement = cloze_text(sent, answer, fill=swap, trim=True)
            return Draft("true_false", resolve(tidy(statement), sent), False, sent, answer)
    return None


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{4,}", text.lower()))


def _stated_elsewhere(swap: str, sent: Sentence, answer: Answer, others: list[str]) -> bool:
    """True if another sentence mentions the swap in a similar context (it may be true)."""
    key = compact(swap)
    context = _content(sent.text) - _content(answer.text)
    for other in others:
        if other == sent.text:
            continue
        if key and key in compact(other):
            overlap = len(context & _content(other)) / max(1, len(context))
            if overlap >= 0.3:
                return True
    return False


