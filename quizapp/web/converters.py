"""URL converters. `int` is bounded by the databases' integer column (PostgreSQL's
`integer` is 32-bit): `/quiz/2147483648/result` is a 404, not a DataError and a 500."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedInt(IntegerConverter):
    """An id in the URL: 0 .. 2**31-1, as every id column can hold."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Use the bounded `int` for every route (before the blueprints add theirs)."""
    app.url_map.converters["int"] = BoundedInt
