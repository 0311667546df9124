"""Pagination shared by the list pages."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


def clamp_page(page: int, total: int, per_page: int) -> int:
    """The page number to show: at least 1, at most the last page."""
    return max(1, min(page, max(1, math.ceil(total / per_page))))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list."""

    items: list[T]
    page: int
    per_page: int
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", max(1, math.ceil(self.total / self.per_page)))
