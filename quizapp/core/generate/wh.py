"""Wh-questions: the right wh-word, subject-auxiliary inversion and do-support."""
from __future__ import annotations

import re
from typing import Any

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.lexicon import country_key

_SUBJ = ("nsubj", "nsubjpass")
_WHERE_PREPS = ("in", "at", "near", "inside", "outside", "on")
_WHEN_PREPS = ("in", "on", "during", "at")
_DROP_LEAD = ("advmod", "cc", "intj", "punct", "mark", "discourse")
_STRANDABLE = ("with", "for", "to", "from", "about", "against", "by")
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_HUMAN_VERBS = frozenset("""say observe prove publish write note argue show discover build
    surmise propose suggest conclude find invent describe name coin marry found lead""".split())


def _text(tokens: list[Any]) -> str:
    """The tokens' text; where a token left out stood between two ("Egypt[,] probably"),
    a space keeps the words apart."""
    tokens = list(tokens)
    parts = []
    for t, nxt in zip(tokens, [*tokens[1:], None][: len(tokens)], strict=True):
        parts.append(t.text_with_ws)
        if nxt is not None and not t.whitespace_ and nxt.i != t.i + 1:
            parts.append(" ")
    return "".join(parts).strip()


def _subtree(tok: Any) -> list[Any]:
    return list(tok.subtree)


def _lower_first(tokens: list[Any]) -> str:
    text = _text(tokens)
    first = tokens[0]
    if first.pos_ != "PROPN" and first.text != "I" and not first.text.isupper() or (
            first.text == "The" and first.is_sent_start):  # "... did the Battle of Hastings"
        text = text[:1].lower() + text[1:]
    elif (first.pos_ == "PROPN" and first.is_sent_start and not first.ent_type_
          and not first.text.isupper() and _common(first.lower_)):
        text = text[:1].lower() + text[1:]  # "Conquest also brought ...": a common noun
    return text


def _common(word: str) -> bool:
    from quizapp.core.generate.features import zipf

    return zipf(word) >= 4.0


def _finish(text: str) -> str:
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"[\s,;:–—-]+$", "", text.strip())
    text = re.sub(r"\s{2,}", " ", text)
    return text[:1].upper() + text[1:] + "?"


def _head(answer: Answer, doc: Any) -> Any | None:
    """The token of the answer whose head lies outside it."""
    heads = [t for t in doc[answer.tok_start : answer.tok_end] if not
             (answer.tok_start <= t.head.i < answer.tok_end) or t.head == t]
    return heads[0] if len(heads) == 1 else None


def _covers(answer: Answer, tokens: list[Any]) -> bool:
    """True if `tokens` are the answer plus at most determiners/possessive markers."""
    for t in tokens:
        inside = answer.tok_start <= t.i < answer.tok_end
        if not inside and t.dep_ not in ("det", "case", "predet") and not t.is_punct:
            return False
    return True


def _wh_word(answer: Answer) -> str | None:
    return {
        "person": "who",
        "place": "what",
        "org": "what",
        "group": "what",
        "name": "what",
        "thing": "what",
        "phrase": "what",
        "quote": "what",
        "date": "when",
        "number": "how many",
    }.get(answer.kind)


def _clause_tail(root: Any, skip: set[int], after: int) -> list[Any]:
    """Tokens of the root's clause after position `after`, minus skipped and coordinated."""
    out: list[Any] = []
    for child in root.rights:
        if child.dep_ == "punct" and child.i == root.sent.end - 1:
            continue
        if child.dep_ in ("cc", "conj") and child.pos_ in ("VERB", "AUX", "CCONJ"):
            break
        if child.dep_ == "punct" and any(
            c.dep_ in ("cc", "conj") and c.i > child.i for c in root.rights
        ):
            continue
        out.extend(t for t in child.subtree if t.i not in skip and t.i > after)
    return out


