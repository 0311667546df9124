"""One question, or a set's own fields, checked by the very rules a bank file is checked
by: the editor's forms call these, so a question a teacher saves is one `quizapp import`
would accept, and the other way round (one validator, not two)."""

from __future__ import annotations

from typing import Any

from quizapp.core.bank.fields import Reader
from quizapp.core.bank.model import BankError, Question
from quizapp.core.bank.questions import question_id, read_question
from quizapp.core.bank.syntax import Document
from quizapp.core.bank.validate import SLUG_RE

MAX_TITLE = 300
MAX_DESCRIPTION = 5000
MAX_TAGS = 20


def check_question(data: dict[str, Any], *, source_text: str | None = None,
                   where: str = "question") -> Question:
    """A question mapping (bank-file keys) as a validated Question, or BankError whose
    `field` names the key at fault (`prompt`, `choices[2]`, `answer`, ...)."""
    path = ("questions", 0)
    reader = Reader(Document(data={"questions": [data]}), where)
    qid = question_id(reader, data, path)
    reader.question_id = qid
    return read_question(reader, data, path, qid, source_text)


def check_set_fields(*, slug: str, title: str, description: str | None,
                     language: str | None, tags: list[str]) -> None:
    """A set's id, title, description, language and tags, as a bank file's top level."""
    def fail(field: str, message: str) -> BankError:
        return BankError(message, file="set", field=field)

    if not SLUG_RE.fullmatch(slug):
        raise fail("id", "use 1-80 characters of a-z, 0-9 and '-'")
    if not title.strip():
        raise fail("title", "must not be empty")
    if len(title) > MAX_TITLE:
        raise fail("title", f"must be at most {MAX_TITLE} characters")
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise fail("description", f"must be at most {MAX_DESCRIPTION} characters")
    if language is not None and (not language.strip() or len(language) > 35):
        raise fail("language", "use a language tag such as 'en' or 'pt-BR'")
    if len(tags) > MAX_TAGS:
        raise fail("tags", f"at most {MAX_TAGS} tags")
    for tag in tags:
        if not tag.strip() or len(tag) > 60:
            raise fail("tags", "each tag is 1-60 characters")


def key_text(question: Question) -> str:
    """The answer key as a teacher reads it: "Paris", "Jupiter; Saturn", "8 (± 0.5)"."""
    answer = question.answer
    if isinstance(answer, tuple):
        return "; ".join(answer)
    if isinstance(answer, bool):
        return "True" if answer else "False"
    if question.type == "numeric" and question.tolerance:
        return f"{answer} (± {question.tolerance})"
    return str(answer)
