"""Study helpers in the core: streaks, interval labels, the due-per-day bar chart."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.charts.bars import bar_chart_svg, bar_text_alternative
from quizapp.core.srs.stats import format_interval, streak

TODAY = date(2026, 11, 25)
SVG = "{http://www.w3.org/2000/svg}"


def test_streak_counts_consecutive_days_up_to_today() -> None:
    days = {TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2),
            TODAY - timedelta(days=4)}
    assert streak(days, TODAY) == 3


def test_streak_survives_until_today_is_over() -> None:
    days = {TODAY - timedelta(days=1), TODAY - timedelta(days=2)}
    assert streak(days, TODAY) == 2
    assert streak({TODAY - timedelta(days=2)}, TODAY) == 0
    assert streak(set(), TODAY) == 0


@settings(max_examples=60)
@given(st.sets(st.integers(min_value=0, max_value=60)))
def test_streak_never_exceeds_study_days_and_a_gap_ends_it(offsets: set[int]) -> None:
    days = {TODAY - timedelta(days=o) for o in offsets}
    n = streak(days, TODAY)
    assert 0 <= n <= len(days)
    start = 0 if 0 in offsets else 1
    assert all(start + i in offsets for i in range(n))
    assert start + n not in offsets


def test_interval_labels() -> None:
    assert format_interval(timedelta(seconds=20)) == "1 min"
    assert format_interval(timedelta(minutes=10)) == "10 min"
    assert format_interval(timedelta(hours=5)) == "5 h"
    assert format_interval(timedelta(days=1)) == "1 day"
    assert format_interval(timedelta(days=3, hours=2)) == "3 days"
    assert format_interval(timedelta(days=75)) == "2.5 months"
    assert format_interval(timedelta(days=400)) == "1.1 years"


def test_bar_chart_has_one_bar_per_day_with_counts_and_a_text_alternative() -> None:
    bars = [(TODAY + timedelta(days=i), c) for i, c in enumerate([3, 0, 7, 1])]
    svg = bar_chart_svg(bars, title="Due", id_prefix="due")
    root = ET.fromstring(svg)
    rects = root.findall(f".//{SVG}rect")
    assert [r.get("data-count") for r in rects] == ["3", "0", "7", "1"]
    heights = [float(r.get("height") or 0) for r in rects]
    assert heights[2] == max(heights) and heights[1] == 0
    assert root.find(f"{SVG}title").text == "Due"
    desc = root.find(f"{SVG}desc").text or ""
    assert "11 reviews" in desc and "2026-11-27 with 7" in desc
    assert "style" not in svg and "<script" not in svg


def test_bar_chart_text_for_no_reviews_and_escaping() -> None:
    bars = [(TODAY, 0), (TODAY + timedelta(days=1), 0)]
    assert bar_text_alternative(bars) == "No reviews from 2026-11-25 to 2026-11-26."
    svg = bar_chart_svg(bars, title="<b>&</b>")
    assert "<b>" not in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg
