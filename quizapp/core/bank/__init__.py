"""The question-bank format `quizapp-bank/1`: parser, validator and writer.

Rules beyond the format page, decided here:
- Where text is expected (ids, prompts, choices, answers, accept, tags, ...) a bare YAML/JSON
  number or boolean is kept exactly as written (`answer: 1989` gives "1989", `language: no`
  gives "no"), so nothing is lost; quoting is never needed.
- A YAML date (`2019-02-27`) is kept as the text written; JSON has no date type.
- `null` for an optional field means the field is absent.
- Choices (and multi answers) must be distinct ignoring case and surrounding spaces.
- Unknown keys are kept in `extra` (plain JSON-compatible data only) and written back on export.
- YAML anchors/aliases, merge keys, custom tags, several documents, duplicate keys and nesting
  deeper than 32 levels are refused.
"""

from __future__ import annotations

from quizapp.core.bank.loading import load_bank_and_source, load_bank_file, parse_bank
from quizapp.core.bank.model import (
    FORMAT,
    GAP,
    QUESTION_TYPES,
    Bank,
    BankError,
    BankSource,
    Question,
    SourceSpan,
)
from quizapp.core.bank.single import check_question, check_set_fields, key_text
from quizapp.core.bank.writer import bank_to_dict, dump_bank, question_to_dict

__all__ = [
    "FORMAT",
    "GAP",
    "QUESTION_TYPES",
    "Bank",
    "BankError",
    "BankSource",
    "Question",
    "SourceSpan",
    "bank_to_dict",
    "check_question",
    "check_set_fields",
    "dump_bank",
    "key_text",
    "load_bank_and_source",
    "load_bank_file",
    "parse_bank",
    "question_to_dict",
]
