"""Study statistics that need no database: streaks and human-readable intervals."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def streak(days: Collection[date], today: date) -> int:
    """Consecutive study days ending today (or yesterday, when today has no review yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def format_interval(interval: timedelta) -> str:
    """'1 min', '10 min', '3 h', '1 day', '3 days', '2.5 months', '1.2 years'."""
    seconds = max(0.0, interval.total_seconds())
    minutes = seconds / 60
    if minutes < 60:
        value = max(1, round(minutes))
        return f"{value} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30:
        value = round(days)
        return f"{value} day{'s' if value != 1 else ''}"
    if days < 365:
        months = round(days / 30, 1)
        return f"{months:g} month{'s' if months != 1 else ''}"
    years = round(days / 365, 1)
    return f"{years:g} year{'s' if years != 1 else ''}"
