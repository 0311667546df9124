"""A teacher changes, closes or removes an assignment."""
from __future__ import annotations

from datetime import UTC

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.classes import managing
from quizapp.web.authoring.guard import teacher_required
from quizapp.web.classes import bp
from quizapp.web.classes.forms import ChangeAssignmentForm, to_utc
from quizapp.web.classes.teach import beside_its_field


def _given(assignment_id: int) -> managing.Given:
    try:
        return managing.given(db.session, assignment_id, current_user.id)
    except NotFound:
        abort(404)


def _fill(form: ChangeAssignmentForm, g: managing.Given) -> None:
    """The form as the assignment stands; dates in UTC, which the page's script shows in
    the teacher's own time zone (data-utc)."""
    c = g.changes
    form.title.data = c.title
    for field, value in ((form.opens_at, c.opens_at), (form.due_at, c.due_at),
                         (form.late_until, c.late_until)):
        field.data = value.astimezone(UTC).replace(tzinfo=None) if value else None
        if value:
            field.render_kw = {"data-utc": value.isoformat()}
    form.late.data = c.late_allowed
    form.attempts.data = c.attempts_allowed
    form.time_limit.data = c.time_limit_seconds // 60 if c.time_limit_seconds else None
    form.target.data = round(100 * c.target_retention) if c.target_retention else None


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@teacher_required
def edit_assignment(assignment_id: int) -> str | Response:
    """Change an assignment's title, dates and attempts (or study target)."""
    g = _given(assignment_id)
    form = ChangeAssignmentForm()
    if form.validate_on_submit():
        offset = form.tz_offset.data
        try:
            managing.change(db.session, assignment_id, current_user.id, managing.Changes(
                title=form.title.data or "", opens_at=to_utc(form.opens_at.data, offset),
                due_at=to_utc(form.due_at.data, offset), late_allowed=form.late.data,
                late_until=to_utc(form.late_until.data, offset) if form.late.data else None,
                attempts_allowed=form.attempts.data or None,
                time_limit_seconds=form.time_limit.data * 60 if form.time_limit.data else None,
                target_retention=(form.target.data / 100) if form.target.data else None))
        except NotFound:
            abort(404)
        except ServiceError as exc:
            beside_its_field(form, exc)
        else:
            flash("Saved. The new rules hold from now on.", "success")
            return redirect(url_for("classes.detail", class_id=g.class_id))
    elif not form.is_submitted():
        _fill(form, g)
    return render_template("classes/edit_assignment.html", g=g, form=form)


@bp.post("/assignments/<int:assignment_id>/close")
@teacher_required
def close_assignment(assignment_id: int) -> Response:
    """Due now: no attempt starts after this."""
    g = _given(assignment_id)
    managing.close_now(db.session, assignment_id, current_user.id, now=utcnow())
    flash(f"“{g.title}” is closed: no attempt starts from now on; attempts under way end "
          "as their own time says.", "success")
    return redirect(url_for("classes.detail", class_id=g.class_id))


@bp.post("/assignments/<int:assignment_id>/remove")
@teacher_required
def remove_assignment(assignment_id: int) -> Response:
    """Take it away from the class (asked on the edit page, with what it holds)."""
    g = _given(assignment_id)
    class_id = managing.remove(db.session, assignment_id, current_user.id)
    flash(f"“{g.title}” is removed from the class."
          + (" Its attempts stay in each learner's own history." if g.attempts else ""),
          "success")
    return redirect(url_for("classes.detail", class_id=class_id))
