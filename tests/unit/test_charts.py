"""SVG charts: well-formed, accessible, escaped, CSP-safe and deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.charts.lines import heatmap_svg, line_chart_svg, text_alternative
from quizapp.core.progress import AttemptRecord, Series, score_series

NS = {"svg": "http://www.w3.org/2000/svg"}
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _records() -> list[AttemptRecord]:
    return [
        AttemptRecord("korea", "Trump–Kim summits", T0, 40),
        AttemptRecord("korea", "Trump–Kim summits", T0 + timedelta(days=3), 75),
        AttemptRecord("korea", "Trump–Kim summits", T0 + timedelta(days=9), 90),
        AttemptRecord("rome", "Roman emperors", T0 + timedelta(days=2), 60),
        AttemptRecord("rome", "Roman emperors", T0 + timedelta(days=8), 55),
    ]


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _assert_csp_safe(root: ET.Element) -> None:
    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith(("}script", "}style", "}foreignObject"))
        assert not any(name.startswith("on") for name in element.attrib)


def test_line_chart_is_accessible_with_one_polyline_and_marker_per_attempt() -> None:
    root = _parse(line_chart_svg(score_series(_records()), title="Your scores"))
    _assert_csp_safe(root)
    assert root.get("role") == "img"
    assert root.findtext("svg:title", namespaces=NS) == "Your scores"
    labelled = root.get("aria-labelledby", "").split()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert labelled and set(labelled) <= ids
    groups = root.findall("svg:g[@class]", NS)
    series = [g for g in groups if g.get("class", "").startswith("series ")]
    assert [len(g.findall("svg:polyline", NS)) for g in series] == [1, 1]
    points = [len([e for e in g if e.get("class") == "point"]) for g in series]
    assert points == [3, 2]
    first_line = series[0].find("svg:polyline", NS)
    assert first_line is not None and len(first_line.get("points", "").split()) == 3
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Score (%)" in texts and "Date" in texts
    assert "1 Mar" in texts and "10 Mar" in texts
    assert "Trump–Kim summits" in texts and "Roman emperors" in texts


def test_points_tell_their_value_and_higher_scores_are_drawn_higher() -> None:
    root = _parse(line_chart_svg(score_series(_records()[:2])))
    circles = root.findall(".//svg:circle[@class='point']", NS)
    assert [c.findtext("svg:title", namespaces=NS) for c in circles] == [
        "Trump–Kim summits: 40% on 2026-03-01",
        "Trump–Kim summits: 75% on 2026-03-04",
    ]
    assert float(circles[1].get("cy", "0")) < float(circles[0].get("cy", "0"))
    assert float(circles[1].get("cx", "0")) > float(circles[0].get("cx", "0"))


def test_hostile_titles_are_escaped_not_executed() -> None:
    evil = "<script>alert('x')</script> & \x00 co"
    series = [Series("x", evil, ((T0, 50.0),))]
    svg = line_chart_svg(series, title=evil, description=evil)
    assert "<script>" not in svg
    root = _parse(svg)
    _assert_csp_safe(root)
    assert root.findtext("svg:title", namespaces=NS) == "<script>alert('x')</script> &  co"


def test_empty_series_gives_a_no_data_chart() -> None:
    for series in ([], [Series("x", "Empty set", ())]):
        root = _parse(line_chart_svg(series, title="Scores"))
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts == ["No data yet"]
        assert root.find(".//svg:polyline", NS) is None
        assert root.findtext("svg:desc", namespaces=NS) == "No quiz attempts yet."


def test_output_is_deterministic() -> None:
    assert line_chart_svg(score_series(_records())) == line_chart_svg(score_series(_records()))


def test_text_alternative_summarises_each_set() -> None:
    text = text_alternative(score_series(_records()))
    assert text.startswith("Scores over time for 2 sets.")
    assert "Trump–Kim summits: 3 attempts from 2026-03-01 to 2026-03-10" in text
    assert "first 40%, last 90%, best 90%" in text
    assert text_alternative([]) == "No quiz attempts yet."


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.floats(-20, 150), st.sampled_from(["a", "b", "c"])),
        min_size=1,
        max_size=30,
    ),
    st.text(max_size=30),
)
def test_any_history_gives_well_formed_svg_inside_the_canvas(
    rows: list[tuple[int, float, str]], title: str
) -> None:
    records = [AttemptRecord(s, title, T0 + timedelta(hours=h), p) for h, p, s in rows]
    root = _parse(line_chart_svg(score_series(records), width=640, height=320, title=title))
    assert len(root.findall(".//*[@class='point']", NS)) == len(rows)
    for circle in root.iter("{http://www.w3.org/2000/svg}circle"):
        assert 0 <= float(circle.get("cx", "-1")) <= 640
        assert 0 <= float(circle.get("cy", "-1")) <= 320


def test_heatmap_has_one_cell_per_day_with_counts_and_levels() -> None:
    end = date(2026, 5, 1)  # a Friday
    counts = {end: 12, end - timedelta(days=1): 3, end - timedelta(days=400): 99}
    root = _parse(heatmap_svg(counts, end=end, weeks=4, title="Reviews <per> day"))
    _assert_csp_safe(root)
    assert root.get("role") == "img"
    assert root.findtext("svg:title", namespaces=NS) == "Reviews <per> day"
    cells = root.findall(".//svg:g[@class='heatmap-cells']/svg:rect", NS)
    assert len(cells) == 3 * 7 + 5  # three full weeks and Monday..Friday of the last
    by_date = {c.get("data-date"): c for c in cells}
    assert by_date["2026-05-01"].get("class") == "cell level-4"
    assert by_date["2026-04-30"].get("class") == "cell level-1"
    assert by_date["2026-04-29"].get("class") == "cell level-0"
    assert by_date["2026-05-01"].findtext("svg:title", namespaces=NS) == "12 reviews on 2026-05-01"
    assert min(by_date) == "2026-04-06"  # a Monday
    desc = root.findtext("svg:desc", namespaces=NS) or ""
    assert "15 reviews on 2 days from 2026-04-06 to 2026-05-01." in desc


def test_empty_heatmap_still_draws_the_calendar() -> None:
    root = _parse(heatmap_svg({}, end=date(2026, 5, 3), weeks=2))
    cells = root.findall(".//svg:g[@class='heatmap-cells']/svg:rect", NS)
    assert len(cells) == 14 and {c.get("class") for c in cells} == {"cell level-0"}
    assert "0 reviews on 0 days" in (root.findtext("svg:desc", namespaces=NS) or "")
