"""What a teacher rejects: trivial or given-away answers, wrong aliases, hype, vague phrases."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.generate import generate_bank
from quizapp.core.generate.answers import extract
from quizapp.core.generate.filler import strip_asides
from quizapp.core.generate.forms import GAP, cloze_text, given_away
from quizapp.core.generate.names import aliases_of
from quizapp.core.generate.segment import segment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
ARCTIC = (FIXTURES / "history-arctic-council.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def arctic() -> list[dict[str, Any]]:
    """Every question the generator makes from a long hand-written article."""
    bank = generate_bank(ARCTIC, bank_id="arctic", max_questions=60)
    return list(bank["questions"])


def _wh(q: dict[str, Any]) -> bool:
    """A wh-question, typed or chosen."""
    return q["type"] in ("short", "mcq") and str(q["prompt"]).endswith("?")


def test_alias_is_a_name_of_the_same_entity_never_a_list() -> None:
    """'Kim' stands for 'Kim Jong Un'; 'Donald Trump and Kim Jong Un' does not."""
    pool = ["Kim", "Donald Trump and Kim Jong Un", "Trump", "Kim Jong Un"]
    aliases = aliases_of("Kim Jong Un", pool)
    assert "Kim" in aliases
    assert "Donald Trump and Kim Jong Un" not in aliases
    assert aliases_of("Donald Trump and Kim Jong Un", pool) == []
    assert "united nations" in [a.lower() for a in aliases_of("U.N.", [])]
    assert "united states" in [a.lower() for a in aliases_of("U.S.", [])]


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        ("Demilitarized Zone", f"They met at the {GAP} (DMZ) between the two Koreas."),
        ("DMZ", f"They met at the Demilitarized Zone ({GAP}) between the two Koreas."),
        ("United Nations", f"The {GAP} (UN) voted on the sanctions."),
        ("U.S.", f"Talks between the {GAP} and the United States resumed."),
        ("Paris", f"The treaty of Paris was signed in {GAP}."),
    ],
)
def test_a_prompt_that_shows_the_answer_gives_it_away(answer: str, prompt: str) -> None:
    """The acronym, the expansion, an alias or the answer itself visible in the prompt."""
    assert given_away(answer, prompt)


def test_a_prompt_without_the_answer_does_not_give_it_away() -> None:
    """An unrelated acronym or name nearby leaves the question open."""
    assert not given_away("Demilitarized Zone", f"They met at the {GAP} in June (UTC).")
    assert not given_away("Murmansk", f"The second round took place in {GAP} in April 2010.")


def test_no_generated_question_shows_its_answer(arctic: list[dict[str, Any]]) -> None:
    """'the _____ (JFC)' is never asked: the acronym would give the answer away."""
    for q in arctic:
        if q["type"] in ("cloze", "mcq", "short", "numeric"):
            assert not given_away(str(q["answer"]), q["prompt"]), q["prompt"]


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("He invited Kim via Twitter – yes, Twitter! – to say hello.",
         "He invited Kim via Twitter to say hello."),
        ("They made headlines with an impromptu, almost surreal, meeting at the border.",
         "They made headlines with an impromptu meeting at the border."),
        ("The idea was, frankly, unthinkable.", "The idea was unthinkable."),
        ("It was a truly unprecedented encounter.", "It was a unprecedented encounter."),
        ("The treaty was signed in 1990.", "The treaty was signed in 1990."),
    ],
)
def test_asides_and_hype_are_stripped_from_prompts(text: str, cleaned: str) -> None:
    """Exclamatory asides, comma-framed hype and intensifiers leave; the fact stays."""
    assert strip_asides(text) == cleaned


def test_prompt_is_cleaned_but_source_span_is_the_original_sentence() -> None:
    """The prompt loses '– yes, Twitter! –'; source.text keeps the sentence as written."""
    text = (
        "Trump, attending the G20 summit in Japan, extended an invitation to Kim via Twitter"
        " – yes, Twitter! – to meet at the DMZ. Kim accepted the invitation in Seoul."
    )
    bank = generate_bank(text, bank_id="t", max_questions=30)
    asked = [q for q in bank["questions"] if "via Twitter" in q["prompt"]]
    assert asked
    for q in asked:
        assert "yes, Twitter!" not in q["prompt"]
        start, end = q["source"]["start"], q["source"]["end"]
        assert text[start:end] == q["source"]["text"]
        assert "– yes, Twitter! –" in q["source"]["text"]


def test_central_pair_is_never_gapped(arctic: list[dict[str, Any]]) -> None:
    """'the leaders of _____ and Russia' asks nothing in an article about the two."""
    for q in arctic:
        if GAP in q["prompt"]:
            assert q["answer"] not in ("Norway", "Russia", "Norway and Russia"), q["prompt"]


def test_judgement_phrases_are_not_answers(arctic: list[dict[str, Any]]) -> None:
    """'pragmatic regional diplomacy' from 'serves as a case study in ...' is not a fact."""
    answers = {str(q["answer"]).lower() for q in arctic}
    assert "pragmatic regional diplomacy" not in answers
    assert "regional diplomacy" not in answers


def test_each_event_gets_a_where_or_a_when_question(arctic: list[dict[str, Any]]) -> None:
    """Both rounds of talks are asked about, where or when they took place (typed or chosen).
    One sentence states both: one question, since a second one from the same sentence shows
    the first one's answer ("Where did ... take place in March 2007?")."""
    shorts = {q["answer"]: q["prompt"] for q in arctic if _wh(q)}
    for place, date in (("Oslo", "March 2007"), ("Murmansk", "April 2010")):
        asked = [p for a, p in shorts.items() if a in (place, date)]
        assert asked and all(p.startswith(("Where ", "When ")) for p in asked), (place, asked)


