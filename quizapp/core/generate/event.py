"""Event questions: where and when a summit, meeting, battle... took place."""
from __future__ import annotations

from typing import Any

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.wh import _WHEN_PREPS, _WHERE_PREPS, _covers, _head, _subtree, _text

EVENT_NOUNS = frozenset(
    """summit meeting conference war battle election treaty talks games ceremony visit
    festival tournament negotiations accident attack revolution expedition wedding
    coronation championship olympics race match exhibition fair congress convention
    uprising siege invasion strike protest concert premiere launch landing flight voyage
    earthquake eruption fire flood""".split()
)


def make_event_wh(answer: Answer, span: Any, hype: frozenset[str]) -> str | None:
    """'the Singapore Summit in June 2018' -> 'When did the Singapore Summit take place?'."""
    if answer.kind not in ("date", "place"):
        return None
    doc = span.doc
    head = _head(answer, doc)
    if head is None or head.dep_ != "pobj" or head.head.dep_ != "prep":
        return None
    prep = head.head
    noun = prep.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in EVENT_NOUNS:
        return None
    if answer.kind == "date" and prep.lower_ not in _WHEN_PREPS:
        return None
    if answer.kind == "place" and prep.lower_ not in _WHERE_PREPS:
        return None
    inside = [t for t in _subtree(prep) if t != prep and t.i < answer.tok_end]
    if not _covers(answer, inside):
        return None
    mods = [
        t for t in noun.lefts
        if t.dep_ in ("compound", "amod", "nummod", "npadvmod") and t.lower_ not in hype
        and all(c.dep_ in ("compound",) for c in t.children)
    ]
    mods_tokens = sorted({x for t in mods for x in t.subtree} | {noun}, key=lambda t: t.i)
    if any(answer.tok_start <= t.i < answer.tok_end for t in mods_tokens):
        return None
    np_text = _text(mods_tokens)
    if np_text[:1].isupper() and noun.pos_ != "PROPN" and mods_tokens[0].pos_ != "PROPN":
        np_text = np_text[:1].lower() + np_text[1:]
    wh = "When" if answer.kind == "date" else "Where"
    return f"{wh} did the {np_text} take place?"


_PLACE_KINDS = ("place", "org")


def _events(span: Any) -> list[Any]:
    return [t for t in span if t.lemma_.lower() in EVENT_NOUNS and t.pos_ in ("NOUN", "PROPN")
            or t.lower_ == "meeting"]


def _dates(span: Any) -> list[Any]:
    """Date entities of the sentence with a month or a year ("June 2019")."""
    return [e for e in span.ents if e.label_ == "DATE" and any(c.isdigit() for c in e.text)
            and not e.text.lower().startswith(("about", "the", "a "))]


def describe_event(noun: Any, span: Any, skip: tuple[int, int]) -> str | None:
    """'the second summit' or 'the summit of June 2019': an event named without its place."""
    ordinal = [t for t in noun.lefts if t.ent_type_ == "ORDINAL" and t.lower_ != "first"]
    word = noun.lemma_.lower() if noun.lower_ != "meeting" else "meeting"
    if word == "talk":
        word = "talks"
    if ordinal:
        return f"the {ordinal[0].lower_} {word}"
    dates = [e for e in _dates(span) if not skip[0] <= e.start < skip[1]]
    if len(dates) == 1:
        return f"the {word} of {dates[0].text}"
    return None


def make_event_where(answer: Answer, span: Any) -> str | None:
    """'the Singapore Summit in June 2018' -> 'Where did the summit of June 2018 take place?'."""
    if answer.kind not in _PLACE_KINDS:
        return None
    doc = span.doc
    events = _events(span)
    if len(events) != 1:
        return None
    noun = events[0]
    prev = doc[answer.tok_start - 1] if answer.tok_start > span.start else None
    compound = answer.tok_end == noun.i  # "the Singapore Summit"
    after = (  # "a meeting at the Demilitarized Zone"
        prev is not None and prev.lower_ in ("at", "in")
        and 0 < answer.tok_start - noun.i <= 3
        or prev is not None and prev.lower_ == "the" and answer.tok_start >= 2
        and doc[answer.tok_start - 2].lower_ in ("at", "in") and 0 < answer.tok_start - noun.i <= 3
    )
    setting = (  # "we find ourselves in Hanoi ... for the second summit"
        prev is not None and prev.lower_ == "in" and prev.head.pos_ in ("VERB", "AUX")
        and noun.dep_ == "pobj" and noun.head.lower_ == "for"
    )
    if not (compound or after or setting):
        return None
    what = describe_event(noun, span, (answer.tok_start, answer.tok_end))
    if what is None:
        return None
    if what.startswith("The "):
        what = "the " + what[4:]  # a sentence's "The Battle of Hastings", mid-question
    return f"Where did {what} take place?"


_REMARKABLE = ("first", "last", "only", "youngest", "oldest", "largest", "biggest", "longest")


def make_become_wh(answer: Answer, span: Any) -> str | None:
    """'Trump walked across, becoming the first sitting president to ...' -> 'Who became ...?'."""
    if answer.kind != "person":
        return None
    becoming = [t for t in span if t.lower_ == "becoming" and t.dep_ == "advcl"]
    if len(becoming) != 1:
        return None
    verb = becoming[0]
    people = [e for e in span.ents if e.label_ == "PERSON" and e.start < verb.i]
    if len(people) != 1 or not answer.tok_start <= people[0].root.i < answer.tok_end:
        return None
    attrs = [c for c in verb.children if c.dep_ in ("attr", "oprd", "dobj")]
    if len(attrs) != 1:
        return None
    tokens = [t for t in span if t.i > verb.i and t.i < span.end and not t.is_punct
              or t.i > verb.i and t.text in ".-'’" and t.i < span.end - 1]
    phrase = _text(sorted(tokens, key=lambda t: t.i))
    first = phrase.split()[:3]
    if not any(w.lower() in _REMARKABLE for w in first):
        return None
    return f"Who became {phrase}?"
