"""WTForms for quizzes: the start form, and the CSRF-carrying answer and action forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from quizapp.web.fields import WholeNumberField

MAX_LIMIT_MINUTES = 600


class StartForm(FlaskForm):
    """Mode, number of questions, optional time limit (minutes)."""

    mode = RadioField("Mode", choices=[
        SelectChoice("practice",
                     "Practice — right or wrong, the answer and why, after each question"),
        SelectChoice("exam", "Exam — see your results at the end")],
        default="practice", validators=[DataRequired()])
    count = WholeNumberField("Number of questions", validators=[DataRequired(
        message="Enter how many questions you want.")])
    time_limit = WholeNumberField(
        "Time limit in minutes (optional)",
        validators=[Optional(), NumberRange(min=1, max=MAX_LIMIT_MINUTES,
                                            message=f"Use 1 to {MAX_LIMIT_MINUTES} minutes.")],
        description="Leave empty to take as long as you like.")

    def limit_count(self, maximum: int) -> None:
        """Bound the number of questions by the set's size."""
        self.count.validators = [*self.count.validators, NumberRange(
            min=1, max=maximum, message=f"Choose between 1 and {maximum} questions.")]
        self.count.render_kw = {"min": 1, "max": maximum, "inputmode": "numeric"}
        if self.count.data is None and not self.is_submitted():
            self.count.data = min(10, maximum)


class AnswerForm(FlaskForm):
    """An answer: the server-issued submission id (the answer values are read per type)."""

    submission_id = HiddenField(validators=[DataRequired()])


class ActionForm(FlaskForm):
    """A POST button (hand in, "I was right"): only the CSRF token."""

    next = HiddenField()
