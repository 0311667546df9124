"""The URL map: no two views answer the same URL and method (one would shadow the other)."""
from __future__ import annotations

from collections import Counter

from flask import Flask


def test_no_two_views_share_a_url_and_method(app: Flask) -> None:
    seen = Counter((rule.rule, method) for rule in app.url_map.iter_rules()
                   for method in (rule.methods or set()) - {"HEAD", "OPTIONS"})
    assert [key for key, n in seen.items() if n > 1] == []
