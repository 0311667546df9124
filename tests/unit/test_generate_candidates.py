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


def test_long_article_asks_a_lone_noun_only_as_a_verb_argument() -> None:
    """In a long article a lone common noun is no key term of its own ("sunlight" among 13+
    sentences is not a "thing" answer); as the object of the main verb it is a phrase
    answer, as is what the sentence says it becomes ("into sugar")."""
    filler = " ".join(f"The Council met in Brussels in {1990 + i}." for i in range(13))
    analysis = analyse(filler + " Plants turn sunlight into sugar.")
    last = analysis.content[-1]
    kinds = {a.text: a.kind for a in analysis.answers[last.index]}
    assert kinds == {"sunlight": "phrase", "sugar": "phrase"}


def test_paragraph_offers_the_bare_number_of_a_measure() -> None:
    """ "27 punts" and "about 7,000" also offer "27" and "7,000" (how many ...?)."""
    cands = _candidates(
        "Brad Nortman made 27 punts in the season. About 7,000 fans watched the final game."
    )
    assert "27" in cands
    assert "7,000" in cands


def test_paragraph_offers_a_name_without_its_title() -> None:
    """ "NFL Commissioner Roger Goodell" also offers "Roger Goodell" (who ...?)."""
    cands = _candidates("NFL Commissioner Roger Goodell announced the new schedule in May.")
    assert "Roger Goodell" in cands


def test_paragraph_offers_a_figure_without_its_hedge() -> None:
    """ "about 340 miles" offers "340 miles"; "early 2012" offers the year "2012"."""
    cands = _candidates("The river runs for about 340 miles. The bridge opened in early 2012.")
    assert "340 miles" in cands
    assert "2012" in cands


def test_paragraph_offers_a_count_or_year_leading_a_phrase() -> None:
    """ "two finalists" offers "two"; "the 2015 season" offers "2015"."""
    cands = _candidates("The jury picked two finalists in the 2015 season.")
    assert "two" in cands
    assert "2015" in cands


def test_paragraph_offers_a_phrase_without_its_leading_adjective() -> None:
    """ "the then-popular phlogiston theory" offers "phlogiston theory" too."""
    cands = _candidates("Lavoisier disproved the then-popular phlogiston theory in 1777.")
    assert "phlogiston theory" in cands
    assert "then-popular phlogiston theory" in cands


def test_paragraph_offers_a_noun_led_by_a_name() -> None:
    """ "the Florida legislature": the body, not only the state."""
    cands = _candidates("The Florida legislature approved the stadium plan in 2009.")
    assert "Florida legislature" in cands
    assert "Florida" in cands


def test_long_article_keeps_its_spans_whole() -> None:
    """Past 12 fact-bearing sentences the extra part-spans are not offered."""
    filler = " ".join(f"The Council met in Brussels in {1990 + i}." for i in range(13))
    cands = _candidates(filler + " The river runs for about 340 miles.")
    assert "about 340 miles" in cands
    assert "340 miles" not in cands
