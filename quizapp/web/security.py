"""App-wide security: headers on every response, and safe `next=` redirects."""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
# No page needs a camera, a microphone, the location, payments or USB.
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
               "interest-cohort=()")
HSTS = "max-age=31536000; includeSubDomains"  # a year; only when served over HTTPS


def init_app(app: Flask) -> None:
    """Attach the one `after_request` hook that sets the security headers, and trust
    `X-Forwarded-*` from as many reverse proxies as `PROXY_FIX` says (0: none), so the
    sign-in throttle sees the client's address, not the proxy's."""
    app.session_interface = Sha256SessionInterface()
    app.json.mimetype = "application/json; charset=utf-8"  # type: ignore[attr-defined]  # ASVS V4.1.1
    app.before_request(refuse_nul)
    app.after_request(security_headers)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.after_request(strict_transport)
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


class Sha256SessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, with HMAC-SHA-256 instead of its default SHA-1."""

    digest_method = staticmethod(hashlib.sha256)


def refuse_nul() -> None:
    """A NUL byte has no use in a URL or a form, and PostgreSQL refuses it in text: answer
    400 at the door rather than a DataError (a 500) deep inside."""
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        abort(400, "A NUL character is not allowed here.")


def security_headers(response: Response) -> Response:
    """CSP without inline scripts, nosniff, referrer policy; no caching of signed-in pages."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = PERMISSIONS
    # Only a request that loaded the signed-in user can show their data; static files and
    # other requests that never touched `current_user` cost no session lookup here.
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def strict_transport(response: Response) -> Response:
    """HSTS, for deployments served over HTTPS (QUIZAPP_COOKIE_SECURE=true)."""
    response.headers["Strict-Transport-Security"] = HSTS
    return response


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a local path on this site, else `fallback` (no open redirects)."""
    if not target or any(ch in target for ch in "\\\r\n\t") or not target.startswith("/"):
        return fallback
    if target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
