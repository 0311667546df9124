"""The studio's forms. Field rules here are only what a browser can be told (required,
lengths); every rule of a question is the bank format's own, applied by the service, whose
error lands beside the field it names (`apply_error`)."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.core.bank import QUESTION_TYPES

TYPE_CHOICES = [SelectChoice("mcq", "Multiple choice (one answer)"),
                SelectChoice("multi", "Select all that apply"),
                SelectChoice("true_false", "True or false"),
                SelectChoice("short", "Short answer"),
                SelectChoice("cloze", "Fill the gap (_____ marks the gap)"),
                SelectChoice("numeric", "Number")]
MAX_CHOICES = 8


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


class SetForm(FlaskForm):
    """A set's own fields."""

    title = StringField("Title", validators=[DataRequired("Give the set a title."),
                                             Length(max=300)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)],
                                description="What the set covers, for learners.")
    language = StringField("Language", default="en", validators=[Optional(), Length(max=35)],
                           description="A language tag: en, fr, pt-BR …")
    tags = StringField("Tags", validators=[Optional(), Length(max=600)],
                       description="Separated by commas.")

    def tag_list(self) -> list[str]:
        """The tags as a list."""
        return _tags(self.tags.data)


class GenerateForm(FlaskForm):
    """An article to generate a set from: pasted, or a file."""

    title = StringField("Title of the set", validators=[DataRequired("Give the set a title."),
                                                        Length(max=300)])
    article = TextAreaField("Paste the article", validators=[Optional()],
                            description="Plain text, Markdown or HTML; up to 200,000 characters.")
    file = FileField("…or upload a file", description=".txt, .md or .html, up to 1 MB.")
    kind = SelectField("Format", choices=[
        SelectChoice("auto", "Tell from the file (or plain text)"),
        SelectChoice("txt", "Plain text"), SelectChoice("md", "Markdown"),
        SelectChoice("html", "HTML")], default="auto")


class ArticleForm(FlaskForm):
    """The set's article, to edit and generate again."""

    article = TextAreaField("Article", validators=[DataRequired("The article is empty.")])


class ChoiceForm(Form):
    """One option of a choice question (no CSRF of its own: it lives inside QuestionForm)."""

    text = StringField("Option", validators=[Optional(), Length(max=500)])
    correct = BooleanField("Correct")


class QuestionForm(FlaskForm):
    """A question of any of the six types; the fields that do not apply are ignored."""

    type = SelectField("Type", choices=TYPE_CHOICES, default="mcq")
    prompt = TextAreaField("Prompt", validators=[DataRequired("Write the question."),
                                                 Length(max=2000)])
    choices = FieldList(FormField(ChoiceForm), min_entries=MAX_CHOICES,
                        max_entries=MAX_CHOICES)
    truth = RadioField("The statement is", choices=[SelectChoice("true", "True"),
                                                    SelectChoice("false", "False")],
                       validators=[Optional()])
    answer = StringField("Answer", validators=[Optional(), Length(max=500)],
                         description="For a number, digits only (3.14).")
    accept = TextAreaField("Also accept", validators=[Optional(), Length(max=3000)],
                           description="Other right answers, one per line.")
    tolerance = StringField("Tolerance (±)", validators=[Optional(), Length(max=40)],
                            description="How far a number may be off and still count.")
    explanation = TextAreaField("Explanation", validators=[Optional(), Length(max=3000)],
                                description="Shown after the learner answers.")
    tags = StringField("Tags", validators=[Optional(), Length(max=600)],
                       description="Separated by commas.")

    def fill(self, data: dict[str, Any]) -> None:
        """Fill the fields from bank-file data (editing a question)."""
        self.type.data = data.get("type", "mcq")
        self.prompt.data = data.get("prompt", "")
        choices = list(data.get("choices") or [])
        answer = data.get("answer")
        right = set(answer) if isinstance(answer, list) else {answer}
        for entry, text in zip(self.choices.entries, choices + [""] * MAX_CHOICES,
                               strict=False):
            entry.form.text.data = text
            entry.form.correct.data = bool(text) and text in right
        if isinstance(answer, bool):
            self.truth.data = "true" if answer else "false"
        elif self.type.data not in ("mcq", "multi"):
            self.answer.data = "" if answer is None else str(answer)
        self.accept.data = "\n".join(data.get("accept") or [])
        tolerance = data.get("tolerance")
        self.tolerance.data = "" if tolerance in (None, 0) else str(tolerance)
        self.explanation.data = data.get("explanation") or ""
        self.tags.data = ", ".join(data.get("tags") or [])

    def to_data(self) -> dict[str, Any]:
        """The question as bank-file data, for the validator (numbers parsed where the
        type wants one; anything unparseable is passed on as text to be refused)."""
        qtype = self.type.data if self.type.data in QUESTION_TYPES else str(self.type.data)
        data: dict[str, Any] = {"type": qtype, "prompt": (self.prompt.data or "").strip()}
        if qtype in ("mcq", "multi"):
            entries = [e.form for e in self.choices.entries if (e.form.text.data or "").strip()]
            data["choices"] = [e.text.data.strip() for e in entries]
            right = [e.text.data.strip() for e in entries if e.correct.data]
            if qtype == "mcq":
                data["answer"] = right[0] if len(right) == 1 else (right or None)
            else:
                data["answer"] = right or None
        elif qtype == "true_false":
            data["answer"] = {"true": True, "false": False}.get(self.truth.data or "")
        elif qtype == "numeric":
            data["answer"] = _number(self.answer.data)
            tolerance = (self.tolerance.data or "").strip()
            if tolerance:
                data["tolerance"] = _number(tolerance)
        else:
            data["answer"] = (self.answer.data or "").strip() or None
            accept = _lines(self.accept.data)
            if accept:
                data["accept"] = accept
        explanation = (self.explanation.data or "").strip()
        if explanation:
            data["explanation"] = explanation
        tags = _tags(self.tags.data)
        if tags:
            data["tags"] = tags
        return {k: v for k, v in data.items() if v is not None}

    def apply_error(self, field: str | None, message: str) -> None:
        """Put a validator's message beside the field it is about."""
        if field == "answer" and self.type.data in ("mcq", "multi"):
            field, message = "choices", (
                "Mark exactly one option as correct." if "list" in message or
                "required" in message else message)
        elif field == "answer" and self.type.data == "true_false":
            field = "truth"
            message = "Say whether the statement is true or false." \
                if "required" in message else message
        if field == "choices":
            self.choice_errors.append(message)
            return
        target = getattr(self, field or "", None) if field else None
        if target is None or field == "csrf_token" or not hasattr(target, "errors"):
            target = self.prompt
        target.errors = [*target.errors, message]

    @property
    def choice_errors(self) -> list[str]:
        """Messages about the options as a whole (the list, or which one is correct)."""
        if not hasattr(self, "_choice_errors"):
            self._choice_errors: list[str] = []
        return self._choice_errors


def _number(text: str | None) -> Any:
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return int(value) if value.is_integer() and "." not in raw and "e" not in raw.lower() \
        else value


class RejectForm(FlaskForm):
    """Why a draft is rejected (optional)."""

    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=500)])


class VisibilityForm(FlaskForm):
    """Who sees the set."""

    visibility = RadioField("Who can see this set", default="private", choices=[
        SelectChoice("private", "Private: only you"),
        SelectChoice("shared", "Shared with teachers: they can read it and copy it"),
        SelectChoice("public", "Public: learners find it, take quizzes and study it")])
