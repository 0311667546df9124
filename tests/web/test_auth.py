"""Sign-up, sign-in, sign-out through the real forms, and the session rules."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User, UserSession
from tests.conftest import AuthActions


def test_signup_signs_in_and_shows_the_user(client: FlaskClient, auth: AuthActions) -> None:
    page = auth.signup("ada", role="teacher")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Welcome, Ada!" in html and "teacher" in html and "Sign out" in html


def test_signup_errors_are_shown_next_to_the_field(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    auth.logout()
    page = auth.signup("ADA", follow=False)
    assert page.status_code == 200
    assert "That username is taken" in page.get_data(as_text=True)
    short = client.post("/account/signup", data={
        "username": "bob", "password": "short", "confirm": "short", "role": "learner"})
    assert "at least 8 characters" in short.get_data(as_text=True).lower() or \
        "Field must be between 8" in short.get_data(as_text=True)
    mismatch = client.post("/account/signup", data={
        "username": "bob", "password": "long enough 1", "confirm": "long enough 2",
        "role": "learner"})
    assert "The two passwords differ." in mismatch.get_data(as_text=True)


def test_admin_is_not_a_signup_choice(app: Flask, client: FlaskClient) -> None:
    page = client.post("/account/signup", data={
        "username": "eve", "password": "long enough 1", "confirm": "long enough 1",
        "role": "admin"})
    assert page.status_code == 200  # form error, no account
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_signin_and_signout(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    auth.logout()
    assert "Sign in" in client.get("/").get_data(as_text=True)
    response = auth.login("ada")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Sign out" in client.get("/").get_data(as_text=True)
    wrong = auth.login("ada", "not the password")
    assert "Sign out" in client.get("/").get_data(as_text=True)  # still signed in
    assert wrong.status_code == 302  # already signed in: sent on


def test_wrong_password_message(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    auth.logout()
    page = auth.login("ada", "wrong-password")
    assert page.status_code == 200
    assert "Wrong username or password." in page.get_data(as_text=True)


def test_cookie_copied_before_signout_stops_working(app: Flask, auth: AuthActions,
                                                    client: FlaskClient) -> None:
    auth.signup("ada")
    stolen = client.get_cookie("session")
    assert stolen is not None
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen.value)
    page = thief.get("/").get_data(as_text=True)
    assert "Sign out" not in page and "Sign in" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 0


def test_remember_me_cookie_is_bounded_and_ends_at_signout(app: Flask, auth: AuthActions,
                                                           client: FlaskClient) -> None:
    auth.signup("ada")
    auth.logout()
    response = auth.login("ada", remember="y")
    remember = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    token = client.get_cookie("remember_token")
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("remember_token", token.value)
    assert "Sign out" not in thief.get("/").get_data(as_text=True)


def test_session_cookie_flags(auth: AuthActions) -> None:
    response = auth.signup("ada", follow=False)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookie_flag_from_config(app_factory) -> None:
    app = app_factory(SESSION_COOKIE_SECURE=True)
    response = AuthActions(app.test_client()).signup("ada", follow=False)
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("__Host-session="))
    assert "Secure" in cookie


def test_a_slowed_sign_in_says_how_long_to_wait(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    auth.logout()
    client.delete_cookie("quizapp_device")  # a browser new to the account
    pages = [auth.login("ada", "wrong-password") for _ in range(5)]
    assert all(p.status_code == 200 for p in pages)
    assert "2 more wrong tries and you will have to wait" in pages[2].get_data(as_text=True)
    assert "Wait 15 seconds before the next try." in pages[4].get_data(as_text=True)
    blocked = auth.login("ada", "correct horse battery")
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 15
    html = blocked.get_data(as_text=True)
    assert "Too many failed sign-ins for this username. Try again in" in html
    assert "You can try again at <time datetime=" in html
    assert 'name="password"' in html and "js/wait.js" in html  # the form, ready for later


def test_the_browser_that_signed_in_before_is_not_slowed(app, client: FlaskClient,
                                                         auth: AuthActions) -> None:
    """An attacker's failures (another browser, same address) do not keep the owner out."""
    auth.signup("ada")
    auth.logout()
    assert client.get_cookie("quizapp_device") is not None
    attacker = AuthActions(app.test_client())
    for _ in range(20):
        attacker.login("ada", "wrong-password")
    assert attacker.login("ada", "correct horse battery").status_code == 429
    assert auth.login("ada", "correct horse battery").status_code == 302


