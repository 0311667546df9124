"""Export then import gives back the same bank, in YAML and in JSON."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, BankError, bank_to_dict, dump_bank, parse_bank
from tests.strategies import banks


@settings(max_examples=150, deadline=None)
@given(banks())
def test_yaml_round_trip_is_lossless(bank: Bank) -> None:
    assert parse_bank(dump_bank(bank, "yaml"), "bank.yaml") == bank


@settings(max_examples=150, deadline=None)
@given(banks())
def test_json_round_trip_is_lossless(bank: Bank) -> None:
    assert parse_bank(dump_bank(bank, "json"), "bank.json") == bank


@settings(max_examples=50, deadline=None)
@given(banks())
def test_export_keeps_documented_key_order(bank: Bank) -> None:
    data = bank_to_dict(bank)
    order = ["format", "id", "title", "description", "language", "source", "generator"]
    known = [key for key in data if key in order]
    assert known == [key for key in order if key in data]
    assert list(data)[-1] == "questions"
    for question in data["questions"]:
        assert list(question)[:3] == ["id", "type", "prompt"]


@settings(max_examples=60, deadline=None)
@given(banks(), st.sampled_from(["yaml", "json"]), st.data())
def test_errors_point_at_the_broken_field_in_any_layout(
    bank: Bank, fmt: str, data: st.DataObject
) -> None:
    tree = bank_to_dict(bank)
    index = data.draw(st.integers(0, len(tree["questions"]) - 1))
    tree["questions"][index]["difficulty"] = 7.25
    if fmt == "yaml":
        text = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100)
        needle = "difficulty: 7.25"
    else:
        indent = data.draw(st.sampled_from([None, 1, 4]))
        text = json.dumps(tree, ensure_ascii=False, indent=indent)
        needle = '"difficulty": 7.25'
    with pytest.raises(BankError) as info:
        parse_bank(text, "bank." + fmt)
    err = info.value
    assert (err.question_id, err.field) == (bank.questions[index].id, "difficulty")
    assert err.line is not None
    assert needle in text.splitlines()[err.line - 1]
