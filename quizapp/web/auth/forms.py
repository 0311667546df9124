"""WTForms for accounts (other features keep their forms beside their blueprint)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from quizapp.services.accounts import MAX_PASSWORD, MIN_PASSWORD

USERNAME_RULE = Regexp(r"^\s*[A-Za-z0-9_.-]+\s*$",
                       message="Use letters, digits, dots, dashes or underscores.")


class SignInForm(FlaskForm):
    """Sign in with username and password."""

    username = StringField("Username", validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in for 14 days")


class SignUpForm(FlaskForm):
    """Create an account as a learner or a teacher."""

    username = StringField(
        "Username", validators=[DataRequired(), Length(min=2, max=64), USERNAME_RULE],
        description="Letters, digits, dots, dashes or underscores.",
        render_kw={"autocomplete": "username", "autofocus": True})
    display_name = StringField("Your name (shown to teachers)",
                               validators=[Length(max=120)], render_kw={"autocomplete": "name"})
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=f"At least {MIN_PASSWORD} characters. A passphrase is easiest to remember.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})
    role = RadioField("I am a", choices=[
        SelectChoice("learner", "Learner — I take quizzes and study"),
        SelectChoice("teacher", "Teacher — I also create sets and run classes")],
        default="learner", validators=[DataRequired()])


class SignOutForm(FlaskForm):
    """Sign out (a POST with a CSRF token, never a GET)."""


class PasswordForm(FlaskForm):
    """Change the password: the current one, then the new one twice."""

    current = PasswordField("Current password", validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password", "autofocus": True})
    password = PasswordField(
        "New password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=f"At least {MIN_PASSWORD} characters. A passphrase is easiest to remember.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat new password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})
