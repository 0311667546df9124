"""The `?page=` argument of list pages."""
from __future__ import annotations

from flask import request


def page_arg() -> int:
    """The `?page=` argument, 1 when absent or not a positive number."""
    return max(1, request.args.get("page", 1, type=int) or 1)
