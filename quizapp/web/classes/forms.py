"""The class forms. Dates are typed in the browser's local time (`datetime-local`); the
page's script puts the browser's offset from UTC in `tz_offset`, and the dates are kept
in UTC."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.web.fields import WholeNumberField


class ClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired("Give the class a name."),
                                                 Length(max=200)],
                       description="As your learners know it: “Year 9 Science, set 2”.")


class JoinForm(FlaskForm):
    code = StringField("Class code", validators=[DataRequired("Type the code your teacher "
                                                              "gave you."), Length(max=40)],
                       description="Ten letters and digits, like ABCDE-FGHJK.")


class CodeForm(FlaskForm):
    expires = DateTimeLocalField("Stop the code working at", validators=[Optional()],
                                 format="%Y-%m-%dT%H:%M")
    tz_offset = HiddenField(default="0")


def to_utc(value: datetime | None, offset: str | None) -> datetime | None:
    """A `datetime-local` value typed at UTC minus `offset` minutes (JavaScript's
    getTimezoneOffset), in UTC."""
    if value is None:
        return None
    try:
        minutes = max(-900, min(900, int(offset or 0)))
    except ValueError:
        minutes = 0
    return (value + timedelta(minutes=minutes)).replace(tzinfo=UTC)


class AssignForm(FlaskForm):
    bank = SelectField("Set", validators=[DataRequired("Choose a set.")])
    title = StringField("Title", validators=[Optional(), Length(max=300)],
                        description="Leave empty to use the set's title.")
    kind = RadioField("Assign it as", default="quiz", validators=[DataRequired()], choices=[
        SelectChoice("quiz", "A quiz: taken and marked, with the rules below"),
        SelectChoice("study", "Study: learned with spaced repetition, to be known by the "
                              "due date")])
    mode = SelectField("Mode", default="exam", choices=[
        SelectChoice("exam", "Exam (marked at the end)"),
        SelectChoice("practice", "Practice (each answer marked at once)")])
    question_count = WholeNumberField("Questions",
                                      validators=[Optional(), NumberRange(1, 500)],
                                      description="Leave empty for 10 in a quiz, or every "
                                                  "question of the set to study.")
    time_limit = WholeNumberField("Time limit (minutes)", validators=[Optional(),
                                                                      NumberRange(1, 600)],
                                  description="Leave empty for no time limit.")
    attempts = WholeNumberField("Attempts allowed", default=1,
                                validators=[Optional(), NumberRange(1, 100)],
                                description="Leave empty for as many as they like.")
    repeat = BooleanField("Questions may repeat across attempts", default=True)
    opens_at = DateTimeLocalField("Opens", validators=[Optional()], format="%Y-%m-%dT%H:%M",
                                  description="Leave empty to open now.")
    due_at = DateTimeLocalField("Due", validators=[Optional()], format="%Y-%m-%dT%H:%M")
    late = BooleanField("Accept late work (marked late)")
    late_until = DateTimeLocalField("Late work until", validators=[Optional()],
                                    format="%Y-%m-%dT%H:%M",
                                    description="Leave empty to accept it at any time.")
    target = WholeNumberField("Target retention (%)", default=90,
                              validators=[Optional(), NumberRange(70, 97)],
                              description="Study: the chance of recalling a question on the "
                                          "due date that counts it as learned (70–97).")
    tz_offset = HiddenField(default="0")


class ChangeAssignmentForm(FlaskForm):
    """What can change once assigned (see services/classes/managing.py)."""

    title = StringField("Title", validators=[DataRequired("Give it a title."),
                                             Length(max=300)])
    opens_at = DateTimeLocalField("Opens", validators=[Optional()], format="%Y-%m-%dT%H:%M",
                                  description="Leave empty: open now.")
    due_at = DateTimeLocalField("Due", validators=[Optional()], format="%Y-%m-%dT%H:%M")
    time_limit = WholeNumberField("Time limit (minutes)", validators=[Optional(),
                                                                      NumberRange(1, 600)],
                                  description="For attempts started from now on; leave "
                                              "empty for no time limit.")
    attempts = WholeNumberField("Attempts allowed", validators=[Optional(), NumberRange(1, 100)],
                                description="Leave empty for as many as they like.")
    late = BooleanField("Accept late work (marked late)")
    late_until = DateTimeLocalField("Late work until", validators=[Optional()],
                                    format="%Y-%m-%dT%H:%M",
                                    description="Leave empty to accept it at any time.")
    target = WholeNumberField("Target retention (%)",
                              validators=[Optional(), NumberRange(70, 97)],
                              description="The chance of recalling a question on the due "
                                          "date that counts it as learned (70–97).")
    tz_offset = HiddenField(default="0")
