"""Candidate answers of a short text (a paragraph): the kinds SQuAD askers use."""
from __future__ import annotations

from quizapp.core.generate.pipeline import analyse

PARAGRAPH = (
    "Atop the Main Building's gold dome is a golden statue of the Virgin Mary. "
    "Immediately in front of the Main Building and facing it, is a copper statue of Christ "
    "with arms upraised. Plants turn sunlight into sugar. "
    "The Union adopts regulations and directives through its Council."
)


def _candidates(text: str) -> set[str]:
    analysis = analyse(text)
    return {a.text for s in analysis.content for a in analysis.answers[s.index]}


def test_paragraph_offers_noun_phrase_with_its_of_tail() -> None:
    """ "a copper statue of Christ" is a candidate, and so is "Christ" alone."""
    cands = _candidates(PARAGRAPH)
    assert "copper statue of Christ" in cands
    assert "Christ" in cands


def test_paragraph_offers_lone_common_noun_and_coordination() -> None:
    """A lone noun ("sunlight") and a coordination ("regulations and directives") count."""
    cands = _candidates(PARAGRAPH)
    assert "sunlight" in cands
    assert "regulations and directives" in cands


def test_long_article_keeps_lone_common_nouns_out() -> None:
    """In a long article a lone common noun is not asked ("sunlight" among 13+ sentences)."""
    filler = " ".join(f"The Council met in Brussels in {1990 + i}." for i in range(13))
    cands = _candidates(filler + " Plants turn sunlight into sugar.")
    assert "sunlight" not in cands


def test_paragraph_offers_the_bare_number_of_a_measure() -> None:
    """ "27 punts" and "about 7,000" also offer "27" and "7,000" (how many ...?)."""
    cands = _candidates(
        "Brad Nortman made 27 punts in the season. About 7,000 fans watched the final game."
    )
    assert "27" in cands
    assert "7,000" in cands
