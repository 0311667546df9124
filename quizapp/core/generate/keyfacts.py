"""What a teacher tests in a long article: the central facts, not the side details.

The answer model (`features.py`) learned from SQuAD, whose crowd workers asked for spans,
mostly dates and numbers. A teacher asks about what the subject is, what it did, what
caused what and what came of it: the arguments of a sentence's main verbs, in the
sentences that lead a paragraph or that the article builds on. These weights re-rank the
candidates of a long article (more than twelve fact-bearing sentences) by that:

* the answer's role: an argument of a main verb (object, complement, agent, means, cause,
  result) over a name buried in a modifier or a side clause;
* its kind: dates and numbers count less, so they do not crowd out the facts;
* the sentence: a paragraph's first sentence and the lead paragraph weigh more; a
  sentence too long to ask in under 30 words, or one that reads as commentary, less.
"""
from __future__ import annotations

import re
from typing import Any

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.phrases import ROLE_SCORE
from quizapp.core.generate.segment import Sentence

KIND_SCORE = {"person": 0.9, "place": 0.75, "org": 0.8, "group": 0.6, "name": 0.8,
              "quote": 0.6, "thing": 0.65, "date": 0.45, "number": 0.4, "duration": 0.3,
              "ordinal": 0.25}
EVALUATIVE = frozenset("""major significant important real key great huge big serious
    considerable substantial radical harsh bold deep complex profound remarkable""".split())
QUANTIFIERS = frozenset("most many some all several few each every both any".split())
MAIN_ARGUMENT = 1.0
SIDE = 0.55  # a name in a modifier, an apposition, a side clause
DATE_NUMBER = ("date", "number", "duration", "ordinal")


def main_verbs(span: Any) -> set[int]:
    """Token indices of the root, its coordinated verbs and open/clausal complements."""
    root = span.root
    out = {root.i}
    frontier = [root]
    while frontier:
        v = frontier.pop()
        for c in v.children:
            if c.dep_ in ("conj", "xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") \
                    and c.i not in out:
                out.add(c.i)
                frontier.append(c)
    return out


def role_of(answer: Answer, span: Any, verbs: set[int]) -> float:
    """How central the answer's place in the sentence is (1 main argument .. SIDE)."""
    doc = span.doc
    tokens = doc[answer.tok_start : answer.tok_end]
    root = tokens.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd") and head.i in verbs:
        return MAIN_ARGUMENT
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.i in verbs:
        return 0.9
    if root.dep_ in ("conj", "appos", "compound", "poss") and (
            head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.head.i in verbs):
        return 0.9  # "the author Henry David Thoreau", "Eliot's long tenure"
    if root.dep_ in ("conj", "appos") and head.dep_ in ("nsubj", "dobj", "attr", "pobj"):
        return 0.75
    return SIDE


def specific(answer: Answer, title_words: frozenset[str]) -> float:
    """A lone common noun ("the author", "a raid") or the article's own subject ("the
    college" in an article on Harvard College) says little; a few words say a fact."""
    words = answer.text.split()
    value = 0.5 if len(words) == 1 else 1.0 if len(words) <= 6 else 0.8
    if words and words[0].lower() in EVALUATIVE:
        value *= 0.4  # "a major impact", "significant propaganda value": a judgement
    if words and words[-1].lower().rstrip("s") in title_words:
        value *= 0.4
    return value * key_term(answer.text)


def key_term(text: str) -> float:
    """1 for a phrase with a term a teacher would test (a rare word: "lithification",
    "convergent"; a name), less for everyday words ("the whole dough", "global trade")."""
    from quizapp.core.generate.features import zipf

    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 2]
    if not words or any(w[:1].isupper() for w in words) or re.search(r"\d", text):
        return 1.0
    rarest = min(zipf(w.lower()) for w in words)
    return 1.0 if rarest < 3.6 else 0.7 if rarest < 4.3 else 0.35


def specific_length(text: str) -> float:
    """Two to six words say a fact; a lone word less often, a long span is no answer."""
    n = len(text.split())
    return 0.7 if n == 1 else 1.0 if n <= 6 else 0.6


def named_term(answer: Answer, sent: Sentence) -> bool:
    """'an enzyme called RuBisCO', 'known as the Sorbonne': the term the sentence names."""
    before = sent.text[: max(0, answer.start - sent.start)].rstrip().lower()
    return before.endswith(("called", "known as", "named", "termed", "dubbed",
                            "called the", "known as the", "named the"))


def answer_weight(answer: Answer, sent: Sentence, model_score: float,
                  title_words: frozenset[str] = frozenset()) -> float:
    """A long article's score for one candidate: role x kind, the model as a tie-break;
    the term a sentence names ("called RuBisCO") counts half as much again."""
    return _answer_weight(answer, sent, model_score, title_words) * (
        1.5 if named_term(answer, sent) else 1.0)


