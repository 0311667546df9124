"""Anki "Notes in Plain Text": files in the shape Anki writes (full headers, card exports,
headerless term/definition lists) read as Anki reads them, quizapp's export comes back
losslessly, broken files name the line, and no input makes the reader fail otherwise."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, Question
from quizapp.core.formats import FormatError, Parsed, anki_text
from tests.strategies import banks

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats" / "anki"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CARRIED = ("id", "type", "prompt", "choices", "answer", "accept", "tolerance", "explanation",
           "tags")


def read_fixture(name: str) -> Parsed:
    path = FIXTURES / name
    return anki_text.read(path.read_bytes(), path.name)


def read_text(text: str) -> Parsed:
    return anki_text.read(text.encode("utf-8"), "notes.txt")


def by_id(parsed: Parsed, qid: str) -> Question:
    return next(q for q in parsed.questions if q.id == qid)


def carried(q: Question) -> tuple[object, ...]:
    return tuple(getattr(q, name) for name in CARRIED)


EVERY_TYPE = Bank("every-type", "Every type", (
    Question("cap-fr", "short", "What is the capital of France?", "Paris",
             accept=("paris",), explanation="Paris has been the capital since 987.",
             tags=("geo", "capital cities")),
    Question("D?H@y-%%r", "cloze", "The _____ flows through Vienna.", "Danube",
             accept=("the Danube",), explanation="It is Europe's second longest river."),
    Question("mcq-1", "mcq", "Which planet is red?\n(pick one)", "Mars",
             choices=("Venus", "Mars", "Jupiter")),
    Question("multi-1", "multi", "Which are moons of Mars?", ("Phobos", "Deimos"),
             choices=("Phobos", "Europa", "Deimos", "Titan")),
    Question("tf-1", "true_false", "The Sun is a star.", True, tags=("space",)),
    Question("num-1", "numeric", "How many days has a leap year?", 366),
    Question("num-2", "numeric", "What is pi to two places?", 3.14, tolerance=0.005),
    Question('#odd\t"id"', "short", "Is 3 < 5 & 5 > 3?", "{{c1::yes}}"),
), description="All six types")


# ------------------------------------------------------------------ reading Anki's files

def test_full_headers_export_reads_guids_note_types_decks_and_tags() -> None:
    parsed = read_fixture("full_headers.txt")
    assert parsed.errors == ()
    assert parsed.counts() == {"cloze": 3, "short": 5}
    assert parsed.title == "Geography::Europe"
    paris = by_id(parsed, "Qw!3$e%R^t")  # a guid full of punctuation is the id
    assert (paris.type, paris.prompt, paris.answer, paris.tags) == (
        "short", "What is the capital of France?", "Paris", ("geo", "europe"))
    danube = by_id(parsed, "Mn>b<v,c.x")
    assert (danube.type, danube.prompt, danube.answer) == (
        "cloze", "The _____ flows through Vienna.", "Danube")
    assert danube.explanation == "Longest river in the EU after the Volga"  # Back Extra
    madrid, spain = by_id(parsed, "Po(i)u*y&t-c1"), by_id(parsed, "Po(i)u*y&t-c2")
    assert (madrid.prompt, madrid.answer) == ("_____ is the capital of Spain.", "Madrid")
    assert (spain.prompt, spain.answer) == ("Madrid is the capital of _____.", "Spain")
    assert by_id(parsed, "Jk:l;z'x\\c").answer == "$ ls <path>"  # code fences, entities
    assert by_id(parsed, "Vb%n^m&q*w").answer == 'a beep and a "quote"'


def test_full_headers_export_says_what_was_skipped_and_changed() -> None:
    parsed = read_fixture("full_headers.txt")
    assert [str(n) for n in parsed.skipped] == [
        "line 8 (guid 'Zx#;cV&b<N'): the front is only an image or a sound, which a "
        "quizapp question cannot show",
        "line 12 (guid 'As~d`f=g+h'): c1 hides 2 places at once; a quizapp cloze question "
        "has one gap",
    ]
    notes = [str(n) for n in parsed.notes]
    assert "line 9 (guid 'Lk}j[h@g?f'): Anki makes 2 cards from this note (such as a " \
           "reverse card): only front -> back was read" in notes
    assert "line 10 (guid 'Mn>b<v,c.x'): the hint 'a river' was left out" in notes
    assert "line 11 (guid 'Po(i)u*y&t'): the note has 2 cloze numbers (c1, c2): each " \
           "became a question of its own" in notes
    assert "line 14 (guid 'Vb%n^m&q*w'): left out 'beep.mp3': quizapp questions show no " \
           "images or sounds" in notes
    assert "line 15 (guid 'Er-t_y+u=i'): the answer is 190 characters long: such cards " \
           "suit study (flashcards) better than a typed quiz" in notes
    assert "the notes come from 2 decks ('Geography::Europe', 'Computing'); all were read " \
           "into one set" in notes


def test_card_export_keeps_the_answer_below_the_answer_line() -> None:
    parsed = read_fixture("card_export.txt")
    assert parsed.errors == ()
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Hlavní město Česka je", "Praha"),
        ("Nejdelší řeka je", "Vltava"),
        ("Co je to almanach?", "literární sborník △"),
    ]
    assert [str(n) for n in parsed.notes] == [
        "2 backs repeated the front above Anki's answer line (<hr id=answer>): only the "
        "part below it was read"]
    assert [str(n) for n in parsed.skipped] == [
        "line 13: the front is only an image or a sound, which a quizapp question cannot "
        "show"]


def test_headerless_tab_file_with_comments_and_an_extra_column() -> None:
    parsed = read_fixture("headerless.txt")
    assert parsed.errors == () and parsed.title is None
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("1 x 1 =", "1"), ("2 x 3 =", "6"), ("水", "water"), ("火", "fire"),
        ("Card front \\(\\sqrt{x}\\)", "Card back")]
    assert [str(n) for n in parsed.notes] == [
        "line 4: the row has 3 fields; only the first two (front and back) were read",
        "line 7: it holds LaTeX math, which quizapp shows as typed (it does not typeset math)"]
    again = read_fixture("headerless.txt")
    assert [q.id for q in again.questions] == [q.id for q in parsed.questions]  # stable


def test_third_column_is_tags_when_the_first_row_has_one() -> None:
    parsed = read_text("foo\tbar\tbaz,qux\nfoo2\tbar2\tbaz2\n")  # Anki's text-tags.txt
    assert [(q.prompt, q.answer, q.tags) for q in parsed.questions] == [
        ("foo", "bar", ("baz,qux",)), ("foo2", "bar2", ("baz2",))]


def test_headerless_comma_file_is_guessed_and_said() -> None:
    parsed = read_fixture("comma.txt")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Speed of light", "299,792,458 meters per second"),
        ("Boiling point of water", "100 °C"),
        ('A "quoted" front', "back")]
    assert [str(n) for n in parsed.notes] == [
        "the file names no separator (#separator:); read as comma-separated"]


@pytest.mark.parametrize(("header", "row"), [
    ("#separator:semicolon", "front;back"), ("#separator:Pipe", "front|back"),
    ("#separator:comma", "front,back"), ("#separator:colon", "front:back"),
    ("#separator:space", "front back"), ("#separator:;", "front;back"),
    ("#separator:^", "front^back"),
])
def test_every_separator_anki_names(header: str, row: str) -> None:
    parsed = read_text(f"{header}\n#html:false\n{row}\n")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("front", "back")]


def test_global_headers_columns_and_old_tags_line() -> None:
    text = ("tags:imported\n#separator:tab\n#deck:Spanish\n#tags:vocab\n"
            "#columns:Back\tFront\n"
            "el gato\tthe cat\n# a comment where a record starts\n\"la\n casa\"\tthe house\n")
    parsed = read_text(text)
    assert parsed.title == "Spanish"
    assert [(q.prompt, q.answer, q.tags) for q in parsed.questions] == [
        ("el gato", "the cat", ("vocab",)),
        ("la\n casa", "the house", ("vocab",)),  # html:false guessed: text kept as it is
    ]


def test_html_is_guessed_from_the_fields() -> None:
    parsed = read_text("#separator:tab\n<b>bold</b> front\tback &amp; more\n")
    assert (parsed.questions[0].prompt, parsed.questions[0].answer) == (
        "bold front", "back & more")
    plain = read_text("#separator:tab\n#html:false\n<b>bold</b>\tx &amp; y\n")
    assert (plain.questions[0].prompt, plain.questions[0].answer) == ("<b>bold</b>",
                                                                      "x &amp; y")


def test_a_cloze_front_in_a_basic_note_and_a_cloze_note_without_deletion() -> None:
    parsed = read_text("#separator:tab\n#notetype column:1\n"
                       "Basic\tWater boils at {{c1::100}} °C.\t\n"
                       "Cloze\tNo deletion here\t\n")
    assert [(q.type, q.prompt, q.answer) for q in parsed.questions] == [
        ("cloze", "Water boils at _____ °C.", "100")]
    assert [str(e) for e in parsed.errors] == [
        "line 4: a cloze note without a deletion such as {{c1::answer}}"]


# ------------------------------------------------------------------ broken files

def test_broken_rows_are_errors_naming_the_line_in_order() -> None:
    parsed = read_fixture("broken.txt")
    assert [q.prompt for q in parsed.questions] == ["Good front"]
    assert [str(e) for e in parsed.errors] == [
        "line 4: the back (the answer) is empty",
        "line 5: the front (the question) is empty",
        "line 6: the deletion c1 is empty: nothing to fill the gap with",
        'line 7: a quoted field (starting with ") is never closed: the rest of the file '
        "would be inside it",
    ]


def test_wrong_encoding_names_the_line() -> None:
    with pytest.raises(FormatError) as info:
        anki_text.read(b"#separator:tab\nok\tfine\ncaf\xe9\tbad\n", "latin1.txt")
    assert str(info.value).startswith(
        "latin1.txt: line 3: the file is not UTF-8 text (a character near column")


def test_huge_file_is_refused() -> None:
    with pytest.raises(FormatError, match="larger than 4 MiB"):
        anki_text.read(b"a\tb\n" * (1024 * 1024 + 1), "huge.txt")


def test_too_many_notes_is_refused() -> None:
    text = "".join(f"front {i}\tback {i}\n" for i in range(5001))
    with pytest.raises(FormatError, match="more than 5000 questions"):
        read_text(text)


def test_a_field_over_the_csv_limit_is_an_error() -> None:
    parsed = read_text("#separator:tab\nok\tfine\n\"" + "x" * 200_000 + "\"\tback\n")
    assert [str(e) for e in parsed.errors] == [
        f"line 3: a field is longer than {csv.field_size_limit()} characters"]


def test_bad_headers_are_noted_and_guessed() -> None:
    parsed = read_text("#separator:tabs\n#html:maybe\n#guid column:x\nfront\tback\n")
    assert [str(n) for n in parsed.notes] == [
        "line 1: unknown separator 'tabs'; the separator was guessed",
        "line 2: #html must be true or false, not 'maybe'; guessed",
        "line 3: #guid column needs a column number (1, 2, ...), not 'x'; ignored",
    ]
    assert parsed.questions[0].answer == "back"


def test_a_file_with_no_notes() -> None:
    parsed = read_text("#separator:tab\n#html:true\n")
    assert [str(e) for e in parsed.errors] == ["no questions found in the file"]


def test_a_stray_quote_after_a_closed_field_is_text_as_in_anki() -> None:
    parsed = read_text('#separator:tab\n"ab"c\tback\nnext\tcard\n')
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("abc", "back"),
                                                                ("next", "card")]


# ------------------------------------------------------------------ writing

def test_export_is_what_anki_reads() -> None:
    data = anki_text.write(EVERY_TYPE).data.decode("utf-8")
    head = data.split("\n")[:7]
    assert head == ["#separator:tab", "#html:false", "#guid column:1", "#notetype column:2",
                    "#deck column:3", "#tags column:6",
                    "#columns:guid\tnotetype\tdeck\tFront\tBack\ttags\tquizapp"]
    rows = list(csv.reader(io.StringIO("\n".join(data.split("\n")[7:])), delimiter="\t"))
    assert rows[0][:6] == ["cap-fr", "Basic", "Every type", "What is the capital of France?",
                           "Paris\n\nParis has been the capital since 987.",
                           "geo capital_cities"]
    assert rows[1][:5] == ["D?H@y-%%r", "Cloze", "Every type",
                           "The {{c1::Danube}} flows through Vienna.",
                           "It is Europe's second longest river."]
    assert rows[2][3:5] == ["Which planet is red?\n(pick one)\nA) Venus\nB) Mars\nC) Jupiter",
                            "B) Mars"]
    assert rows[3][4] == "A) Phobos\nC) Deimos"
    assert rows[4][3:5] == ["True or false: The Sun is a star.", "True"]
    assert rows[5][4] == "366" and rows[6][4] == "3.14 (± 0.005)"
    assert '"#odd\t""id"""\tBasic' in data  # '#', tab and quotes quoted as Anki does


