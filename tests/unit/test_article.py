"""Cutting an article at its questions' sentences."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.article import Segment, segments


def test_marks_and_overlaps() -> None:
    text = "One. Two three. Four."
    got = segments(text, [(5, 15, "a"), (9, 21, "b")])
    assert got == [Segment("One. "), Segment("Two ", ("a",)), Segment("three.", ("a", "b")),
                   Segment(" Four.", ("b",))]


def test_no_spans_and_spans_out_of_range() -> None:
    assert segments("abc", []) == [Segment("abc")]
    assert segments("abc", [(-5, 99, "x")]) == [Segment("abc", ("x",))]
    assert segments("", [(0, 3, "x")]) == []


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70),
                                                st.sampled_from("abc")), max_size=6))
def test_the_runs_join_back_to_the_article(text: str, spans: list) -> None:
    got = segments(text, spans)
    assert "".join(s.text for s in got) == text
    assert all(s.text for s in got)
