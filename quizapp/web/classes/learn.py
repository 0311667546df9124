"""A learner's side: joining with a code or link, their assignments, starting one."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.core import classes as core
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.classes import assignments, joining, studying
from quizapp.services.throttle import Throttled
from quizapp.web.classes import bp
from quizapp.web.classes.forms import JoinForm


@bp.route("/join", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join(code: str | None) -> str | Response | tuple[str, int, dict[str, str]]:
    """Join a class: the code typed, or carried by the teacher's link (then one click)."""
    form = JoinForm()
    if request.method == "GET" and code:
        form.code.data = core.shown_code(code.upper())
    if form.validate_on_submit():
        try:
            joined = joining.join(db.session, current_user.id, form.code.data or "",
                                  address=request.remote_addr or "unknown", now=utcnow())
        except Throttled as exc:
            retry_at = utcnow() + timedelta(seconds=exc.retry_after)
            body = render_template("classes/join.html", form=form, wait=exc,
                                   retry_at=retry_at)
            return body, 429, {"Retry-After": str(exc.retry_after)}
        except ServiceError as exc:
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            flash(f"You are in {joined.name}." if not joined.already
                  else f"You were already in {joined.name}.", "success")
            return redirect(url_for("classes.mine"))
    return render_template("classes/join.html", form=form)


@bp.get("/assignments")
@login_required
def mine() -> str:
    """The learner's assignments, soonest due first, and their classes."""
    now = utcnow()
    items = assignments.my_assignments(db.session, current_user.id, now=now)
    study = {a.id: studying.my_progress(db.session, a.id, current_user.id, now=now)
             for a in items if a.kind == "study"}
    return render_template("classes/mine.html", items=items, study=study,
                           classes=joining.learner_classes(db.session, current_user.id),
                           now=now)


@bp.post("/assignments/<int:assignment_id>/start")
@login_required
def start(assignment_id: int) -> Response:
    try:
        attempt_id = assignments.start(db.session, assignment_id, current_user.id,
                                       now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("classes.mine"))
    return redirect(url_for("quiz.question", attempt_id=attempt_id, number=1))


@bp.post("/assignments/<int:assignment_id>/study")
@login_required
def study(assignment_id: int) -> Response:
    """Put a study assignment's set in the learner's deck, then study."""
    try:  # the CSRF token is checked for every POST (CSRFProtect)
        report = studying.start_study(db.session, assignment_id, current_user.id,
                                      now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("classes.mine"))
    if report.added:
        flash(f"Added {report.added} question{'s' if report.added != 1 else ''} from "
              f"“{report.title}” to your study deck.", "success")
    return redirect(url_for("study.index"))
