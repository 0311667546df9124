"""Ranking, de-duplication, difficulty and stable ids."""
from __future__ import annotations

import hashlib
import heapq
import math
import re
import unicodedata

from quizapp.core.generate.accepts import acronym_of
from quizapp.core.generate.answers import norm
from quizapp.core.generate.forms import Draft

MIN_BANK = 8
DATE_SHARE = 0.3  # dates and numbers: at most this share of a bank, the rest wait
DATED = ("date", "number", "duration")
FORM_WEIGHT = {"short": 1.0, "numeric": 1.0, "mcq": 0.97, "cloze": 0.8, "true_false": 0.6}
SENT_DECAY = 0.8  # value kept per question already on the same sentence
NEST_DECAY = 0.5  # value kept when a chosen answer contains this one, or the reverse
FORM_DIFFICULTY = {"true_false": 0.2, "mcq": 0.35, "cloze": 0.5, "short": 0.6, "numeric": 0.65}


def slugify(name: str, max_len: int = 80) -> str:
    """A slug [a-z0-9-] for ids and file names ("Notes 2.txt" -> "notes-2-txt")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    text = text[:max_len].rstrip("-")
    return text or "bank"


def sentence_key(text: str) -> str:
    """A short hash of the normalised sentence (stable under spacing and case changes)."""
    return hashlib.sha1(norm(text).encode("utf-8")).hexdigest()[:6]


def question_id(draft: Draft) -> str:
    """Content-derived id: answer slug, form, and a hash of the source sentence."""
    answer = slugify(draft.focus.text, 40) if draft.focus.text else "q"
    return f"{answer}-{draft.form.replace('_', '-')}-{sentence_key(draft.sentence.text)}"


def difficulty(draft: Draft, rarity: float) -> float:
    """0 (easy) .. 1 (hard): the form, the answer's rarity and the sentence length."""
    base = FORM_DIFFICULTY.get(draft.form, 0.5)
    words = len(draft.sentence.text.split())
    value = base + 0.2 * (rarity - 0.5) + (0.05 if words > 30 else 0.0)
    return round(min(0.95, max(0.05, value)), 2)


def _pair(d: Draft) -> tuple[int, str]:
    """The fact a draft asks about; a true statement is a fact of its own, a swap is not."""
    prefix = "tf:" if d.form == "true_false" and d.answer is True else ""
    return d.sentence.index, prefix + norm(d.focus.text)


def order(drafts: list[Draft], limit: int | None, fill: bool = True,
          cap: int | None = None) -> list[Draft]:
    """Best first, with diversity: one question per answer and few per sentence up front.

    Past two questions on one answer or a sentence's share (`cap` if given), a question
    waits; waiting ones fill up to `limit` if `fill`, else only up to a minimal bank of
    MIN_BANK. Dates and numbers past DATE_SHARE of the bank wait too. An event's where and
    when (`Draft.event`) count as two facts of one sentence, and its date is not capped.
    """
    seen_keys: set[tuple[str, str]] = set()
    unique: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (-d.score, d.sentence.index, d.focus.start, d.form)):
        key = (norm(d.focus.text), norm(d.prompt))
        if key in seen_keys:
            continue
        seen_keys.add(key)
        unique.append(d)
    # lazy greedy: a draft's value only falls as its sentence/answer get used, so the
    # heap top, once re-valued and still the best, is the true best (n log n overall)
    chosen: list[Draft] = []
    used_sent: dict[int, int] = {}
    used_answer: dict[str, int] = {}
    used_pair: set[tuple[int, str]] = set()
    deferred: list[Draft] = []
    used_prompts: set[str] = set()
    n_sent = len({d.sentence.index for d in unique})
    if cap is None:
        cap = max(2, math.ceil((limit or len(unique)) / max(1, n_sent)))
    room = limit or len(unique)
    repeat = 1 if cap == 1 else 2  # one fact a sentence: one question an answer too
    event_sentences = {d.sentence.index for d in unique if d.event}
    dated = 0

    used_words: list[frozenset[str]] = []
    used_texts: list[str] = []

    def value(d: Draft) -> float:
        v = d.score
        v *= SENT_DECAY ** used_sent.get(d.sentence.index, 0)
        v *= 0.5 ** used_answer.get(norm(d.focus.text), 0)
        words = frozenset(norm(d.focus.text).split())
        if d.form != "true_false" and any(
            w != words and (words <= w or w <= words) for w in used_words[-50:]
        ):
            v *= NEST_DECAY  # "Broncos" after "Denver Broncos": the same answer again
        return v

    heap = [(-d.score, i) for i, d in enumerate(unique)]
    heapq.heapify(heap)
    while heap and (limit is None or len(chosen) < limit):
        neg, i = heapq.heappop(heap)
        d = unique[i]
        pair = _pair(d)
        if pair in used_pair:
            continue  # one question per fact: the best form only
        if norm(d.prompt) in used_prompts:
            continue  # "Where did the second summit take place?" once, for one answer
        words = frozenset(norm(d.focus.text).split())
        same = sum(1 for w in used_words if w and (w <= words or words <= w)) + sum(
            1 for t in used_texts if acronym_of(t, d.focus.text) or acronym_of(d.focus.text, t)
        )  # "Hanoi" after "Hanoi, Vietnam", "DMZ" after "Demilitarized Zone"
        limit_here = cap + 1 if d.event else cap  # an event's where and its when: two facts
        if cap == 1 and not d.event and d.sentence.index in event_sentences:
            continue  # a sentence that dates and places an event: those two are its facts
        if used_sent.get(d.sentence.index, 0) >= limit_here or same >= repeat or (
                d.focus.kind in DATED and not d.event and dated + 1 > DATE_SHARE * room):
            deferred.append(d)  # spread the bank: more on one sentence only after all others
            continue
        v = value(d)
        if heap and v < -heap[0][0] and v < -neg:
            heapq.heappush(heap, (-v, i))
            continue
        used_pair.add(pair)
        used_sent[d.sentence.index] = used_sent.get(d.sentence.index, 0) + 1
        used_answer[norm(d.focus.text)] = used_answer.get(norm(d.focus.text), 0) + 1
        used_words.append(frozenset(norm(d.focus.text).split()))
        used_texts.append(d.focus.text)
        used_prompts.add(norm(d.prompt))
        dated += d.focus.kind in DATED
        chosen.append(d)
    for d in deferred:
        room = limit if limit is not None else len(unique)
        if len(chosen) >= (room if fill else min(room, MIN_BANK)):
            break
        if cap == 1 and (used_sent.get(d.sentence.index, 0) >= (2 if d.event else 1) or (
                not d.event and d.sentence.index in event_sentences)):
            continue  # one fact a sentence holds even when the bank is short
        if _pair(d) not in used_pair and norm(d.prompt) not in used_prompts:
            used_pair.add(_pair(d))
            used_prompts.add(norm(d.prompt))
            used_sent[d.sentence.index] = used_sent.get(d.sentence.index, 0) + 1
            chosen.append(d)
    return chosen