def test_a_forged_device_cookie_counts_as_a_new_browser(app, client: FlaskClient,
                                                        auth: AuthActions) -> None:
    auth.signup("ada")
    auth.logout()
    client.set_cookie("quizapp_device", "W1siYWJjIiwieHl6Il1d.forged")
    for _ in range(5):
        auth.login("ada", "wrong-password")
    assert auth.login("ada", "correct horse battery").status_code == 429


def test_mass_sign_ups_slow_down(app_factory) -> None:
    app = app_factory(SIGNUP_ADDRESS_FREE=2)
    statuses = [AuthActions(app.test_client()).signup(f"bot{i}", follow=False).status_code
                for i in range(3)]
    assert statuses == [302, 302, 429]
    page = AuthActions(app.test_client()).signup("bot9", follow=False)
    assert "Too many new accounts from your network. Try again in 30 seconds." in (
        page.get_data(as_text=True))
    assert page.headers["Retry-After"] == "30"


@pytest.mark.parametrize("target, expected", [
    ("/sets/x", "/sets/x"),
    ("/?page=2", "/?page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("\\\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("http:/evil.example", "/"),
    ("", "/"),
])
def test_next_redirects_only_to_local_paths(client: FlaskClient, auth: AuthActions,
                                            target: str, expected: str) -> None:
    auth.signup("ada")
    auth.logout()
    response = client.post(f"/account/signin?next={target}", data={
        "username": "ada", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_signout_needs_post(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    assert client.get("/account/signout").status_code == 405
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_behind_a_proxy_the_throttle_keys_on_the_client_address(app_factory) -> None:
    """With PROXY_FIX=1 the address rule counts per X-Forwarded-For, not per proxy address."""
    app = app_factory(PROXY_FIX=1, LOGIN_ADDRESS_FREE_FAILURES=3)
    client = app.test_client()
    AuthActions(client).signup("ada")
    client.post("/account/signout")
    client.delete_cookie("quizapp_device")

    def sign_in(name: str, password: str, address: str) -> int:
        return client.post("/account/signin", data={"username": name, "password": password},
                           headers={"X-Forwarded-For": address}).status_code

    assert [sign_in(f"user{i}", "wrong-wrong", "203.0.113.7") for i in range(4)] == [
        200, 200, 200, 429]
    assert sign_in("ada", "correct horse battery", "198.51.100.9") == 302


@pytest.mark.parametrize("name, codepoint", [
    ("\u202eevil", "U+202E"), ("bell\x07", "U+0007"), ("tab\there", "U+0009"),
    ("x\u2066y", "U+2066"), ("\ufeffbom", "U+FEFF")])
def test_display_names_refuse_control_and_bidi_characters(app, client, name: str,  # type: ignore[no-untyped-def]
                                                          codepoint: str) -> None:
    from sqlalchemy import func, select

    from quizapp.extensions import db
    from quizapp.models import User

    r = client.post("/account/signup", data={
        "username": "eve", "display_name": name, "password": "correct horse battery",
        "confirm": "correct horse battery", "role": "learner"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and codepoint in html
    assert re.search(r'id="display_name-error">[^<]*invisible character', html)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_an_emoji_name_with_a_joiner_is_fine(app, client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/account/signup", data={
        "username": "dev", "display_name": "Dev \U0001f469\u200d\U0001f4bb",
        "password": "correct horse battery", "confirm": "correct horse battery",
        "role": "learner"}, follow_redirects=True)
    assert "Welcome, Dev \U0001f469\u200d\U0001f4bb!" in r.get_data(as_text=True)


def test_the_csrf_secret_is_renewed_at_sign_in(csrf_app) -> None:  # type: ignore[no-untyped-def]
    client = csrf_app.test_client()
    token_of = (lambda html: re.search(  # noqa: E731
        r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1))
    before = token_of(client.get("/account/signup").get_data(as_text=True))
    client.post("/account/signup", data={
        "username": "ada", "display_name": "Ada", "password": "correct horse battery",
        "confirm": "correct horse battery", "role": "learner", "csrf_token": before})
    assert client.get("/progress").status_code == 200  # signed in
    stale = client.post("/account/signout", data={"csrf_token": before})
    assert stale.status_code == 400  # the token from before sign-in is dead
    fresh = token_of(client.get("/").get_data(as_text=True))
    assert client.post("/account/signout", data={"csrf_token": fresh}).status_code == 302


def test_sessions_end_when_idle(app, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from quizapp.database import utcnow
    from quizapp.models import UserSession
    from quizapp.services import accounts as svc

    AuthActions(client).signup("ada")
    assert client.get("/progress").status_code == 200
    with app.app_context():  # quiet for longer than the idle timeout
        db.session.execute(db.update(UserSession).values(
            last_seen_at=utcnow() - svc.IDLE_TIMEOUT - timedelta(minutes=1)))
        db.session.commit()
    assert client.get("/progress").status_code == 302  # signed out: to the sign-in page
    AuthActions(client).login("ada")
    with app.app_context():  # active a little while ago: the visit moves last_seen_at on
        db.session.execute(db.update(UserSession).values(
            last_seen_at=utcnow() - svc.SEEN_EVERY - timedelta(minutes=1)))
        db.session.commit()
    assert client.get("/progress").status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at)
                                 .order_by(UserSession.id.desc()).limit(1))
        assert utcnow() - seen < timedelta(minutes=1)


def test_a_common_password_is_refused_beside_the_field(client: FlaskClient,
                                                       auth: AuthActions) -> None:
    """ASVS 5.0 V6.2.4: the most common passwords are refused at sign-up."""
    page = auth.signup("ada", password="iloveyou").get_data(as_text=True)
    assert "one of the most common ones" in page and "Create your account" in page
    assert "Sign out" not in page


def test_a_signed_in_user_changes_their_password(app, client: FlaskClient,
                                                 auth: AuthActions) -> None:
    """ASVS 5.0 V6.2.2 and V6.2.3: the current password is asked; other sessions end."""
    auth.signup("ada")
    other = app.test_client()
    AuthActions(other).login("ada")
    assert "Sign out" in other.get("/").get_data(as_text=True)
    assert 'href="/account/password"' in client.get("/").get_data(as_text=True)
    wrong = client.post("/account/password", data={
        "current": "not my password", "password": "a new passphrase", "confirm":
        "a new passphrase"}).get_data(as_text=True)
    assert "Your current password is not right." in wrong
    common = client.post("/account/password", data={
        "current": "correct horse battery", "password": "sunshine1", "confirm": "sunshine1"})
    assert "one of the most common ones" in common.get_data(as_text=True)
    done = client.post("/account/password", data={
        "current": "correct horse battery", "password": "a new passphrase",
        "confirm": "a new passphrase"}, follow_redirects=True).get_data(as_text=True)
    assert "Your password is changed." in done and "Sign out" in done
    assert "Sign out" not in other.get("/").get_data(as_text=True)  # the other session ended
    client.post("/account/signout")
    assert auth.login("ada", "a new passphrase").status_code == 302


def test_the_password_page_needs_sign_in(client: FlaskClient) -> None:
    assert client.get("/account/password").status_code == 302


def test_over_https_the_cookies_carry_the_host_prefix(app_factory) -> None:  # type: ignore[no-untyped-def]
    """ASVS 5.0 V3.3.1: Secure cookies named __Host-, so no subdomain can set them."""
    app = app_factory(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = AuthActions(client).signup("ada", follow=False)
    cookies = response.headers.getlist("Set-Cookie")
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"__Host-session", "__Host-quizapp_device"} <= names, names
    assert all("Secure" in c and "Path=/" in c and "Domain" not in c for c in cookies)
    client.post("/account/signout")
    assert AuthActions(client).login("ada").status_code == 302


def test_session_cookies_are_signed_with_hmac_sha256(client: FlaskClient,
                                                     auth: AuthActions) -> None:
    import hashlib

    from itsdangerous import URLSafeTimedSerializer

    auth.signup("ada")
    cookie = client.get_cookie("session")
    assert cookie is not None
    signed = URLSafeTimedSerializer("test-secret-key", salt="cookie-session",
                                    signer_kwargs={"key_derivation": "hmac",
                                                   "digest_method": hashlib.sha256})
    assert "_user_id" in signed.loads(cookie.value)


def test_signing_out_clears_the_browsers_cache_and_storage(client: FlaskClient,
                                                            auth: AuthActions) -> None:
    """ASVS 5.0 V14.3.1."""
    auth.signup("ada")
    response = client.post("/account/signout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