def test_export_notes_say_what_anki_does_not_show() -> None:
    notes = [str(n) for n in anki_text.write(EVERY_TYPE).notes]
    assert notes == [
        "question 'cap-fr': Anki shows only the main answer; the other accepted answers are "
        "kept in the quizapp column for a re-import here",
        "question 'cap-fr': the tag 'capital cities' is written 'capital_cities' (Anki tags "
        "have no spaces)",
        "question 'D?H@y-%%r': Anki shows only the main answer; the other accepted answers "
        "are kept in the quizapp column for a re-import here",
        "question 'mcq-1': an mcq question becomes a flashcard in Anki, the choices listed "
        "on the front and the right one on the back (re-imported here it is an mcq "
        "question again)",
        "question 'multi-1': a multi question becomes a flashcard in Anki, the choices "
        "listed on the front and the right ones on the back (re-imported here it is a "
        "multi question again)",
        "question 'tf-1': a true_false question becomes a flashcard 'True or false: ...' "
        "with True or False on the back (re-imported here it is a true_false question "
        "again)",
        "question 'num-1': a numeric question becomes a flashcard with the number on the "
        "back; Anki does not check typed numbers (re-imported here it is a numeric "
        "question again)",
        "question 'num-2': a numeric question becomes a flashcard with the number on the "
        "back; Anki does not check typed numbers (re-imported here it is a numeric "
        "question again)",
    ]


