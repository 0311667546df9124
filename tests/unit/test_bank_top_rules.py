"""Top-level rules of a bank file: each rejection names the line and the field."""

from __future__ import annotations

import pytest

from quizapp.core.bank import parse_bank
from tests.unit.bank_helpers import HEADER, MCQ, bank_text, line_of, rejection

# (rule, header replacing the default, text on the reported line, field, words in the message)
CASES = [
    (
        "format wrong",
        HEADER.replace("quizapp-bank/1", "quizapp-bank/2"),
        "format:",
        "format",
        "must be exactly 'quizapp-bank/1'",
    ),
    (
        "format missing",
        HEADER.replace("format: quizapp-bank/1\n", ""),
        "id: demo-bank",
        "format",
        "required",
    ),
    (
        "id not a slug",
        HEADER.replace("demo-bank", "Demo_Bank"),
        "id: Demo",
        "id",
        "a-z, 0-9 and '-'",
    ),
    ("id too long", HEADER.replace("demo-bank", "a" * 81), "id: aaa", "id", "1-80"),
    ("id missing", HEADER.replace("id: demo-bank\n", ""), "format:", "id", "required"),
    ("title empty", HEADER.replace("Demo bank", "''"), "title:", "title", "empty"),
    ("title missing", HEADER.replace("title: Demo bank\n", ""), "format:", "title", "required"),
    (
        "description not text",
        HEADER + "description: [a]\n",
        "description:",
        "description",
        "must be text",
    ),
    ("language not text", HEADER + "language: {a: 1}\n", "language:", "language", "must be text"),
    (
        "source not a mapping",
        HEADER + "source: article.txt\n",
        "source:",
        "source",
        "must be a mapping",
    ),
    (
        "source sha256 not hex",
        HEADER + "source: {sha256: ABC}\n",
        "source:",
        "source.sha256",
        "64 lowercase hexadecimal",
    ),
    (
        "source file absolute",
        HEADER + "source:\n  file: /etc/passwd\n",
        "file:",
        "source.file",
        "relative",
    ),
    (
        "source title not text",
        HEADER + "source:\n  title: [x]\n",
        "title: [x]",
        "source.title",
        "must be text",
    ),
    (
        "generator not a mapping",
        HEADER + "generator: quizapp\n",
        "generator:",
        "generator",
        "must be a mapping",
    ),
    (
        "extra field not plain data",
        HEADER + "when: !!binary aGVsbG8=\n",
        "when:",
        None,
        "unsupported YAML tag",
    ),
]


@pytest.mark.parametrize(
    ("header", "needle", "field", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_top_level_rule(header: str, needle: str, field: str | None, words: str) -> None:
    if not header.endswith("questions:\n"):
        header = header.replace("questions:\n", "") + "questions:\n"
    text = bank_text(MCQ, header=header)
    err = rejection(text)
    assert (err.line, err.question_id, err.field) == (line_of(text, needle), None, field)
    assert words in err.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- a\n- b\n", "must be a mapping"),
        ("just words\n", "must be a mapping"),
        (HEADER.replace("questions:\n", "questions: []\n"), "at least one question"),
        (HEADER.replace("questions:\n", "questions: {a: 1}\n"), "must be a list"),
        (HEADER.replace("questions:\n", ""), "required"),
    ],
)
def test_top_level_shape(text: str, words: str) -> None:
    err = rejection(text)
    assert words in err.message
    assert err.line is not None and 1 <= err.line <= text.count("\n") + 1


def test_empty_file_is_rejected() -> None:
    assert "empty" in rejection("").message
    assert "empty" in rejection("# only a comment\n").message


def test_unknown_fields_are_kept_for_export() -> None:
    text = bank_text(
        MCQ.replace("answer: Singapore", "answer: Singapore\n    hint: {text: Asia, cost: 1}"),
        header=HEADER.replace("questions:", "licence: CC-BY-4.0\nquestions:"),
    )
    bank = parse_bank(text, "x.yaml")
    assert bank.extra == {"licence": "CC-BY-4.0"}
    assert bank.questions[0].extra == {"hint": {"text": "Asia", "cost": 1}}


def test_null_optional_field_counts_as_absent() -> None:
    header = HEADER.replace("questions:", "description:\nlanguage: ~\nquestions:")
    bank = parse_bank(bank_text(MCQ, header=header), "x.yaml")
    assert (bank.description, bank.language) == (None, None)


def test_yaml_one_point_one_booleans_stay_text_where_text_is_expected() -> None:
    text = bank_text(MCQ, header=HEADER.replace("questions:", "language: no\nquestions:"))
    assert parse_bank(text, "x.yaml").language == "no"
