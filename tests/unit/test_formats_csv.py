"""CSV: our spreadsheet layout (read and write, every field but the source passage), quiz
CSVs with option columns, headerless flashcards, formula injection both ways."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.bank import GAP, Bank, Question, SourceSpan
from quizapp.core.formats import csv_format
from quizapp.core.formats.base import FormatError, Parsed, derived_id
from tests.strategies import banks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "csv"


def load(name: str) -> Parsed:
    return csv_format.read((FIXTURES / name).read_bytes(), name)


def messages(notes: tuple) -> list[str]:
    return [str(n) for n in notes]


def bank_of(*questions: Question) -> Bank:
    return Bank(id="b", title="B", questions=questions)


def table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- our layout ----------------------------------------------------------------------------


def test_our_layout_reads_every_type() -> None:
    parsed = load("ours.csv")
    assert parsed.errors == () and parsed.skipped == () and parsed.notes == ()
    by_id = {q.id: q for q in parsed.questions}
    assert by_id["capital-france"] == Question(
        id="capital-france", type="mcq", prompt="What is the capital of France?",
        answer="Paris", choices=("Paris", "Lyon", "Marseille", "Nice"),
        explanation="Paris has been the capital since 987, more or less.",
        tags=("geography", "europe"), difficulty=0.2)
    assert by_id["gas-giants"].answer == ("Jupiter", "Saturn")
    assert by_id["gas-giants"].choices == ("Mercury", "Jupiter", "Saturn", "Mars")
    assert by_id["earth-flat"].answer is False and by_id["earth-flat"].difficulty == 0.05
    assert (by_id["speed-light"].answer, by_id["speed-light"].tolerance) == (300000, 5000)
    assert by_id["h2o"].accept == ("aqua", "dihydrogen monoxide")
    assert by_id["nile-sea"].type == "cloze" and by_id["nile-sea"].tags == ("geography",
                                                                             '"rivers"')
    assert by_id["pipes"].choices == ("|", ">", "&", ";") and by_id["pipes"].answer == "|"
    assert by_id["negative"].answer == -5 and by_id["negative"].tags == ("-maths",)
    last = parsed.questions[-1]
    assert last.prompt == "A prompt\nover two lines?"
    assert last.id == derived_id(last.prompt)


def test_type_is_inferred_when_blank_and_answers_may_be_choice_numbers() -> None:
    data = ("prompt,answer,choices\r\n"
            "Red planet?,2,Venus | Mars | Jupiter\r\n"
            "Gas giants?,2 | 3,Venus | Jupiter | Saturn\r\n"
            f"Grant is buried in {GAP} tomb.,Grant's,\r\n"
            "The sun is a star.,TRUE,\r\n"
            "Capital of Peru?,Lima,\r\n"
            "Case?,MARS,Venus | Mars | Jupiter\r\n").encode()
    parsed = csv_format.read(data, "x.csv")
    assert parsed.errors == ()
    assert [(q.type, q.answer) for q in parsed.questions] == [
        ("mcq", "Mars"), ("multi", ("Jupiter", "Saturn")), ("cloze", "Grant's"),
        ("true_false", True), ("short", "Lima"), ("mcq", "Mars")]


def test_type_names_are_forgiving() -> None:
    data = (b"type,prompt,answer\r\nTrue/False,Sky is blue,yes\r\nShort Answer,Two?,2\r\n"
            b"Numerical,Three?,3\r\n")
    parsed = csv_format.read(data, "x.csv")
    assert [(q.type, q.answer) for q in parsed.questions] == [
        ("true_false", True), ("short", "2"), ("numeric", 3)]


def test_semicolon_separated_file_from_a_european_excel() -> None:
    parsed = load("semicolon.csv")
    assert [(q.id, q.answer) for q in parsed.questions] == [("de-1", "Berlin"), ("de-2", 2.5)]
    assert messages(parsed.notes) == ["the cells are separated by semicolons"]


def test_broken_rows_name_the_row_and_the_column() -> None:
    parsed = load("broken.csv")
    assert [q.id for q in parsed.questions] == ["ok"]
    assert messages(parsed.errors) == [
        "row 3: column 'answer': 'maybe' is not true or false",
        "row 4: column 'answer': 'lots' is not a number",
        "row 5: column 'tolerance': 'abc' is not a number",
        "row 6: answer: mcq answer 'Z' is not one of its choices",
        "row 7: column 'answer': no answer",
        "row 8: difficulty: difficulty 1.5 is not between 0 and 1",
        "row 9: choices: a mcq question needs 3 to 6 choices, not 2",
    ]


def test_row_numbers_count_a_multi_line_cell_as_one_row() -> None:
    data = b'prompt,answer\r\n"two\nlines",a\r\n\r\nbad,\r\n'
    parsed = csv_format.read(data, "x.csv")
    assert messages(parsed.errors) == ["row 4: column 'answer': no answer"]


def test_unknown_columns_and_extra_cells_are_noted() -> None:
    data = b"prompt,answer,colour\r\nSky?,blue,red,surplus\r\n"
    parsed = csv_format.read(data, "x.csv")
    assert len(parsed.questions) == 1
    assert messages(parsed.notes) == [
        "row 1: not read: the column 'colour' (not one of id, type, prompt, answer, choices, "
        "accept, tolerance, explanation, tags, difficulty)",
        "row 2: cells right of the last column were not read"]


def test_duplicate_ids_get_new_ones() -> None:
    parsed = csv_format.read(b"id,prompt,answer\r\nq1,A?,a\r\nq1,B?,b\r\n", "x.csv")
    assert [q.id for q in parsed.questions] == ["q1", derived_id("B?")]
    assert messages(parsed.notes) == [
        "row 3: the id 'q1' is used twice in the file; this one gets a new id"]


@pytest.mark.parametrize(("data", "where", "message"), [
    (b"", None, "the file is empty"),
    (b"\r\n\r\n", None, "the file is empty"),
    (b"id,prompt,prompt\r\n", "row 1", "the column 'prompt' appears twice"),
    (b"id,prompt,choices\r\n", "row 1", "the header has no 'answer' column"),
    (b"a,b,c\r\nd,e,f\r\n", "row 1", "the first row is not a header this reader knows"),
    (b"ok,fine\r\ncaf\xe9,coffee\r\n", "line 2", "not UTF-8"),
    (b"prompt,answer\r\n\x00", "line 2", "NUL"),
])
def test_unreadable_files(data: bytes, where: str | None, message: str) -> None:
    with pytest.raises(FormatError) as info:
        csv_format.read(data, "x.csv")
    assert info.value.where == where and message in info.value.message


def test_huge_file_and_huge_cell_are_refused() -> None:
    with pytest.raises(FormatError, match="larger than 4 MiB"):
        csv_format.read(b"prompt,answer\r\n" + b"a,b\r\n" * (1024 * 1024), "x.csv")
    with pytest.raises(FormatError) as info:
        csv_format.read(b"prompt,answer\r\nok,fine\r\n" + b"x" * 200_000 + b",y\r\n", "x.csv")
    assert info.value.where == "row 3" and "field larger than field limit" in info.value.message


# --- formula injection -------------------------------------------------------------------


def test_injection_quote_is_removed_on_read() -> None:
    parsed = load("injection.csv")
    first, second = parsed.questions
    assert first.prompt == '=HYPERLINK("http://evil.example","click")'
    assert first.answer == "@SUM(A1)" and first.explanation == "+1 is not a formula here"
    assert (second.prompt, second.answer) == ("It's fine", "'quoted'")


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+49 170", "'+49 170"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"), ("\rCR", "'\rCR"), ("'=already", "''=already"), ("-5", "-5"),
    ("-0.25", "-0.25"), ("-1e-05", "-1e-05"), ("-5+3", "'-5+3"), ("fine", "fine"),
    ("'plain", "'plain"), ("", ""),
])
def test_protect_and_unprotect(cell: str, written: str) -> None:
    assert csv_format.protect(cell) == written
    assert csv_format.unprotect(written) == cell


def test_export_never_starts_a_cell_with_a_formula_character() -> None:
    bank = bank_of(
        Question(id="=cmd|' /C calc'!A0", type="short", prompt="=1+1", answer="@x",
                 explanation="+y", tags=("-z",)),
        Question(id="n", type="numeric", prompt="-3 - 4?", answer=-7, tolerance=0))
    rows = table(csv_format.write(bank).data)
    assert rows[1][:4] == ["'=cmd|' /C calc'!A0", "short", "'=1+1", "'@x"]
    assert rows[1][7:9] == ["'+y", "'-z"]
    assert rows[2][2:4] == ["'-3 - 4?", "-7"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(csv_format.DANGEROUS) or cell.startswith("-7")
    back = csv_format.read(csv_format.write(bank).data, "x.csv")
    assert back.questions[0].id == "=cmd|' /C calc'!A0" and back.questions[0].tags == ("-z",)


# --- lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize("items", [
    ["a", "b"], ["a|b", "c"], ["back\\", "slash"], ["C:\\path", "x"], ["\\|", "\\\\"],
    ["ends\\"], ["a \\ b"],
])
def test_list_cells_round_trip(items: list[str]) -> None:
    assert csv_format.split_items(csv_format.join_items(items)) == items


def test_list_cells_as_a_teacher_types_them() -> None:
    assert csv_format.split_items(" Paris |Lyon||  Nice ") == ["Paris", "Lyon", "Nice"]
    assert csv_format.split_items("C:\\temp | a \\| b") == ["C:\\temp", "a | b"]
    assert csv_format.join_items(["Paris", "a|b"]) == "Paris | a\\|b"


# --- foreign quiz CSVs ---------------------------------------------------------------------


def test_quiz_csv_with_options_and_correct_answer_text_or_number() -> None:
    parsed = load("quiz_options.csv")
    got = [(q.type, q.choices, q.answer) for q in parsed.questions]
    assert got == [
        ("mcq", ("Venus", "Mars", "Jupiter", "Saturn"), "Mars"),
        ("mcq", ("Shark", "Dolphin", "Trout", "Salmon"), "Dolphin"),
        ("multi", ("2", "4", "5", "9"), ("2", "5")),
        ("true_false", (), True),
    ]
    assert parsed.questions[0].explanation == "It’s the iron oxide — rust — on its surface."
    assert parsed.questions[0].prompt.startswith("Did you know… ")
    assert messages(parsed.skipped) == [
        "row 6: a question with two answers (not True and False) has no quizapp type: a "
        "multiple-choice question needs 3 to 6 answers"]
    assert messages(parsed.errors) == [
        "row 7: column 'Correct Answer': 'red' is neither the text of an option nor an "
        "option number 1-4",
        "row 8: column 'Correct Answer': correct answer 7 is not one of answers 1-4"]


def test_kahoot_style_csv_with_row_numbers_and_time() -> None:
    parsed = load("kahoot_style.csv")
    assert [(q.choices, q.answer) for q in parsed.questions] == [
        (("2.6", "-2.0", "2.0", "2.5"), "2.6"),
        (("Teaching with It", "The MOOC", "For Teachers"), "The MOOC"),
        (("The workshop", "The quiz", "The forum"), "The workshop")]
    assert messages(parsed.errors) == ["row 5: choice 2: choice '.' repeats choice 1"]
    assert messages(parsed.notes) == [
        "the time limits were not imported: in quizapp a time limit belongs to a quiz, not "
        "to a question"]


def test_quiz_csv_without_options_and_its_errors() -> None:
    data = (b"Question,Answer,Feedback,Level\r\nCapital of Peru?,Lima,Inca roots,1\r\n"
            b",orphan,,\r\nEmpty?,,,\r\n")
    parsed = csv_format.read(data, "x.csv")
    assert [(q.type, q.answer, q.explanation) for q in parsed.questions] == [
        ("short", "Lima", "Inca roots")]
    assert messages(parsed.errors) == ["row 3: column 'Question': no question",
                                       "row 4: column 'Answer': no answer"]
    assert messages(parsed.notes) == ["row 1: not read: the column 'Level'"]


def test_quiz_csv_multi_by_texts_and_missing_correct_column() -> None:
    data = b"Question,Option 1,Option 2,Option 3,Correct\r\nPrimes?,2,3,4,2 | 3\r\n"
    parsed = csv_format.read(data, "x.csv")
    assert parsed.questions[0].answer == ("2", "3")
    data = b"Question,Option 1,Option 2,Option 3,Correct\r\nPrimes?,two,three,four,two|three\r\n"
    assert csv_format.read(data, "x.csv").questions[0].answer == ("two", "three")
    with pytest.raises(FormatError, match="no 'Correct Answer' column"):
        csv_format.read(b"Question,Option 1,Option 2\r\nA?,b,c\r\n", "x.csv")


def test_choice_question_errors() -> None:
    data = (b"Question,Option 1,Option 2,Option 3,Option 4,Correct Answer\r\n"
            b"None?,,,,,1\r\nOne?,only,,,,1\r\nEmpty correct?,a,b,,,3\r\nNo key?,a,b,c,,\r\n")
    parsed = csv_format.read(data, "x.csv")
    assert messages(parsed.errors) == [
        "row 2: the question has no answers",
        "row 3: the question has only one answer; it needs at least two",
        "row 4: correct answer 3 is empty",
        "row 5: column 'Correct Answer': no correct answer"]


# --- headerless flashcards -----------------------------------------------------------------


def test_headerless_flashcards() -> None:
    parsed = load("flashcards.csv")
    assert parsed.errors == ()
    assert [(q.type, q.prompt, q.answer) for q in parsed.questions] == [
        ("short", "What is the capital of Spain?", "Madrid"),
        ("short", "What is 3 + 3?", "6"),
        ("short", "What is the speed of sound?", "343 metres per second, in dry air at 20 °C"),
        ("short", "What year did the Berlin Wall fall?", "1989"),
        ("cloze", "Water boils at _____ °C at sea level.", "100"),
    ]


def test_headerless_flashcard_errors() -> None:
    parsed = csv_format.read(b"a,b\r\nc,d,e\r\n,f\r\ng,\r\nh,i,,\r\n", "x.csv")
    assert [q.prompt for q in parsed.questions] == ["a", "h"]
    assert messages(parsed.errors) == [
        "row 2: a file without a header row holds two columns (term, definition); this row "
        "has 3",
        "row 3: column 1 (the term) is empty",
        "row 4: column 2 (the definition) is empty"]


def test_term_definition_header_is_a_header() -> None:
    parsed = csv_format.read(b"Term,Definition\r\ngato,cat\r\n", "x.csv")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("gato", "cat")]


# --- writing -------------------------------------------------------------------------------


def every_type() -> Bank:
    return bank_of(
        Question(id="m", type="mcq", prompt="Red planet?", answer="Mars",
                 choices=("Venus", "Mars", "Jupiter"), explanation="Rust.", tags=("space",),
                 difficulty=0.25, source=SourceSpan(0, 3, "Red")),
        Question(id="mu", type="multi", prompt="Gas giants?", answer=("Jupiter", "Saturn"),
                 choices=("Mars", "Jupiter", "Saturn")),
        Question(id="t", type="true_false", prompt="The sun is a star.", answer=True),
        Question(id="s", type="short", prompt="Capital of Peru?", answer="Lima",
                 accept=("lima city", "a|b")),
        Question(id="c", type="cloze", prompt=f"Grant is buried in {GAP} tomb.",
                 answer="Grant's"),
        Question(id="n", type="numeric", prompt="Pi?", answer=3.14, tolerance=0.005,
                 extra={"colour": "red"}),
    )


def test_write_every_type() -> None:
    exported = csv_format.write(every_type())
    assert exported.data.startswith(b"\xef\xbb\xbfid,type,prompt,answer,choices,accept,")
    assert exported.data.decode("utf-8-sig").split("\r\n") == [
        "id,type,prompt,answer,choices,accept,tolerance,explanation,tags,difficulty",
        "m,mcq,Red planet?,Mars,Venus | Mars | Jupiter,,,Rust.,space,0.25",
        "mu,multi,Gas giants?,Jupiter | Saturn,Mars | Jupiter | Saturn,,,,,",
        "t,true_false,The sun is a star.,true,,,,,,",
        "s,short,Capital of Peru?,Lima,,lima city | a\\|b,,,,",
        "c,cloze,Grant is buried in _____ tomb.,Grant's,,,,,,",
        "n,numeric,Pi?,3.14,,,0.005,,,",
        "",
    ]
    assert messages(exported.notes) == [
        "CSV has no place for source passages (the sentence each question came from): left "
        "out of 1 question",
        "CSV has no place for extra (unknown) fields: left out of 1 question"]
    assert csv_format.write(every_type()) == exported
    back = csv_format.read(exported.data, "back.csv")
    assert back.errors == () and back.notes == ()
    assert [q.id for q in back.questions] == [q.id for q in every_type().questions]
    assert csv_format.FORMAT.carries == csv_format.CARRIES


def test_write_notes_spaces_around_items() -> None:
    exported = csv_format.write(bank_of(Question(id="x", type="short", prompt="P",
                                                 answer="a", tags=(" padded",))))
    assert messages(exported.notes) == [
        "question 'x': spaces around its choices, accepted answers or tags are not kept"]


def _items(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item.strip() for item in items)


@settings(max_examples=200, deadline=None)
@given(banks())
def test_round_trip_keeps_every_carried_field(bank: Bank) -> None:
    parsed = csv_format.read(csv_format.write(bank).data, "bank.csv")
    assert parsed.errors == (), parsed.errors
    assert len(parsed.questions) == len(bank.questions)
    for before, after in zip(bank.questions, parsed.questions, strict=True):
        answer = before.answer
        if before.type == "mcq":
            assert isinstance(answer, str)
            answer = answer.strip()
        elif isinstance(answer, tuple):
            answer = _items(answer)
        assert (after.id, after.type, after.prompt) == (before.id, before.type, before.prompt)
        assert after.answer == answer
        assert type(after.answer) is type(answer)
        assert after.choices == _items(before.choices)
        assert after.accept == _items(before.accept)
        assert after.tags == _items(before.tags)
        assert after.tolerance == before.tolerance
        assert after.difficulty == before.difficulty
        explanation = before.explanation if (before.explanation or "").strip() else None
        assert after.explanation == explanation


TOKENS = st.sampled_from([",", ";", '"', "\n", "\r\n", "|", "\\", "'", "=", "-", " ", "a",
                          "1", "2", "true", "x.5", "prompt", "answer", "type", "choices",
                          "tolerance", "difficulty", "id", "mcq", "multi", "numeric",
                          "true_false", "cloze", GAP, "Question", "Option 1", "Option 2",
                          "Option 3", "Correct Answer", "Time", "Definition", "\t"])


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=60).map("".join))
def test_fuzz_text_from_tokens(text: str) -> None:
    try:
        assert isinstance(csv_format.read(text.encode(), "fuzz.csv"), Parsed)
    except FormatError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_any_bytes(data: bytes) -> None:
    try:
        assert isinstance(csv_format.read(data, "fuzz.csv"), Parsed)
    except FormatError:
        pass