def test_lost_fields_are_noted() -> None:
    bank = Bank("b", "B", (Question("q", "short", "P?", "A", difficulty=0.5),))
    assert [str(n) for n in anki_text.write(bank).notes] == [
        "Anki notes (text) has no place for difficulties: left out of 1 question"]


def test_round_trip_every_type() -> None:
    exported = anki_text.write(EVERY_TYPE)
    parsed = anki_text.read(exported.data, "every.txt")
    assert parsed.errors == () and parsed.notes == () and parsed.skipped == ()
    assert parsed.title == "Every type"
    assert [carried(q) for q in parsed.questions] == [carried(q) for q in
                                                      EVERY_TYPE.questions]
    assert anki_text.write(EVERY_TYPE).data == exported.data  # deterministic


def test_a_card_edited_after_export_is_read_from_its_front_and_back() -> None:
    data = anki_text.write(EVERY_TYPE).data.decode("utf-8")
    data = data.replace("Which planet is red?\n(pick one)\nA)", "Which planet looks red?\nA)")
    parsed = read_text(data)
    edited = by_id(parsed, "mcq-1")
    assert edited.type == "short" and edited.prompt.startswith("Which planet looks red?")
    assert edited.answer == "B) Mars"
    assert [str(n) for n in parsed.notes] == [
        "line 12 (guid 'mcq-1'): the card was changed after quizapp wrote it: read from its "
        "front and back (it was an mcq question)"]
    assert by_id(parsed, "tf-1").type == "true_false"  # its front and back are unchanged