def test_a_notable_first_is_asked_as_a_who_question(arctic: list[dict[str, Any]]) -> None:
    """'..., becoming the first Norwegian prime minister to ...' gives a who-question."""
    who = [q for q in arctic if _wh(q) and q["answer"] == "Jens Stoltenberg"]
    assert who and "first Norwegian prime minister" in who[0]["prompt"]
    assert who[0]["prompt"].startswith("Who ")


def test_a_country_subject_is_asked_with_which_country(arctic: list[dict[str, Any]]) -> None:
    """'Which country offered ...?', not 'What offered ...?'."""
    prompts = [q["prompt"] for q in arctic if _wh(q)]
    assert not [p for p in prompts if p.startswith("What offered")]
    assert any(p.startswith("Which country ") for p in prompts)


def test_event_where_question_from_a_place_named_summit() -> None:
    """'the Geneva Summit in November 1985' -> where did the summit of November 1985 ...?"""
    text = (
        "Geneva is a city in Switzerland. "
        "The thaw began with the Geneva Summit in November 1985. "
        "Reagan and Gorbachev talked for two days."
    )
    bank = generate_bank(text, bank_id="r", max_questions=30)
    where = [q for q in bank["questions"] if q["prompt"].startswith("Where did the summit")]
    assert where and where[0]["answer"] == "Geneva"
    assert "November 1985" in where[0]["prompt"]


def test_long_article_ranks_event_facts_above_commentary(arctic: list[dict[str, Any]]) -> None:
    """The first questions are about the talks, not the 'case study' commentary."""
    top = arctic[:10]
    assert not [q for q in top if "case study" in q["source"]["text"]]
    assert any("first" in q["source"]["text"] for q in top)


def test_cloze_keeps_the_clause_that_holds_the_fact() -> None:
    """Comma-framed side clauses without the answer leave the gap-fill prompt."""
    text = (
        "Despite heavy rain in Ohio, the engineers finished the bridge in 1932, "
        "giving the town its first road."
    )
    sent = segment(text)[0]
    by_text = {a.text: a for a in extract(sent)}
    assert cloze_text(sent, by_text["1932"], short=True) == (
        f"The engineers finished the bridge in {GAP}."
    )
    assert cloze_text(sent, by_text["Ohio"], short=True) == (
        f"Despite heavy rain in {GAP}, the engineers finished the bridge in 1932."
    )
    assert cloze_text(sent, by_text["1932"]) == text.replace("1932", GAP)


@pytest.mark.parametrize("name", ["arctic", "shipped"])
def test_default_bank_is_spread_over_the_article(name: str) -> None:
    """No prompt twice, no answer more than twice, no gap after an unresolved 'It ...'."""
    if name == "arctic":
        questions = generate_bank(ARCTIC, bank_id="arctic")["questions"]
    else:
        root = Path(__file__).resolve().parents[2]
        text = (root / "questions" / "sources" / "trump-kim-interviews.txt").read_text("utf-8")
        questions = generate_bank(text, bank_id="tk")["questions"]
    prompts = [q["prompt"] for q in questions]
    assert len(prompts) == len(set(prompts))
    answers = [str(q["answer"]).lower() for q in questions if q["type"] != "true_false"]
    assert max(answers.count(a) for a in answers) <= 2
    for q in questions:
        if GAP in q["prompt"] or q["type"] == "true_false":
            first = q["prompt"].split()[0].lower()
            assert first not in ("it", "this", "these", "they") or '"' in q["prompt"], q


def test_short_answer_accepts_the_acronym_the_article_uses() -> None:
    """'Demilitarized Zone' accepts 'DMZ' when the article writes both."""
    text = (
        "In June 2019, the two leaders held a meeting at the Demilitarized Zone. "
        "The DMZ has divided the peninsula since 1953."
    )
    bank = generate_bank(text, bank_id="dmz", max_questions=30)
    shorts = [q for q in bank["questions"]
              if q["type"] == "short" and q["answer"] == "Demilitarized Zone"]
    assert shorts
    assert all("DMZ" in q["accept"] for q in shorts)


def test_cloze_in_a_concessive_clause_is_that_clause() -> None:
    """'While the Oslo talks failed in 2007, ...' asks 'The Oslo talks failed in _____.'."""
    text = (
        "While the Oslo talks failed in 2007, the two governments kept their fishing rules "
        "for another decade."
    )
    sent = segment(text)[0]
    by_text = {a.text: a for a in extract(sent)}
    assert cloze_text(sent, by_text["2007"], short=True) == f"The Oslo talks failed in {GAP}."
