"""Generating a set from an article: the form (paste or upload), the job's progress page,
the drafts review beside the article, and the decisions (keep, edit, reject, keep the rest)."""
from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from quizapp.core.generate.reading import KIND_OF_SUFFIX
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.jobs import tasks
from quizapp.services import NotFound, ServiceError
from quizapp.services import jobs as job_service
from quizapp.services.authoring import drafts
from quizapp.services.authoring.sets import InvalidField
from quizapp.web.authoring import bp
from quizapp.web.authoring.forms import ArticleForm, GenerateForm, QuestionForm, RejectForm
from quizapp.web.authoring.guard import teacher_required


def _upload_limit() -> int:
    return int(current_app.config.get("ARTICLE_UPLOAD_BYTES", 1024 * 1024))


def _read_upload(form: GenerateForm) -> tuple[str | None, str | None]:
    """(text, kind) of an uploaded article, or errors put beside the file field."""
    upload = form.file.data
    if not upload or not getattr(upload, "filename", ""):
        return None, None
    name = upload.filename.lower()
    suffix = name[name.rfind("."):] if "." in name else ""
    if suffix not in KIND_OF_SUFFIX:
        form.file.errors = [*form.file.errors, "Upload a .txt, .md or .html file."]
        return None, None
    try:
        data = upload.read(_upload_limit() + 1)
    finally:
        upload.close()
    if len(data) > _upload_limit():
        form.file.errors = [*form.file.errors, "The file is larger than 1 MB."]
        return None, None
    if b"\x00" in data:
        form.file.errors = [*form.file.errors, "This file is not text (it looks binary)."]
        return None, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        form.file.errors = [*form.file.errors,
                            "This file is not valid UTF-8 text; save it as UTF-8 and retry."]
        return None, None
    return text, KIND_OF_SUFFIX[suffix]


TOO_BIG = "That is too large to send: upload an article of up to 1 MB."


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> tuple[str, int]:
    """A body over the app's limit (met by the CSRF check, before the view): the
    generate form again with the reason beside the file field; nothing was stored."""
    if request.endpoint != "authoring.generate":
        return render_template("errors/error.html", code=413, title="File too large",
                               message="The file you sent is larger than this page accepts."
                               ), 413
    form = GenerateForm(formdata=None)
    form.file.errors = [TOO_BIG]
    return render_template("authoring/generate.html", form=form), 413


@bp.route("/studio/generate", methods=["GET", "POST"])
@teacher_required
def generate() -> str | Response:
    """Paste or upload an article; generation runs in the background."""
    too_big = request.method == "POST" and (request.content_length or 0) > \
        current_app.config["MAX_CONTENT_LENGTH"]
    form = GenerateForm(formdata=None) if too_big else GenerateForm()
    if too_big:
        form.file.errors = [TOO_BIG]
    elif form.validate_on_submit():
        text, kind = _read_upload(form)
        if not form.file.errors:
            if text is None:
                text = form.article.data or ""
            if form.kind.data in ("txt", "md", "html"):
                kind = form.kind.data
            try:
                ref, bank_id = drafts.prepare(db.session, current_user.id,
                                              title=form.title.data or "", article=text,
                                              kind=kind or "txt", now=utcnow())
            except InvalidField as exc:
                target = form.title if exc.field == "title" else form.article
                target.errors = [*target.errors, str(exc)]
            else:
                job_id = tasks.submit("generate", {"bank_id": bank_id},
                                      owner_id=current_user.id)
                return redirect(url_for("authoring.job", job_id=job_id))
    return render_template("authoring/generate.html", form=form)


def _job_json(view: job_service.JobView) -> dict[str, Any]:
    ref = (view.result or {}).get("ref")
    return {"state": view.state, "progress": view.progress, "message": view.message,
            "error": view.error if view.state == "failed" else None,
            "next": url_for("authoring.review", slug=ref) if ref and view.state == "done"
            else None}


