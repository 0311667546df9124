"""The in-process memo: made once per key, bounded, least recently used out first."""
from __future__ import annotations

from quizapp.services.memo import Memo, clear_all


def test_a_value_is_made_once_per_key_and_the_oldest_goes_first() -> None:
    made: list[str] = []
    memo: Memo[str] = Memo(size=2)

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    assert memo.get("a", lambda: make("a")) == "A"
    assert memo.get("a", lambda: make("a")) == "A"
    memo.get("b", lambda: make("b"))
    memo.get("a", lambda: make("a"))  # "a" is now the most recently used
    memo.get("c", lambda: make("c"))  # so "b" goes
    memo.get("a", lambda: make("a"))
    memo.get("b", lambda: make("b"))
    assert made == ["a", "b", "c", "b"]
    clear_all()
    memo.get("a", lambda: make("a"))
    assert made[-1] == "a"
