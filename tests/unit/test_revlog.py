"""Reading Anki-style review logs: typed records, errors that name the line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.srs.revlog import RevlogError, parse_revlog_text, read_revlog

FIXTURE = Path(__file__).parents[1] / "fixtures" / "revlog-small.csv"
HEADER = "card_id,review_rating,review_time,review_duration\n"


def test_reads_the_fixture_into_time_ordered_utc_records():
    records = read_revlog(FIXTURE)
    assert len(records) == len(FIXTURE.read_text().splitlines()) - 1
    assert all(r.time.tzinfo == UTC for r in records)
    assert [r.time for r in records] == sorted(r.time for r in records)
    assert {r.rating for r in records} <= {1, 2, 3, 4}


def test_a_row_becomes_a_typed_record():
    (record,) = parse_revlog_text(HEADER + "17,3,2024-03-29T20:32:39.497000+02:00,7241\n")
    assert record.card_id == 17
    assert record.rating == 3
    assert record.time == datetime(2024, 3, 29, 18, 32, 39, 497000, tzinfo=UTC)
    assert record.duration_ms == 7241


def test_columns_may_come_in_any_order_and_blank_lines_are_skipped():
    text = "review_time,card_id,review_duration,review_rating\n\n2024-01-01T00:00:00Z,5,10,1\n"
    (record,) = parse_revlog_text(text)
    assert (record.card_id, record.rating, record.duration_ms) == (5, 1, 10)


@pytest.mark.parametrize(
    ("row", "line", "words"),
    [
        ("x,3,2024-03-29T20:32:39+00:00,7241", 2, "card_id 'x'"),
        ("1,5,2024-03-29T20:32:39+00:00,7241", 2, "review_rating 5"),
        ("1,3,yesterday,7241", 2, "review_time 'yesterday'"),
        ("1,3,2024-03-29T20:32:39,7241", 2, "no time zone"),
        ("1,3,2024-03-29T20:32:39+00:00,-4", 2, "negative"),
        ("1,3,2024-03-29T20:32:39+00:00", 2, "expected 4 fields"),
    ],
)
def test_bad_rows_are_reported_with_their_line(row, line, words):
    with pytest.raises(RevlogError) as caught:
        parse_revlog_text(HEADER + row + "\n")
    assert caught.value.line == line
    assert f"line {line}:" in str(caught.value)
    assert words in str(caught.value)


def test_the_line_number_counts_from_the_top_of_the_file():
    good = "1,3,2024-03-29T20:32:39+00:00,7\n"
    with pytest.raises(RevlogError, match="^line 4: review_rating 0"):
        parse_revlog_text(HEADER + good + good + "1,0,2024-03-29T20:32:39+00:00,7\n")


def test_missing_columns_and_empty_files_are_reported():
    with pytest.raises(RevlogError, match="line 1: missing column.*review_duration"):
        parse_revlog_text("card_id,review_rating,review_time\n1,3,2024-01-01T00:00:00Z\n")
    with pytest.raises(RevlogError, match="line 1: empty file"):
        parse_revlog_text("")


@given(st.text(max_size=200))
def test_arbitrary_text_gives_records_or_a_revlog_error(text):
    try:
        records = parse_revlog_text(HEADER + text)
    except RevlogError as error:
        assert error.line >= 1
    else:
        assert all(1 <= r.rating <= 4 and r.time.tzinfo == UTC for r in records)
