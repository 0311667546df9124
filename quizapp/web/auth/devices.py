"""Device cookies: a browser that has signed in to an account is known to it afterwards.

OWASP, "Slow Down Online Guessing Attacks with Device Cookies": an attacker guessing one
account's password slows down sign-ins from unknown browsers, never from the owner's.
The cookie is signed with the app's secret key and holds, for up to five accounts, a
keyed hash of the username (a shared computer does not show who used it) and a random
nonce that counts that browser's own failures.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

COOKIE = "quizapp_device"  # "__Host-quizapp_device" over HTTPS
MAX_ACCOUNTS = 5
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="device-cookie",  # type: ignore[arg-type]
                             signer_kwargs={"digest_method": hashlib.sha256})


def cookie_name() -> str:
    """The cookie's name; over HTTPS with the __Host- prefix, like the session's."""
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    return f"__Host-{COOKIE}" if secure else COOKIE


def _tag(username: str) -> str:
    key = str(current_app.secret_key).encode()
    return hmac.new(key, b"device\0" + username.encode(), hashlib.sha256).hexdigest()[:24]


def _entries() -> list[list[str]]:
    raw = request.cookies.get(cookie_name())
    if not raw:
        return []
    try:
        value = _serializer().loads(raw)
    except BadSignature:
        return []
    if not isinstance(value, list):
        return []
    return [e for e in value if isinstance(e, list) and len(e) == 2
            and all(isinstance(x, str) for x in e)][:MAX_ACCOUNTS]


def nonce_for(username: str) -> str | None:
    """This browser's nonce for the (normalised) username, if it has signed in to it."""
    tag = _tag(username)
    return next((nonce for t, nonce in _entries() if t == tag), None)


def remember(response: Response, username: str) -> None:
    """After a good sign-in: keep (or give) this browser a nonce for the account."""
    tag = _tag(username)
    entries = _entries()
    nonce = next((n for t, n in entries if t == tag), None) or secrets.token_urlsafe(16)
    kept = [[tag, nonce]] + [e for e in entries if e[0] != tag]
    response.set_cookie(
        cookie_name(), _serializer().dumps(kept[:MAX_ACCOUNTS]), max_age=MAX_AGE, httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False), samesite="Lax")
