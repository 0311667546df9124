"""What a prompt leans on, resolved from the sentence before it in the paragraph.

"The heart has four chambers. The two upper ones are called _____": the learner sees only
the second sentence, so "ones" takes the noun it stands for ("The two upper chambers are
called _____"). More of the sentence before ("it", "the eruption") is the next step.
"""
from __future__ import annotations

import re

from quizapp.core.generate.segment import Sentence

_ONES = re.compile(r"\b(the|The) ((?:\w+ ){0,2})ones\b")


def counted_noun(sentence: Sentence) -> str | None:
    """The last plural noun a number counts in the sentence ("four chambers" -> chambers)."""
    found = None
    for token in sentence.span:
        if token.tag_ == "NNS" and token.lower_ != "ones" and any(
                c.dep_ == "nummod" for c in token.children):
            found = token.text
    return found


def sentences_before(previous: dict[int, Sentence], sent: Sentence, n: int = 3,
                     ) -> list[Sentence]:
    """Up to `n` sentences before `sent` in its paragraph, nearest first (`previous`: a
    sentence's index -> the sentence before it in the same paragraph)."""
    out: list[Sentence] = []
    at = sent.index
    while len(out) < n and at in previous:
        out.append(previous[at])
        at = previous[at].index
    return out


def resolve_ones(prompt: str, before: list[Sentence]) -> str:
    """'The two upper ones ...' -> 'The two upper chambers ...' when a sentence just before
    (`before`: nearest first) counts chambers; the prompt as it is otherwise."""
    if not before or not _ONES.search(prompt):
        return prompt
    noun = next((n for n in map(counted_noun, before) if n is not None), None)
    if noun is None:
        return prompt
    return _ONES.sub(lambda m: f"{m.group(1)} {m.group(2)}{noun}", prompt, count=1)
