"""Our own bank format (docs/bank-format.md), YAML or JSON: carries everything."""
from __future__ import annotations

import os

from quizapp.core.bank import Bank, BankError, dump_bank, parse_bank
from quizapp.core.formats.base import FIELDS, Exported, FormatError, Parsed
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode


def read(data: bytes, filename: str) -> Parsed:
    """A bank file; any broken rule rejects the whole file, as `quizapp import` does."""
    text = decode(data, filename)
    if os.path.splitext(filename)[1].lower() not in (".yaml", ".yml", ".json"):
        filename += ".yaml"
    try:
        bank = parse_bank(text, filename)
    except BankError as exc:
        where = f"line {exc.line}" if exc.line else None
        detail = exc.message
        if exc.question_id:
            detail = f"question {exc.question_id!r}: " + (f"{exc.field}: " if exc.field else "") \
                + detail
        elif exc.field:
            detail = f"{exc.field}: {detail}"
        raise FormatError(detail, file=exc.file, where=where) from None
    return Parsed(bank.questions, title=bank.title, bank=bank)


def write_yaml(bank: Bank) -> Exported:
    return Exported(dump_bank(bank, "yaml").encode("utf-8"))


def write_json(bank: Bank) -> Exported:
    return Exported(dump_bank(bank, "json").encode("utf-8"))


YAML = Format("yaml", "quizapp bank (YAML)", (".yaml", ".yml"), frozenset(FIELDS), read,
              write_yaml, ".yaml", "application/yaml; charset=utf-8")
JSON = Format("json", "quizapp bank (JSON)", (".json",), frozenset(FIELDS), read, write_json,
              ".json", "application/json; charset=utf-8")
