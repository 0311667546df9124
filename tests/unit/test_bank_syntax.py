"""Syntax-level rules: extensions, parse errors, duplicate keys, aliases, nesting, JSON lines."""

from __future__ import annotations

import json
import time

import pytest
import yaml

from quizapp.core.bank import BankError, dump_bank, parse_bank
from tests.unit.bank_helpers import HEADER, MCQ, bank_text, line_of, question, rejection

VALID = bank_text(MCQ, question(id="year", type="short", prompt="Year?", answer="'1989'"))


def test_format_follows_the_extension() -> None:
    bank = parse_bank(VALID, "b.yml")
    assert parse_bank(dump_bank(bank, "json"), "B.JSON") == bank
    err = rejection(VALID, filename="questions/b.txt")
    assert err.file == "questions/b.txt" and ".txt" in err.message
    assert "(none)" in rejection(VALID, filename="bank").message


def test_yaml_syntax_error_names_the_parser_line() -> None:
    text = VALID.replace("prompt: Year?", "prompt: [Year?")
    err = rejection(text)
    assert err.message.startswith("invalid YAML")
    assert line_of(text, "[Year?") <= err.line <= line_of(text, "[Year?") + 1


def test_json_syntax_error_names_the_line() -> None:
    text = dump_bank(parse_bank(VALID, "b.yaml"), "json")
    broken = text.replace('"type": "short",', '"type": "short"')
    err = rejection(broken, filename="b.json")
    assert err.message.startswith("invalid JSON")
    assert err.line == line_of(broken, '"prompt": "Year?"')


def test_json_errors_name_the_line_of_the_field() -> None:
    text = dump_bank(parse_bank(VALID, "b.yaml"), "json").replace('"Hanoi"', '"Singapore"')
    err = rejection(text, filename="b.json")
    assert (err.question_id, err.field) == ("where", "choices[1]")
    assert err.line == line_of(text, '"Singapore"', occurrence=2)


def test_json_answer_field_line_in_single_line_and_nested_layouts() -> None:
    data = json.loads(dump_bank(parse_bank(VALID, "b.yaml"), "json"))
    data["questions"][1]["answer"] = ""
    compact = json.dumps(data)
    assert rejection(compact, filename="b.json").line == 1
    lines = json.dumps(data, indent=1).replace('"answer": ""', '"answer":\n\n ""')
    err = rejection(lines, filename="b.json")
    assert (err.question_id, err.field, err.line) == (
        "year",
        "answer",
        line_of(lines, '"answer"', 2),
    )


@pytest.mark.parametrize(
    ("text", "filename", "needle", "first"),
    [
        (
            VALID.replace("title: Demo bank", "title: Demo bank\ntitle: Again"),
            "b.yaml",
            "title: Again",
            "title: Demo",
        ),
        (
            VALID.replace("answer: Singapore", "answer: Singapore\n    answer: Hanoi"),
            "b.yaml",
            "answer: Hanoi",
            "answer: Singapore",
        ),
        (
            '{"format": "quizapp-bank/1",\n "id": "a",\n "id": "b"}',
            "b.json",
            '"id": "b"',
            '"id": "a"',
        ),
    ],
)
def test_duplicate_keys_are_rejected(text: str, filename: str, needle: str, first: str) -> None:
    err = rejection(text, filename=filename)
    assert err.line == line_of(text, needle)
    assert "duplicate key" in err.message and f"line {line_of(text, first)}" in err.message


def test_yaml_anchors_and_aliases_are_refused() -> None:
    text = VALID.replace("choices: [Singapore", "choices: &c [Singapore").replace(
        "type: short", "type: short\n    tags: *c")  # fmt: skip
    err = rejection(text)
    assert "anchors and aliases" in err.message and err.line == line_of(text, "&c")


def test_billion_laughs_fails_fast() -> None:
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        lol.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{','.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    err = rejection("\n".join(lol) + "\n")
    assert time.perf_counter() - started < 2
    assert err.line == 1


def test_merge_keys_custom_tags_and_several_documents_are_refused() -> None:
    assert "merge keys" in rejection(VALID + "extra:\n  <<: {a: 1}\n").message
    assert "tag" in rejection(VALID + "x: !!python/object:os.system {}\n").message
    assert "tag" in rejection(VALID + "x: !!set {a, b}\n").message
    err = rejection(VALID + "---\n" + VALID)
    assert "one YAML document" in err.message and err.line == VALID.count("\n") + 1


@pytest.mark.parametrize("filename", ["deep.yaml", "deep.json"])
def test_deep_nesting_is_refused(filename: str) -> None:
    text = '{"format": "quizapp-bank/1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested" in rejection(text, filename=filename).message


def test_json_constants_and_huge_numbers_are_refused() -> None:
    bank = dump_bank(parse_bank(VALID, "b.yaml"), "json")
    assert "NaN" in rejection(bank.replace('"1989"', "NaN"), filename="b.json").message
    huge = bank.replace('"1989"', "9" * 5000)
    assert rejection(huge, filename="b.json").message.startswith("invalid JSON")


def test_unreadable_characters_name_their_line() -> None:
    text = VALID.replace("Year?", "Year\x07?")
    assert rejection(text).line == line_of(text, "Year\x07")


def test_yaml_dates_stay_text_as_written() -> None:
    text = bank_text(MCQ, question(id="d", type="short", prompt="When?", answer="2019-02-27"))
    assert parse_bank(text, "b.yaml").questions[1].answer == "2019-02-27"
    extra = parse_bank(
        HEADER.replace("questions:", "updated: 2024-01-02\nquestions:") + MCQ, "b.yaml"
    )
    assert extra.extra == {"updated": "2024-01-02"}


@pytest.mark.parametrize(
    "value",
    [
        "0x_",
        "-0b_",
        "!!int",
        "!!float",
        "!!int 12a",
        "!!float x",
        "!!bool maybe",
        "!!int " + "9" * 5000,
    ],
)
def test_scalars_yaml_cannot_convert_are_clean_errors(value: str) -> None:
    text = bank_text(MCQ, question(id="n", type="numeric", prompt="P?", answer=value))
    err = rejection(text)
    assert err.line == line_of(text, "answer: " + value[:10], after=9)
    assert "cannot read" in err.message


def test_pure_python_yaml_loader_gives_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizapp.core.bank import syntax

    texts = [
        VALID,
        VALID.replace("answer: '1989'", "answer: 1989"),
        VALID.replace("title: Demo bank", "title: Demo bank\ntitle: Again"),
        VALID.replace("Year?", "Year\x07?"),
        VALID + "x: &a 1\ny: *a\n",
        VALID.replace("answer: Singapore", "answer: 0x_"),
    ]

    def results() -> list[object]:
        out: list[object] = []
        for text in texts:
            try:
                out.append(parse_bank(text, "b.yaml"))
            except BankError as err:
                out.append((err.line, err.question_id, err.field, err.message.split(":")[0]))
        return out

    fast = results()
    monkeypatch.setattr(syntax, "Loader", yaml.SafeLoader)
    assert results() == fast
