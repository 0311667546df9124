"""Grading examples a learner or teacher would notice; invariants are in test_grading_properties."""

from __future__ import annotations

from fractions import Fraction

import pytest

from quizapp.core.grading import (
    grade,
    grade_choice,
    grade_multi,
    grade_numeric,
    grade_text,
    grade_true_false,
    normalise,
    parse_number,
)


@pytest.mark.parametrize(
    ("given", "answer"),
    [
        ("singapore", "Singapore"),
        ("  SINGAPORE!! ", "Singapore"),
        ("the Singapore", "Singapore"),
        ("Hague", "The Hague"),
        ("Sao Paulo", "São Paulo"),
        ("US", "U.S."),
        ("Kim Jong-un", "Kim Jong Un"),
        ("new york", "New-York"),
        ("1,000 people", "1000 people"),
        ("rock & roll", "rock and roll"),
        ("Hanois neighbour", "Hanoi's neighbour"),
        ("two weeks", "2 weeks"),
        ("minus 40 degrees", "\u221240 degrees"),
        ("1939-1945", "1939 1945"),
        ("Twenty-one", "21"),
        ("Feb 2019", "February 2019"),
        ("7 February 2016", "February 7, 2016"),
        ("7th of Feb. 2016", "February 7, 2016"),
        ("2016-02-07", "February 7, 2016"),
        ("2018 June 12", "June 12 2018"),
    ],
)
def test_same_answer_written_differently_is_correct(given: str, answer: str) -> None:
    result = grade_text(given, answer)
    assert result.correct and result.score == 1.0
    assert result.feedback == "Correct"
    assert result.matched == answer


@pytest.mark.parametrize(
    ("given", "answer"),
    [
        ("Singapre", "Singapore"),
        ("Singpaore", "Singapore"),
        ("Pyongyan", "Pyongyang"),
        ("Missisipi", "Mississippi"),
        ("Donald Trumpp", "Donald Trump"),
        ("photosynthesys", "photosynthesis"),
        ("decline in hormone levels wiht age", "decline in hormone levels with age"),
    ],
)
def test_small_typos_in_long_enough_words_are_forgiven_with_the_spelling(
    given: str, answer: str
) -> None:
    result = grade_text(given, answer)
    assert result.correct
    assert result.feedback == f"Correct (spelling: {answer!r})"


@pytest.mark.parametrize(
    ("given", "answer"),
    [
        ("June 2019", "June 2018"),
        ("1998", "1989"),
        ("Hanoi", "Hanoi's neighbour Haiphong"),
        ("Hanoi", "Haiphong"),
        ("Haiphong", "Hanoi"),
        ("Iraq", "Iran"),
        ("Austria", "Australia"),
        ("Gambia", "Zambia"),
        ("Slovakia", "Slovenia"),
        ("Kim Jong Il", "Kim Jong Un"),
        ("South Korea", "North Korea"),
        ("not Singapore", "Singapore"),
        ("Singapore and Hanoi", "Singapore"),
        ("Donald Trump Jr", "Donald Trump"),
        ("12 June 2018", "June 2018"),
        ("June", "June 2018"),
        ("2019", "February 2019"),
        ("June 13 2018", "June 12 2018"),
        ("June 2019", "June 2018"),
        ("3.5 million", "35 million"),
        ("cat", "car"),
        ("5 degrees", "-5 degrees"),
        ("Apollo 11", "Apollo 17"),
        ("Super Bowl XXXVII", "Super Bowl XXXVIII"),
        ("eight", "eighty"),
        ("the sixteenth century", "the seventeenth century"),
        ("fourteen", "fourteenth"),
        ("75% or the seats", "75% of the seats"),
        ("Mick Carey", "Mike Carey"),
    ],
)
def test_a_different_fact_is_never_accepted(given: str, answer: str) -> None:
    result = grade_text(given, answer)
    assert not result.correct and result.score == 0.0
    assert result.feedback == "Incorrect"


def test_accepted_variants_match_and_report_which_form_matched() -> None:
    result = grade_text("DPRK", "North Korea", accept=["DPRK", "Democratic People's Republic"])
    assert result.correct and result.matched == "DPRK"
    typo = grade_text("Democratic Peoples Republc", "North Korea", ["Democratic People's Republic"])
    assert typo.correct and typo.matched == "Democratic People's Republic"


def test_exact_variant_beats_a_typo_of_another_variant() -> None:
    result = grade_text("colour", "color", accept=["colour"])
    assert result.matched == "colour" and result.feedback == "Correct"


