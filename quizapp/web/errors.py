"""Generic error pages, and "database is locked" turned into 503 + Retry-After."""
from __future__ import annotations

import logging

from flask import Flask, Response, has_request_context, render_template
from flask.globals import request_ctx
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from quizapp.database import is_locked_error

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Bad request", "The request could not be understood. If you submitted a form, "
          "reload the page and try again."),
    403: ("Not allowed", "You do not have permission to do that."),
    404: ("Page not found", "There is nothing here. It may have moved, or it may not be yours."),
    405: ("Not allowed", "That action is not available here."),
    413: ("File too large", "The file you sent is larger than this page accepts."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong", "An unexpected error happened. It has been logged."),
    503: ("Busy", "The server is busy. Please try again in a moment."),
}


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(OperationalError, database_error)


def render_error(code: int, message: str | None = None):  # type: ignore[no-untyped-def]
    """Render the generic error page for a status code."""
    title, default = MESSAGES.get(code, ("Error", "Something went wrong."))
    if has_request_context() and request_ctx.url_adapter is None:
        # No URL could be built for this request (a Host header that is no host name, say):
        # the page's links cannot be made, so the answer is plain text.
        return Response(f"{code} {title}: {message or default}\n", code,
                        mimetype="text/plain")
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
    """HTTP errors get the generic page (CSRF failures explain themselves)."""
    code = exc.code or 500
    message = None
    if code == 400 and exc.description and "CSRF" in exc.description:
        message = "Your form expired or came from another site. Reload the page and try again."
    elif code == 429 and exc.description != type(exc).description:
        message = exc.description  # our own wording, e.g. when to try again
    response = render_error(code, message)
    if isinstance(response, Response):
        return response
    if code == 429 and getattr(exc, "retry_after", None):
        body, status = response
        return body, status, {"Retry-After": str(exc.retry_after)}  # type: ignore[attr-defined]
    return response


def database_error(exc: OperationalError):  # type: ignore[no-untyped-def]
    """A lock that outlived the busy timeout becomes 503 + Retry-After, never a 500."""
    if is_locked_error(exc):
        log.warning("database busy: %s", exc.orig)
        body, status = render_error(503)
        return body, status, {"Retry-After": "2"}
    log.exception("database error")
    return render_error(500)
