"""Hypothesis strategies for valid question banks: `from tests.strategies import banks`."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from quizapp.core.bank import GAP, QUESTION_TYPES, Bank, BankSource, Question, SourceSpan

# Text a person types: any letters, digits, punctuation and spaces, plus newlines; no control
# characters or lone surrogates (a bank file is UTF-8 text that YAML must be able to read).
CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufeff"
) | st.just("\n")
TOP_KEYS = {"format", "id", "title", "description", "language", "source", "generator", "questions"}
QUESTION_KEYS = {
    "id", "type", "prompt", "choices", "answer", "accept", "tolerance",
    "explanation", "tags", "difficulty", "source",
}  # fmt: skip

texts = st.text(CHARS, max_size=30)
words = st.text(CHARS, min_size=1, max_size=20).filter(lambda s: s.strip() != "")
slugs = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=80)
numbers = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)


def _distinct_words(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(
        words, min_size=min_size, max_size=max_size, unique_by=lambda s: s.strip().casefold()
    )


plain_data: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def extras(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown optional fields: keys that are not format keys, plain JSON-like values."""
    keys = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
        lambda k: k not in known
    )
    return st.dictionaries(keys, plain_data, max_size=2)


@st.composite
def spans(draw: st.DrawFn) -> SourceSpan:
    """A source span whose text length matches its offsets."""
    text = draw(texts)
    start = draw(st.integers(0, 10**6))
    return SourceSpan(start=start, end=start + len(text), text=text)


@st.composite
def questions(draw: st.DrawFn, qtype: str | None = None) -> Question:
    """A valid question of `qtype` (any type when None)."""
    qtype = qtype or draw(st.sampled_from(QUESTION_TYPES))
    qid = draw(st.text(CHARS, min_size=1, max_size=40).filter(lambda s: s == s.strip() and s))
    prompt = draw(words)
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    tolerance = None
    answer: Any
    if qtype == "mcq":
        choices = tuple(draw(_distinct_words(3, 6)))
        answer = draw(st.sampled_from(choices))
    elif qtype == "multi":
        choices = tuple(draw(_distinct_words(3, 8)))
        answer = tuple(draw(st.lists(st.sampled_from(choices), min_size=1, unique=True)))
    elif qtype == "true_false":
        answer = draw(st.booleans())
    elif qtype == "numeric":
        answer = draw(numbers)
        tolerance = draw(st.none() | st.integers(0, 100) | st.floats(0, 1e6))
    else:
        answer = draw(words)
        accept = tuple(draw(st.lists(words, max_size=3)))
        if qtype == "cloze":
            side = st.text(CHARS.filter(lambda c: c != "_"), max_size=20)
            prompt = draw(side) + GAP + draw(side)
    return Question(
        id=qid,
        type=qtype,
        prompt=prompt,
        answer=answer,
        choices=choices,
        accept=accept,
        tolerance=tolerance,
        explanation=draw(st.none() | texts),
        tags=tuple(draw(st.lists(words, max_size=3))),
        difficulty=draw(st.none() | st.floats(0, 1)),
        source=draw(st.none() | spans()),
        extra=draw(extras(QUESTION_KEYS)),
    )


@st.composite
def bank_sources(draw: st.DrawFn) -> BankSource:
    """A bank's source block."""
    return BankSource(
        title=draw(st.none() | words),
        file=draw(st.none() | st.just("sources/article.txt")),
        sha256=draw(st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)),
        extra=draw(extras({"title", "file", "sha256"})),
    )


@st.composite
def banks(draw: st.DrawFn, max_questions: int = 5) -> Bank:
    """A valid bank of 1..max_questions questions with unique ids."""
    return Bank(
        id=draw(slugs),
        title=draw(words),
        questions=tuple(
            draw(
                st.lists(questions(), min_size=1, max_size=max_questions, unique_by=lambda q: q.id)
            )
        ),
        description=draw(st.none() | texts),
        language=draw(st.none() | st.sampled_from(["en", "fr", "no", "pt-BR"])),
        source=draw(st.none() | bank_sources()),
        generator=draw(st.none() | st.just({"name": "quizapp", "version": "0.1.0"})),
        extra=draw(extras(TOP_KEYS)),
    )
