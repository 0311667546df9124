"""A question's distractor table, its random guess score, and the flags raised on it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from quizapp.core.itemstats.figures import TINY, Row, Sums
from quizapp.core.itemstats.model import (
    CHOICE_TYPES,
    FLAG_MIN_ATTEMPTS,
    KEY_SUSPECT_DISCRIMINATION,
    LOW_EFFICIENCY,
    TOO_EASY_FACILITY,
    TOO_HARD_FACILITY,
    WEAK_DISCRIMINATION,
    AttemptScores,
    ChoiceStats,
    Flag,
    QuestionInfo,
    QuestionStats,
)

__all__ = ["question_stats", "random_guess", "strongest_third"]


def random_guess(info: QuestionInfo | None) -> float | None:
    """Moodle's random guess score, in percent; None when it cannot be known.

    mcq: the mean fraction of its choices, 1 / number of choices (qtype_multichoice, one
    answer); true_false: 50 (qtype_truefalse); multi: None, as Moodle's multichoice gives
    for several answers ("pretty much impossible to compute"); a typed answer: 0.
    """
    if info is None:
        return None
    if info.question_type == "true_false":
        return 50.0
    if info.question_type == "mcq":
        return 100.0 / len(info.choices) if info.choices else None
    if info.question_type == "multi":
        return None
    return 0.0


def strongest_third(rest: dict[int, float]) -> set[int]:
    """The attempts whose rest-of-test mark is in the top third (ceil(n / 3)), ties at the
    cut included so that the group does not depend on the order of the attempts."""
    if not rest:
        return set()
    ordered = sorted(rest.values(), reverse=True)
    cut = ordered[math.ceil(len(ordered) / 3) - 1]
    return {key for key, value in rest.items() if value >= cut - TINY}


def _picks(attempt: AttemptScores, qid: str) -> tuple[str, ...]:
    raw = attempt.picks.get(qid, ())
    items = (raw,) if isinstance(raw, str) else tuple(raw)
    return tuple(dict.fromkeys(p.strip() for p in items if p.strip()))


def _choice_table(info: QuestionInfo | None, qid: str, rows: Sequence[Row],
                  top: set[int]) -> tuple[tuple[ChoiceStats, ...], int]:
    """(one row per choice, attempts with no pick). Declared choices come first in their
    order, then any other picked value, sorted; shares are of the attempts that had `qid`;
    `top` holds the row indices of the strongest third."""
    picks = {i: _picks(r.attempt, qid) for i, r in enumerate(rows) if qid in r.marks}
    declared = [c.strip() for c in info.choices] if info else []
    is_choice = bool(declared) or (info is not None and info.question_type in CHOICE_TYPES)
    if not is_choice and not any(picks.values()):
        return (), 0
    extra = sorted({p for ps in picks.values() for p in ps} - set(declared))
    keys = {k.strip() for k in info.keys} if info else set()
    counts = {c: 0 for c in [*declared, *extra]}
    tops = dict.fromkeys(counts, 0)
    for index, chosen in picks.items():
        for choice in chosen:
            counts[choice] += 1
            tops[choice] += index in top
    key_top = min((tops[k] for k in keys if k in tops), default=None)
    enough = len(picks) >= FLAG_MIN_ATTEMPTS
    table = []
    for choice, count in counts.items():
        flags: list[Flag] = []
        if enough and choice not in keys and keys:
            if count == 0:
                flags.append(Flag.UNUSED_DISTRACTOR)
            if key_top is not None and tops[choice] > key_top:
                flags.append(Flag.DISTRACTOR_BEATS_KEY)
        share = 100.0 * count / len(picks) if picks else 0.0
        table.append(ChoiceStats(choice, choice in keys, count, share, tops[choice], tuple(flags)))
    return tuple(table), sum(1 for chosen in picks.values() if not chosen)


def _flags(sums: Sums, guess: float | None, choices: Sequence[ChoiceStats]) -> tuple[Flag, ...]:
    if sums.count < FLAG_MIN_ATTEMPTS:
        return ()
    flags = []
    f, di, de = sums.facility, sums.discrimination, sums.discriminative_efficiency
    if f is not None and f > TOO_EASY_FACILITY:
        flags.append(Flag.TOO_EASY)
    if f is not None and f < TOO_HARD_FACILITY:
        flags.append(Flag.TOO_HARD)
    if f is not None and guess and f < guess:
        flags.append(Flag.BELOW_CHANCE)
    if di is not None and di < KEY_SUSPECT_DISCRIMINATION:
        flags.append(Flag.KEY_SUSPECT)
    elif di is not None and di < WEAK_DISCRIMINATION:
        flags.append(Flag.WEAK_DISCRIMINATION)
    if de is not None and 0.0 <= de < LOW_EFFICIENCY:
        flags.append(Flag.LOW_EFFICIENCY)
    for flag in (Flag.UNUSED_DISTRACTOR, Flag.DISTRACTOR_BEATS_KEY):
        if any(flag in c.flags for c in choices):
            flags.append(flag)
    return tuple(flags)


def question_stats(qid: str, sums: Sums, effective_weight: float | None,
                   info: QuestionInfo | None, rows: Sequence[Row]) -> QuestionStats:
    """Put one question's figures, distractor table and flags together."""
    choices, no_answer = _choice_table(info, qid, rows, strongest_third(sums.rest))
    guess = random_guess(info)
    return QuestionStats(
        question_id=qid,
        count=sums.count,
        facility=sums.facility,
        standard_deviation=sums.standard_deviation,
        random_guess=guess,
        intended_weight=sums.intended_weight,
        effective_weight=effective_weight,
        discrimination=sums.discrimination,
        discriminative_efficiency=sums.discriminative_efficiency,
        choices=choices,
        no_answer=no_answer,
        flags=_flags(sums, guess, choices),
    )
