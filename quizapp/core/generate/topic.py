"""The article's topic and its event facts: what not to ask, and what to ask first."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.lexicon import TITLES, country_key
from quizapp.core.generate.names import compact, name_words
from quizapp.core.generate.segment import Sentence


def topic_factor(answer: Answer, word_freq: dict[str, int], n_content: int) -> float:
    """In a long article, names most sentences mention are its topic, not facts to ask."""
    if n_content <= 12 or answer.kind in ("quote", "date", "number", "duration"):
        return 1.0
    words = [compact(w) for w in re.findall(r"[A-Z][\w.]*", answer.text)]
    words = [w for w in words if len(w) > 1]
    if not words:
        return 1.0
    share = max(word_freq.get(w, 0) for w in words) / n_content
    return 1.0 if share <= 0.08 else max(0.15, 1.0 - 5.0 * (share - 0.08))


_PERSONISH = ("person",)
_ENTITY = ("person", "place", "org", "group", "name")


def canon(answer: Answer, pool: list[Answer]) -> str:
    """One key per entity: a country's canonical name, a person's fullest name in the pool."""
    key = compact(answer.text)
    ck = country_key(key)
    if ck is not None:
        return ck
    words = set(name_words(answer.text))
    if words and answer.text[:1].isupper():
        fuller = [" ".join(name_words(a.text)) for a in pool if a.kind in _PERSONISH
                  and words <= set(name_words(a.text)) and " and " not in a.text]
        return max(fuller, key=lambda k: (len(k), k), default=key)
    return key


def central_entities(content: list[Sentence], pool: list[Answer], top: int = 4) -> set[str]:
    """The few entities most sentences mention (each in a tenth of them): the topic."""
    if len(content) <= 12:
        return set()
    forms: dict[str, set[str]] = {}
    for a in pool:
        if a.kind in _ENTITY and not re.search(r"\s(and|or)\s|,", a.text):
            key = canon(a, pool)
            forms.setdefault(key, set()).add(a.text)
    patterns = {
        c: re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in sorted(fs)) + r")(?!\w)")
        for c, fs in forms.items()
    }
    counts = {c: sum(1 for s in content if p.search(s.text)) for c, p in patterns.items()}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {c for c, n in ranked[:top] if n >= 3 and n >= 0.1 * len(content)}


def trivial_conjunct(answer: Answer, sent: Sentence, answers: list[Answer],
                      pool: list[Answer], central: set[str]) -> bool:
    """'the leaders of the _____ and North Korea': a central entity beside another one."""
    if not central:
        return False
    parts = re.split(r"\s*(?:,|\band\b|\bor\b)\s*", answer.text)
    if len(parts) > 1 and all(canon(Answer(p, answer.kind, "", 0, 0, 0, 0), pool) in central
                              or country_key(compact(p)) in central for p in parts if p):
        return True  # "the U.S. and North Korea": the topic pair itself
    if canon(answer, pool) not in central:
        return False
    doc = sent.span.doc
    heads = [t for t in doc[answer.tok_start : answer.tok_end]
             if not answer.tok_start <= t.head.i < answer.tok_end]
    if not heads:
        return False
    head = heads[0]
    partners = {c.i for c in head.children if c.dep_ == "conj"}
    if head.dep_ == "conj":
        partners.add(head.head.i)
    for other in answers:
        if other is answer or other.kind not in _ENTITY:
            continue
        if any(other.tok_start <= i < other.tok_end for i in partners):
            if canon(other, pool) in central:
                return True
    return False


_EVALUATIVE = re.compile(
    r"\b(serves? as|served as|case study|reminder|lesson|underscor\w*|highlight\w*"
    r"|demonstrat\w*|departure from|testament|legacy|symboli[cs]\w*|optics|spectacle"
    r"|perception|chapter|saga|landscape)\b",
    re.I,
)
_FACT_LEMMAS = frozenset(
    """agree offer demand insist want sign return halt resume collapse meet commit propose
    lift dismantle invite step walk announce hold visit win die bear found build
    elect appoint launch release end begin start destroy blow test fire""".split()
)


def fact_factor(sent: Sentence) -> float:
    """Event facts (agreed, offered, first, quoted) over commentary in a long article."""
    text = sent.text
    factor = 1.0
    if re.search(r"\bfirst\b", text, re.I):
        factor *= 1.5
    if any(t.lemma_.lower() in _FACT_LEMMAS and t.pos_ == "VERB" for t in sent.span):
        factor *= 1.3
    if _EVALUATIVE.search(text):
        factor *= 0.5
    return factor


def is_topic(answer: Answer, pool: list[Answer], central: set[str]) -> bool:
    """The answer is, or is named after, a central entity ("Trump-Kim Jong Un interviews")."""
    if not central or answer.kind == "quote":
        return False
    if canon(answer, pool) in central:
        return True
    for other in pool:
        if other.kind in _ENTITY and len(other.text) < len(answer.text) and re.search(
            r"(?<![\w.])" + re.escape(other.text) + r"(?!\w)", answer.text
        ):
            if canon(other, pool) in central:
                return True
    return False


_PRONOUN_LEAD = re.compile(r"^(it|this|that|these|those|they|he|she|its|their)\b", re.I)


def context_poor(prompt: str) -> bool:
    """'It opened a door ... on the _____.': a gap prompt whose subject is an unresolved pronoun."""
    return bool(_PRONOUN_LEAD.match(prompt.strip()))


def commentary(text: str) -> bool:
    """'X served as a powerful reminder that ...': commentary, no statement to judge."""
    return bool(_EVALUATIVE.search(text))


_ABSTRACT = re.compile(r"(tion|sion|ment|ness|ity|cy|ism|ance|ence|ship|ogy|ure|ics)$")


def judgement(answer: Answer, doc: Any) -> bool:
    """'unconventional foreign policy': an adjective on an abstract noun, not a fact."""
    if answer.kind not in ("thing", "phrase"):
        return False
    span = doc[answer.tok_start : answer.tok_end]
    head = span.root
    return bool(_ABSTRACT.search(head.lemma_.lower())) and any(
        (t.pos_ == "ADJ" or t.dep_ == "amod") and not _CLASSIFYING.search(t.lower_)
        for t in span if t.i < head.i
    )  # "international legitimacy", "nuclear disarmament": a kind, not a judgement


_CLASSIFYING = re.compile(r"(ional|ical|ic|ern|ese|ian|ish|nuclear|military|civil|federal"
                          r"|national|royal|naval|legal|chemical)$")


_POINTING = re.compile(
    r"\b(this|these|those)\b|\bsuch (?:a|an)\b|\bthe (following|former|latter|same|above)\b"
    r"|\b(that|the next|the previous) (year|day|month|time)\b|\btoward that end\b"
    r"|\bthe (two|three|four) \w+s\b(?! of\b)|\bthe (region|area)\b(?! of\b)"
    r"|\bone such\b|\bsuch (?!as\b)[a-z]+s?\b"
    r"|^what (is|was|are|were)( \w+){1,3}\?$"
    r"|^(conversely|instead|however|likewise|similarly|thus|therefore|also)\b"
    r"|^the (first|second|third|fourth|fifth|last|latter|former) (shows?|is|was|has|does|"
    r"compresses|expands)\b"
    r"|^the (most|least) \w+ (is|was|are|were)\b"  # "The most important is ...": of what?
    r"|\b(therefore|hence)\b",  # "What did the United States therefore invite ...?"
    re.I,
)
_PERSON_PRONOUN = re.compile(r"\b(he|him|she|his|her|hers|himself|herself)\b", re.I)
_PRONOUN = re.compile(r"\b(it|they|them|he|she|him|its|their|his|her)\b", re.I)


def leans_on_context(prompt: str) -> bool:
    """A prompt that points at text the learner cannot see: "this field", "these
    communities", "the following four timelines", "Instead it ...", or a pronoun in its
    first five words with nothing before it that it could stand for ("The _____ searched it
    for ..."), or half a parenthesis."""
    if _POINTING.search(prompt):
        return True
    if prompt.count("(") != prompt.count(")"):
        return True  # "(Fun aside: ...": half a parenthesis
    m = _PRONOUN.search(prompt)
    if m is None:
        return False
    before = prompt[: m.start()].split()
    named = any(w[:1].isupper() for w in before[1:])  # "Before Genghis Khan died, he ..."
    if len(before) < 3 or (len(before) < 5 and not named):
        return True
    person = _PERSON_PRONOUN.search(prompt)  # "the Senate gave him the title": who?
    return person is not None and not any(
        w[:1].isupper() for w in prompt[: person.start()].split()[1:])


def shows_a_word(answer: str, prompt: str, choices: list[str]) -> bool:
    """A word of the answer in the prompt ("bakers call it oven _____" for "oven spring"),
    unless every choice has it (then it tells nothing); a title ("President") tells nothing."""
    words = {w for w in _folded(answer).split() if len(w) > 3 and w not in TITLES}
    if not words:
        return False
    shown = set(_folded(prompt.replace("_____", " ")).split())
    common = set.intersection(*(set(_folded(c).split()) for c in choices)) if choices else set()
    return bool((words & shown) - common)


def _folded(text: str) -> str:
    """compact() without accents: "Temüjin" and "Temujin" are one word."""
    text = unicodedata.normalize("NFKD", text)
    return compact("".join(c for c in text if not unicodedata.combining(c)))
