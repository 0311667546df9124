"""Quizlet export text: separators guessed or chosen, cards split at the first separator,
write with tab + new line and a note for everything a flashcard cannot hold."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.bank import GAP, Bank, Question, key_text
from quizapp.core.formats import quizlet
from quizapp.core.formats.base import FormatError, Parsed, derived_id
from tests.strategies import banks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "quizlet"


def load(name: str) -> Parsed:
    return quizlet.read((FIXTURES / name).read_bytes(), name)


def messages(notes: tuple) -> list[str]:
    return [str(n) for n in notes]


def bank_of(*questions: Question) -> Bank:
    return Bank(id="b", title="B", questions=questions)


# --- reading -----------------------------------------------------------------------------


def test_tab_newline_export_reads_every_card() -> None:
    parsed = load("tab_newline.txt")
    assert parsed.errors == () and parsed.skipped == ()
    assert [str(n) for n in parsed.notes] == [  # MathJax in the last card
        "line 7: it holds LaTeX math, which quizapp shows as typed (it does not typeset math)"]
    got = [(q.type, q.prompt, q.answer) for q in parsed.questions]
    assert got == [
        ("short", "2 x 3 =", "6"),
        ("short", "Capital of France", "Paris, the city of light"),
        ("cloze", "The Nile flows into the _____ Sea.", "Mediterranean"),
        ("short", "photosynthesis",
         "the process by which plants turn light, water and CO₂ into sugar"),
        ("short", "¿Cómo estás?", "How are you?"),
        ("short", "Card front \\(\\sqrt{x}\\)", "Card Back"),
    ]
    assert all(q.id == derived_id(q.prompt) for q in parsed.questions)
    assert quizlet.FORMAT.ids is False and quizlet.FORMAT.write is quizlet.write


def test_comma_export_splits_at_the_first_comma_only() -> None:
    parsed = load("comma_newline.txt")
    assert parsed.errors == ()
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("mitochondria", "the powerhouse of the cell"),
        ("H2O", "water, the most common liquid"),
        ("Grant is buried in _____ tomb.", "Grant's"),
    ]
    assert parsed.questions[2].type == "cloze"
    assert messages(parsed.notes) == [
        "separators guessed: a comma between term and definition, a new line between "
        "cards; choose them if this is wrong"]


def test_one_line_with_semicolons_is_split_into_cards() -> None:
    parsed = load("tab_semicolon.txt")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("gato", "cat"), ("perro", "dog"), ("pájaro", "bird")]
    assert "a semicolon between cards" in messages(parsed.notes)[0]


def test_a_semicolon_inside_a_single_card_is_not_a_card_separator() -> None:
    parsed = quizlet.read(b"Name two; or three?\tA; B\n", "x.txt")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("Name two; or three?", "A; B")]


def test_a_line_without_a_tab_continues_the_definition_above() -> None:
    parsed = load("multiline_definition.txt")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Newton's first law",
         "An object stays at rest or in uniform motion\nunless a force acts on it."),
        ("Isaac Newton born", "1643"),
    ]
    assert messages(parsed.notes) == [
        "line 2: a line without a tab: read as more of the definition on line 1"]


def test_read_with_custom_separators() -> None:
    data = (FIXTURES / "custom_dash_blankline.txt").read_bytes()
    parsed = quizlet.read_with(data, "custom.txt", term_sep=" - ", card_sep="\n\n")
    assert parsed.errors == ()
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("osmosis", "the movement of water through a membrane"),
        ("mitosis", "cell division\nthat gives two identical cells"),
        ("meiosis", "cell division - giving four cells"),
    ]


@pytest.mark.parametrize(("term", "card"), [("tab", "semicolon"), ("\\t", ";"), ("\t", ";")])
def test_read_with_separator_names(term: str, card: str) -> None:
    parsed = quizlet.read_with(b"a\tb;c\td", "x.txt", term_sep=term, card_sep=card)
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("a", "b"), ("c", "d")]


def test_read_with_names_the_card_of_an_error() -> None:
    parsed = quizlet.read_with(b"a\tb;\nno separator;c\td", "x.txt", term_sep="tab",
                               card_sep="semicolon")
    assert messages(parsed.errors) == ["card 2 (line 2): no tab between term and definition"]


def test_read_with_refuses_bad_separators() -> None:
    with pytest.raises(FormatError, match="the card separator is empty"):
        quizlet.read_with(b"a\tb", "x.txt", term_sep="tab", card_sep="")
    with pytest.raises(FormatError, match="must differ"):
        quizlet.read_with(b"a\tb", "x.txt", term_sep=",", card_sep="comma")


def test_broken_cards_are_errors_naming_the_line() -> None:
    parsed = load("broken.txt")
    assert [q.prompt for q in parsed.questions] == ["good"]
    assert messages(parsed.errors) == [
        "line 2: the term is empty",
        "line 3: the term 'no definition' has no definition",
        "line 4: no tab between term and definition",
    ]


def test_no_separator_at_all_is_a_format_error() -> None:
    with pytest.raises(FormatError) as info:
        quizlet.read(b"just words\nand more words\n", "x.txt")
    assert info.value.where == "line 1"
    assert "no tab or comma between a term and its definition" in info.value.message
    with pytest.raises(FormatError, match="the file is empty"):
        quizlet.read(b"\n\n", "x.txt")


def test_wrong_encoding_names_the_line() -> None:
    with pytest.raises(FormatError) as info:
        quizlet.read(b"ok\tfine\ncaf\xe9\tcoffee\n", "x.txt")
    assert info.value.where == "line 2" and "not UTF-8" in info.value.message


def test_utf16_with_bom_reads() -> None:
    parsed = quizlet.read("hund\tdog\r\nkatt\tcat\r\n".encode("utf-16"), "x.txt")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("hund", "dog"), ("katt", "cat")]


def test_huge_file_is_refused() -> None:
    with pytest.raises(FormatError, match="larger than 4 MiB"):
        quizlet.read(b"a\tb\n" * (1024 * 1024 + 1), "x.txt")


def test_too_many_cards_is_refused() -> None:
    data = "".join(f"term {i}\tdef {i}\n" for i in range(5001)).encode()
    with pytest.raises(FormatError, match="more than 5000 questions"):
        quizlet.read(data, "x.txt")


def test_same_term_twice_gets_two_ids() -> None:
    parsed = quizlet.read(b"a\tb\na\tc\n", "x.txt")
    assert [q.id for q in parsed.questions] == [derived_id("a"), derived_id("a") + "-2"]


# --- writing -----------------------------------------------------------------------------


def every_type() -> Bank:
    return bank_of(
        Question(id="s", type="short", prompt="Capital of Peru?", answer="Lima",
                 accept=("lima city",), tags=("geo",)),
        Question(id="c", type="cloze", prompt=f"Grant is buried in {GAP} tomb.",
                 answer="Grant's"),
        Question(id="m", type="mcq", prompt="Red planet?", answer="Mars",
                 choices=("Venus", "Mars", "Jupiter")),
        Question(id="mu", type="multi", prompt="Gas giants?", answer=("Jupiter", "Saturn"),
                 choices=("Mars", "Jupiter", "Saturn")),
        Question(id="t", type="true_false", prompt="The sun is a star.", answer=True),
        Question(id="n", type="numeric", prompt="Pi to two places?", answer=3.14,
                 tolerance=0.005, explanation="3.14159..."),
        Question(id="w", type="short", prompt="Two\tparts\nhere", answer="line\nbreak"),
    )


def test_write_every_type_with_notes() -> None:
    exported = quizlet.write(every_type())
    assert exported.data.decode() == (
        "Capital of Peru?\tLima\n"
        "Grant is buried in _____ tomb.\tGrant's\n"
        "Red planet?\tMars\n"
        "Gas giants?\tJupiter; Saturn\n"
        "The sun is a star.\tTrue\n"
        "Pi to two places?\t3.14 (± 0.005)\n"
        "Two parts here\tline break\n")
    assert messages(exported.notes) == [
        "Quizlet (text) has no place for other accepted answers: left out of 1 question",
        "Quizlet (text) has no place for numeric tolerances: left out of 1 question",
        "Quizlet (text) has no place for explanations: left out of 1 question",
        "Quizlet (text) has no place for tags: left out of 1 question",
        "question 'm': a mcq question becomes a flashcard with the definition 'Mars'; its "
        "choices are left out",
        "question 'mu': a multi question becomes a flashcard with the definition "
        "'Jupiter; Saturn'; its choices are left out",
        "question 't': a true_false question becomes a flashcard with the definition 'True'",
        "question 'n': a numeric question becomes a flashcard with the definition "
        "'3.14 (± 0.005)'; its tolerance is kept only as text",
        "question 'w': tabs and line breaks in its text became spaces",
    ]


def test_write_notes_a_short_prompt_that_reads_back_as_cloze() -> None:
    exported = quizlet.write(bank_of(
        Question(id="g", type="short", prompt=f"Fill {GAP} in", answer="it")))
    assert messages(exported.notes) == [
        "question 'g': its prompt holds a gap _____, so it reads back as a cloze question"]


def test_write_is_deterministic_and_reads_back() -> None:
    bank = every_type()
    first, second = quizlet.write(bank), quizlet.write(bank)
    assert first == second
    parsed = quizlet.read(first.data, "back.txt")
    assert parsed.errors == ()
    assert [q.type for q in parsed.questions] == ["short", "cloze"] + ["short"] * 5


def _flat(text: str) -> str:
    return re.sub(r"[\t\n\r]+", " ", text).strip()


@settings(max_examples=200, deadline=None)
@given(banks())
def test_round_trip_keeps_prompts_and_answers(bank: Bank) -> None:
    parsed = quizlet.read(quizlet.write(bank).data, "bank.txt")
    assert parsed.errors == ()
    assert len(parsed.questions) == len(bank.questions)
    for before, after in zip(bank.questions, parsed.questions, strict=True):
        prompt = _flat(before.prompt)
        assert after.prompt == prompt
        assert after.answer == _flat(key_text(before))
        gaps = len(re.findall(r"(?<!_)_{5}(?!_)", prompt))
        assert after.type == ("cloze" if gaps == 1 else "short")
        assert after.id == derived_id(prompt) or after.id.startswith(derived_id(prompt) + "-")


TOKENS = st.sampled_from(["\t", ",", ";", "\n", "\r\n", " ", "a", "é", GAP, "_", "-", "\\"])


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_fuzz_text_from_tokens(text: str) -> None:
    try:
        assert isinstance(quizlet.read(text.encode(), "fuzz.txt"), Parsed)
    except FormatError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["tab", ",", " - "]),
       st.sampled_from(["newline", ";", "\n\n"]))
def test_fuzz_any_bytes(data: bytes, term: str, card: str) -> None:
    for call in (lambda: quizlet.read(data, "fuzz.txt"),
                 lambda: quizlet.read_with(data, "fuzz.txt", term_sep=term, card_sep=card)):
        try:
            assert isinstance(call(), Parsed)
        except FormatError:
            pass
