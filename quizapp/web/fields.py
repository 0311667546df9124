"""Form fields shared by the features."""
from __future__ import annotations

from typing import Any

from wtforms import IntegerField

MAX_DIGITS = 9


class WholeNumberField(IntegerField):
    """An IntegerField that refuses more than nine digits beside the field, before any
    validator compares it (WTForms' NumberRange turns a 401-digit number into a float and
    fails with OverflowError, a 500)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse as IntegerField does, after refusing over-long numbers."""
        if valuelist and isinstance(valuelist[0], str):
            digits = valuelist[0].strip().lstrip("+-")
            if len(digits) > MAX_DIGITS:
                self.data = None
                raise ValueError(self.gettext("Enter a smaller whole number."))
        super().process_formdata(valuelist)
