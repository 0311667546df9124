"""The URL map: no two views answer the same URL and method (one would shadow the other)."""
from __future__ import annotations

from collections import Counter

from flask import Flask


def test_no_two_views_share_a_url_and_method(app: Flask) -> None:
    seen = Counter((rule.rule, method) for rule in app.url_map.iter_rules()
                   for method in (rule.methods or set()) - {"HEAD", "OPTIONS"})
    assert [key for key, n in seen.items() if n > 1] == []


def test_ids_past_the_integer_columns_are_404(app: Flask) -> None:
    from tests.conftest import AuthActions

    client = app.test_client()
    AuthActions(client).signup("ada")
    for url in ("/quiz/9223372036854775808/result", "/quiz/2147483648/result",
                "/quiz/2147483648/q/1", "/studio/jobs/99999999999999999999"):
        assert client.get(url).status_code == 404, url
    assert client.get("/quiz/2147483647/result").status_code == 404  # in range, no such quiz
