"""Server-side SVG charts: scores over time (line chart) and a calendar heatmap.

The app runs under a strict CSP, so the SVG carries no script, no `style=` attribute
and no `<style>` element: it uses presentation attributes (`fill=`, `stroke=`) with
`currentColor` defaults, plus CSS classes the app's stylesheet may restyle
(`chart-axis`, `chart-grid`, `series series-N`, `point`, `cell level-N`). Series are
told apart by colour, dash pattern and marker shape, so they survive greyscale and
colour blindness. All text is escaped by ElementTree; output is deterministic.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from quizapp.core.progress import Series

__all__ = ["heatmap_svg", "line_chart_svg", "text_alternative"]

SVG_NS = "http://www.w3.org/2000/svg"
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9")  # Okabe-Ito
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FONT = {"font-family": "system-ui, sans-serif", "fill": "currentColor"}


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    names = {k: k.rstrip("_").replace("_", "-") for k in attrs}
    element = ET.SubElement(parent, tag, {names[k]: v for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _svg_root(width: int, height: int, title: str, description: str, id_prefix: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "class": "chart",
        },
    )
    _sub(root, "title", title, id=f"{id_prefix}-title")
    _sub(root, "desc", description, id=f"{id_prefix}-desc")
    return root


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def _day_label(day: date, with_year: bool) -> str:
    label = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{label} {day.year}" if with_year else label


def _percent(value: float) -> str:
    return f"{_num(value)}%"


def text_alternative(series: Sequence[Series]) -> str:
    """A short plain-text summary of a scores-over-time chart for screen readers."""
    filled = [s for s in series if s.points]
    if not filled:
        return "No quiz attempts yet."
    parts = [f"Scores over time for {len(filled)} set{'s' if len(filled) != 1 else ''}."]
    for s in filled:
        first, last = s.points[0], s.points[-1]
        best = max(p for _, p in s.points)
        n = len(s.points)
        if n == 1:
            day = first[0].date().isoformat()
            parts.append(f"{s.label}: 1 attempt on {day}, {_percent(last[1])}.")
        else:
            parts.append(
                f"{s.label}: {n} attempts from {first[0].date().isoformat()} to "
                f"{last[0].date().isoformat()}; first {_percent(first[1])}, "
                f"last {_percent(last[1])}, best {_percent(best)}."
            )
    return " ".join(parts)


def _marker(group: ET.Element, shape: int, x: float, y: float, color: str) -> ET.Element:
    common = {"class": "point", "fill": color, "stroke": color}
    if shape == 0:
        return _sub(group, "circle", cx=_num(x), cy=_num(y), r="3.5", **common)
    if shape == 1:
        return _sub(group, "rect", x=_num(x - 3.2), y=_num(y - 3.2), width="6.4", height="6.4",
                    **common)
    if shape == 2:
        pts = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.5)},{_num(y)} {_num(x)},{_num(y + 4.5)} " \
              f"{_num(x - 4.5)},{_num(y)}"
    else:
        pts = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.2)},{_num(y + 3.5)} " \
              f"{_num(x - 4.2)},{_num(y + 3.5)}"
    return _sub(group, "polygon", points=pts, **common)


def _legend_rows(labels: Sequence[str], width: int) -> list[list[tuple[int, str, float]]]:
    rows: list[list[tuple[int, str, float]]] = [[]]
    x = 0.0
    for i, label in enumerate(labels):
        short = label if len(label) <= 40 else label[:39] + "\u2026"
        item = 34 + 6.5 * len(short)
        if rows[-1] and x + item > width:
            rows.append([])
            x = 0.0
        rows[-1].append((i, short, x))
        x += item + 12
    return rows


def line_chart_svg(
    series: Sequence[Series],
    *,
    width: int = 640,
    height: int = 320,
    y_min: float = 0,
    y_max: float = 100,
    title: str = "Scores over time",
    description: str = "",
    id_prefix: str = "scores-chart",
) -> str:
    """An accessible SVG line chart of scores over time, one polyline per set."""
    filled = [s for s in series if s.points]
    root = _svg_root(width, height, title, description or text_alternative(filled), id_prefix)
    if not filled:
        _sub(root, "rect", x="0.5", y="0.5", width=str(width - 1), height=str(height - 1),
             fill="none", stroke="currentColor", stroke_opacity="0.3", class_="chart-frame")
        _sub(root, "text", "No data yet", x=_num(width / 2), y=_num(height / 2),
             text_anchor="middle", font_size="16", class_="chart-empty", **_FONT)
        return _serialise(root)
    if y_max <= y_min:
        raise ValueError(f"y_max ({y_max}) must be above y_min ({y_min})")
    legend = _legend_rows([s.label for s in filled], width - 60)
    left, right, top = 52.0, float(width - 16), 14.0
    bottom = float(height - 44 - 20 * len(legend))
    if bottom - top < 40:
        raise ValueError("chart too small for its legend; give it more height")
    times = [t.timestamp() for s in filled for t, _ in s.points]
    t0, t1 = min(times), max(times)

    def sx(moment: datetime) -> float:
        if t1 == t0:
            return (left + right) / 2
        return left + (moment.timestamp() - t0) / (t1 - t0) * (right - left)

    def sy(value: float) -> float:
        clamped = min(max(value, y_min), y_max)
        return bottom - (clamped - y_min) / (y_max - y_min) * (bottom - top)

    axes = _sub(root, "g", class_="chart-axes", font_size="11", **_FONT)
    for i in range(5):
        value = y_min + (y_max - y_min) * i / 4
        y = _num(sy(value))
        _sub(axes, "line", x1=_num(left), x2=_num(right), y1=y, y2=y, stroke="currentColor",
             stroke_opacity="0.15", class_="chart-grid")
        _sub(axes, "text", _num(value), x=_num(left - 6), y=_num(sy(value) + 4), text_anchor="end")
    _sub(axes, "line", x1=_num(left), x2=_num(left), y1=_num(top), y2=_num(bottom),
         stroke="currentColor", class_="chart-axis")
    _sub(axes, "line", x1=_num(left), x2=_num(right), y1=_num(bottom), y2=_num(bottom),
         stroke="currentColor", class_="chart-axis")
    mid_y = _num((top + bottom) / 2)
    _sub(axes, "text", "Score (%)", x="14", y=mid_y, text_anchor="middle",
         transform=f"rotate(-90 14 {mid_y})")
    first_day = datetime.fromtimestamp(t0, filled[0].points[0][0].tzinfo).date()
    last_day = datetime.fromtimestamp(t1, filled[0].points[0][0].tzinfo).date()
    with_year = first_day.year != last_day.year
    ticks = 1 if t1 == t0 else 5
    seen: set[str] = set()
    for i in range(ticks):
        stamp = t0 + (t1 - t0) * i / max(1, ticks - 1)
        moment = datetime.fromtimestamp(stamp, filled[0].points[0][0].tzinfo)
        label = _day_label(moment.date(), with_year)
        if label in seen:
            continue
        seen.add(label)
        x = sx(moment)
        anchor = "start" if ticks > 1 and i == 0 else "end" if ticks > 1 and i == ticks - 1 \
            else "middle"
        _sub(axes, "line", x1=_num(x), x2=_num(x), y1=_num(bottom), y2=_num(bottom + 4),
             stroke="currentColor", class_="chart-axis")
        _sub(axes, "text", label, x=_num(x), y=_num(bottom + 16), text_anchor=anchor)
    _sub(axes, "text", "Date", x=_num((left + right) / 2), y=_num(bottom + 32),
         text_anchor="middle")
    for i, s in enumerate(filled):
        color, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        group = _sub(root, "g", class_=f"series series-{i}")
        _sub(group, "title", s.label)
        line = _sub(group, "polyline", fill="none", stroke=color, stroke_width="2",
                    points=" ".join(f"{_num(sx(t))},{_num(sy(v))}" for t, v in s.points))
        if dash:
            line.set("stroke-dasharray", dash)
        for t, v in s.points:
            marker = _marker(group, i % 4, sx(t), sy(v), color)
            _sub(marker, "title", f"{s.label}: {_percent(v)} on {t.date().isoformat()}")
    legend_group = _sub(root, "g", class_="chart-legend", font_size="12", **_FONT)
    for row_index, row in enumerate(legend):
        ly = bottom + 52 + 20 * row_index
        for i, label, offset in row:
            color, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
            x0 = left + offset
            item = _sub(legend_group, "line", x1=_num(x0), x2=_num(x0 + 24), y1=_num(ly - 4),
                        y2=_num(ly - 4), stroke=color, stroke_width="2", class_=f"series-{i}")
            if dash:
                item.set("stroke-dasharray", dash)
            marker = _marker(legend_group, i % 4, x0 + 12, ly - 4, color)
            marker.set("class", f"legend-marker series-{i}")
            _sub(legend_group, "text", label, x=_num(x0 + 30), y=_num(ly))
    return _serialise(root)


def heatmap_svg(
    counts_by_day: Mapping[date, int],
    *,
    end: date,
    weeks: int = 26,
    title: str = "Activity",
    description: str = "",
    unit: str = "review",
    id_prefix: str = "heatmap",
) -> str:
    """A GitHub-style calendar heatmap of the `weeks` weeks up to `end` (Monday-first rows)."""
    if weeks < 1:
        raise ValueError(f"weeks must be >= 1, got {weeks}")
    cell, step, left, top = 11, 13, 32, 18
    start = end - timedelta(days=end.weekday() + 7 * (weeks - 1))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    counts = [max(0, int(counts_by_day.get(day, 0))) for day in days]
    peak, total = max(counts), sum(counts)
    active = sum(1 for c in counts if c)
    width, height = left + weeks * step + 4, top + 7 * step + 28
    summary = (
        f"{total} {unit}{'s' if total != 1 else ''} on {active} day{'s' if active != 1 else ''} "
        f"from {start.isoformat()} to {end.isoformat()}."
    )
    root = _svg_root(width, height, title, f"{description} {summary}".strip(), id_prefix)
    labels = _sub(root, "g", class_="heatmap-labels", font_size="10", **_FONT)
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        _sub(labels, "text", name, x=str(left - 6), y=str(top + row * step + 9), text_anchor="end")
    grid = _sub(root, "g", class_="heatmap-cells")
    last_month = None
    for day, count in zip(days, counts, strict=True):
        column, row = (day - start).days // 7, day.weekday()
        if row == 0 and day.month != last_month and column < weeks - 1:
            _sub(labels, "text", MONTHS[day.month - 1], x=str(left + column * step), y="12")
        if row == 0:
            last_month = day.month
        level = 0 if count == 0 else min(4, 1 + (4 * count - 1) // peak) if peak else 0
        rect = _sub(grid, "rect", x=str(left + column * step), y=str(top + row * step),
                    width=str(cell), height=str(cell), rx="2", class_=f"cell level-{level}",
                    fill="currentColor", fill_opacity=("0.08", "0.3", "0.5", "0.75", "1")[level])
        rect.set("data-date", day.isoformat())
        rect.set("data-count", str(count))
        _sub(rect, "title", f"{count} {unit}{'s' if count != 1 else ''} on {day.isoformat()}")
    legend = _sub(root, "g", class_="heatmap-legend", font_size="10", **_FONT)
    y = top + 7 * step + 10
    x = width - 4 - 5 * step - 30
    _sub(legend, "text", "Less", x=str(x - 4), y=str(y + 9), text_anchor="end")
    for level in range(5):
        _sub(legend, "rect", x=str(x + level * step), y=str(y), width=str(cell), height=str(cell),
             rx="2", class_=f"cell level-{level}",
             fill_opacity=("0.08", "0.3", "0.5", "0.75", "1")[level])
    _sub(legend, "text", "More", x=str(x + 5 * step + 2), y=str(y + 9))
    return _serialise(root)
