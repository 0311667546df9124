"""Classes and assignments, as plain rules: join codes a person can type and nobody can
guess, and whether an assignment takes an attempt now (open, due, late, used up)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Crockford's base 32: no I, L, O or U, so a code read aloud or off a board is typed right.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 10 x 5 bits = 50 bits (the issue asks for at least 40)
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def make_code(random_bytes: bytes) -> str:
    """A join code from at least CODE_LENGTH random bytes (the caller's `secrets`)."""
    if len(random_bytes) < CODE_LENGTH:
        raise ValueError(f"need {CODE_LENGTH} random bytes")
    return "".join(ALPHABET[b % 32] for b in random_bytes[:CODE_LENGTH])


def code_bits() -> float:
    return CODE_LENGTH * 5.0


def shown_code(code: str) -> str:
    """`ABCDE-FGHJK`: easier to read off a board."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def typed_code(text: str) -> str | None:
    """What a learner typed, as a code: case, spaces and dashes ignored, O read as 0 and
    I or L as 1; None when it cannot be a code."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -_\t").translate(_TYPED)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


@dataclass(frozen=True)
class Window:
    """When an assignment takes attempts: from `opens_at`, until `due_at`; after that
    only if late work is accepted, until `late_until` (None: no end)."""

    opens_at: datetime | None
    due_at: datetime | None
    late_allowed: bool = False
    late_until: datetime | None = None


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    late: bool = False
    reason: str | None = None


def may_attempt(window: Window, now: datetime, *, used: int,
                allowed: int | None) -> Verdict:
    """Whether a learner may start an attempt now, and whether it would be late. `used`:
    attempts already started; `allowed`: None for no limit."""
    if window.opens_at is not None and now < window.opens_at:
        return Verdict(False, reason="This assignment has not opened yet.")
    if allowed is not None and used >= allowed:
        return Verdict(False, reason=f"You have used all {allowed} attempt"
                                     f"{'' if allowed == 1 else 's'} of this assignment.")
    if window.due_at is not None and now > window.due_at:
        if not window.late_allowed:
            return Verdict(False, reason="This assignment is closed: it was due "
                                         "and late work is not accepted.")
        if window.late_until is not None and now > window.late_until:
            return Verdict(False, reason="This assignment is closed to late work too.")
        return Verdict(True, late=True)
    return Verdict(True)


def status(window: Window, now: datetime, *, used: int, allowed: int | None,
           finished: int) -> str:
    """What a learner's list says of a quiz assignment: `done` (handed in at least once),
    `upcoming`, `open`, `late` (past due, late work accepted) or `missed`."""
    if finished:
        return "done"
    if window.opens_at is not None and now < window.opens_at:
        return "upcoming"
    verdict = may_attempt(window, now, used=used, allowed=allowed)
    if verdict.allowed:
        return "late" if verdict.late else "open"
    return "missed"
