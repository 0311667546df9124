"""Taking a quiz: start it, answer one question per page, see feedback and the result."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.quiz import attempts, pages
from quizapp.services.quiz.attempts import AttemptOver, OutOfOrder
from quizapp.web.quiz import bp
from quizapp.web.quiz.forms import ActionForm, AnswerForm, StartForm
from quizapp.web.security import safe_next


def _secret() -> str | bytes:
    """The key that signs submission ids."""
    return current_app.secret_key or ""


@bp.route("/sets/<slug>/quiz", methods=["GET", "POST"])
@login_required
def start(slug: str) -> str | Response:
    """The start form: mode, number of questions, optional time limit."""
    try:
        info = pages.start_info(db.session, slug, current_user.id)
    except NotFound:
        abort(404)
    form = StartForm()
    form.limit_count(max(1, info.question_count))
    if info.question_count and form.validate_on_submit():
        minutes = form.time_limit.data
        try:
            attempt_id = attempts.start_attempt(
                db.session, user_id=current_user.id, slug=slug, mode=form.mode.data or "practice",
                count=form.count.data or 1, time_limit_seconds=minutes * 60 if minutes else None,
                now=utcnow())
        except NotFound:
            abort(404)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            return redirect(url_for("quiz.question", attempt_id=attempt_id, number=1))
    return render_template("quiz/start.html", info=info, form=form)


@bp.get("/quiz/<int:attempt_id>")
@login_required
def resume(attempt_id: int) -> Response:
    """Go on where the learner left off (or to the result once it is over)."""
    try:  # position -1 is never due: the service names the due question or says it is over
        pages.question_page(db.session, user_id=current_user.id, attempt_id=attempt_id,
                                 position=-1, now=utcnow(), secret=_secret())
    except NotFound:
        abort(404)
    except AttemptOver:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    except OutOfOrder as exc:
        return _to_due(attempt_id, exc)
    abort(404)


def _to_due(attempt_id: int, exc: OutOfOrder) -> Response:
    """To the question due, or to the review before handing in when an exam is all answered."""
    if exc.review:
        return redirect(url_for("quiz.confirm_finish", attempt_id=attempt_id))
    return redirect(url_for("quiz.question", attempt_id=attempt_id, number=exc.position + 1))


@bp.get("/quiz/<int:attempt_id>/q/<int:number>")
@login_required
def question(attempt_id: int, number: int) -> str | Response:
    """One question (never its answer), or its feedback once answered in practice mode."""
    try:
        view = pages.question_page(
            db.session, user_id=current_user.id, attempt_id=attempt_id, position=number - 1,
            now=utcnow(), secret=_secret())
    except NotFound:
        abort(404)
    except AttemptOver as exc:
        if exc.time_up:
            flash("Time is up. Here is your result; questions you had not answered score 0.",
                  "warning")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    except OutOfOrder as exc:
        return _to_due(attempt_id, exc)
    if isinstance(view, pages.FeedbackView):
        return render_template("quiz/feedback.html", view=view)
    # The form's two hidden fields are written by the template (building a WTForms form to
    # render them cost a tenth of the page); the POST validates them with AnswerForm.
    return render_template("quiz/question.html", view=view)


@bp.post("/quiz/<int:attempt_id>/q/<int:number>")
@login_required
def answer(attempt_id: int, number: int) -> Response:
    """Record an answer once (a repeat shows the first result), then feedback or go on."""
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    here = url_for("quiz.question", attempt_id=attempt_id, number=number)
    try:
        outcome = attempts.submit_answer(
            db.session, user_id=current_user.id, attempt_id=attempt_id, position=number - 1,
            sub_id=form.submission_id.data or "", values=request.form.getlist("answer"),
            now=utcnow(), secret=_secret(), time_up=request.form.get("time_up") == "1",
            flag=request.form.get("flag") == "1" if "flag_shown" in request.form else None)
    except NotFound:
        abort(404)
    except AttemptOver as exc:
        flash(str(exc), "warning")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    except OutOfOrder as exc:
        if not exc.review:
            flash("That question was already answered.", "info")
        return _to_due(attempt_id, exc)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(here)
    if outcome.duplicate and outcome.mode == "exam":
        flash("This question's answer had already been saved (a second click, or another "
              "tab): here is the answer that counts.", "warning")
        return redirect(here)
    if outcome.duplicate:
        flash("That answer was already recorded; this is the first result.", "info")
    if outcome.time_up:
        flash("Time is up. Here is your result; questions you had not answered score 0.",
              "warning")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    if outcome.mode == "practice":
        return redirect(here)
    return _after_exam_answer(attempt_id, outcome, number)


def _after_exam_answer(attempt_id: int, outcome: attempts.AnswerOutcome,
                       number: int) -> Response:
    """Where the learner asked to go (a navigator box, with the answer saved on the way),
    the next question in order ("Next", "Skip for now"), or after "Save" the next
    question without an answer; the review once there is none."""
    if outcome.finished:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    goto = request.form.get("goto", type=int)
    if goto is not None and 1 <= goto <= 10_000:
        return redirect(url_for("quiz.question", attempt_id=attempt_id, number=goto))
    if "skip" in request.form:
        return redirect(url_for("quiz.question", attempt_id=attempt_id, number=number + 1)
                        if outcome.position + 1 < outcome.total else
                        url_for("quiz.confirm_finish", attempt_id=attempt_id))
    if outcome.next_position is None:
        flash("Every question has an answer. You can still change any of them, then hand in.",
              "success")
        return redirect(url_for("quiz.confirm_finish", attempt_id=attempt_id))
    return redirect(url_for("quiz.question", attempt_id=attempt_id,
                            number=outcome.next_position + 1))


@bp.get("/quiz/<int:attempt_id>/finish")
@login_required
def confirm_finish(attempt_id: int) -> str | Response:
    """Before handing in: what is still unanswered, and a button that hands in."""
    try:
        view = pages.hand_in_page(db.session, user_id=current_user.id, attempt_id=attempt_id,
                                  now=utcnow())
    except NotFound:
        abort(404)
    except AttemptOver:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    return render_template("quiz/hand_in.html", view=view)


@bp.post("/quiz/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int) -> Response:
    """Hand the quiz in now; unanswered questions score 0."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempts.finish_attempt(db.session, user_id=current_user.id, attempt_id=attempt_id,
                               now=utcnow())
    except NotFound:
        abort(404)
    return redirect(url_for("quiz.result", attempt_id=attempt_id))


@bp.post("/quiz/<int:attempt_id>/q/<int:number>/override")
@login_required
def override(attempt_id: int, number: int) -> Response:
    """"I was right": ask the set's owner to count a typed answer marked wrong as right."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    back = safe_next(form.next.data, url_for("quiz.result", attempt_id=attempt_id))
    try:
        attempts.claim_answer(db.session, user_id=current_user.id, attempt_id=attempt_id,
                              position=number - 1, now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Claim sent: your teacher will look at question {number}. It counts as "
              "right once they accept it.", "success")
    return redirect(back)


@bp.get("/quiz/<int:attempt_id>/result")
@login_required
def result(attempt_id: int) -> str | Response:
    """Score, time taken and every question with the learner's and the right answer."""
    try:
        view = pages.attempt_result(db.session, user_id=current_user.id,
                                         attempt_id=attempt_id, now=utcnow())
    except NotFound:
        abort(404)
    except OutOfOrder as exc:
        flash("Finish the quiz (or hand it in) to see the result.", "info")
        return _to_due(attempt_id, exc)
    return render_template("quiz/result.html", view=view)
