"""Sign-up, sign-in and sign-out."""
from __future__ import annotations

import logging
from dataclasses import replace
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
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db, login_manager
from quizapp.models import User
from quizapp.services import Conflict, ServiceError, accounts, throttle
from quizapp.web.auth import devices
from quizapp.web.auth.forms import PasswordForm, SignInForm, SignOutForm, SignUpForm
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
                now=utcnow(), address=request.remote_addr or "unknown", limits=signup_limits())
        except throttle.Throttled as exc:
            log.warning("sign-up throttled scope=%s addr=%s", exc.scope, request.remote_addr)
            return _wait_page("auth/signup.html", form, exc)
        except Conflict as exc:
            form.username.errors.append(str(exc))
        except accounts.InvalidName as exc:
            form.display_name.errors.append(str(exc))
        except accounts.InvalidPassword as exc:
            form.password.errors.append(str(exc))
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            log.info("sign-up user=%s role=%s", user.username, user.role)
            _sign_in(user, remember=False)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            response = redirect(url_for("sets.index"))
            devices.remember(response, user.username)
            return response
    return render_template("auth/signup.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
def login() -> str | Response:
    """Sign in; failures slow down further tries (services/throttle.py)."""
    next_url = safe_next(request.args.get("next"), url_for("sets.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = SignInForm()
    if form.validate_on_submit():
        username = accounts.normalise_username(form.username.data or "")[:64]
        try:
            user = accounts.authenticate(
                db.session, username=username, password=form.password.data or "",
                address=request.remote_addr or "unknown", now=utcnow(),
                device=devices.nonce_for(username), limits=signin_limits())
        except throttle.Throttled as exc:
            log.warning("sign-in throttled scope=%s user=%r addr=%s", exc.scope, username,
                        request.remote_addr)
            return _wait_page("auth/login.html", form, exc)
        except ServiceError as exc:
            log.info("sign-in failed user=%r addr=%s", username, request.remote_addr)
            form.password.errors.append(str(exc))
        else:
            log.info("sign-in user=%s addr=%s", user.username, request.remote_addr)
            _sign_in(user, remember=bool(form.remember.data))
            flash(f"Signed in as {user.username}.", "success")
            response = redirect(next_url)
            devices.remember(response, user.username)
            return response
    return render_template("auth/login.html", form=form)


def signin_limits() -> throttle.SignInLimits:
    """The sign-in rules with the free tries set in the config."""
    config, base = current_app.config, throttle.SignInLimits()
    return throttle.SignInLimits(
        account=replace(base.account, free=int(config["LOGIN_FREE_FAILURES"])),
        device=replace(base.device, free=int(config["LOGIN_DEVICE_FREE_FAILURES"])),
        address=replace(base.address, free=int(config["LOGIN_ADDRESS_FREE_FAILURES"])),
        overall=replace(base.overall, free=int(config["LOGIN_OVERALL_FREE_FAILURES"])))


def signup_limits() -> throttle.SignUpLimits:
    """The sign-up rules with the free sign-ups set in the config."""
    config, base = current_app.config, throttle.SignUpLimits()
    return throttle.SignUpLimits(
        address=replace(base.address, free=int(config["SIGNUP_ADDRESS_FREE"])),
        overall=replace(base.overall, free=int(config["SIGNUP_OVERALL_FREE"])))


def _wait_page(template: str, form, exc: throttle.Throttled):  # type: ignore[no-untyped-def]
    """The form again, status 429, saying how long to wait and until when (UTC clock time
    for people, Retry-After for programs); the button is off until then (static/js/wait.js)."""
    retry_at = utcnow() + timedelta(seconds=exc.retry_after)
    body = render_template(template, form=form, wait=exc, retry_at=retry_at)
    return body, 429, {"Retry-After": str(exc.retry_after)}


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response:
    """Change the password (the current one is asked again); every other session of the
    account ends, this one stays."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(db.session, current_user.id, current=form.current.data or "",
                                     new=form.password.data or "",
                                     keep_token=current_user.get_id())
        except accounts.InvalidCredentials as exc:
            form.current.errors.append(str(exc))
        except accounts.InvalidPassword as exc:
            form.password.errors.append(str(exc))
        else:
            log.info("password changed user=%s", current_user.username)
            flash("Your password is changed. You stay signed in here; other devices are "
                  "signed out.", "success")
            return redirect(url_for("sets.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/signout", methods=["POST"])
def logout() -> Response:
    """End the session on the server, then forget the cookie."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.end_session(db.session, current_user.get_id())
    logout_user()
    flash("You are signed out.", "info")
    response = redirect(url_for("sets.index"))
    # What the browser kept of the signed-in pages goes too (ASVS 5.0 V14.3.1); cookies
    # stay, so the device cookie still knows this browser.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def _sign_in(user: User, *, remember: bool) -> None:
    """Start a server-side session and hand its token to Flask-Login; a new CSRF secret
    with it (the one from before sign-in stops working)."""
    session.pop("csrf_token", None)
    accounts.start_session(db.session, user, now=utcnow(), remember=remember)
    login_user(user, remember=remember)
