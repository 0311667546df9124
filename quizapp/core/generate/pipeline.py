"""The article -> questions pipeline: clean, segment, select, answer, form, rank."""
from __future__ import annotations

import hashlib
import math
import random
import re

from quizapp.core.generate.accepts import article_aliases
from quizapp.core.generate.analysis import Analysis, analyse
from quizapp.core.generate.answers import Answer, norm, score_answers
from quizapp.core.generate.features import context_vector, features, probability
from quizapp.core.generate.filler import hype_count
from quizapp.core.generate.forms import Draft, build, true_false
from quizapp.core.generate.keyfacts import answer_weight, sentence_weight
from quizapp.core.generate.long_article import (
    choices_from,
    in_title,
    is_long,
    keeps,
    mark_event_dates,
    modal_phrase,
    poor_context,
    prepare,
    skips_answer,
    true_false_kept,
    unnamed_event,
)
from quizapp.core.generate.names import compact
from quizapp.core.generate.people import settle_people
from quizapp.core.generate.rank import FORM_WEIGHT, order
from quizapp.core.generate.reading import Cleaned
from quizapp.core.generate.references import resolve_ones, sentences_before
from quizapp.core.generate.segment import Sentence
from quizapp.core.generate.topic import (
    central_entities,
    commentary,
    fact_factor,
    is_topic,
    judgement,
    leans_on_context,
    topic_factor,
    trivial_conjunct,
)
from quizapp.core.generate.weights import MODEL

TITLE_FACTOR = 0.3
# a span the parser cut short ("Pompeii and", "Arbeia in")
_CUT_SHORT = re.compile(r"\s(and|or|of|the|a|an|in|on|at|to|for|with|by|from)$")
NAMED = ("person", "place", "org", "group", "name", "date", "number", "quote")


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
    if is_long(analysis.content):
        settle_people(pool, analysis.content)  # titles off, places the parser took for people
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
    pool = [a for a in pool if not _CUT_SHORT.search(a.text)]  # "Pompeii and": no distractor
    freq = _mention_counts(analysis.content, {norm(a.text) for a in pool})
    n = len(analysis.content)
    long = is_long(analysis.content)  # more rules: long_article.py
    if long:
        subject_name = re.sub(r"\s*\(.*?\)", "", title or analysis.cleaned.title or "").strip()
        pool = prepare(analysis.content, pool, subject_name)
    word_freq: dict[str, int] = {}
    for s in analysis.content:
        for w in set(compact(s.text.replace("-", " ")).split()):
            word_freq[w] = word_freq.get(w, 0) + 1
    central = central_entities(analysis.content, pool)
    aliases = article_aliases(analysis.cleaned.text) if long else {}
    stock = choices_from(pool, analysis.content, subject) if long else pool
    title_words = frozenset(w.rstrip("s") for w in subject.split() if len(w) > 2)
    drafts: list[Draft] = []
    texts = [s.text for s in analysis.content]
    positions: dict[int, int] = {}
    para_count: dict[int, int] = {}
    for sent in analysis.content:
        positions[sent.index] = para_count.get(sent.para, 0)
        para_count[sent.para] = positions[sent.index] + 1
    lead_para = analysis.content[0].para if analysis.content else 0
    previous = {b.index: a for a, b in zip(analysis.sentences, analysis.sentences[1:],
                                           strict=False)
                if a.para == b.para}  # the sentence before, in the same paragraph
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
        facts = fact_factor(sent) if long else 1.0
        before = sentences_before(previous, sent) if long else []
        for a in answers:
            if trivial_conjunct(a, sent, answers, pool, central):
                continue
            built = build(sent, a, stock, in_sentence, rng, names, long=long, aliases=aliases)
            has_wh = any(d.prompt.endswith("?") for d in built)
            a.feats = features(a, sent, positions[sent.index], named,
                               freq.get(norm(a.text), 1), has_wh, modifier[id(a)])
            a.vector = context_vector(a, sent)
            if long:  # a long article: what a teacher tests (keyfacts.py)
                prob = 0.0 if a.kind == "phrase" else probability(a.feats, a.vector, MODEL)
                a.score = (answer_weight(a, sent, prob, title_words) * s_weight * s_penalty
                           * topic_factor(a, word_freq, n))
            elif MODEL.sparse:
                a.score = (probability(a.feats, a.vector, MODEL) * s_penalty
                           * topic_factor(a, word_freq, n))
            else:
                a.score = s_score * a.score
            if _CUT_SHORT.search(a.text):
                continue  # "Pompeii and": a span the parser cut short
            if long and skips_answer(a, sent) or modal_phrase(a, sent):
                continue
            if judgement(a, sent.span.doc):
                if long:
                    continue  # a long article has facts enough to ask
                a.score *= 0.4
            a.score *= facts
            if not long and subject and in_title(a, subject):
                a.score *= TITLE_FACTOR  # the subject itself is no fact about it
            if long and subject and in_title(a, subject):
                continue  # "the _____ system" in a quiz titled "Immune system": given away
            if long and sent.span[0].pos_ == "PRON" and not sent.referent:
                a.score *= 0.5  # "It opened a door ...": what did? (a long article has better)
            topic = is_topic(a, pool, central)
            root = sent.span.doc[a.tok_start : a.tok_end].root
            nationality = a.kind == "group" and root.dep_ == "amod" or (
                a.kind == "ordinal" and a.text.lower() == "first"
            )  # "for the _____ time ever": only "first" fits
            for d in built:
                d.score = a.score * FORM_WEIGHT[d.form]
                if long:
                    d.prompt = resolve_ones(d.prompt, before)  # "The two upper ones"
                if long and (not keeps(d, a) or unnamed_event(d.prompt, title_words)):
                    continue
                poor = long and poor_context(d, a)
                if (topic or nationality or poor) and not (
                        d.prompt.endswith("?") and not (long and leans_on_context(d.prompt))):
                    continue  # gapping the topic, "the _____ border", "the _____ time": no fact
                drafts.append(d)
            if (a.kind != "thing" and not topic and root.dep_ not in ("compound", "amod")
                    and (best is None or a.score > best.score)):
                best = a  # a swapped topic or modifier makes a silly statement
        if long:
            mark_event_dates(drafts[first_draft:])
        if best is not None and not (long and commentary(sent.text)):
            tf = true_false(sent, best, pool, in_sentence, texts + others, rng)
            if tf is not None and (not long or true_false_kept(tf, best)):
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
    return 1 if is_long(analysis.content) else None


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
