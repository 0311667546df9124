"""Read Anki-style review logs (card_id, review_rating, review_time, review_duration)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REQUIRED_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")


class RevlogError(ValueError):
    """A review log that cannot be read; names the offending line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review: which card, the rating 1..4, when (UTC) and how long it took (ms)."""

    card_id: int
    rating: int
    time: datetime
    duration_ms: int


def _parse_time(raw: str, line: int) -> datetime:
    """Parse an ISO-8601 timestamp into a timezone-aware UTC datetime."""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise RevlogError(line, f"review_time {raw!r} is not an ISO-8601 date-time") from None
    if value.tzinfo is None:
        raise RevlogError(line, f"review_time {raw!r} has no time zone (expected UTC offset)")
    return value.astimezone(UTC)


def _parse_int(raw: str, column: str, line: int) -> int:
    """Parse an integer column value, naming the column and line on failure."""
    try:
        return int(raw.strip())
    except ValueError:
        raise RevlogError(line, f"{column} {raw!r} is not an integer") from None


def parse_revlog(lines: Iterable[str]) -> list[ReviewRecord]:
    """Parse CSV text lines (header first) into review records sorted by time."""
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise RevlogError(1, "empty file: expected a header line") from None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise RevlogError(1, f"missing column(s): {', '.join(missing)}")
    index = {name: header.index(name) for name in REQUIRED_COLUMNS}
    records: list[ReviewRecord] = []
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise RevlogError(line, f"expected {len(header)} fields, found {len(row)}")
        rating = _parse_int(row[index["review_rating"]], "review_rating", line)
        if not 1 <= rating <= 4:
            raise RevlogError(line, f"review_rating {rating} is not in 1..4")
        duration = _parse_int(row[index["review_duration"]], "review_duration", line)
        if duration < 0:
            raise RevlogError(line, f"review_duration {duration} is negative")
        records.append(
            ReviewRecord(
                card_id=_parse_int(row[index["card_id"]], "card_id", line),
                rating=rating,
                time=_parse_time(row[index["review_time"]], line),
                duration_ms=duration,
            )
        )
    records.sort(key=lambda r: (r.time, r.card_id))
    return records


def read_revlog(path: str | Path) -> list[ReviewRecord]:
    """Read a review-log CSV file into records sorted by time."""
    with open(path, encoding="utf-8", newline="") as handle:
        return parse_revlog(handle)


def parse_revlog_text(text: str) -> list[ReviewRecord]:
    """Parse review-log CSV given as one string."""
    return parse_revlog(io.StringIO(text, newline=""))
