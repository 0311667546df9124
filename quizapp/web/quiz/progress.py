"""A learner's quiz history and progress; a set owner's list of "I was right" claims."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.quiz import claims
from quizapp.services.quiz import progress as quiz_progress
from quizapp.web.pagination import page_arg
from quizapp.web.quiz import bp


@bp.get("/progress")
@login_required
def progress() -> str:
    """My progress: per-set scores, a chart of scores over time, the questions missed most."""
    view = quiz_progress.progress(db.session, user_id=current_user.id, now=utcnow())
    return render_template("quiz/progress.html", view=view)


@bp.get("/quiz/attempts")
@login_required
def attempts() -> str:
    """Every attempt of the signed-in learner, newest first, to review or continue."""
    page = quiz_progress.list_attempts(
        db.session, user_id=current_user.id, now=utcnow(), page=page_arg(),
        per_page=current_app.config.get("ATTEMPTS_PER_PAGE", 20))
    return render_template("quiz/attempts.html", attempts=page)


@bp.get("/sets/<slug>/overrides")
@login_required
def overrides(slug: str) -> str:
    """The set's "I was right" claims, pending first, for its owner (admins for the
    site's sets) to accept or reject."""
    try:
        view = claims.set_claims(db.session, user_id=current_user.id, slug=slug,
                                 page=page_arg())
    except NotFound:
        abort(404)
    return render_template("quiz/overrides.html", view=view)


@bp.post("/sets/<slug>/claims/<int:answer_id>/<any('accept', 'accept-add', 'reject'):what>")
@login_required
def decide_claim(slug: str, answer_id: int, what: str) -> Response:
    """Accept a claim (optionally adding the wording to the accepted answers) or reject it."""
    try:
        claims.decide_claim(db.session, user_id=current_user.id, slug=slug,
                            answer_id=answer_id, accept=what != "reject",
                            add_wording=what == "accept-add", now=utcnow())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash({"accept": "Accepted: the answer now counts as right.",
               "accept-add": "Accepted, and the wording is now an accepted answer.",
               "reject": "Rejected: the score stays as it was."}[what], "success")
    return redirect(url_for("quiz.overrides", slug=slug))
