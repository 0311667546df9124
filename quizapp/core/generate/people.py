"""Who is a person in a long article: a title is no part of the answer, and a name the
parser took for a person that the article treats as a place or a thing is a place.

"set by President _____ in 1961" keeps the title in the prompt, so the choices are names
alike ("John F. Kennedy", "Neil Armstrong"), not the one with "President" before it; "the
Moon", "the Steelyard", "in Lübeck" and "Hamburg, Bremen and Lübeck" are no people;
"Trump" in an article on Donald Trump is one, where the parser says an organisation.
"""
from __future__ import annotations

from typing import Any

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.lexicon import TITLES, country_key
from quizapp.core.generate.names import compact
from quizapp.core.generate.segment import Sentence, sentence_at

_PLACE_PREPOSITIONS = ("in", "at", "near")
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_MOTION = frozenset("""visit trip journey voyage travel go come return sail march move flee
    fly ride walk drive arrive escape emigrate migrate retreat advance""".split())


def title_length(doc: Any, start: int, end: int) -> int:
    """How many tokens of doc[start:end] are a title before the name (0: none):
    "President", "King", "Holy Roman Emperor"."""
    n = 0
    while start + n + 1 < end:
        word = doc[start + n]
        key = word.lower_.rstrip(".")
        rest = doc[start + n + 1 : end].text.lower()
        holy_roman = key in ("holy", "roman") and rest.startswith(("roman emperor", "emperor"))
        if not word.text[:1].isupper() or key in ("st", "saint") or not (
                key in TITLES or holy_roman):
            break  # "St Paul" names a cathedral's saint
        n += 1
    return n if n and doc[start + n].text[:1].isupper() else 0


def _as_a_place(doc: Any, start: int, end: int) -> str | None:
    """This mention treats the name as a place or a thing: 'the Moon', 'in Lübeck', a
    list of two places or more it belongs to ('Hamburg, Bremen and Lübeck'; 'Brutus and
    Cassius' is no list of places, whatever the parser says of Cassius). Returns the
    place's label, or None for a person's mention."""
    root = doc[start:end].root
    if start > 0 and doc[start - 1].lower_ == "the" and start <= doc[start - 1].head.i < end:
        return "LOC"
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
        return "GPE"
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "from") and \
            root.head.head.lemma_.lower() in _MOTION:
        return "GPE"  # "a visit to Normandy", "sailed from Bremen"
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members = [first, *(t for t in first.subtree if t.dep_ == "conj" and t.i != root.i)]
    labels = [t.ent_type_ for t in members if t.i != root.i and t.ent_type_ in _PLACE_LABELS]
    return max(sorted(set(labels)), key=labels.count) if len(labels) >= 2 else None


def settle_people(pool: list[Answer], content: list[Sentence]) -> None:
    """In place, over every candidate of a long article: a person's answer without its
    title; a 'person' any of whose mentions is a place's becomes a place; an
    'organisation' or 'place' of one word that is the surname of a person named in full
    ("Hardrada" of "Harald Hardrada") is that person, unless a mention puts it as a place
    ("in Washington") or it is a country."""
    starts = [s.start for s in content]
    placed: dict[str, str] = {}
    sited: set[str] = set()  # names some mention treats as a place ("in Washington")
    for a in pool:
        one_word = a.kind in ("place", "org") and " " not in a.text
        sent = sentence_at(content, starts, a.start) if one_word or a.kind == "person" else None
        if sent is None:
            continue
        if one_word:
            if _as_a_place(sent.span.doc, a.tok_start, a.tok_end):
                sited.add(compact(a.text))
            continue
        doc = sent.span.doc
        n = title_length(doc, a.tok_start, a.tok_end)
        if n:
            first = doc[a.tok_start + n]
            a.start += first.idx - doc[a.tok_start].idx
            a.tok_start += n
            a.text = doc[a.tok_start : a.tok_end].text
        label = _as_a_place(doc, a.tok_start, a.tok_end)
        if label and placed.get(compact(a.text)) != "GPE":
            placed[compact(a.text)] = label  # a town's "in Lübeck" says more than "the"
    surnames = {compact(a.text.split()[-1]) for a in pool
                if a.kind == "person" and len(a.text.split()) >= 2}
    for a in pool:
        if a.kind == "person" and compact(a.text) in placed:
            a.kind, a.label = "place", placed[compact(a.text)]
        elif a.kind in ("org", "place") and " " not in a.text and compact(a.text) in surnames \
                and compact(a.text) not in sited and country_key(compact(a.text)) is None:
            a.kind, a.label = "person", "PERSON"  # "Trump" of "Donald Trump"
