"""The import form: the file, its format (told from the file by default), and whether
questions the file lacks leave the set."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from quizapp.core import formats

SEPARATORS = {"tab": "\t", "comma": ",", "newline": "\n", "semicolon": ";"}


def format_choices() -> list[SelectChoice]:
    return [SelectChoice("auto", "Tell from the file")] + [
        SelectChoice(f.name, f.label) for f in formats.readable()]


class ImportForm(FlaskForm):
    file = FileField("File", description="GIFT, Moodle XML, Aiken, Anki (.apkg or text), "
                                         "Quizlet text, CSV, Kahoot .xlsx or a quizapp "
                                         "bank; up to 32 MB.")
    format = SelectField("Format", default="auto")
    replace = BooleanField("Retire this set's questions that the file does not have",
                           description="They leave quizzes and study; their history stays, "
                                       "and importing them again brings them back.")
    term_sep = SelectField("Between term and definition", default="tab", choices=[
        SelectChoice("tab", "Tab"), SelectChoice("comma", "Comma"),
        SelectChoice("custom", "Custom")])
    term_custom = StringField("Custom separator", validators=[Optional(), Length(max=10)])
    card_sep = SelectField("Between cards", default="newline", choices=[
        SelectChoice("newline", "New line"), SelectChoice("semicolon", "Semicolon"),
        SelectChoice("custom", "Custom")])
    card_custom = StringField("Custom separator", validators=[Optional(), Length(max=10)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.format.choices = format_choices()

    def quizlet_options(self) -> str:
        """Quizlet's separators, when chosen, as `term \\x1f card` ('' for the defaults)."""
        if self.format.data not in ("quizlet", "auto"):
            return ""
        term = (self.term_custom.data or "") if self.term_sep.data == "custom" else \
            SEPARATORS.get(self.term_sep.data or "tab", "\t")
        card = (self.card_custom.data or "") if self.card_sep.data == "custom" else \
            SEPARATORS.get(self.card_sep.data or "newline", "\n")
        if (term, card) == ("\t", "\n"):
            return ""
        return f"{term or chr(9)}\x1f{card or chr(10)}"
