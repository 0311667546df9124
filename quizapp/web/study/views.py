"""Study sessions: the due card, reveal (Space) or typed answer (Enter), rate 1-4, summary."""
from __future__ import annotations

import logging

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.jobs import tasks
from quizapp.services import NotFound, ServiceError
from quizapp.services.study import decks
from quizapp.services.study import optimize as study_optimize
from quizapp.services.study import settings as study_settings
from quizapp.web.security import safe_next
from quizapp.web.study import bp
from quizapp.web.study.forms import (
    AddSetForm,
    AnswerForm,
    ReviewForm,
    SettingsForm,
    duration_ms,
    issue_token,
    read_token,
)

log = logging.getLogger(__name__)
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every study page belongs to a signed-in learner."""


@bp.get("/")
def index() -> str:
    """The next due card (prompt side), or the session summary when caught up."""
    now = utcnow()
    nxt = decks.next_card(db.session, current_user.id, now=now)
    if nxt.card is None:
        summary = decks.today_summary(db.session, current_user.id, now=now)
        empty = decks.deck_size(db.session, current_user.id) == 0
        return render_template("study/done.html", summary=summary, empty=empty, now=now,
                               deck=decks.deck_sets(db.session, current_user.id, now=now))
    # The form's hidden fields are written by the template (a WTForms form built only to
    # render them cost a tenth of the page); the POST validates them with AnswerForm.
    return render_template("study/prompt.html", card=nxt.card,
                           token=issue_token(current_user.id, nxt.card.card_id, nxt.card.reps),
                           remaining=nxt.remaining, new_remaining=nxt.new_remaining)


@bp.post("/cards/<int:card_id>/answer")
def answer(card_id: int) -> str:
    """Show the answer side: the answer, a grade if one was given, the four ratings."""
    form = AnswerForm()
    ticket = read_token(form.token.data or "", current_user.id, card_id) \
        if form.validate_on_submit() else None
    if ticket is None:
        abort(400)
    given: str | list[str] | None = None
    picks = request.form.getlist("choice")
    if picks:
        given = picks if len(picks) > 1 or request.form.get("multi") else picks[0]
    elif form.answer.data and request.form.get("action") != "reveal":
        given = form.answer.data
    try:
        revealed = decks.reveal(db.session, current_user.id, card_id, now=utcnow(), given=given)
    except NotFound:
        abort(404)
    return render_template("study/answer.html", r=revealed,
                           form=ReviewForm(token=form.token.data))


@bp.post("/cards/<int:card_id>/review")
def review(card_id: int) -> Response:
    """Record the rating (a duplicate submission changes nothing), then the next card."""
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    ticket = read_token(form.token.data or "", current_user.id, card_id)
    if ticket is None:
        abort(400)
    now = utcnow()
    rating = int(form.rating.data or 0)
    try:
        result = decks.record_review(db.session, current_user.id, card_id, rating,
                                     submission_id=ticket.submission_id, now=now,
                                     duration_ms=duration_ms(ticket, now))
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        if result.duplicate and result.rating != rating:  # another tab rated it first
            flash(f"You had already rated this card {RATING_NAMES.get(result.rating, '')} "
                  "(in another tab or window); that rating stands.", "warning")
    if decks.next_card(db.session, current_user.id, now=now).card is None:
        _after_session(current_user.id)
    return redirect(url_for("study.index"))


@bp.post("/sets/<slug>/add")
def add_set(slug: str) -> Response:
    """"Study this set": add its questions to the learner's deck."""
    if not AddSetForm().validate_on_submit():
        abort(400)
    try:
        report = decks.add_set(db.session, current_user.id, slug, now=utcnow())
    except NotFound:
        abort(404)
    if report.returned:
        more = (f", with {report.added} new question{'s' if report.added != 1 else ''}"
                if report.added else "")
        flash(f"“{report.title}” is back in your study deck{more}: your cards kept "
              "their progress.", "success")
    elif report.added:
        flash(f"Added {report.added} question{'s' if report.added != 1 else ''} from "
              f"“{report.title}” to your study deck.", "success")
    else:
        flash(f"“{report.title}” is already in your study deck.", "info")
    return redirect(url_for("study.index"))


@bp.post("/sets/<slug>/remove")
def remove_set(slug: str) -> Response:
    """"Remove from deck": the set's cards leave the queue and keep their progress."""
    if not AddSetForm().validate_on_submit():
        abort(400)
    try:
        report = decks.remove_set(db.session, current_user.id, slug)
    except NotFound:
        abort(404)
    flash(f"Removed “{report.title}” from your study deck. Its {report.cards} "
          f"card{'s' if report.cards != 1 else ''} keep their progress if you add it again.",
          "success")
    return redirect(safe_next(request.form.get("next"), url_for("study.index")))


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> str | Response:
    """Desired retention, new questions per day, maximum reviews per day, day start."""
    current = study_settings.get_settings(db.session, current_user.id)
    form = SettingsForm(data={
        "desired_retention": round(current.desired_retention * 100),
        "new_per_day": current.new_per_day, "max_reviews_per_day": current.max_reviews_per_day,
        "day_start_hour": current.day_start_hour} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            study_settings.update_settings(
                db.session, current_user.id,
                desired_retention=float(form.desired_retention.data or 0) / 100,
                new_per_day=int(form.new_per_day.data or 0),
                max_reviews_per_day=int(form.max_reviews_per_day.data or 0),
                day_start_hour=int(form.day_start_hour.data or 0), now=utcnow())
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Study settings saved.", "success")
            return redirect(url_for("study.settings"))
    return render_template("study/settings.html", form=form, settings=current)


def _after_session(user_id: int) -> None:
    """At the end of a session, queue a fit of the learner's personal parameters if due.

    The request does not wait: the fit runs on the job queue's worker, one per learner
    at a time (a second is not queued while one waits), and the service re-checks under a
    write lock, so two workers cannot store an older fit over a newer one."""
    if current_app.config.get("STUDY_OPTIMIZE_AFTER_SESSION", "queue") == "off":
        return
    if study_optimize.is_due(db.session, user_id):
        db.session.commit()  # end the read before the job's write transaction
        tasks.submit("fit_parameters", {"user_id": user_id}, owner_id=user_id, unique=True)
