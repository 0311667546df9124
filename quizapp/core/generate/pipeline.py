"""The article -> questions pipeline: clean, segment, select, answer, form, rank."""
from __future__ import annotations

import bisect
import hashlib
import math
import random
import re
from dataclasses import dataclass

from quizapp.core.generate.answers import (
    Answer,
    _sent_char_start,
    extract,
    keywords_of,
    norm,
    place_names,
    score_answers,
)
from quizapp.core.generate.distractors import compact, name_words
from quizapp.core.generate.features import context_vector, features, probability
from quizapp.core.generate.filler import HYPE_WORDS, filler_reason, hype_count
from quizapp.core.generate.forms import Draft, article_aliases, build, true_false
from quizapp.core.generate.keyfacts import (
    answer_weight,
    np_pool,
    sentence_weight,
    set_referents,
)
from quizapp.core.generate.phrases import phrase_answers
from quizapp.core.generate.rank import FORM_WEIGHT, order
from quizapp.core.generate.reading import Cleaned, clean
from quizapp.core.generate.segment import Sentence, segment
from quizapp.core.generate.topic import (
    central_entities,
    commentary,
    context_poor,
    fact_factor,
    is_topic,
    judgement,
    leans_on_context,
    shows_a_word,
    topic_factor,
    trivial_conjunct,
)
from quizapp.core.generate.weights import MODEL

TITLE_FACTOR = 0.3
LONG_PROMPT = 30
NAMED_KINDS = ("person", "place", "org", "name", "group")
MCQ_NAME = 1.1
_BARE_EVENT = re.compile(r"^(When|Where) did the [a-z]+ take place\?$")
VAGUE_ANSWERS = frozenset("""earth world region area people country city place time part
    scientists researchers historians experts epidemiologists adaptations catastrophe disaster
    success failure problem crisis tragedy bc ad bce ce""".split())
_MODALS = frozenset("can could may might would should must".split())
EVENT_WEIGHT = 4.0
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


def _mention_counts(sentences: list[Sentence], keys: set[str]) -> dict[str, int]:
    """For each key phrase, the number of sentences that mention it (word n-gram match)."""
    longest = max((len(k.split()) for k in keys), default=1)
    freq: dict[str, int] = {}
    for s in sentences:
        words = compact(s.text).split()
        grams = {
            " ".join(words[i : i + n])
            for n in range(1, longest + 1)
            for i in range(len(words) - n + 1)
        }
        for key in keys & grams:
            freq[key] = freq.get(key, 0) + 1
    return freq


def _sentence_penalty(sent: Sentence) -> float:
    """Chatty or context-poor sentences make worse questions (unresolved 'it', hype)."""
    first = sent.span[0]
    score = 0.8 ** hype_count(sent.text)
    if first.pos_ == "PRON" or first.lower_ in ("this", "that", "these", "those", "it"):
        score *= 0.7
    return score


def _in_title(answer: Answer, title: str) -> bool:
    """The answer names the article's subject ("Warsaw" in an article titled "Warsaw")."""
    key = norm(answer.text)
    return bool(key) and f" {key} " in f" {title} "


def _not_a_name(answer: Answer, analysis: Analysis, starts: list[int]) -> bool:
    """A verb or an adjective the parser took for a name ("fed"), or a vague word."""
    if norm(answer.text) in VAGUE_ANSWERS:
        return True
    at = bisect.bisect_right(starts, answer.start) - 1
    sent = analysis.content[at] if at >= 0 else None
    if sent is None or not sent.start <= answer.start < sent.end:
        return False
    root = sent.span.doc[answer.tok_start : answer.tok_end].root
    return root.pos_ in ("VERB", "AUX", "ADJ", "ADV")


def _is_person(title: str, pool: list[Answer]) -> bool:
    """The title names a person: the article's parse says so wherever it names them."""
    key = norm(title)
    kinds = [a.kind for a in pool if norm(a.text) == key]
    return bool(kinds) and kinds.count("person") * 2 >= len(kinds)


