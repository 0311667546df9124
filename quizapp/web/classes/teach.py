"""A teacher's classes: the list, a class (join code, roster, assignments), assigning."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.authoring import sets as my_sets
from quizapp.services.classes import assignments, results, rosters, studying
from quizapp.web.authoring.guard import teacher_required
from quizapp.web.classes import bp
from quizapp.web.classes.forms import AssignForm, ClassForm, CodeForm, to_utc


@bp.route("/classes", methods=["GET", "POST"])
@teacher_required
def index() -> str | Response:
    """My classes, and a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            class_id = rosters.create_class(db.session, current_user.id,
                                            name=form.name.data or "", description=None,
                                            now=utcnow())
        except ServiceError as exc:
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            flash("Class created. Give your learners its code or link.", "success")
            return redirect(url_for("classes.detail", class_id=class_id))
    return render_template("classes/index.html", form=form,
                           classes=rosters.my_classes(db.session, current_user.id))


@bp.get("/classes/<int:class_id>")
@teacher_required
def detail(class_id: int) -> str:
    """The class: how to join, who is in it, what it was given."""
    try:
        view = rosters.class_view(db.session, class_id, current_user.id, now=utcnow())
        given = assignments.class_assignments(db.session, class_id, current_user.id)
    except NotFound:
        abort(404)
    join_url = url_for("classes.join", code=view.raw_code, _external=True) \
        if view.raw_code else None
    return render_template("classes/detail.html", c=view, assignments=given,
                           join_url=join_url, code_form=CodeForm(), now=utcnow())


@bp.post("/classes/<int:class_id>/code")
@teacher_required
def code(class_id: int) -> Response:
    """A new code, joining off, or an expiry time."""
    form = CodeForm()
    what = request.form.get("action", "")
    try:
        if not form.validate_on_submit():
            raise ServiceError("Type the date and time as the field shows it.")
        rosters.set_code(db.session, class_id, current_user.id, what,
                         expires_at=to_utc(form.expires.data, form.tz_offset.data),
                         now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash({"new": "A new code is ready; the old one no longer works.",
               "revoke": "Joining is off: the code no longer works.",
               "expire": "The code's expiry is saved."}.get(what, "Saved."), "success")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.post("/classes/<int:class_id>/members/<int:user_id>/remove")
@teacher_required
def remove(class_id: int, user_id: int) -> Response:
    try:
        rosters.remove_member(db.session, class_id, current_user.id, user_id)
    except NotFound:
        abort(404)
    flash("Removed from the class. Their answers are kept.", "success")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/classes/<int:class_id>/assign", methods=["GET", "POST"])
@teacher_required
def assign(class_id: int) -> str | Response:
    """Give the class one of the teacher's sets as a quiz."""
    try:
        view = rosters.class_view(db.session, class_id, current_user.id, now=utcnow())
    except NotFound:
        abort(404)
    form = AssignForm()
    mine = my_sets.my_sets(db.session, current_user.id)
    form.bank.choices = [(s.ref, f"{s.title} ({s.published} questions)") for s in mine
                         if s.published]
    if request.method == "GET" and request.args.get("set"):
        form.bank.data = request.args["set"]
    if form.validate_on_submit() and _study_has_due_date(form):
        try:
            _assign(form, class_id)
        except NotFound:
            form.bank.errors = [*form.bank.errors, "Choose one of your sets."]
        except ServiceError as exc:
            beside_its_field(form, exc)
        else:
            flash("Assigned. Your learners see it under Assignments.", "success")
            return redirect(url_for("classes.detail", class_id=class_id))
    return render_template("classes/assign.html", c=view, form=form, has_sets=bool(mine))


def beside_its_field(form: FlaskForm, exc: ServiceError) -> None:
    """A rule the service refused, shown beside the field it names (the page then puts
    the focus there), or at the top when it is about no one field."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None:
        flash(str(exc), "error")
    else:
        field.errors = [*field.errors, str(exc)]


def _study_has_due_date(form: AssignForm) -> bool:
    """A study assignment needs its due date: say so beside the field."""
    if form.kind.data == "study" and form.due_at.data is None:
        form.due_at.errors = [*form.due_at.errors, "A study assignment needs a due date: the "
                              "day its questions should be known."]
        return False
    return True


def _assign(form: AssignForm, class_id: int) -> int:
    """The form's assignment, a quiz or study, made by the service."""
    offset = form.tz_offset.data
    opens_at, due_at = to_utc(form.opens_at.data, offset), to_utc(form.due_at.data, offset)
    if form.kind.data == "study":
        return studying.assign_study(
            db.session, class_id, current_user.id, set_ref=form.bank.data or "",
            title=form.title.data, now=utcnow(), rules=studying.StudyRules(
                question_count=form.question_count.data or None,
                target_retention=(form.target.data or 90) / 100, opens_at=opens_at,
                due_at=due_at))
    rules = assignments.QuizRules(
        mode=form.mode.data or "exam", question_count=form.question_count.data or 10,
        time_limit_seconds=form.time_limit.data * 60 if form.time_limit.data else None,
        attempts_allowed=form.attempts.data or None, repeat_questions=form.repeat.data,
        opens_at=opens_at, due_at=due_at, late_allowed=form.late.data,
        late_until=to_utc(form.late_until.data, offset) if form.late.data else None)
    return assignments.assign_quiz(db.session, class_id, current_user.id,
                                   set_ref=form.bank.data or "", title=form.title.data,
                                   rules=rules, now=utcnow())


@bp.get("/assignments/<int:assignment_id>/results")
@teacher_required
def results_page(assignment_id: int) -> str:
    """Each learner's results and each question's item analysis."""
    which = request.args.get("which", "first")
    if which not in ("first", "all", "highest", "last"):
        which = "first"
    try:
        if results.kind_of(db.session, assignment_id, current_user.id) == "study":
            return render_template("classes/study_results.html", r=studying.study_results(
                db.session, assignment_id, current_user.id, now=utcnow()))
        r = results.results(db.session, assignment_id, current_user.id, which=which,
                            now=utcnow())
    except NotFound:
        abort(404)
    return render_template("classes/results.html", r=r, flag_words=FLAG_WORDS)


@bp.get("/assignments/<int:assignment_id>/grades.csv")
@teacher_required
def grades(assignment_id: int) -> Response:
    try:
        study = results.kind_of(db.session, assignment_id, current_user.id) == "study"
        name, text = (studying.progress_csv if study else results.grades_csv)(
            db.session, assignment_id, current_user.id, now=utcnow())
    except NotFound:
        abort(404)
    response = Response(text.encode("utf-8"), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


FLAG_WORDS = {
    "too_easy": "Too easy: nearly everyone gets it right",
    "too_hard": "Too hard: nearly nobody gets it right",
    "below_chance": "Fewer right than guessing would give",
    "key_suspect": "Check the key: weaker learners do better than stronger ones",
    "weak_discrimination": "Tells strong and weak learners apart only weakly",
    "low_efficiency": "Low discriminative efficiency",
    "unused_distractor": "A wrong choice nobody picks",
    "distractor_beats_key": "The strongest third prefer a wrong choice",
}
