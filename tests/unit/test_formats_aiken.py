"""Aiken: Moodle's importer rules, what becomes true_false or is skipped, errors by line, and
write -> read round trips (ids derived from the prompt, as Aiken has none)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, Question, SourceSpan
from quizapp.core.formats import aiken
from quizapp.core.formats.base import FormatError, Parsed, derived_id
from tests.strategies import banks

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats" / "aiken"


def read(data: bytes | str, name: str = "quiz.txt") -> Parsed:
    return aiken.read(data.encode("utf-8") if isinstance(data, str) else data, name)


def messages(notes: tuple) -> list[str]:
    return [str(n) for n in notes]


def test_questions_fixture():
    parsed = read((FIXTURES / "questions.txt").read_bytes(), "questions.txt")
    assert parsed.errors == () and parsed.skipped == ()
    assert [(q.type, q.prompt, q.choices, q.answer) for q in parsed.questions] == [
        ("mcq", "Which planet is the largest?", ("Mars", "Jupiter", "Venus", "Mercury"),
         "Jupiter"),
        ("true_false", "Moodle's text can hold <b>markup</b> & ampersands:", (), True),
        ("mcq", "Which of these is a dwarf planet?", ("Pluto", "Titan", "Europa"), "Pluto"),
        ("mcq", "Pick the letter E:", ("one", "two", "three", "four", "five"), "five"),
        ("mcq", "Which one is a gas?", ("Iron", "Helium", "Quartz"), "Helium"),
    ]
    assert parsed.questions[0].id == derived_id("Which planet is the largest?")
    assert messages(parsed.notes) == [
        "line 8: two options True and False: read as a true/false question",
        "line 13: the question text runs over 2 lines; they were joined (Moodle's Aiken import "
        "takes one line only)",
    ]


def test_errors_fixture_names_each_line():
    data = (FIXTURES / "errors.txt").read_bytes()
    assert not data.endswith(b"\n")
    parsed = read(data, "errors.txt")
    (tight,) = parsed.questions  # `A)Red` with no space still counts, as in Moodle
    assert (tight.prompt, tight.choices, tight.answer) == ("A tight question",
                                                           ("Red", "Green", "Blue"), "Blue")
    assert messages(parsed.skipped) == [
        "line 9: it has 2 options; quizapp's multiple-choice questions have 3 to 6 choices"]
    assert messages(parsed.errors) == [
        "line 1: only one option (A); a question needs at least two",
        "line 5: the option 'A) Orphan option' has no question before it (a question starts "
        "with its text on a line of its own)",
        "line 14: the question has no ANSWER line after its options before the next question "
        "at line 18",
        "line 24: ANSWER: D (line 28) is not one of the options (A, B, C)",
    ]


def test_crlf_and_bom_read_the_same():
    data = (FIXTURES / "questions.txt").read_bytes()
    plain = read(data)
    other = read(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert other.questions == plain.questions and other.notes == plain.notes
    assert read(data.decode().encode("utf-16")).questions == plain.questions


@pytest.mark.parametrize(("text", "error"), [
    ("ANSWER: A", "line 1: an ANSWER line with no question before it (a question is a line of "
                  "text, then options A), B), ..., then ANSWER)"),
    ("Q?\nANSWER: A", "line 1: the ANSWER line (line 2) follows question text with no options"),
    ("Q?\nA) a\nB) b\nA) c\nANSWER: A", "line 1: the option letter A is used twice (line 4)"),
    ("Q?\nA) a\nB) b\nC) c\nANSWER:", "line 1: the ANSWER line (line 5) names no option letter"),
    ("Q?\nA) a\nB) b\nC) c", "line 1: the question has no ANSWER line after its options before "
                             "the end of the file"),
    ("Preamble\n\nQ?\nA) a\nB) b\nC) c\nANSWER: A",
     "line 1: question text with no options and no ANSWER line before the next question at "
     "line 3"),
    ("Q?\nA) a\nB) a\nC) c\nANSWER: A", "line 1: choice 2: choice 'a' repeats choice 1"),
])
def test_broken_questions(text, error):
    assert messages(read(text).errors) == [error]


def test_options_beyond_six_are_skipped_and_lenient_answers_noted():
    seven = "Q?\n" + "".join(f"{chr(65 + i)}) o{i}\n" for i in range(7)) + "ANSWER: A"
    assert messages(read(seven).skipped) == [
        "line 1: it has 7 options; quizapp's multiple-choice questions have 3 to 6 choices"]
    parsed = read("Q?\nA) a\nB) b\nC) c\nANSWER: bc")
    assert parsed.questions[0].answer == "b"
    assert messages(parsed.notes) == ["line 1: 'ANSWER: bc': only the first letter, B, is used"]


def test_tight_option_outside_a_question_is_question_text():
    parsed = read("U.S. presidents: who was first?\nA) Washington\nB) Adams\nC) Lincoln\n"
                  "ANSWER: A")
    assert parsed.questions[0].prompt == "U.S. presidents: who was first?"


def test_wrong_encoding_and_huge_file():
    with pytest.raises(FormatError) as err:
        read("Q?\nA) café\nB) b\nC) c\nANSWER: A".encode("latin-1"), "latin.txt")
    assert str(err.value).startswith(
        "latin.txt: line 2: the file is not UTF-8 text (a character near column")
    with pytest.raises(FormatError, match="larger than 4 MiB"):
        read(b"Q?\n" * (2 * 1024 * 1024))


def test_empty_file():
    assert messages(read("").errors) == ["no questions found in the file"]


# ---------------------------------------------------------------------------- writing


def every_type_bank() -> Bank:
    return Bank("b", "Bank", (
        Question("m", "mcq", "Which is largest?", "Jupiter", ("Mars", "Jupiter", "Venus"),
                 explanation="Big", tags=("t",), difficulty=0.5, source=SourceSpan(0, 1, "x")),
        Question("tf", "true_false", "The Sun is a star.", False),
        Question("mu", "multi", "Gas?", ("a",), ("a", "b", "c")),
        Question("s", "short", "Moon?", "Io", accept=("Europa",)),
        Question("c", "cloze", "The _____ planet", "red"),
        Question("n", "numeric", "Pi?", 3.14, tolerance=0.01),
    ))


def test_write_keeps_mcq_and_true_false_and_notes_the_rest():
    exported = aiken.write(every_type_bank())
    assert exported.data.decode() == (
        "Which is largest?\nA) Mars\nB) Jupiter\nC) Venus\nANSWER: B\n\n"
        "The Sun is a star.\nA) True\nB) False\nANSWER: B\n")
    assert messages(exported.notes) == [
        "Aiken has no place for explanations: left out of 1 question",
        "Aiken has no place for tags: left out of 1 question",
        "Aiken has no place for difficulties: left out of 1 question",
        "Aiken has no place for source passages (the sentence each question came from): left "
        "out of 1 question",
        "question 'mu': left out: Aiken has no multiple-answer questions",
        "question 's': left out: Aiken has no short-answer questions",
        "question 'c': left out: Aiken has no cloze questions",
        "question 'n': left out: Aiken has no numeric questions",
    ]
    parsed = read(exported.data)
    assert [(q.id, q.type, q.prompt, q.choices, q.answer) for q in parsed.questions] == [
        (derived_id("Which is largest?"), "mcq", "Which is largest?", ("Mars", "Jupiter",
                                                                      "Venus"), "Jupiter"),
        (derived_id("The Sun is a star."), "true_false", "The Sun is a star.", (), False),
    ]
    assert aiken.write(every_type_bank()).data == exported.data


def test_write_folds_line_breaks_and_refuses_option_like_prompts():
    bank = Bank("b", "B", (
        Question("a", "mcq", "Two\nlines", "x", ("x", "y\nz", "w")),
        Question("b", "mcq", "A) looks like an option", "x", ("x", "y", "z")),
        Question("c", "mcq", "ANSWER: looks like the end", "x", ("x", "y", "z")),
    ))
    exported = aiken.write(bank)
    assert exported.data.decode() == "Two lines\nA) x\nB) y z\nC) w\nANSWER: A\n"
    assert messages(exported.notes) == [
        "question 'a': the prompt's line breaks became spaces (Aiken questions are one line)",
        "question 'a': line breaks in its choices became spaces",
        "question 'b': left out: its prompt starts like an Aiken option or ANSWER line, which a "
        "reader would take for one",
        "question 'c': left out: its prompt starts like an Aiken option or ANSWER line, which a "
        "reader would take for one",
    ]


def test_write_of_nothing_aiken_can_hold():
    exported = aiken.write(Bank("b", "B", (Question("n", "numeric", "Pi?", 3),)))
    assert exported.data == b""
    assert messages(exported.notes) == ["question 'n': left out: Aiken has no numeric questions"]


def fold(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(banks())
def test_round_trip_any_bank(bank):
    exported = aiken.write(bank)
    parsed = read(exported.data)
    written = [q for q in bank.questions if q.type in ("mcq", "true_false")
               and not any(str(n).startswith(f"question {q.id!r}: left out") for n in
                           exported.notes)]
    got = [(q.type, q.prompt, q.choices, q.answer) for q in parsed.questions]
    want = []
    for q in written:
        choices = tuple(fold(c) for c in q.choices)
        answer = fold(q.answer) if isinstance(q.answer, str) else q.answer
        want.append((q.type, fold(q.prompt), choices, answer))
    # Choices that only differed by line breaks fold into one: the reader reports the repeat.
    clash = any(len({c.casefold() for c in w[2]}) < len(w[2]) for w in want)
    if not written:
        assert messages(parsed.errors) == ["no questions found in the file"]
    elif not clash:
        assert parsed.errors == ()
        assert got == want
    assert all(q.id == derived_id(q.prompt) or q.id.startswith(derived_id(q.prompt))
               for q in parsed.questions)


TOKENS = st.sampled_from(["Question?", "A) ", "B) ", "C. ", "D)", "E.", "a) ", "ANSWER: ",
                          "ANSWER:", "A", "B", "Z", "True", "False", "\n", "\n\n", " ", "\t",
                          "é", "<b>", "&", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=60))
def test_fuzz_tokens(tokens):
    try:
        assert isinstance(read("".join(tokens)), Parsed)
    except FormatError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_any_bytes(data):
    try:
        assert isinstance(read(data), Parsed)
    except FormatError:
        pass
