"""Small keyword-default factories for tests."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.models import User
from quizapp.services import accounts, banks

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def make_user(session: Session, username: str = "ada", *, role: str = "learner",
              password: str = "correct horse battery", now: datetime = NOW) -> User:
    """An account created through the accounts service."""
    user = accounts.register(session, username=username, password=password,
                             role="teacher" if role == "admin" else role, now=now)
    if role == "admin":
        accounts.set_role(session, username, "admin")
    return user


def make_question(qid: str = "q1", **fields: Any) -> core_bank.Question:
    """A valid question value (mcq by default)."""
    values: dict[str, Any] = {
        "id": qid, "type": "mcq", "prompt": f"Question {qid}?",
        "answer": "Singapore", "choices": ("Singapore", "Hanoi", "Seoul", "Tokyo"),
    } | fields
    return core_bank.Question(**values)


def make_bank(slug: str = "sample", *, title: str = "Sample set", questions: int = 3,
              **fields: Any) -> core_bank.Bank:
    """A valid bank value with `questions` mcq questions q1..qN."""
    qs = fields.pop("question_values", None) or tuple(
        make_question(f"q{i}") for i in range(1, questions + 1))
    return core_bank.Bank(id=slug, title=title, questions=tuple(qs), **fields)


def import_bank(session: Session, bank: core_bank.Bank | None = None, *,
                now: datetime = NOW) -> banks.ImportReport:
    """Import a bank value through the banks service."""
    return banks.import_bank(session, bank or make_bank(), now=now)
