"""Small helpers shared by the bank tests: a valid bank text and error capture."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.core.bank import BankError, parse_bank

HEADER = """\
format: quizapp-bank/1
id: demo-bank
title: Demo bank
questions:
"""

MCQ = """\
  - id: where
    type: mcq
    prompt: Where did they first meet?
    choices: [Singapore, Hanoi, the DMZ]
    answer: Singapore
"""


def bank_text(*questions: str, header: str = HEADER) -> str:
    """A YAML bank made of the header and the given question blocks (dedented, indented by 2)."""
    body = "".join(textwrap.indent(textwrap.dedent(q), "  ") for q in questions)
    return header + body


def question(**fields: str) -> str:
    """A question block from `key=yaml value` pairs, in the given order."""
    first, *rest = fields.items()
    lines = [f"- {first[0]}: {first[1]}"] + [f"  {key}: {value}" for key, value in rest]
    return "\n".join(lines) + "\n"


MCQ_END = len((HEADER + MCQ).splitlines())


def rejection(text: str, filename: str = "questions/x.yaml", **kwargs: object) -> BankError:
    """The BankError that parsing `text` raises (fails the test if it parses)."""
    with pytest.raises(BankError) as info:
        parse_bank(text, filename, **kwargs)  # type: ignore[arg-type]
    return info.value


def line_of(text: str, needle: str, occurrence: int = 1, after: int = 0) -> int:
    """1-based line of the `occurrence`-th line after line `after` containing `needle`."""
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line and n > after]
    return hits[occurrence - 1]