def draft_questions(text: str, kind: str = "txt",
                    title: str | None = None) -> tuple[Analysis, list[Draft]]:
    """All candidate questions of an article, scored (not yet ordered).

    `title` names the article's subject: in a short text, too short to find its central
    entities, an answer that the title names comes after the facts about it ("Warsaw" in
    a paragraph titled "Warsaw").
    """
    analysis = analyse(text, kind)
    subject = norm(re.sub(r"\(.*?\)", " ", title or ""))
    pool = [a for s in analysis.content for a in analysis.answers[s.index]]
    names: dict[str, tuple[str, ...]] = {"": tuple(dict.fromkeys(a.text for a in pool))}
    for a in pool:
        names.setdefault(a.kind, ())
    for kind in list(names):
        if kind:
            names[kind] = tuple(dict.fromkeys(a.text for a in pool if a.kind == kind))
    kinds: dict[str, dict[str, int]] = {}
    for a in pool:
        kinds.setdefault(compact(a.text), {}).setdefault(a.kind, 0)
        kinds[compact(a.text)][a.kind] += 1
    # an entity the parser labels inconsistently is only a distractor of its usual kind
    pool = [a for a in pool if max(kinds[compact(a.text)].items(), key=lambda kv: kv[1])[0]
            == a.kind]
    freq = _mention_counts(analysis.content, {norm(a.text) for a in pool})
    if len(analysis.content) > 12:
        pool = pool + np_pool(analysis.content)  # sibling phrases: distractors only
    n = len(analysis.content)
    word_freq: dict[str, int] = {}
    for s in analysis.content:
        for w in set(compact(s.text.replace("-", " ")).split()):
            word_freq[w] = word_freq.get(w, 0) + 1
    central = central_entities(analysis.content, pool)
    aliases = article_aliases(analysis.cleaned.text) if n > 12 else {}
    # in a long article the subject itself is no distractor ("Marie Curie" for her sister)
    starts = [s.start for s in analysis.content]
    choices_from = [p for p in pool if not (n > 12 and (subject and (
        _in_title(p, subject) or set(name_words(p.text)) & set(name_words(subject))
        and p.kind == "person") or p.kind != "np" and _not_a_name(p, analysis, starts)))]
    title_words = frozenset(w.rstrip("s") for w in subject.split() if len(w) > 2)
    if n > 12:
        subject_name = re.sub(r"\s*\(.*?\)", "", title or analysis.cleaned.title or "").strip()
        set_referents(analysis.content, subject_name, _is_person(subject_name, pool))
    drafts: list[Draft] = []
    texts = [s.text for s in analysis.content]
    positions: dict[int, int] = {}
    para_count: dict[int, int] = {}
    for sent in analysis.content:
        positions[sent.index] = para_count.get(sent.para, 0)
        para_count[sent.para] = positions[sent.index] + 1
    lead_para = analysis.content[0].para if analysis.content else 0
    for sent in analysis.content:
        answers = analysis.answers[sent.index]
        named = sum(1 for a in answers if a.kind in NAMED)
        modifier = {id(a): a.score < 0.6 for a in answers}
        score_answers(answers, freq, n, sent.span.doc)
        s_score = _sentence_score(sent, answers)
        s_penalty = _sentence_penalty(sent)
        s_weight = sentence_weight(sent, positions[sent.index] == 0, sent.para == lead_para)
        in_sentence = {compact(a.text) for a in answers}
        seed = hashlib.sha256(norm(sent.text).encode("utf-8")).digest()
        rng = random.Random(int.from_bytes(seed[:8], "big"))
        # a swap named in a neighbouring sentence may well be true of this one
        others = [
            t.text + " " + sent.text
            for t in analysis.content
            if t.para == sent.para and 0 < abs(t.index - sent.index) <= 2
        ]
        best: Answer | None = None
        first_draft = len(drafts)
        facts = fact_factor(sent) if n > 12 else 1.0
        for a in answers:
            if trivial_conjunct(a, sent, answers, pool, central):
                continue
            built = build(sent, a, choices_from, in_sentence, rng, names, long=n > 12,
                          aliases=aliases)
            has_wh = any(d.prompt.endswith("?") for d in built)
            a.feats = features(a, sent, positions[sent.index], named,
                               freq.get(norm(a.text), 1), has_wh, modifier[id(a)])
            a.vector = context_vector(a, sent)
            if n > 12:  # a long article: what a teacher tests (keyfacts.py)
                prob = 0.0 if a.kind == "phrase" else probability(a.feats, a.vector, MODEL)
                a.score = (answer_weight(a, sent, prob, title_words) * s_weight * s_penalty
                           * topic_factor(a, word_freq, n))
            elif MODEL.sparse:
                a.score = (probability(a.feats, a.vector, MODEL) * s_penalty
                           * topic_factor(a, word_freq, n))
            else:
                a.score = s_score * a.score
            if n > 12 and commentary(sent.text):
                continue  # "X serves as a fascinating case study in ...": no fact to ask
            if re.search(r"\s(and|or|of|the|a|an)$", a.text):
                continue  # "Pompeii and": a span the parser cut short
            if n > 12 and (norm(a.text) in VAGUE_ANSWERS or sent.span.doc[
                    a.tok_start : a.tok_end].root.pos_ in ("VERB", "AUX", "ADJ", "ADV")):
                continue  # "the Earth", "fed": a word a teacher would not blank
            if a.kind == "phrase" and (commentary(sent.text) or any(
                    c.dep_ == "aux" and c.lower_ in _MODALS for c in sent.span.root.children)):
                continue  # "X serves as a case study", "Personal diplomacy can open doors"
            if judgement(a, sent.span.doc):
                if n > 12:
                    continue  # a long article has facts enough to ask
                a.score *= 0.4
            a.score *= facts
            if n <= 12 and subject and _in_title(a, subject):
                a.score *= TITLE_FACTOR  # the subject itself is no fact about it
            if n > 12 and subject and _in_title(a, subject):
                continue  # "the _____ system" in a quiz titled "Immune system": given away
            if n > 12 and sent.span[0].pos_ == "PRON" and not sent.referent:
                a.score *= 0.5  # "It opened a door ...": what did? (a long article has better)
            topic = is_topic(a, pool, central)
            root = sent.span.doc[a.tok_start : a.tok_end].root
            nationality = a.kind == "group" and root.dep_ == "amod" or (
                a.kind == "ordinal" and a.text.lower() == "first"
            )  # "for the _____ time ever": only "first" fits
            for d in built:
                d.score = a.score * FORM_WEIGHT[d.form]
                if n > 12 and d.form == "mcq" and a.kind in NAMED_KINDS:
                    d.score *= MCQ_NAME  # a name is chosen more fairly than spelt
                if n > 12 and d.event and _BARE_EVENT.match(d.prompt):
                    continue  # "When did the eruption take place?": which one?
                if d.event and n > 12:
                    d.score *= EVENT_WEIGHT  # where and when each event took place first
                if n > 12 and d.form != "true_false" and shows_a_word(
                        str(d.answer), d.prompt, d.choices):
                    continue  # the prompt shows part of the answer
                if n > 12 and len(d.prompt.split()) > LONG_PROMPT:
                    continue  # a teacher cuts a prompt of more than 30 words
                poor = n > 12 and (a.kind != "quote" and context_poor(d.prompt)
                                   or leans_on_context(d.prompt))  # "It ... _____"
                if (topic or nationality or poor) and not (
                        d.prompt.endswith("?") and not (n > 12 and leans_on_context(d.prompt))):
                    continue  # gapping the topic, "the _____ border", "the _____ time": no fact
                drafts.append(d)
            if (a.kind != "thing" and not topic and root.dep_ not in ("compound", "amod")
                    and (best is None or a.score > best.score)):
                best = a  # a swapped topic or modifier makes a silly statement
        here = drafts[first_draft:]
        if n > 12 and any(d.event for d in here):
            for d in here:
                if d.focus.kind == "date":
                    d.event = True  # the date of an event: its when, not a capped date
        if best is not None and not (n > 12 and commentary(sent.text)):
            tf = true_false(sent, best, pool, in_sentence, texts + others, rng)
            if tf is not None and n > 12 and (tf.answer is True or best.kind not in (
                    "person", "place")):
                tf = None  # a copied sentence is always true; a swapped year tests the year
            if tf is not None and not (n > 12 and (context_poor(tf.prompt)
                                                   or leans_on_context(tf.prompt)
                                                   or len(tf.prompt.split()) > LONG_PROMPT)):
                tf.score = best.score * FORM_WEIGHT["true_false"]
                drafts.append(tf)
    return analysis, drafts


