"""The studio's set pages: My sets, a new set, a set's editor, who sees it, copying."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.authoring import questions, sets
from quizapp.services.authoring.sets import InvalidField
from quizapp.web.authoring import bp
from quizapp.web.authoring.forms import SetForm, VisibilityForm
from quizapp.web.authoring.guard import teacher_required

FIELD_OF = {"id": "title", "title": "title", "description": "description",
            "language": "language", "tags": "tags"}


def _field_error(form: SetForm, exc: InvalidField) -> None:
    target = getattr(form, FIELD_OF.get(exc.field or "", "title"))
    target.errors = [*target.errors, str(exc)]


@bp.get("/studio")
@teacher_required
def studio() -> str:
    """My sets: each with its published and draft counts, newest edit first."""
    mine = sets.my_sets(db.session, current_user.id)
    return render_template("authoring/studio.html", sets=mine)


@bp.route("/studio/new", methods=["GET", "POST"])
@teacher_required
def new_set() -> str | Response:
    """Create an empty private set, then write its questions."""
    form = SetForm()
    if form.validate_on_submit():
        try:
            ref = sets.create_set(db.session, current_user.id, title=form.title.data or "",
                                  description=form.description.data, language=form.language.data,
                                  tags=form.tag_list(), now=utcnow())
        except InvalidField as exc:
            _field_error(form, exc)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Set created. Add its first question.", "success")
            return redirect(url_for("authoring.edit_set", slug=ref))
    return render_template("authoring/set_form.html", form=form, ref=None)


@bp.route("/sets/<slug>/edit", methods=["GET", "POST"])
@teacher_required
def edit_set(slug: str) -> str | Response:
    """A set's editor: its fields, its questions (reorder, retire, restore), who sees it."""
    try:
        fields = sets.get_fields(db.session, slug, current_user.id)
        lines = questions.editor_lines(db.session, slug, current_user.id)
    except NotFound:
        abort(404)
    form = SetForm(data={"title": fields.title, "description": fields.description,
                         "language": fields.language, "tags": ", ".join(fields.tags)})
    if form.validate_on_submit():
        try:
            sets.update_set(db.session, slug, current_user.id, title=form.title.data or "",
                            description=form.description.data, language=form.language.data,
                            tags=form.tag_list(), now=utcnow())
        except InvalidField as exc:
            _field_error(form, exc)
        else:
            flash("Set details saved.", "success")
            return redirect(url_for("authoring.edit_set", slug=slug))
    visibility = VisibilityForm(data={"visibility": fields.visibility})
    return render_template("authoring/edit.html", form=form, fields=fields, lines=lines,
                           visibility=visibility)


@bp.post("/sets/<slug>/visibility")
@teacher_required
def set_visibility(slug: str) -> Response:
    """Make the set private, shared with teachers, or public."""
    form = VisibilityForm()
    if not form.validate_on_submit():
        flash("Choose who can see the set.", "error")
        return redirect(url_for("authoring.edit_set", slug=slug))
    try:
        sets.set_visibility(db.session, slug, current_user.id, form.visibility.data or "",
                            now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash({"public": "Published: learners can now find this set.",
               "shared": "Shared with other teachers (read-only).",
               "private": "The set is private again."}[form.visibility.data or "private"],
              "success")
    return redirect(url_for("authoring.edit_set", slug=slug))


@bp.post("/sets/<slug>/copy")
@teacher_required
def copy_set(slug: str) -> Response:
    """Copy a set this teacher may read into their own sets."""
    try:
        ref = sets.copy_set(db.session, slug, current_user.id, now=utcnow())
    except NotFound:
        abort(404)
    flash("Copied into your sets. It is private until you publish it.", "success")
    return redirect(url_for("authoring.edit_set", slug=ref))