def _answer_weight(answer: Answer, sent: Sentence, model_score: float,
                   title_words: frozenset[str]) -> float:
    if answer.kind == "phrase":
        return 0.8 * ROLE_SCORE.get(answer.label.split(":")[0].lower(), 0.6) * specific(
            answer, title_words)
    verbs = main_verbs(sent.span)
    kind = KIND_SCORE.get(answer.kind, 0.5)
    if answer.kind == "thing":
        first = answer.text.split()[0].lower() if answer.text else ""
        if first in QUANTIFIERS:
            return 0.0  # "Most breads get two rises": the quantifier is no fact
        kind *= key_term(answer.text) * specific_length(answer.text)
    if answer.label in ("MONEY", "PERCENT"):
        kind = 0.65  # a price or a share is a figure that matters more than a count
    return kind * role_of(answer, sent.span, verbs) * (0.6 + 0.8 * min(1.0, model_score))


def sentence_weight(sent: Sentence, first_of_para: bool, lead_para: bool) -> float:
    """A paragraph's first sentence and the lead paragraph state what the rest builds on."""
    w = 1.0
    if first_of_para:
        w *= 1.3
    if lead_para:
        w *= 1.2
    words = len(sent.text.split())
    if words > 40:
        w *= 0.75
    if sent.span[0].pos_ == "PRON" and sent.span[0].lower_ not in ("he", "she"):
        w *= 0.8
    return w


def _subject(sent: Sentence) -> Any | None:
    subj = [c for c in sent.span.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj[0] if subj else None


def title_mention(title: str, content: list[Sentence]) -> str:
    """The article's own wording of its title ("the French and Indian War")."""
    low = title.lower()
    for sent in content:
        at = sent.text.lower().find(low)
        if at >= 0:
            lead = sent.text[max(0, at - 4) : at]
            found = sent.text[at : at + len(title)]
            return ("the " + found) if lead.lower() == "the " else found
    return title


def set_referents(content: list[Sentence], title: str, person: bool) -> None:
    """Give a leading "He"/"She" (person subject) or "It" (other subject) the title it
    stands for, where the article makes that plain: the pronoun opens a paragraph, or the
    sentence before it in the paragraph was about the subject too."""
    if not title:
        return
    if not any(title.lower() in s.text.lower() for s in content):
        return  # a title the article never uses ("How Plants Make Food") names no subject
    mention = title_mention(title, content)
    words = {w for w in re.findall(r"\w+", title.lower()) if len(w) > 2}
    pronouns = ("he", "she") if person else ("it",)
    about: dict[int, bool] = {}
    previous: Sentence | None = None
    for sent in content:
        subj = _subject(sent)
        first = sent.span[0]
        opens = previous is None or previous.para != sent.para
        if subj is not None and subj.i == first.i and first.lower_ in pronouns and (
                opens or (previous is not None and about.get(previous.index, False))):
            sent.referent = mention[:1].upper() + mention[1:]
            about[sent.index] = True
        elif subj is not None:
            text = " ".join(t.lower_ for t in subj.subtree)
            named = bool(words) and words <= set(re.findall(r"\w+", text))
            chained = subj.lower_ in pronouns and previous is not None and not opens and (
                about.get(previous.index, False)
                or words <= set(re.findall(r"\w+", sent.text.lower())))
            about[sent.index] = named or chained
        previous = sent


_QUANTIFIERS = frozenset("""most many some all few several other such both each every
    various numerous certain""".split())


def _common_initial(first: Any, root: Any) -> bool:
    """A sentence's capitalised first word that is a common word here: not a name, or a
    common English word the parser took for a name before a plural ("Shield volcanoes")."""
    from quizapp.core.generate.features import zipf

    if first.text.isupper():
        return False
    return first.pos_ != "PROPN" or (
        first.ent_type_ in ("", "ORG", "PRODUCT", "WORK_OF_ART") and root.tag_ == "NNS"
        and first.i != root.i and zipf(first.lower_) >= 4.0)


def np_pool(content: list[Sentence]) -> list[Answer]:
    """Every noun phrase of the article, as distractor stock for phrase answers (kind "np"):
    the members of a list ("igneous, sedimentary and metamorphic rock") labelled with the
    list they belong to ("LIST:<sentence>:<first member>")."""
    out: list[Answer] = []
    for sent in content:
        span = sent.span
        base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
        for chunk in span.noun_chunks:
            s, e = chunk.start, chunk.end
            doc = chunk.doc
            while s < e and (doc[s].dep_ in ("det", "predet") or doc[s].tag_ == "PRP$"
                             or doc[s].lower_ in _QUANTIFIERS):
                s += 1  # "Most volcanoes" is no sibling of "composite volcanoes"
            if e - s < 1 or chunk.root.pos_ == "PRON" or e - s > 6:
                continue
            root = chunk.root
            first = root
            while first.dep_ == "conj":
                first = first.head
            listed = root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)
            label = f"LIST:{sent.index}:{first.i}" if listed else "NP"
            if any(t.is_quote or t.is_bracket for t in doc[s:e]):
                continue  # '"complete denuclearization': half a quotation
            text = doc[s:e].text
            if s == span.start and _common_initial(doc[s], chunk.root):
                text = text[:1].lower() + text[1:]  # "Shield volcanoes" begins a sentence
            out.append(Answer(text, "np", label, base + doc[s].idx,
                              base + doc[e - 1].idx + len(doc[e - 1].text), s, e))
    return out