def test_tags_edited_after_export_are_taken_from_the_tags_column() -> None:
    data = anki_text.write(EVERY_TYPE).data.decode("utf-8")
    data = data.replace("\tgeo capital_cities\t", "\tgeo france\t")
    assert by_id(read_text(data), "cap-fr").tags == ("geo", "france")


def test_a_broken_quizapp_column_falls_back_to_front_and_back() -> None:
    text = ("#separator:tab\n#columns:guid\tFront\tBack\tquizapp\n#guid column:1\n"
            "g1\tfront\tback\tnot json\n"
            'g2\tfront 2\tback 2\t{"quizapp":1,"type":"mcq","prompt":"p","answer":"x"}\n')
    parsed = read_text(text)
    assert [(q.id, q.type, q.answer) for q in parsed.questions] == [
        ("g1", "short", "back"), ("g2", "short", "back 2")]
    assert [str(n) for n in parsed.notes] == [
        "line 4 (guid 'g1'): the quizapp field is not quizapp's copy of a question; the "
        "card was read from its front and back",
        "line 5 (guid 'g2'): the quizapp field holds no valid question (is required); the "
        "card was read from its front and back",
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_round_trip_any_bank(bank: Bank) -> None:
    parsed = anki_text.read(anki_text.write(bank).data, "bank.txt")
    assert parsed.errors == () and parsed.notes == ()
    assert [carried(q) for q in parsed.questions] == [carried(q) for q in bank.questions]


# ------------------------------------------------------------------ fuzz

TOKENS = st.sampled_from([
    "#separator:tab\n", "#separator:comma\n", "#separator:x\n", "#html:true\n",
    "#html:false\n", "#guid column:1\n", "#notetype column:2\n", "#deck column:3\n",
    "#tags column:4\n", "#columns:a\tb\tquizapp\n", "tags:x y\n", "#deck:D\n", "# c\n",
    "\t", ",", ";", "|", '"', '""', "\n", "front", "back", "Cloze", "Basic", "{{c1::",
    "{{c2::a::hint}}", "}}", "::", "<b>", "</b>", "<img src=x.jpg>", "[sound:a.mp3]",
    "<hr id=answer>", "&amp;", "```py<br>", "```", '{"quizapp":1,"type":"short",',
    '"prompt":"p","answer":"a"}', "_____", " ", "é", "#",
])


@FUZZ
@given(st.lists(TOKENS, max_size=60).map("".join))
def test_any_text_of_the_format_tokens_reads_or_fails_cleanly(text: str) -> None:
    try:
        parsed = read_text(text)
    except FormatError:
        return
    assert isinstance(parsed, Parsed)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    try:
        parsed = anki_text.read(data, "any.txt")
    except FormatError:
        return
    assert isinstance(parsed, Parsed)


def test_a_note_with_too_many_cloze_numbers_is_skipped() -> None:
    front = " ".join(f"{{{{c{n}::w{n}}}}}" for n in range(1, 102))
    parsed = read_text(f"#separator:tab\n{front}\t\nok\tfine\n")
    assert [str(n) for n in parsed.skipped] == [
        "line 2: the note has 101 cloze numbers, more than 100"]