@bp.get("/studio/jobs/<int:job_id>")
@teacher_required
def job(job_id: int) -> str | Response:
    """A job's progress; the page polls while it runs and moves on when it is done."""
    try:
        view = job_service.get_job(db.session, job_id, owner_id=current_user.id)
    except NotFound:
        abort(404)
    data = _job_json(view)
    if data["next"] and request.args.get("stay") is None:
        return redirect(data["next"])  # done while the teacher was away: straight on
    return render_template("authoring/job.html", job=view, data=data)


@bp.get("/studio/jobs/<int:job_id>.json")
@teacher_required
def job_status(job_id: int) -> Response:
    """The job's state for the progress bar."""
    try:
        view = job_service.get_job(db.session, job_id, owner_id=current_user.id)
    except NotFound:
        abort(404)
    response = jsonify(_job_json(view))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sets/<slug>/drafts")
@teacher_required
def review(slug: str) -> str:
    """The drafts beside the article, each sentence marked; keep, edit or reject each."""
    try:
        view = drafts.review(db.session, slug, current_user.id)
    except NotFound:
        abort(404)
    return render_template("authoring/drafts.html", view=view, reject_form=RejectForm())


@bp.post("/sets/<slug>/drafts/<int:draft_id>/<any(keep, reject):what>")
@teacher_required
def decide(slug: str, draft_id: int, what: str) -> Response:
    """Keep a draft as it is, or reject it (with an optional reason)."""
    try:
        if what == "keep":
            drafts.keep(db.session, slug, current_user.id, draft_id, now=utcnow())
            flash("Kept: it is now a question of the set.", "success")
        else:
            form = RejectForm()
            drafts.reject(db.session, slug, current_user.id, draft_id, now=utcnow(),
                          reason=form.reason.data)
            flash("Rejected.", "success")
    except NotFound:
        abort(404)
    except (InvalidField, ServiceError) as exc:
        flash(str(exc), "error")
    return redirect(url_for("authoring.review", slug=slug) + "#drafts")


@bp.route("/sets/<slug>/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
@teacher_required
def edit_draft(slug: str, draft_id: int) -> str | Response:
    """Edit a draft, then keep it as edited (the before and after are recorded)."""
    try:
        line = drafts.draft_line(db.session, slug, current_user.id, draft_id)
    except NotFound:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        form.fill(drafts.draft_data(db.session, slug, current_user.id, draft_id))
    elif form.validate_on_submit():
        try:
            drafts.keep(db.session, slug, current_user.id, draft_id, now=utcnow(),
                        edited=form.to_data())
        except InvalidField as exc:
            form.apply_error(exc.field, str(exc))
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Kept as edited.", "success")
            return redirect(url_for("authoring.review", slug=slug) + "#drafts")
    return render_template("authoring/draft_edit.html", form=form, ref=slug, line=line)


@bp.post("/sets/<slug>/drafts/keep-rest")
@teacher_required
def keep_rest(slug: str) -> Response:
    """Keep every draft not yet decided."""
    try:
        n = drafts.keep_rest(db.session, slug, current_user.id, now=utcnow())
    except NotFound:
        abort(404)
    flash(f"Kept {n} draft(s).", "success")
    return redirect(url_for("authoring.edit_set", slug=slug))


@bp.route("/sets/<slug>/article/edit", methods=["GET", "POST"])
@teacher_required
def article(slug: str) -> str | Response:
    """Edit the set's article and generate again: decided drafts keep their decision."""
    try:
        current, kind = drafts.article_of(db.session, slug, current_user.id)
    except NotFound:
        abort(404)
    form = ArticleForm(data={"article": current})
    if form.validate_on_submit():
        try:
            ref, bank_id = drafts.prepare(db.session, current_user.id, title="",
                                          article=form.article.data or "",
                                          kind=kind, ref=slug,
                                          now=utcnow())
        except InvalidField as exc:
            form.article.errors = [*form.article.errors, str(exc)]
        else:
            job_id = tasks.submit("generate", {"bank_id": bank_id}, owner_id=current_user.id)
            return redirect(url_for("authoring.job", job_id=job_id))
    return render_template("authoring/article.html", form=form, slug=slug)
