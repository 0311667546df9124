"""Forms and signed submission tokens for study sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import DecimalField, HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from quizapp.services.study.settings import MAX_REVIEWS_RANGE, NEW_PER_DAY_RANGE, RETENTION_RANGE
from quizapp.web.fields import WholeNumberField

TOKEN_SALT = "quizapp-study-review"
TOKEN_MAX_AGE = 24 * 3600  # a card left open for a day must be reloaded
MAX_DURATION_MS = 5 * 60 * 1000  # longer than this is a break, not thinking time


@dataclass(frozen=True)
class Ticket:
    """What a signed submission token says: whose card, which review, when it was shown."""

    user_id: int
    card_id: int
    submission_id: str
    issued_at: datetime


def _serializer() -> URLSafeTimedSerializer:
    """The signer, keyed by the app's secret key."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_token(user_id: int, card_id: int, reps: int) -> str:
    """A server-issued submission id for one showing of a card, signed (no write on GET).

    The id is derived from the card and how many reviews it has had, so every tab, retry or
    double click that shows the card in the same state carries the same id, and the unique
    constraint keeps one review; the next showing (after that review) gets a new id."""
    return _serializer().dumps({"u": user_id, "c": card_id, "n": f"card-{card_id}-rep-{reps}"})


def read_token(token: str, user_id: int, card_id: int) -> Ticket | None:
    """The ticket if the token is ours, for this user and card, and not too old."""
    try:
        data, issued = _serializer().loads(token, max_age=TOKEN_MAX_AGE, return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user_id or data.get("c") != card_id:
        return None
    return Ticket(user_id, card_id, str(data.get("n")), issued.astimezone(UTC))


def duration_ms(ticket: Ticket, now: datetime) -> int:
    """Time from showing the card to rating it, capped (a long pause is not effort)."""
    return max(0, min(MAX_DURATION_MS, int((now - ticket.issued_at).total_seconds() * 1000)))


class AnswerForm(FlaskForm):
    """Reveal the answer, optionally with a typed or chosen answer."""

    token = HiddenField(validators=[DataRequired()])
    answer = StringField("Your answer", validators=[Length(max=500)])


class ReviewForm(FlaskForm):
    """Rate a revealed card: Again (1) .. Easy (4)."""

    token = HiddenField(validators=[DataRequired()])
    rating = WholeNumberField(validators=[InputRequired(), AnyOf([1, 2, 3, 4],
                                      message="Choose Again, Hard, Good or Easy.")])


class AddSetForm(FlaskForm):
    """"Study this set" (a POST with a CSRF token)."""


class SettingsForm(FlaskForm):
    """A learner's study settings."""

    desired_retention = DecimalField(
        "Desired retention (%)", places=0,
        validators=[InputRequired("Enter a percentage."),
                    NumberRange(RETENTION_RANGE[0] * 100, RETENTION_RANGE[1] * 100,
                                message="Choose between 70 and 97 percent.")],
        description="How likely you want to be to remember a question when it comes back. "
                    "Higher means more reviews. 90% suits most people.")
    new_per_day = WholeNumberField(
        "New questions per day",
        validators=[InputRequired("Enter a number."),
                    NumberRange(*NEW_PER_DAY_RANGE,
                                message=f"Choose between {NEW_PER_DAY_RANGE[0]} and "
                                        f"{NEW_PER_DAY_RANGE[1]}.")],
        description="Questions you have never seen, introduced each day.")
    max_reviews_per_day = WholeNumberField(
        "Maximum reviews per day",
        validators=[InputRequired("Enter a number."),
                    NumberRange(*MAX_REVIEWS_RANGE,
                                message=f"Choose between {MAX_REVIEWS_RANGE[0]} and "
                                        f"{MAX_REVIEWS_RANGE[1]}.")],
        description="After a break, the questions you are most likely to have forgotten "
                    "come first; the rest wait for the next day.")
    day_start_hour = WholeNumberField(
        "New day starts at (hour, UTC)",
        validators=[InputRequired("Enter an hour."),
                    NumberRange(0, 23, message="Choose an hour from 0 to 23.")],
        description="Reviews after midnight still count for the previous day until this hour.")
