"""The join code and attempt-window rules of quizapp.core.classes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core import classes as core

T = datetime(2026, 12, 1, 9, tzinfo=UTC)
H = timedelta(hours=1)


def test_make_code_uses_the_alphabet_and_needs_enough_randomness() -> None:
    code = core.make_code(bytes(range(10)))
    assert len(code) == 10 and set(code) <= set(core.ALPHABET)
    assert core.shown_code(code) == f"{code[:5]}-{code[5:]}"
    with pytest.raises(ValueError):
        core.make_code(b"short")
    assert len(core.ALPHABET) == 32 and core.code_bits() == 50


@pytest.mark.parametrize("window, now, used, allowed, expected", [
    (core.Window(None, None), T, 0, None, (True, False)),
    (core.Window(T + H, None), T, 0, None, (False, False)),            # not open yet
    (core.Window(T - H, T + H), T, 0, 1, (True, False)),
    (core.Window(T - H, T + H), T, 1, 1, (False, False)),              # used up
    (core.Window(None, T - H), T, 0, None, (False, False)),            # due, no late work
    (core.Window(None, T - H, True), T, 0, None, (True, True)),        # late
    (core.Window(None, T - H, True, T - H / 2), T, 0, None, (False, False)),  # late closed
    (core.Window(None, T, False), T, 0, None, (True, False)),          # due this second
])
def test_may_attempt(window: core.Window, now: datetime, used: int, allowed: int | None,
                     expected: tuple[bool, bool]) -> None:
    verdict = core.may_attempt(window, now, used=used, allowed=allowed)
    assert (verdict.allowed, verdict.late) == expected
    assert (verdict.reason is None) == verdict.allowed


def test_status() -> None:
    w = core.Window(T - H, T + H)
    assert core.status(w, T, used=0, allowed=1, finished=0) == "open"
    assert core.status(w, T, used=1, allowed=1, finished=1) == "done"
    assert core.status(core.Window(T + H, None), T, used=0, allowed=1, finished=0) == "upcoming"
    assert core.status(core.Window(None, T - H), T, used=0, allowed=1, finished=0) == "missed"
    assert core.status(core.Window(None, T - H, True), T, used=0, allowed=1,
                       finished=0) == "late"
