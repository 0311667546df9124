"""Server-side SVG bar chart (reviews due per day), in the style of `charts.py`.

Strict-CSP friendly like the other charts: no script, no `style=`, presentation
attributes with `currentColor`, CSS classes (`chart-axis`, `bar`) for restyling, a
`<title>`/`<desc>` pair and a plain-text alternative for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from quizapp.core.charts.lines import _day_label, _num, _serialise, _sub, _svg_root

__all__ = ["bar_chart_svg", "bar_text_alternative"]


def bar_text_alternative(bars: Sequence[tuple[date, int]], *, unit: str = "review") -> str:
    """A short plain-text summary of a per-day bar chart."""
    if not bars:
        return "Nothing to show."
    total = sum(count for _, count in bars)
    first, last = bars[0][0], bars[-1][0]
    span = f"from {first.isoformat()} to {last.isoformat()}"
    if total == 0:
        return f"No {unit}s {span}."
    peak_day, peak = max(bars, key=lambda bar: (bar[1], -bar[0].toordinal()))
    plural = "s" if total != 1 else ""
    return (f"{total} {unit}{plural} {span}; the busiest day is {peak_day.isoformat()} "
            f"with {peak}.")


def _nice_top(peak: int) -> int:
    """A round axis maximum at or above `peak` (1, 2, 5, 10, 20, 50 ...)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= peak:
                return factor * magnitude
        magnitude *= 10


def bar_chart_svg(
    bars: Sequence[tuple[date, int]],
    *,
    title: str = "Reviews due per day",
    description: str = "",
    unit: str = "review",
    width: int = 640,
    height: int = 200,
    id_prefix: str = "bars",
) -> str:
    """A bar per day (date, count), a y axis from 0 to a round maximum, date labels."""
    left, right, top, bottom = 36, 8, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    counts = [max(0, int(count)) for _, count in bars]
    axis_top = _nice_top(max(counts, default=0))
    summary = bar_text_alternative(bars, unit=unit)
    root = _svg_root(width, height, title, f"{description} {summary}".strip(), id_prefix)
    axis = _sub(root, "g", class_="chart-axis", font_size="10", fill="currentColor",
                font_family="system-ui, sans-serif")
    for value in (0, axis_top // 2 if axis_top % 2 == 0 else None, axis_top):
        if value is None:
            continue
        y = top + plot_h - plot_h * value / axis_top
        _sub(axis, "line", x1=str(left), x2=str(width - right), y1=_num(y), y2=_num(y),
             stroke="currentColor", stroke_opacity="0.2", class_="chart-grid")
        _sub(axis, "text", str(value), x=str(left - 4), y=_num(y + 3), text_anchor="end")
    group = _sub(root, "g", class_="bars")
    slot = plot_w / max(1, len(bars))
    label_every = max(1, round(len(bars) / 6))
    for index, ((day, _), count) in enumerate(zip(bars, counts, strict=True)):
        x = left + index * slot
        bar_h = plot_h * count / axis_top
        rect = _sub(group, "rect", x=_num(x + slot * 0.15), y=_num(top + plot_h - bar_h),
                    width=_num(slot * 0.7), height=_num(bar_h), rx="1.5", class_="bar",
                    fill="currentColor")
        rect.set("data-date", day.isoformat())
        rect.set("data-count", str(count))
        _sub(rect, "title", f"{count} {unit}{'s' if count != 1 else ''} on {day.isoformat()}")
        if index % label_every == 0:
            _sub(axis, "text", _day_label(day, False), x=_num(x + slot / 2),
                 y=str(height - 10), text_anchor="middle")
    return _serialise(root)
