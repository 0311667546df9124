"""Hypothesis invariants of grading: right answers stay right, different facts stay wrong."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.core.grading import grade_multi, grade_numeric, grade_text, normalise, parse_number

SETTINGS = settings(max_examples=150, deadline=None)

LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçñöü"
words = st.text(alphabet=LETTERS, min_size=1, max_size=12)
numbers = st.integers(min_value=0, max_value=99999).map(str)
tokens = st.one_of(words, words, numbers)
answers = st.lists(tokens, min_size=1, max_size=5).map(" ".join)
PUNCT = [".", ",", "!", "?", ";", ":", "\"", "(", ")", "-", "'"]
ACCENTS = {"a": "á", "e": "ê", "i": "ï", "o": "ô", "u": "ù", "c": "ç", "n": "ñ"}


@st.composite
def disguised(draw: st.DrawFn, answer: str) -> str:
    """The answer with its case, spacing, word-edge punctuation and accents changed."""
    out = []
    for word in answer.split():
        chars = []
        for ch in word:
            if ch in ACCENTS and draw(st.booleans()):
                ch = ACCENTS[ch]
            chars.append(ch.upper() if draw(st.booleans()) else ch)
        before = draw(st.sampled_from(["", "", "(", "\""]))
        after = draw(st.sampled_from(["", "", ",", ".", "!", ")", "?"]))
        out.append(before + "".join(chars) + after)
        out.append(draw(st.sampled_from([" ", "  ", " \t", "\u00a0"])))
    return draw(st.sampled_from(["", " ", "  "])) + "".join(out)


@SETTINGS
@given(st.data(), answers, st.lists(answers, max_size=3))
def test_the_answer_and_every_variant_grade_correct_however_written(
    data: st.DataObject, answer: str, accept: list[str]
) -> None:
    for form in [answer, *accept]:
        assume(normalise(form))
        assert grade_text(form, answer, accept).correct
        shown = data.draw(disguised(form))
        result = grade_text(shown, answer, accept)
        assert result.correct, shown
        assert result.score == 1.0


@SETTINGS
@given(st.data(), answers)
def test_changing_any_digit_of_a_number_bearing_answer_grades_wrong(
    data: st.DataObject, answer: str
) -> None:
    positions = [i for i, ch in enumerate(answer) if ch.isdigit()]
    assume(positions)
    pos = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != answer[pos]]))
    changed = answer[:pos] + digit + answer[pos + 1 :]
    assert not grade_text(changed, answer).correct


@SETTINGS
@given(st.text(max_size=40), answers)
def test_grading_depends_only_on_the_normalised_answer(text: str, answer: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
    assert grade_text(normalise(text), answer).correct == grade_text(text, answer).correct


@SETTINGS
@given(answers, words)
def test_an_answer_with_an_extra_or_missing_word_is_wrong(answer: str, extra: str) -> None:
    longer = f"{answer} {extra}"
    assume(normalise(longer) != normalise(answer))
    assume(normalise(longer).replace(" ", "") != normalise(answer).replace(" ", ""))
    assert not grade_text(longer, answer).correct
    assert not grade_text(answer, longer).correct


@SETTINGS
@given(st.data(), st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=8))
def test_multi_score_is_in_unit_range_and_one_only_for_the_exact_set(
    data: st.DataObject, n_right: int, n_wrong: int
) -> None:
    choices = [f"choice {i}" for i in range(n_right + n_wrong)]
    answer = choices[:n_right]
    picks = data.draw(st.lists(st.sampled_from(choices), unique=True))
    result = grade_multi(picks, answer, choices)
    assert 0.0 <= result.score <= 1.0
    assert (result.score == 1.0) == (set(picks) == set(answer)) == result.correct


decimals = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False)
tolerances = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False)


@SETTINGS
@given(decimals, tolerances, st.decimals(min_value=0, max_value=1, places=3))
def test_numeric_inside_tolerance_is_right(
    answer: Decimal, tolerance: Decimal, fraction: Decimal
) -> None:
    for value in (answer + tolerance * fraction, answer - tolerance * fraction):
        assert grade_numeric(str(value), float(answer), float(tolerance)).correct


@SETTINGS
@given(decimals, tolerances, st.decimals(min_value=Decimal("0.001"), max_value=10**6, places=3))
def test_numeric_outside_tolerance_is_wrong(
    answer: Decimal, tolerance: Decimal, beyond: Decimal
) -> None:
    for value in (answer + tolerance + beyond, answer - tolerance - beyond):
        assert not grade_numeric(str(value), float(answer), float(tolerance)).correct
        assert Fraction(str(value)) != Fraction(str(answer))


@SETTINGS
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_numbers_parse_with_or_without_thousands_separators(value: int) -> None:
    for text in (str(value), f"{value:,}", f"{value:,}".replace(",", " "), f"{value:_}"):
        if "_" in text:
            assert parse_number(text) is None  # not a way people write numbers
        else:
            assert parse_number(text) == value


@SETTINGS
@given(st.text(max_size=60), st.text(max_size=60), st.lists(st.text(max_size=20), max_size=3))
def test_grading_any_text_never_crashes_and_blank_is_never_right(
    given_text: str, answer: str, accept: list[str]
) -> None:
    result = grade_text(given_text, answer, accept)
    assert result.score in (0.0, 1.0) and result.correct == (result.score == 1.0)
    if not normalise(given_text):
        assert not result.correct
    if result.correct:
        assert result.matched in [answer, *accept]
    numeric = grade_numeric(given_text, 0)
    assert numeric.correct == (parse_number(given_text) == 0)
