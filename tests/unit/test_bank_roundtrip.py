"""Export then import gives back the same bank, in YAML and in JSON."""

from __future__ import annotations

from hypothesis import given, settings

from quizapp.core.bank import Bank, bank_to_dict, dump_bank, parse_bank
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
