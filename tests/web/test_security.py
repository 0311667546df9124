"""CSRF on every state-changing route, security headers, generic error pages."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import LoginFailure, User, UserSession
from tests.conftest import AuthActions

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(User.id))),
                db.session.scalar(select(func.count(UserSession.id))),
                db.session.scalar(select(func.count(LoginFailure.id))))


def token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


SIGNUP = {"username": "ada", "password": "correct horse battery",
          "confirm": "correct horse battery", "role": "learner"}


@pytest.mark.parametrize("path, data", [
    ("/account/signup", SIGNUP),
    ("/account/signin", {"username": "ada", "password": "whatever-whatever"}),
    ("/account/signout", {}),
])
@pytest.mark.parametrize("token", ["missing", "foreign", "garbage"])
def test_csrf_rejects_missing_or_foreign_tokens(csrf_app: Flask, path: str, data: dict,
                                                token: str) -> None:
    client = csrf_app.test_client()
    if token == "foreign":  # a valid token, but from another browser's session
        other = csrf_app.test_client()
        data = data | {"csrf_token": token_from(other.get("/account/signup").get_data(True))}
    elif token == "garbage":
        data = data | {"csrf_token": "not-a-token"}
    before = counts(csrf_app)
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert counts(csrf_app) == before


def test_csrf_accepts_the_right_token(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = token_from(client.get("/account/signup").get_data(as_text=True))
    response = client.post("/account/signup", data=SIGNUP | {"csrf_token": token})
    assert response.status_code == 302
    assert counts(csrf_app)[:2] == (1, 1)
    signout_token = token_from(client.get("/").get_data(as_text=True))
    assert client.post("/account/signout", data={"csrf_token": signout_token}).status_code == 302
    assert counts(csrf_app)[:2] == (1, 0)


def test_csrf_protection_covers_every_state_changing_route(csrf_app: Flask) -> None:
    """Every POST/PUT/PATCH/DELETE route refuses a request without a token."""
    client = csrf_app.test_client()
    routes = [r for r in csrf_app.url_map.iter_rules()
              if r.methods & {"POST", "PUT", "PATCH", "DELETE"} and not r.arguments]
    assert routes
    for rule in routes:
        method = sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})[0]
        assert client.open(rule.rule, method=method).status_code == 400, rule.rule


def test_security_headers_on_every_page(client, auth: AuthActions) -> None:
    for path in ("/", "/account/signin", "/no-such-page"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "no-store" not in response.headers.get("Cache-Control", "")
    auth.signup("ada")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_or_styles(client, auth: AuthActions) -> None:
    auth.signup("ada")
    for path in ("/", "/account/signin"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert " style=" not in html and "<style" not in html


def test_error_pages_are_generic(client) -> None:
    response = client.get("/sets/nope")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_anonymous_pages_set_no_cookie(client) -> None:
    """Browsing the sets signed out creates no session (and no per-visitor server work)."""
    for path in ("/", "/sets/nope"):
        assert "Set-Cookie" not in client.get(path).headers


def test_permissions_policy_everywhere_and_hsts_only_over_https(app_factory) -> None:  # type: ignore[no-untyped-def]
    plain = app_factory().test_client().get("/")
    assert "camera=()" in plain.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in plain.headers
    secure = app_factory(SESSION_COOKIE_SECURE=True).test_client().get("/")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_sqlite_database_is_private_to_its_owner(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    from tests.conftest import PG_URL

    if PG_URL:
        pytest.skip("SQLite only: a PostgreSQL server keeps its own files")
    path = tmp_path / "fresh.db"
    app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # it holds password hashes
    path.chmod(0o644)  # one made by an older version is tightened
    app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("method, url, data", [
    ("GET", "/sets/%00", None), ("GET", "/?page=1%00", None),
    ("POST", "/account/signin", {"username": "a\x00b", "password": "x"}),
    ("POST", "/account/signup", {"username": "eve", "display_name": "e\x00ve",
                                 "password": "correct horse battery",
                                 "confirm": "correct horse battery", "role": "learner"}),
])
def test_a_nul_byte_is_a_400_not_a_500(client, method: str, url: str, data) -> None:  # type: ignore[no-untyped-def]
    response = client.open(url, method=method, data=data)
    assert response.status_code == 400


def test_every_response_names_its_charset(app, client, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    """ASVS 5.0 V4.1.1: a Content-Type with a charset on every response with a body."""
    auth.signup("tess", role="teacher")
    client.post("/studio/new", data={"title": "T", "description": "d"})
    responses = [client.get("/"), client.get("/studio"), client.get("/nowhere"),
                 client.post("/sets/tess~t/questions/check", data={"type": "short"}),
                 client.get("/", headers={"Host": "h" * 300})]
    for response in responses:
        assert "charset=utf-8" in response.headers["Content-Type"].lower(), (
            response.request.path, response.headers["Content-Type"])
