"""A question as the learner saw it: the options in their seeded order, and the snapshot
of the question kept on each answer so a review shows what was asked then."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.core import quiz as core_quiz
from quizapp.models import Question

TRUE_FALSE = (("true", "True"), ("false", "False"))


@dataclass(frozen=True)
class Shown:
    """A question as the learner saw it, kept on the answer (re-imports may edit the row)."""

    qid: str
    type: str
    prompt: str
    answer: Any
    choices: list[str]
    tolerance: Any
    explanation: str | None
    source_text: str | None

    @classmethod
    def of(cls, question: Question | dict[str, Any]) -> Shown:
        """From a question row, or from the dict stored on an answer."""
        values: dict[str, Any] = (
            {f: question.get(f) for f in SHOWN_FIELDS} if isinstance(question, dict)
            else {f: getattr(question, f) for f in SHOWN_FIELDS})
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """The dict stored on the answer."""
        return {f: getattr(self, f) for f in SHOWN_FIELDS}


SHOWN_FIELDS = ("qid", "type", "prompt", "answer", "choices", "tolerance", "explanation",
                "source_text")


def shown_options(question: Question | Shown, seed: int) -> list[tuple[str, str]]:
    """(value sent by the form, text shown) for each option, in the order the learner saw."""
    if question.type == "true_false":
        return list(TRUE_FALSE)
    if question.type in ("mcq", "multi"):
        order = core_quiz.option_order(question.choices or [], seed=seed, question_id=question.qid)
        return [(str(i), text) for i, text in enumerate(order)]
    return []
