"""Import: upload (into a set, or as a new set) -> preview -> import or cancel. Export:
the formats with what each leaves out of this set, then the file."""
from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from quizapp.core import formats
from quizapp.core.bank import key_text
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import NotFound, ServiceError
from quizapp.services.authoring import sets
from quizapp.services.transfer import exports, imports
from quizapp.web.authoring.guard import teacher_required
from quizapp.web.transfer import bp
from quizapp.web.transfer.forms import ImportForm

UPLOAD_BYTES = 32 * 1024 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> tuple[str, int]:
    form = ImportForm(formdata=None)
    form.file.errors = ["The file is larger than 32 MB."]
    return render_template("transfer/import.html", form=form, target=None), 413


def _upload_form(ref: str | None) -> str | Response:
    request.max_content_length = UPLOAD_BYTES + 64 * 1024
    target = None
    if ref is not None:
        try:
            target = sets.get_fields(db.session, ref, current_user.id)
        except NotFound:
            abort(404)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            form.file.errors = [*form.file.errors, "Choose a file to import."]
        else:
            try:
                data = upload.read(UPLOAD_BYTES + 1)
            finally:
                upload.close()
            try:
                if len(data) > UPLOAD_BYTES:
                    raise imports.UnreadableFile("The file is larger than 32 MB.")
                token = imports.start(
                    db.session, current_user.id, ref, filename=upload.filename[-200:],
                    data=data, format_name=None if form.format.data == "auto"
                    else form.format.data, options=form.quizlet_options(),
                    replace=bool(form.replace.data) and ref is not None, now=utcnow())
            except imports.UnreadableFile as exc:
                form.file.errors = [*form.file.errors, str(exc)]
            except NotFound:
                abort(404)
            else:
                return redirect(url_for("transfer.preview", token=token))
    return render_template("transfer/import.html", form=form, target=target)


@bp.route("/studio/import", methods=["GET", "POST"])
@teacher_required
def new_from_file() -> str | Response:
    """A new set from another tool's file."""
    return _upload_form(None)


@bp.route("/sets/<slug>/import", methods=["GET", "POST"])
@teacher_required
def into_set(slug: str) -> str | Response:
    """Questions from a file into this set: matched by id, new ones added."""
    return _upload_form(slug)


@bp.get("/studio/imports/<token>")
@teacher_required
def preview(token: str) -> str | Response:
    """What the import will do; nothing is written yet."""
    try:
        view = imports.preview(db.session, current_user.id, token)
    except NotFound:
        abort(404)
    except imports.AlreadyImported as done:
        flash("This file was imported already.", "info")
        return redirect(url_for("authoring.edit_set", slug=done.ref))
    except imports.UnreadableFile as exc:
        flash(str(exc), "error")
        return redirect(url_for("authoring.studio"))
    return render_template("transfer/preview.html", p=view)


@bp.post("/studio/imports/<token>")
@teacher_required
def confirm(token: str) -> Response:
    """Import all of it, or nothing."""
    try:
        if request.form.get("action") == "cancel":
            imports.cancel(db.session, current_user.id, token)
            flash("Import cancelled; nothing was changed.", "success")
            return redirect(url_for("authoring.studio"))
        done = imports.confirm(db.session, current_user.id, token, now=utcnow(),
                               leave_out_problems=request.form.get("action") == "import-good")
    except NotFound:
        abort(404)
    except imports.AlreadyImported as already:  # a second click: it counted once
        flash("This file was imported already.", "info")
        return redirect(url_for("authoring.edit_set", slug=already.ref))
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("transfer.preview", token=token))
    flash(f"Imported: {done.added} added, {done.changed} changed, {done.unchanged} "
          f"unchanged" + (f", {done.restored} brought back" if done.restored else "")
          + (f", {done.retired} retired" if done.retired else "") + ".", "success")
    return redirect(url_for("authoring.edit_set", slug=done.ref))


@bp.get("/sets/<slug>/export")
@teacher_required
def export_page(slug: str) -> str:
    """The formats this set can be exported in, each with what it would leave out."""
    try:
        row, options, prompts = exports.choices(db.session, current_user.id, slug)
    except NotFound:
        abort(404)
    return render_template("transfer/export.html", bank=row, options=options, how=HOW_TO,
                           prompts=prompts)


@bp.get("/sets/<slug>/export/<name>")
@teacher_required
def download(slug: str, name: str) -> Response:
    """The set as a file in this format."""
    try:
        file = exports.export(db.session, slug, name, user_id=current_user.id)
    except NotFound:
        abort(404)
    response = Response(file.exported.data, mimetype=file.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


bp.add_app_template_global(key_text, "key_text")

_TYPE_WORDS = (("an mcq question", "a multiple-choice question"),
               ("a true_false question", "a true-or-false question"),
               ("a multi question", "a select-all question"),
               ("a numeric question", "a number question"),
               ("a short question", "a short-answer question"),
               ("a cloze question", "a fill-the-gap question"),
               ("mcq", "multiple-choice"), ("true_false", "true-or-false"))
_WHERE_RE = re.compile(r"""^question (['"])(.*)\1$""")


@bp.app_template_filter("teacher_words")
def teacher_words(message: str) -> str:
    """A format's note in the words the rest of the app uses for question types."""
    for internal, said in _TYPE_WORDS:
        message = message.replace(internal, said)
    return message


@bp.app_template_filter("question_named")
def question_named(where: str, prompts: dict[str, str]) -> str:
    """`question 'paris-capital'` as the start of its prompt, when it is one of the set's."""
    match = _WHERE_RE.match(where or "")
    if match and match.group(2) in prompts:
        prompt = prompts[match.group(2)]
        return "“" + (prompt if len(prompt) <= 70 else prompt[:67].rstrip() + "…") + "”"
    return where


@bp.get("/help/formats")
def formats_help() -> str:
    """Which files can come in and go out, and what each format keeps."""
    return render_template("transfer/formats.html", formats=formats.FORMATS.values(),
                           fields=FIELD_LABELS)


FIELD_LABELS = {"prompt": "question text", "choices": "choices", "answer": "answer key",
                "accept": "other accepted answers", "tolerance": "numeric tolerance",
                "explanation": "explanation", "tags": "tags", "difficulty": "difficulty",
                "source": "source passage"}


# Where each file goes in the other tool (the export page says it under the format).
HOW_TO = {
    "yaml": "Keeps everything: for a backup, or to edit by hand and import again.",
    "json": "Keeps everything, for other programs.",
    "gift": "Moodle: Question bank → Import → GIFT format.",
    "moodle_xml": "Moodle: Question bank → Import → Moodle XML format.",
    "aiken": "Moodle: Question bank → Import → Aiken format (multiple choice only).",
    "anki_text": "Anki: File → Import, then choose the file.",
    "apkg": "Anki: File → Import (or open the file); importing again updates the cards.",
    "quizlet": "Quizlet: Create a set → Import, paste the text (Tab, New line).",
    "csv": "Any spreadsheet; import it here again after editing.",
}
