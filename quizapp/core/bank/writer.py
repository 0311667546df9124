"""Serialisation of a Bank to plain data, YAML or JSON, keys in the documented order."""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml

from quizapp.core.bank.model import FORMAT, Bank, BankSource, Question


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    """The bank as plain data: documented key order, empty optional keys omitted, extras kept."""
    data: dict[str, Any] = {"format": FORMAT, "id": bank.id, "title": bank.title}
    _put(data, "description", bank.description)
    _put(data, "language", bank.language)
    if bank.source is not None:
        data["source"] = _source_to_dict(bank.source)
    if bank.generator is not None:
        data["generator"] = copy.deepcopy(dict(bank.generator))
    data.update(copy.deepcopy(dict(bank.extra)))
    data["questions"] = [question_to_dict(question) for question in bank.questions]
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != ():
        data[key] = list(value) if isinstance(value, tuple) else value


def _source_to_dict(source: BankSource) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "title", source.title)
    _put(data, "file", source.file)
    _put(data, "sha256", source.sha256)
    data.update(copy.deepcopy(dict(source.extra)))
    return data


def question_to_dict(question: Question) -> dict[str, Any]:
    """One question as plain data in the documented key order."""
    data: dict[str, Any] = {"id": question.id, "type": question.type, "prompt": question.prompt}
    _put(data, "choices", question.choices)
    answer = question.answer
    data["answer"] = list(answer) if isinstance(answer, tuple) else answer
    _put(data, "accept", question.accept)
    _put(data, "tolerance", question.tolerance)
    _put(data, "explanation", question.explanation)
    _put(data, "tags", question.tags)
    _put(data, "difficulty", question.difficulty)
    if question.source is not None:
        span = question.source
        data["source"] = {"start": span.start, "end": span.end, "text": span.text}
    data.update(copy.deepcopy(dict(question.extra)))
    return data


def dump_bank(bank: Bank, fmt: str = "yaml") -> str:
    """Serialise a bank as YAML (`fmt="yaml"`) or JSON (`fmt="json"`)."""
    data = bank_to_dict(bank)
    if fmt in ("yaml", "yml"):
        return yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown bank format {fmt!r}; use 'yaml' or 'json'")
