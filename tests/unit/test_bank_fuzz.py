"""Fuzzing: whatever the input, parse_bank returns a Bank or raises BankError, nothing else."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, BankError, bank_to_dict, dump_bank, parse_bank
from tests.strategies import banks

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["mcq", "multi", "true_false", "short", "cloze", "numeric", "_____"])
)  # fmt: skip
data_trees: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


# YAML/JSON constructs most likely to trip a parser: tags, anchors, merges, documents, numbers.
TOKENS = [
    "!!int ", "!!float ", "!!bool ", "!!null ", "!!str ", "!!binary ", "!!set ", "!!omap ",
    "!!python/name:os.system ", "!foo ", "&a ", "*a", "<<: ", "? ", "---\n", "...\n",
    "%YAML 1.1\n", "0x_", "0b_", "1:20", ".nan", "-.inf", "1e999", "NaN", "Infinity", "\t",
    "\ufeff", "\x00", "\\u0000", "\\ud800", "9" * 50, "[" * 40, "{" * 40,
]  # fmt: skip


def outcome(text: str, filename: str) -> Bank | None:
    """Parse, turning the one allowed failure (BankError) into None."""
    try:
        bank = parse_bank(text, filename)
    except BankError as err:
        assert err.file == filename
        assert str(err).startswith(filename + ":")
        return None
    assert isinstance(bank, Bank)
    return bank


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["f.yaml", "f.json"]))
def test_arbitrary_text(text: str, filename: str) -> None:
    outcome(text, filename)


@FUZZ
@given(data_trees, st.sampled_from(["yaml", "json"]))
def test_arbitrary_data_structures(tree: Any, fmt: str) -> None:
    if fmt == "yaml":
        text = yaml.safe_dump(tree, allow_unicode=True)
    else:
        text = json.dumps(tree, ensure_ascii=False)
    outcome(text, "f." + fmt)


def _replace(tree: Any, path: list[Any], new: Any) -> Any:
    """Put `new` at the position chosen by `path` (indices wrap) inside `tree`."""
    if not path or not isinstance(tree, dict | list) or not tree:
        return new
    if isinstance(tree, dict):
        key = list(tree)[path[0] % len(tree)]
        return {**tree, key: _replace(tree[key], path[1:], new)}
    index = path[0] % len(tree)
    return tree[:index] + [_replace(tree[index], path[1:], new)] + tree[index + 1 :]


@FUZZ
@given(banks(max_questions=3), st.lists(st.integers(0, 50), max_size=5), data_trees,
       st.sampled_from(["yaml", "json"]))  # fmt: skip
def test_valid_bank_with_one_value_swapped(bank: Bank, path: list[int], new: Any, fmt: str) -> None:
    tree = _replace(bank_to_dict(bank), path, new)
    if fmt == "yaml":
        text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    else:
        text = json.dumps(tree, ensure_ascii=False)
    outcome(text, "f." + fmt)


@FUZZ
@given(banks(max_questions=3), st.sampled_from(["yaml", "json"]), st.data())
def test_valid_bank_text_with_random_edits(bank: Bank, fmt: str, data: st.DataObject) -> None:
    text = dump_bank(bank, fmt)
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 20)))
        insert = data.draw(
            st.text(alphabet=":-[]{}\"'&*!# \n_0123456789abc,", max_size=8)
            | st.sampled_from(TOKENS)
        )
        text = text[:start] + insert + text[end:]
    outcome(text, "f." + fmt)