def default_limit(n_content: int, n_paragraphs: int = 0) -> int:
    """Default bank size: grows with the number of fact-bearing sentences; in a long
    article about three questions a paragraph (a teacher's two or three key facts each),
    never more than 2.9 a paragraph nor 85% of the sentences."""
    if n_content <= 12 or not n_paragraphs:
        return max(8, min(30, math.ceil(0.4 * n_content)))
    return max(8, min(30, int(2.9 * n_paragraphs), math.ceil(0.85 * n_content)))


def bank_limit(analysis: Analysis) -> int:
    """The default bank size of an analysed article."""
    return default_limit(len(analysis.content), len({s.para for s in analysis.content}))


def per_sentence(analysis: Analysis) -> int | None:
    """One question per sentence in a long article (twins ask one fact twice)."""
    return 1 if len(analysis.content) > 12 else None


def generate_drafts(text: str, kind: str = "txt", limit: int | None = None,
                    title: str | None = None) -> list[Draft]:
    """Ordered questions (best first) for an article; `limit` questions if there are enough."""
    analysis, drafts = draft_questions(text, kind, title)
    if limit is None:
        return order(drafts, bank_limit(analysis), fill=False, cap=per_sentence(analysis))
    return order(drafts, limit, cap=per_sentence(analysis))


def rarity_of(draft: Draft) -> float:
    """Approximate rarity (0 common .. 1 rare) from the answer score."""
    return max(0.0, min(1.0, draft.focus.score))


def original_span(cleaned: Cleaned, sent: Sentence) -> tuple[int, int]:
    """The [start, end) of a sentence in the original text."""
    return cleaned.span(sent.start, sent.end)
