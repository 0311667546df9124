"""Token spans of one sentence that make multi-word answers: names, pairs, quotes, tails."""
from __future__ import annotations

from typing import Any

KIND_OF_LABEL = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "org",
    "NORP": "group",
    "DATE": "date",
    "TIME": "date",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
    "ORDINAL": "ordinal",
    "EVENT": "name",
    "WORK_OF_ART": "name",
    "LAW": "name",
    "PRODUCT": "name",
    "LANGUAGE": "name",
}


def of_tail(chunk: Any) -> int | None:
    """End of "<chunk> of <noun phrase>" when the "of" phrase follows the chunk directly."""
    doc = chunk.doc
    end = chunk.end
    if end >= len(doc) or doc[end].lower_ != "of" or doc[end].head.i != chunk.root.i:
        return None
    objs = [c for c in doc[end].children if c.dep_ == "pobj"]
    if not objs or objs[0].right_edge.i < end + 1:
        return None
    stop = objs[0].right_edge.i + 1
    while stop > end + 1 and (doc[stop - 1].is_punct or doc[stop - 1].tag_ == "POS"):
        stop -= 1
    return stop if stop > end + 1 and stop <= chunk.sent.end else None


def proper_runs(span: Any) -> list[tuple[int, int, str]]:
    """Maximal runs of proper nouns ("Denver Broncos") longer than the entity they hold."""
    out: list[tuple[int, int, str]] = []
    i = span.start
    doc = span.doc
    while i < span.end:
        if doc[i].pos_ != "PROPN" or not doc[i].text[:1].isalpha():
            i += 1
            continue
        j = i
        while j < span.end and doc[j].pos_ == "PROPN" and doc[j].text[:1].isalpha():
            j += 1
        head = doc[j - 1]
        ents = [e for e in span.ents if e.start <= head.i < e.end]
        numeric = ents and KIND_OF_LABEL.get(ents[0].label_) in ("number", "date", "ordinal")
        if j - i >= 2 and ents and not numeric and (ents[0].start > i or ents[0].end < j):
            if ents[0].start >= i and ents[0].end <= j:
                out.append((i, j, ents[0].label_))
        i = j
    return out


def name_pairs(span: Any) -> list[tuple[int, int, str, str]]:
    """'Santa Clara, California' and 'Beyonce and Bruno Mars': two names as one answer."""
    ents = [e for e in span.ents if e.label_ in ("GPE", "PERSON", "ORG", "LOC", "FAC")]
    out = []
    doc = span.doc
    for a, b in zip(ents, ents[1:], strict=False):
        gap = doc[a.end : b.start].text.strip()
        listed = (a.start - 2 >= span.start and doc[a.start - 1].text in (",", "and")
                  and doc[a.start - 2].ent_type_ == "GPE") or (
            b.end + 1 < span.end and doc[b.end].text in (",", "and")
            and doc[b.end + 1].ent_type_ == "GPE")  # "Argentina, Australia, Belgium ..."
        if a.label_ == b.label_ == "GPE" and gap == "," and not listed:
            out.append((a.start, b.end, "place", "GPE"))
        elif a.label_ == b.label_ and gap == "and":
            out.append((a.start, b.end, KIND_OF_LABEL[a.label_], a.label_))
    return out


def quoted_spans(span: Any) -> list[tuple[int, int]]:
    """Token ranges of short quoted phrases ("fire and fury")."""
    out = []
    open_i: int | None = None
    for tok in span:
        if tok.text in ('"', "“", "”"):
            if open_i is None:
                open_i = tok.i + 1
            else:
                end = tok.i
                while end > open_i and span.doc[end - 1].is_punct:
                    end -= 1
                if 1 <= end - open_i <= 8:
                    out.append((open_i, end))
                open_i = None
    return out