def test_blank_answer_is_reported_as_no_answer() -> None:
    assert grade_text("  ?! ", "Singapore").feedback == "No answer"
    assert grade_numeric("", 3).feedback == "No answer"
    assert grade_multi([], ["a"], ["a", "b"]).feedback == "No answer"


def test_normalise_strips_case_accents_punctuation_and_one_leading_article() -> None:
    assert normalise("  The  Café, “Déjà-vu”! ") == "cafe deja vu"
    assert normalise("A") == "a"
    assert normalise("3.5 kg") == "3.5 kg"
    assert normalise("1,000,000 won") == "1000000 won"
    assert normalise("5 100 pages") == "5 100 pages"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("1,000", 1000),
        ("1 000 000", 1_000_000),
        ("3.5", Fraction(7, 2)),
        ("3,5", Fraction(7, 2)),
        ("-2", -2),
        ("\u22122", -2),
        ("+7", 7),
        ("1e3", 1000),
        ("½", Fraction(1, 2)),
        ("1½", Fraction(3, 2)),
        ("1 1/2", Fraction(3, 2)),
        ("3/4", Fraction(3, 4)),
        ("50%", 50),
        (".5", Fraction(1, 2)),
        ("11/2", Fraction(11, 2)),
        ("-1 1/2", Fraction(-3, 2)),
    ],
)
def test_numbers_are_parsed_the_ways_people_type_them(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1/0", "inf", "nan", "12 apples", "1998 or 1989", "11 / 2 / 3", "1e999999999",
     "9" * 100],
)
def test_non_numbers_are_rejected(text: str) -> None:
    assert parse_number(text) is None


def test_numeric_tolerance_is_inclusive_and_exact() -> None:
    assert grade_numeric("10.5", 10, 0.5).correct
    assert grade_numeric("9.5", 10, 0.5).correct
    assert not grade_numeric("10.51", 10, 0.5).correct
    assert grade_numeric("0.1", 0.1).correct
    assert not grade_numeric("1998", 1989).correct
    assert grade_numeric("ten", 10).feedback == "Not a number"
    assert grade_numeric("10.4", 10, 0.5).feedback == "Correct (exact answer: 10)"


def test_multi_partial_credit_is_right_minus_wrong_over_right_floored_at_zero() -> None:
    choices = ["a", "b", "c", "d", "e"]
    answer = ["a", "b", "c"]
    assert grade_multi(["a", "b", "c"], answer, choices).correct
    two = grade_multi(["a", "b"], answer, choices)
    assert two.score == pytest.approx(2 / 3) and not two.correct
    assert two.feedback == "Partly correct: 2 of 3 right"
    assert grade_multi(["a", "b", "d"], answer, choices).score == pytest.approx(1 / 3)
    assert grade_multi(choices, answer, choices).score == pytest.approx(1 / 3)
    assert grade_multi(["d", "e"], answer, choices).score == 0.0
    missed = grade_multi(["a", "d", "e"], answer, choices)
    assert missed.feedback == "Incorrect: 1 of 3 right, 2 wrong"


def test_multi_selecting_everything_earns_nothing_when_half_the_choices_are_wrong() -> None:
    assert grade_multi(["a", "b", "c", "d"], ["a", "b"], ["a", "b", "c", "d"]).score == 0.0


def test_mcq_and_true_false() -> None:
    assert grade_choice("Singapore", "Singapore").correct
    assert not grade_choice("Hanoi", "Singapore").correct
    assert grade_true_false(True, True).correct
    assert grade_true_false("False", False).correct
    assert grade_true_false("yes", True).correct
    assert not grade_true_false("true", False).correct
    assert not grade_true_false("maybe", True).correct


def test_dispatch_by_question_type() -> None:
    assert grade("short", "singapore", answer="Singapore").correct
    assert grade("cloze", "Singapre", answer="Singapore").correct
    assert grade("mcq", "Hanoi", answer="Singapore", choices=["Singapore", "Hanoi"]).score == 0
    assert grade("numeric", "1,000", answer=1000.0, tolerance=None).correct
    assert grade("true_false", "false", answer=False).correct
    multi = grade("multi", ["a"], answer=["a", "b"], choices=["a", "b", "c"])
    assert multi.score == pytest.approx(0.5)
    with pytest.raises(ValueError, match="unknown question type"):
        grade("essay", "x", answer="x")
