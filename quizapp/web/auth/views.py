"""Sign-up, sign-in and sign-out."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db, login_manager
from quizapp.models import User
from quizapp.services import Conflict, ServiceError, accounts
from quizapp.web.auth.forms import SignInForm, SignOutForm, SignUpForm
from quizapp.web.security import safe_next

bp = Blueprint("auth", __name__, url_prefix="/account")
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the server-side session table."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def load_user(token: str) -> User | None:
    """Flask-Login's loader: the cookie holds a session token, checked against the table."""
    return accounts.user_for_token(db.session, token, now=utcnow())


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response:
    """Create an account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("sets.index"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                db.session, username=form.username.data or "", password=form.password.data or "",
                role=form.role.data or "learner", display_name=form.display_name.data or None,
                now=utcnow())
        except Conflict as exc:
            form.username.errors.append(str(exc))
        except accounts.InvalidName as exc:
            form.display_name.errors.append(str(exc))
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            log.info("sign-up user=%s role=%s", user.username, user.role)
            _sign_in(user, remember=False)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(url_for("sets.index"))
    return render_template("auth/signup.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
def login() -> str | Response:
    """Sign in; failures are throttled per username and address."""
    next_url = safe_next(request.args.get("next"), url_for("sets.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                db.session, username=form.username.data or "", password=form.password.data or "",
                address=request.remote_addr or "unknown", now=utcnow(),
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                window=timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]))
        except accounts.Throttled as exc:
            log.warning("sign-in throttled user=%r addr=%s", form.username.data,
                        request.remote_addr)
            raise TooManyRequests(str(exc), retry_after=exc.retry_after) from None
        except ServiceError as exc:
            log.info("sign-in failed user=%r addr=%s", form.username.data, request.remote_addr)
            form.password.errors.append(str(exc))
        else:
            log.info("sign-in user=%s addr=%s", user.username, request.remote_addr)
            _sign_in(user, remember=bool(form.remember.data))
            flash(f"Signed in as {user.username}.", "success")
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.route("/signout", methods=["POST"])
def logout() -> Response:
    """End the session on the server, then forget the cookie."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.end_session(db.session, current_user.get_id())
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("sets.index"))


def _sign_in(user: User, *, remember: bool) -> None:
    """Start a server-side session and hand its token to Flask-Login; a new CSRF secret
    with it (the one from before sign-in stops working)."""
    session.pop("csrf_token", None)
    accounts.start_session(db.session, user, now=utcnow(), remember=remember)
    login_user(user, remember=remember)