def make_wh(answer: Answer, span: Any, referent: str = "") -> str | None:
    """Turn a declarative sentence into a wh-question whose answer is `answer`, or None.

    `referent` names what a pronoun subject stands for ("He" -> "Genghis Khan").
    """
    doc = span.doc
    root = span.root
    if root.pos_ not in ("VERB", "AUX") or root.tag_ in ("VBG", "VB") and not list(
        c for c in root.children if c.dep_ in ("aux", "auxpass")
    ):
        return None
    if root.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return None
    head = _head(answer, doc)
    if head is None:
        return None
    subjects = [c for c in root.children if c.dep_ in _SUBJ]
    if len(subjects) != 1:
        return None
    subj = subjects[0]
    subj_tokens = _subtree(subj)
    if subj_tokens[-1].i > root.i:
        return None
    lead = [t for t in span if t.i < subj_tokens[0].i]
    # leading material: keep a short prepositional phrase (moved to the end), drop discourse
    lead_keep: list[Any] = []
    for child in root.lefts:
        if child.i >= subj_tokens[0].i:
            continue
        sub = _subtree(child)
        if child.dep_ in ("prep", "npadvmod") and len(sub) <= 6:
            lead_keep.extend(sub)
        elif child.dep_ not in _DROP_LEAD and child.dep_ != "advcl":
            return None
    if lead and lead[0].dep_ == "advcl" and len(lead) > 10:
        return None
    wh = _wh_word(answer)
    if wh is None:
        return None
    if head == subj and _covers(answer, subj_tokens):
        if answer.kind in ("date", "number"):
            return None
        if (wh == "what" and answer.kind in ("org", "name", "group", "place")
                and answer.text[:1].isupper() and root.lemma_.lower() in _HUMAN_VERBS):
            wh = "who"  # "Philo observed that ...": a name that observes is a person
        if answer.kind == "place" and country_key(answer.text.lower().replace(".", "")):
            wh = "which country"  # "Which country offered ...?", not "What offered ...?"
        verbs = [root, *[c for c in root.children if c.dep_ in ("aux", "auxpass")]]
        if any(v.tag_ == "VBP" for v in verbs):
            return None  # "What produce ...?": the wh-subject needs a singular verb
        rest = [t for t in span if t.i > subj_tokens[-1].i and t.i <= root.i]
        tail = _clause_tail(root, set(), root.i)
        extra = [t for t in lead_keep if not (answer.tok_start <= t.i < answer.tok_end)]
        verb_part = rest + tail
        if not verb_part:
            return None
        words = [wh, _text(verb_part)] + ([_lower_first(extra)] if extra else [])
        return _finish(" ".join(words))
    resolved = bool(referent) and subj.lower_ in ("he", "she", "it") and len(subj_tokens) == 1
    if (subj.pos_ == "PRON" or subj.lower_ in ("this", "that", "it")) and not resolved:
        return None
    removed: list[Any]
    front = wh
    if (answer.kind == "phrase" and head.head.dep_ == "prep" and head.head.head == root
          and head.head.lower_ in ("by", "because")
          and (head.dep_ == "pcomp" or head.head.lower_ == "because")):
        removed = _subtree(head.head)  # "by uniting ...": how; "because of ...": why
        front = "how" if head.head.lower_ == "by" else "why"
        if not _covers(answer, [t for t in removed if t != head.head and t.lower_ != "of"]):
            return None
    elif answer.kind == "phrase" and head.dep_ == "ccomp" and head.head == root:
        removed = _subtree(head)  # "Boyle proved that X": what did Boyle prove?
        if any(not (answer.tok_start <= t.i < answer.tok_end) and t.dep_ != "mark"
               and not t.is_punct for t in removed):
            return None
    elif (answer.kind == "phrase" and answer.label.startswith("RESULT") and head.dep_ == "pobj"
          and head.head.head == root and head.head.lower_ in ("in", "into", "to")):
        prep = head.head  # "The invasions resulted in X": what did they result in?
        removed = [t for t in _subtree(prep) if t != prep]
        if not _covers(answer, removed):
            return None
    elif head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head == root:
        prep = head.head
        pp = _subtree(prep)
        if not _covers(answer, [t for t in pp if t != prep]):
            return None
        removed = pp
        if answer.kind == "date":
            if prep.lower_ not in _WHEN_PREPS:
                return None
        elif answer.kind == "place":
            if prep.lower_ in _WHERE_PREPS:
                front = "where"
            elif prep.lower_ in ("to", "from"):
                front = "where"
                removed = [t for t in pp if t != prep]
            else:
                return None
        elif answer.kind in ("person", "org", "group", "name", "thing", "phrase"):
            if prep.lower_ not in _STRANDABLE:
                return None
            front = "who" if answer.kind == "person" else "what"
            removed = [t for t in pp if t != prep]
        else:
            return None
    elif head.dep_ in ("npadvmod", "tmod") and head.head == root and answer.kind == "date":
        removed = _subtree(head)
        if not _covers(answer, removed):
            return None
    elif head.dep_ in ("dobj", "attr") and head.head == root and answer.kind not in (
            "date", "number") and (head.dep_ == "dobj" or answer.kind == "phrase"):
        removed = _subtree(head)
        if not _covers(answer, removed):
            return None
    elif head.dep_ == "nummod" and answer.kind == "number" and head.head.head == root:
        noun = head.head
        if noun.dep_ not in ("dobj",) or noun.pos_ not in ("NOUN", "PROPN"):
            return None
        np = _subtree(noun)
        removed = np
        rest_np = [t for t in np if t.i >= answer.tok_end and t.i <= noun.i]
        if [t for t in np if t.i < answer.tok_start and t.dep_ not in ("det",)]:
            return None
        front = "how many " + _text(rest_np)
    else:
        return None
    skip = {t.i for t in removed}
    auxes = [c for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i
             and c.i > subj_tokens[-1].i]
    between = [t for t in span if subj_tokens[-1].i < t.i < root.i and t not in auxes
               and t.i not in skip]
    if any(t.dep_ not in ("advmod", "neg") for t in between):
        return None
    tail = _clause_tail(root, skip, root.i)
    extra = [t for t in lead_keep if t.i not in skip]
    subj_text = referent if resolved else _lower_first(subj_tokens)
    if subj_text.startswith("The "):
        subj_text = "the " + subj_text[4:]  # "Where did the Battle of Hastings take place"
    if auxes and auxes[0].dep_ != "neg":
        inv = auxes[0].text
        mid = [t.text for t in auxes[1:]] + [t.text for t in between] + [root.text]
    elif root.lemma_ == "be" and root.dep_ == "ROOT" and not auxes:
        inv = root.text
        mid = [t.text for t in between]
    else:
        do = _DO.get(root.tag_)
        if do is None:
            return None
        inv = do
        mid = [t.text for t in between] + [root.lemma_]
    words = [front, inv, subj_text, *mid, _text(tail)] + ([_lower_first(extra)] if extra else [])
    return _finish(" ".join(w for w in words if w))
