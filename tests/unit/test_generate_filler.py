"""Filler recognition: no question rests on a filler sentence, no answer is a filler word."""
from __future__ import annotations

import pytest

from quizapp.core.generate import generate_bank
from quizapp.core.generate.filler import filler_reason, is_filler_word


@pytest.mark.parametrize(
    "sentence",
    [
        "Hey guys, let's dive into something truly unprecedented.",
        "by Jhon Lennon 53 views",
        "It felt like something out of a movie, right?",
        "Was it merely optics, a grand spectacle, or a genuine attempt?",
        "Just imagine the scene!",
        "Get ready, because it's a fascinating ride through some truly historic discussions.",
        "In this article we'll explore the life of an amazing woman.",
        "Thanks for reading, and don't forget to subscribe!",
        "Honestly, this story is truly fascinating and wonderful.",
    ],
)
def test_filler_sentences_are_recognised(sentence: str) -> None:
    """Greetings, bylines, rhetorical questions, hype and meta sentences are filler."""
    assert filler_reason(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Kim Jong Un offered to dismantle the nuclear complex at Yongbyon.",
        "The canal opened to traffic on August 15, 1914.",
        "Melvin Calvin won the Nobel Prize in Chemistry in 1961.",
    ],
)
def test_fact_sentences_are_not_filler(sentence: str) -> None:
    """Plain statements of fact are kept."""
    assert filler_reason(sentence) is None


def test_filler_words_are_never_answers() -> None:
    """Greetings and view counts are filler words."""
    assert is_filler_word("guys") and is_filler_word("53 views")
    assert not is_filler_word("Singapore")


CHATTY = """Hey guys, welcome back to the channel!

by Jane Doe 1,024 views

Let's dive in. The Eiffel Tower was completed in Paris in 1889. Isn't that wild?
Gustave Eiffel's company designed and built the tower for the World's Fair.
Honestly, it is truly amazing and incredibly beautiful. The tower is 330 metres tall.
Don't forget to like and subscribe!
"""


def test_no_question_rests_on_filler() -> None:
    """Every question's source sentence is a fact, not a greeting/byline/aside."""
    bank = generate_bank(CHATTY, bank_id="eiffel", max_questions=50)
    assert bank["questions"]
    for q in bank["questions"]:
        assert filler_reason(q["source"]["text"]) is None
        for word in ("guys", "views", "subscribe", "Jane Doe"):
            assert word not in q["source"]["text"]
            assert word.lower() not in str(q["answer"]).lower()
