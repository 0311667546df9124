"""Distractors for a phrase answer: its siblings in the article (same head, same list)."""
from __future__ import annotations

import random
from dataclasses import dataclass

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.names import compact


def _head_word(text: str) -> str:
    """The head of a phrase: its last word, before an "of" tail ("difficulty" of "immense
    difficulty of achieving ...")."""
    words = compact(text.split(" of ")[0]).split()
    return words[-1].rstrip("s") if words else ""


def pick_siblings(answer: Answer, pool: list[Answer], sentence_texts: set[str],
                 rng: random.Random, k: int) -> list[str]:
    """Distractors for a phrase answer: its siblings in the article, never any phrase.

    A sibling is a phrase of another sentence with the same head and another modifier
    ("divergent boundaries" for "convergent boundaries", "sedimentary rock" for "igneous
    rock"), or another member of a list the article gives where the answer is a member
    ("the light-dependent reactions" for "the Calvin cycle"). Same number (plural for
    plural), no shared modifier. Too few siblings: no choices (the phrase is not asked as
    a multiple choice), rather than phrases of another kind.
    """
    number = answer.label.split(":")[1] if answer.label.count(":") >= 1 else ""
    head = _head_word(answer.text)
    words = set(compact(answer.text).split())
    key = compact(answer.text)
    index = _index(pool)
    groups = index.groups_of.get(key, set())
    near = set(index.by_head.get(head, ()))
    for g in groups:
        near.update(index.by_group[g])
    seen: set[str] = {key}
    found: list[tuple[int, float, str]] = []
    for i in sorted(near):  # in the pool's order: the same picks as a scan of the pool
        p = pool[i]
        if p.start == answer.start:
            continue
        pkey = compact(p.text)
        if pkey in seen or not pkey or pkey in sentence_texts:
            continue
        if answer.start <= p.start < answer.end or p.start <= answer.start < p.end:
            continue
        in_list = p.kind == "np" and p.label in groups
        same_head = _head_word(p.text) == head and len(pkey.split()) > 1 and len(words) > 1 \
            and not (set(pkey.split()) - {head, head + "s"}) & (words - {head, head + "s"})
        if not (in_list or same_head):
            continue
        pnumber = "PL" if p.text.split()[-1].endswith("s") and not in_list else number
        if number and pnumber != number and not in_list:
            continue
        seen.add(pkey)
        found.append((0 if in_list else 1, rng.random(), p.text))
    found.sort()
    chosen = [text for _, _, text in found[:k]]
    role = answer.label.split(":")[0]
    if len(chosen) < k and role in _CLAUSAL:
        # a how, why or what-was-shown answer: other sentences' means, causes or claims
        size = len(answer.text.split())
        more = sorted(
            (abs(len(p.text.split()) - size) + rng.random(), p.text)
            for p in (pool[i] for i in index.by_role.get(role, ()))
            if p.start != answer.start and compact(p.text) not in seen
            and compact(p.text) not in sentence_texts
            and not (set(compact(p.text).split()) - _STOP) & (words - _STOP))
        for _, text in more:
            if len(chosen) == k:
                break
            if all(compact(text) != compact(c) for c in chosen):
                chosen.append(text)
    return chosen


_CLAUSAL = ("MEANS", "CLAIM", "CAUSE")


@dataclass
class _Index:
    """A pool's phrases by head word, by list and by role (built once per pool)."""

    by_head: dict[str, list[int]]
    by_group: dict[str, list[int]]
    groups_of: dict[str, set[str]]
    by_role: dict[str, list[int]]


_LAST: list[tuple[list[Answer], _Index]] = []


def _index(pool: list[Answer]) -> _Index:
    if _LAST and _LAST[0][0] is pool:
        return _LAST[0][1]
    index = _Index({}, {}, {}, {})
    for i, p in enumerate(pool):
        if p.kind not in ("np", "phrase", "thing"):
            continue
        index.by_head.setdefault(_head_word(p.text), []).append(i)
        if p.kind == "np" and p.label.startswith("LIST:"):
            index.by_group.setdefault(p.label, []).append(i)
            index.groups_of.setdefault(compact(p.text), set()).add(p.label)
        if p.kind == "phrase":
            index.by_role.setdefault(p.label.split(":")[0], []).append(i)
    _LAST[:] = [(pool, index)]
    return index


_STOP = frozenset("of the a an and or in to for on with by as at from its their his her".split())
