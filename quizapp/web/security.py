"""App-wide security: headers on every response, and safe `next=` redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


def init_app(app: Flask) -> None:
    """Attach the one `after_request` hook that sets the security headers, and trust
    `X-Forwarded-*` from as many reverse proxies as `PROXY_FIX` says (0: none), so the
    sign-in throttle sees the client's address, not the proxy's."""
    app.after_request(security_headers)
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def security_headers(response: Response) -> Response:
    """CSP without inline scripts, nosniff, referrer policy; no caching of signed-in pages."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    # Only a request that loaded the signed-in user can show their data; static files and
    # other requests that never touched `current_user` cost no session lookup here.
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
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
