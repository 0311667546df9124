"""An article cut at the sentences its questions come from, for a page that shows the
article with those sentences marked (the drafts review, the learner's article view)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A run of the article: plain, or the source of one or more questions (their ids)."""

    text: str
    qids: tuple[str, ...] = ()


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """The article cut into plain runs and marked runs; overlapping spans share a run.
    Spans outside the text are clipped; the runs' texts join back to `text`."""
    spans = [(max(0, min(len(text), s)), max(0, min(len(text), e)), q) for s, e, q in spans]
    cuts = sorted({0, len(text), *[p for s, e, _ in spans for p in (s, e)]})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        qids = tuple(q for s, e, q in spans if s <= a and b <= e and s < e)
        out.append(Segment(text[a:b], qids))
    return out
