"""The question editor: add and edit (with a preview as learners see it), duplicate,
retire, restore, reorder (buttons for the keyboard, drag and drop with the script), and a
check endpoint the form calls as it is filled in (the same validator as a save)."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.core.bank import QUESTION_TYPES
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound
from quizapp.services.authoring import questions, regrade, sets
from quizapp.services.authoring.sets import InvalidField
from quizapp.web.authoring import bp
from quizapp.web.authoring.forms import QuestionForm
from quizapp.web.authoring.guard import teacher_required


def _form_page(slug: str, form: QuestionForm, qid: str | None) -> str:
    fields = sets.get_fields(db.session, slug, current_user.id)
    shown = questions.preview(db.session, slug, current_user.id, qid) if qid else None
    return render_template("authoring/question.html", form=form, fields=fields, qid=qid,
                           preview=shown)


@bp.route("/sets/<slug>/questions/new", methods=["GET", "POST"])
@teacher_required
def new_question(slug: str) -> str | Response:
    """Write a new question; `?type=` picks the type to start with."""
    form = QuestionForm()
    if request.method == "GET" and request.args.get("type") in QUESTION_TYPES:
        form.type.data = request.args["type"]
    try:
        if form.validate_on_submit():
            try:
                qid = questions.save_question(db.session, slug, current_user.id,
                                              form.to_data(), now=utcnow())
            except InvalidField as exc:
                form.apply_error(exc.field, str(exc))
            else:
                flash("Question added.", "success")
                if request.form.get("then") == "another":
                    return redirect(url_for("authoring.new_question", slug=slug,
                                            type=form.type.data))
                return redirect(url_for("authoring.edit_question", slug=slug, qid=qid))
        return _form_page(slug, form, None)
    except NotFound:
        abort(404)


@bp.route("/sets/<slug>/questions/<qid>/edit", methods=["GET", "POST"])
@teacher_required
def edit_question(slug: str, qid: str) -> str | Response:
    """Edit a question in place: its id, learners' study state and past answers stay."""
    try:
        data = questions.question_data(db.session, slug, current_user.id, qid)
        form = QuestionForm()
        if request.method == "GET":
            form.fill(data)
        elif form.validate_on_submit():
            choice = request.form.get("regrade")
            plan = regrade.preview(db.session, slug, current_user.id, qid, form.to_data())
            if plan is not None and plan.needed and choice not in ("yes", "no"):
                return render_template("authoring/regrade.html", plan=plan, qid=qid,
                                       fields=sets.get_fields(db.session, slug,
                                                              current_user.id),
                                       posted=request.form.items(multi=True))
            try:
                if plan is not None and plan.needed and choice == "yes":
                    done = regrade.save_and_regrade(db.session, slug, current_user.id, qid,
                                                    form.to_data(), now=utcnow())
                    flash(f"Question saved and {done.changed} answer(s) in {done.attempts} "
                          "attempt(s) regraded.", "success")
                else:
                    questions.save_question(db.session, slug, current_user.id,
                                            form.to_data(), qid=qid, now=utcnow())
                    flash("Question saved." + (" Past answers keep their grades."
                                               if plan is not None and plan.needed else ""),
                          "success")
            except InvalidField as exc:
                form.apply_error(exc.field, str(exc))
            else:
                return redirect(url_for("authoring.edit_question", slug=slug, qid=qid))
        return _form_page(slug, form, qid)
    except NotFound:
        abort(404)


@bp.post("/sets/<slug>/questions/check")
@teacher_required
def check_question(slug: str) -> Response:
    """The validator's verdict on the form as it stands: {"errors": {field: message}}."""
    try:
        sets.get_fields(db.session, slug, current_user.id)
    except NotFound:
        abort(404)
    form = QuestionForm()
    errors: dict[str, Any] = {}
    form.validate()
    for name, messages in form.errors.items():
        if name != "csrf_token" and messages and isinstance(messages[0], str):
            errors[name] = messages[0]
    if not errors:
        try:
            questions.validate(form.to_data(), "preview")
        except InvalidField as exc:
            form.apply_error(exc.field, str(exc))
            for name in ("prompt", "truth", "answer", "accept", "tolerance",
                         "explanation", "tags", "type"):
                if getattr(form, name).errors:
                    errors[name] = getattr(form, name).errors[-1]
            if form.choice_errors:
                errors["choices"] = form.choice_errors[-1]
    return jsonify(errors=errors)


def _action(slug: str, qid: str, what: str) -> Response:
    now = utcnow()
    try:
        if what == "duplicate":
            new = questions.duplicate(db.session, slug, current_user.id, qid, now=now)
            flash("Question duplicated; this is the copy.", "success")
            return redirect(url_for("authoring.edit_question", slug=slug, qid=new))
        if what in ("retire", "restore"):
            questions.set_retired(db.session, slug, current_user.id, qid, what == "retire",
                                  now=now)
            flash("Question retired: new quizzes and study sessions leave it out; past "
                  "answers stay." if what == "retire" else "Question restored.", "success")
        else:
            questions.move(db.session, slug, current_user.id, qid, -1 if what == "up" else 1,
                           now=now)
    except NotFound:
        abort(404)
    return redirect(url_for("authoring.edit_set", slug=slug) + f"#q-{qid}")


@bp.post("/sets/<slug>/questions/<qid>/<any(duplicate, retire, restore, up, down):what>")
@teacher_required
def question_action(slug: str, qid: str, what: str) -> Response:
    """Duplicate, retire, restore, or move one place up or down."""
    return _action(slug, qid, what)


@bp.post("/sets/<slug>/reorder")
@teacher_required
def reorder(slug: str) -> Response | tuple[Response, int]:
    """Save a new order of the active questions (the editor's drag and drop)."""
    order = request.form.getlist("order")
    try:
        questions.reorder(db.session, slug, current_user.id, order, now=utcnow())
    except NotFound:
        abort(404)
    except InvalidField as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(ok=True)
