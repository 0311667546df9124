"""Moodle XML: reading fixtures shaped like Moodle's own exports, every mapped type, what is
skipped and noted, broken and hostile files, and write -> read round trips."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, Question, SourceSpan
from quizapp.core.formats import moodle_xml
from quizapp.core.formats.base import FormatError, Parsed, derived_id
from tests.strategies import banks

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats" / "moodle_xml"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(data: bytes | str, name: str = "quiz.xml") -> Parsed:
    return moodle_xml.read(data.encode("utf-8") if isinstance(data, str) else data, name)


def messages(notes: tuple) -> list[str]:
    return [str(n) for n in notes]


def wrap(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>"


def mc(answers: str, single: str = "true", name: str = "Q") -> str:
    return (f'<question type="multichoice"><name><text>{name}</text></name>'
            '<questiontext format="html"><text>Pick</text></questiontext>'
            f"<single>{single}</single>{answers}</question>")


def ans(fraction: str, text: str) -> str:
    return f'<answer fraction="{fraction}"><text>{text}</text></answer>'


# ---------------------------------------------------------------------------- fixtures


def test_mixed_bank_maps_each_type():
    parsed = read(fixture("mixed_bank.xml"), "mixed_bank.xml")
    assert parsed.errors == ()
    assert parsed.title == "Solar system"
    assert parsed.counts() == {"cloze": 1, "mcq": 2, "multi": 1, "numeric": 1, "short": 1,
                               "true_false": 1}
    by_id = {q.id: q for q in parsed.questions}
    big = by_id["largest & heaviest"]  # idnumber with an XML entity
    assert (big.type, big.prompt, big.choices, big.answer) == (
        "mcq", "Which planet is the largest?", ("Jupiter", "Saturn", "Mars"), "Jupiter")
    assert big.tags == ("planets", "size")
    assert big.explanation == "Jupiter is more than twice as massive as all the others together."
    gas = by_id["Gas giants"]  # no idnumber: the (unique) name is the id
    assert gas.type == "multi" and gas.answer == ("Jupiter", "Saturn", "Uranus")
    assert by_id["moon-count"].answer is True and by_id["moon-count"].tags == ("Moons",)
    moon = by_id["largest-moon"]
    assert (moon.type, moon.answer, moon.accept) == ("short", "Ganymede", ("Jupiter III",))
    mars = by_id["mars-moons"]
    assert (mars.answer, mars.tolerance, mars.explanation) == (2, 0, "Phobos and Deimos.")
    red = by_id["red-planet"]
    assert (red.type, red.prompt, red.answer, red.accept) == (
        "cloze", "Mars is called the _____ of the solar system.", "red planet", ("Red Planet",))
    rings = by_id["rings"]
    assert (rings.type, rings.prompt, rings.choices, rings.answer) == (
        "mcq", "The planet with the brightest rings is _____.", ("Saturn", "Mars", "Venus"),
        "Saturn")


def test_mixed_bank_skips_and_notes():
    parsed = read(fixture("mixed_bank.xml"), "mixed_bank.xml")
    assert messages(parsed.skipped) == [
        "line 212 (question 'Two gaps'): a cloze question with 2 gaps; quizapp's cloze "
        "questions have one",
        "line 223 (question 'Essay'): an essay question (quizapp has no free-text questions "
        "graded by a teacher)",
        "line 234 (question 'Match'): a matching question (quizapp has no matching questions)",
        "line 248 (question 'Intro'): a description (text shown between questions, not a "
        "question)",
    ]
    notes = messages(parsed.notes)
    assert ("line 15 (question 'Largest planet'): left out: images and other media (quizapp "
            "questions are text only); feedback on answers (quizapp shows the explanation "
            "only)") in notes
    assert ("line 15 (question 'Largest planet'): partial credit left out: 'Saturn' (50%) "
            "counts as wrong now") in notes
    assert ("line 58 (question 'Gas giants'): the weights of the right answers ('Jupiter' 50%, "
            "'Saturn' 30%, 'Uranus' 20%) became equal: quizapp gives each right choice the "
            "same share") in notes
    assert "line 86: questions of the category 'Solar system/Moons' get the tag 'Moons'" in notes
    assert ("line 120 (question 'Largest moon'): the answer 'Callisto' (50%) left out: quizapp "
            "has no partial credit, so it counts as wrong") in notes
    assert ("line 120 (question 'Largest moon'): the answer 'Gany*' left out: quizapp has no "
            "`*` wildcards") in notes
    assert "line 156 (question 'Moons of Mars'): left out: units (moons)" in notes
    assert ("line 156 (question 'Moons of Mars'): 1 further answer left out: quizapp keeps one "
            "right number and its tolerance") in notes


def test_crlf_bom_and_no_trailing_newline_read_the_same():
    data = fixture("mixed_bank.xml")
    assert not data.endswith(b"\n")
    plain = read(data)
    crlf = read(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert crlf.questions == plain.questions
    assert messages(crlf.skipped) == messages(plain.skipped)  # same line numbers
    utf16 = read(data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    assert utf16.questions == plain.questions


def test_legacy_moodle_19_file():
    parsed = read(fixture("legacy_image.xml"), "legacy_image.xml")
    assert parsed.title == "Default for Old course"
    (q,) = parsed.questions
    assert q.prompt == 'Which of these is a "dwarf planet"?'
    assert q.choices == ("Mars", "Pluto", "Venus")  # answers trimmed of newlines and indents
    assert q.answer == "Pluto"
    assert q.id == "mcq with old image"
    assert messages(parsed.notes) == [
        "line 10 (question 'mcq with old image'): left out: images and other media (quizapp "
        "questions are text only)"]


def test_broken_questions_are_errors_naming_them():
    parsed = read(fixture("broken.xml"), "broken.xml")
    assert parsed.questions == ()
    assert messages(parsed.errors) == [
        "line 3 (question 'No gaps'): a cloze question with no gaps ({1:SHORTANSWER:=...} and "
        "the like)",
        "line 7 (question 'Empty choice gap'): gap 1 is a multiple-choice gap with 0 choices; "
        "it needs at least two",
        "line 11 (question 'One choice'): gap 1 is a multiple-choice gap with 1 choice; it "
        "needs at least two",
        "line 15 (question 'No full marks'): gap 1 has no answer with full marks (100%)",
        "line 19 (question 'Not a number'): gap 1 is a numerical gap, but 'seven' is not a "
        "number",
        "line 23 (question 'Bad grade'): answer 1: the grade 33% is not one Moodle allows "
        "(allowed: 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, "
        "16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, and the same below 0)",
        "line 34 (question 'Nobody right'): no answer has full marks (100%)",
        "line 42 (question 'Neither'): neither 'true' nor 'false' has full marks (100%)",
        "line 48 (question 'Words'): answer 1: 'eight' is not a number",
    ]


# ---------------------------------------------------------------------------- mapping rules


def test_two_choice_true_false_multichoice_becomes_true_false():
    parsed = read(wrap(mc(ans("0", "True") + ans("100", "False"))))
    (q,) = parsed.questions
    assert (q.type, q.answer) == ("true_false", False)
    assert messages(parsed.notes) == [
        "line 3 (question 'Q'): a multiple-choice question with the choices True and False "
        "became a true/false question"]


def test_choice_counts_quizapp_cannot_hold_are_skipped():
    two = mc(ans("100", "a") + ans("0", "b"), name="Two")
    seven = mc("".join(ans("100" if i == 0 else "0", f"c{i}") for i in range(7)), name="Seven")
    both = mc(ans("100", "a") + ans("100", "b") + ans("0", "c"), name="Both")
    parsed = read(wrap(two, seven, both))
    assert [n.message for n in parsed.skipped] == [
        "it has 2 choices; quizapp's multiple-choice questions have 3 to 6",
        "it has 7 choices; quizapp's multiple-choice questions have 3 to 6",
        "2 answers have full marks; quizapp's multiple-choice questions have one right choice",
    ]


def test_one_answer_and_no_positive_multi_are_errors():
    one = mc(ans("100", "a"), name="One")
    none = mc(ans("0", "a") + ans("-50", "b") + ans("0", "c"), single="false", name="None")
    parsed = read(wrap(one, none))
    assert messages(parsed.errors) == [
        "line 3 (question 'One'): a multiple-choice question needs at least two answers, not 1",
        "line 4 (question 'None'): no answer has a grade above 0%",
    ]


def test_question_without_a_name_is_named_by_its_number():
    q = ('<question type="numerical"><questiontext><text>n?</text></questiontext>'
         '<answer fraction="100"><text>x</text></answer></question>')
    parsed = read(wrap(q))
    assert messages(parsed.errors) == ["line 3 (question 1): answer 1: 'x' is not a number"]


def test_wildcard_only_short_answer_is_skipped():
    q = ('<question type="shortanswer"><name><text>Any</text></name><questiontext>'
         '<text>Say anything</text></questiontext><answer fraction="100"><text>*</text>'
         "</answer></question>")
    parsed = read(wrap(q))
    assert messages(parsed.skipped) == [
        "line 3 (question 'Any'): its only full-marks answers use the `*` wildcard, which "
        "quizapp does not have"]


def test_escaped_star_is_a_literal_star():
    q = ('<question type="shortanswer"><name><text>Star</text></name><questiontext>'
         '<text>Multiply sign?</text></questiontext><usecase>1</usecase>'
         '<answer fraction="100"><text>\\*</text></answer></question>')
    parsed = read(wrap(q))
    assert parsed.questions[0].answer == "*"
    assert messages(parsed.notes) == [
        "line 3 (question 'Star'): Moodle matched its answers case by case; quizapp ignores case"]


def test_duplicate_names_do_not_become_ids():
    q = ('<question type="truefalse"><name><text>Question</text></name><questiontext>'
         '<text>{}</text></questiontext><answer fraction="100"><text>true</text></answer>'
         '<answer fraction="0"><text>false</text></answer></question>')
    parsed = read(wrap(q.format("Sky is blue"), q.format("Grass is green")))
    assert [x.id for x in parsed.questions] == [derived_id("Sky is blue"),
                                                derived_id("Grass is green")]
    assert parsed.notes == ()


def test_category_paths_with_escaped_slashes():
    cat = ('<question type="category"><category><text>{}</text></category></question>')
    tf = ('<question type="truefalse"><name><text>{}</text></name><questiontext><text>{}</text>'
          '</questiontext><answer fraction="100"><text>true</text></answer>'
          '<answer fraction="0"><text>false</text></answer></question>')
    parsed = read(wrap(cat.format("$system$/Input//Output"), tf.format("a", "A"),
                       cat.format("$course$/Input//Output/Disks"), tf.format("b", "B")))
    assert parsed.title == "Input/Output"
    assert [q.tags for q in parsed.questions] == [(), ("Disks",)]


# ---------------------------------------------------------------------------- bad files


def test_external_entity_is_refused():
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"\n<quiz>&x;</quiz>")
    with pytest.raises(FormatError) as err:
        read(data, "xxe.xml")
    assert str(err.value) == (
        "xxe.xml: line 2: the file has a document type declaration (<!DOCTYPE ...>); Moodle XML "
        "has none, and quizapp refuses one because it can hide an entity bomb or a reference to "
        "another file")


def test_billion_laughs_is_refused():
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol0 "lol">']
    lines += [f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    lines += ["]>", "<quiz><question><name><text>&lol9;</text></name></question></quiz>"]
    with pytest.raises(FormatError, match="document type declaration") as err:
        read("\n".join(lines), "bomb.xml")
    assert err.value.where == "line 2"


def test_malformed_xml_names_the_line():
    with pytest.raises(FormatError) as err:
        read('<quiz>\n<question type="truefalse">\n</quiz>', "bad.xml")
    assert str(err.value) == "bad.xml: line 3: not well-formed XML (mismatched tag)"
    with pytest.raises(FormatError, match=r"line 2: not well-formed XML \(undefined entity; XML "
                                          r"itself knows only"):
        read("<quiz>\n<question>&nbsp;</question></quiz>")


def test_not_a_moodle_file():
    with pytest.raises(FormatError) as err:
        read("<?xml version='1.0'?>\n<questestinterop/>", "qti.xml")
    assert str(err.value) == ("qti.xml: line 2: not a Moodle XML file: the top element is "
                              "<questestinterop>, not <quiz>")
    with pytest.raises(FormatError, match="the file is empty"):
        read(b"  \n")


def test_wrong_encoding_names_the_line():
    data = '<quiz>\n<question type="truefalse"><name><text>Café</text></name></question></quiz>'
    with pytest.raises(FormatError) as err:
        read(data.encode("latin-1"), "latin.xml")
    assert str(err.value).startswith(
        "latin.xml: line 2: the file is not UTF-8 text (a character near column")


def test_huge_file_is_refused():
    data = b"<quiz>" + b" " * moodle_xml.MAX_XML_BYTES + b"</quiz>"
    with pytest.raises(FormatError, match="larger than 32 MiB"):
        read(data)


def test_empty_quiz():
    assert messages(read("<quiz/>").errors) == ["no questions found in the file"]


# ---------------------------------------------------------------------------- writing


def every_type_bank() -> Bank:
    return Bank("solar", "Solar / system", (
        Question("q-mcq & <1>", "mcq", "Which is largest?\nThink.", "Jupiter",
                 ("Mars", "Jupiter", "Venus"), explanation="Big & gassy",
                 tags=("planets", "a/b"), difficulty=0.4),
        Question("q-multi", "multi", "Gas giants?", ("Jupiter", "Saturn", "Neptune"),
                 ("Jupiter", "Mars", "Saturn", "Neptune", "Venus")),
        Question("q-tf", "true_false", "The Sun is a star.", False,
                 source=SourceSpan(0, 3, "abc")),
        Question("q-short", "short", "Largest moon?", "Gany*mede", accept=("Jupiter III",
                                                                           "a\\*b")),
        Question("q-cloze", "cloze", "Mars is the _____ planet, {not a gap}", "r}e#d~ \\}& *\\*{",
                 accept=("R&amp;D", "x\ny", "=%50%odd")),
        Question("q-num", "numeric", "Pi?", 3.14159, tolerance=0.001),
        Question("q-int", "numeric", "Big?", 10**12),
        Question("q-zero", "numeric", "Zero?", -0.5, tolerance=0),
    ))


FIELDS = ("id", "type", "prompt", "answer", "choices", "accept", "tolerance", "explanation",
          "tags")


def test_round_trip_every_type_exactly():
    bank = every_type_bank()
    exported = moodle_xml.write(bank)
    parsed = read(exported.data)
    assert parsed.errors == () and parsed.skipped == () and parsed.notes == ()
    assert parsed.title == "Solar / system"
    for before, after in zip(bank.questions, parsed.questions, strict=True):
        for name in FIELDS:
            assert getattr(after, name) == getattr(before, name), (before.id, name)


def test_write_grades_and_notes():
    exported = moodle_xml.write(every_type_bank())
    text = exported.data.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
                           '  <question type="category">\n    <category>\n'
                           "      <text>$course$/Solar // system</text>")
    multi = text.split("<idnumber>q-multi</idnumber>")[1].split("</question>")[0]
    assert re.findall(r'fraction="([^"]+)"', multi) == [
        "33.33333", "-33.33333", "33.33333", "33.33333", "-33.33333"]
    assert "{1:SHORTANSWER:=r\\}e\\#d\\~ &amp;#92;\\}&amp;#38; \\*&amp;#92;\\*&amp;#123;~=" in text
    assert messages(exported.notes) == [
        "Moodle XML has no place for difficulties: left out of 1 question",
        "Moodle XML has no place for source passages (the sentence each question came from): "
        "left out of 1 question",
    ]
    assert moodle_xml.write(every_type_bank()).data == exported.data  # deterministic


@pytest.mark.parametrize(("rights", "share"), [(1, "100"), (2, "50"), (3, "33.33333"),
                                               (4, "25"), (5, "20"), (6, "16.66667"),
                                               (7, "14.28571"), (8, "12.5")])
def test_multi_shares_are_moodle_grades(rights, share):
    choices = tuple(f"c{i}" for i in range(8))
    q = Question("m", "multi", "Pick", choices[:rights], choices)
    text = moodle_xml.write(Bank("b", "B", (q,))).data.decode()
    wrong = ["-" + share] * (8 - rights)
    assert re.findall(r'fraction="([^"]+)"', text) == [share] * rights + wrong
    assert read(text).questions[0].answer == choices[:rights]


def test_write_notes_what_moodle_cannot_keep():
    long_id = "x" * 110
    bank = Bank("b", "B", (
        Question(long_id, "true_false", "ok", True),
        Question("ctl", "short", "bell\x07here", "a"),
        Question("gap", "cloze", "_____ and {1:SA:=b}", "a"),
    ))
    exported = moodle_xml.write(bank)
    assert messages(exported.notes) == [
        f"question {long_id!r}: its id is longer than the 100 characters Moodle keeps in an "
        "idnumber",
        "question 'ctl': characters XML cannot hold (control characters) were left out",
        "question 'gap': its text holds a '{1:TYPE:...}' of its own, which Moodle reads as "
        "another gap",
    ]
    parsed = read(exported.data)
    assert parsed.questions[1].prompt == "bellhere"


def normal(q: Question) -> tuple:
    """What a Moodle XML round trip keeps: texts trimmed (Moodle trims them too), a multi's
    answer in choice order, an empty explanation absent."""
    answer = q.answer
    if q.type == "multi":
        answer = tuple(c.strip() for c in q.choices if c in q.answer)
    elif isinstance(answer, str):
        answer = answer.strip()
    return (q.id, q.type, q.prompt.strip(), answer, tuple(c.strip() for c in q.choices),
            tuple(a.strip() for a in q.accept), q.tolerance, (q.explanation or "").strip() or None,
            tuple(t.strip() for t in q.tags))


@settings(max_examples=200, deadline=None)
@given(banks())
def test_round_trip_any_bank(bank):
    parsed = read(moodle_xml.write(bank).data)
    assert parsed.errors == ()
    assert [normal(q) for q in parsed.questions] == [normal(q) for q in bank.questions]


# ---------------------------------------------------------------------------- fuzz

TOKENS = st.sampled_from([
    "<quiz>", "</quiz>", '<question type="multichoice">', '<question type="truefalse">',
    '<question type="cloze">', '<question type="shortanswer">', '<question type="numerical">',
    '<question type="category">', "</question>", "<name><text>n</text></name>",
    '<questiontext format="html"><text>', "</text></questiontext>", "<![CDATA[<p>x</p>]]>",
    '<answer fraction="100"><text>', '<answer fraction="33">', '<answer fraction="-50">',
    "</text></answer>", "<single>false</single>", "{1:SA:=x}", "{1:MC:=a~b~c}", "{2:NM:=3:1}",
    "{1:MULTICHOICE}", "~", "#", "\\}", "&amp;", "&lt;", "<!DOCTYPE q>", "<tags><tag><text>t",
    "</text></tag></tags>", "<idnumber>i</idnumber>", "<category><text>$course$/A",
    "</text></category>", "<tolerance>x</tolerance>", "true", "false", "*", "\n", " ", "1.5",
])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_any_bytes(data):
    try:
        assert isinstance(read(data), Parsed)
    except FormatError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=40))
def test_fuzz_tokens(tokens):
    try:
        assert isinstance(read("".join(tokens)), Parsed)
    except FormatError:
        pass


PIECES = st.sampled_from(["x", "Paris", "{1:SA:=x~%50%y#no}", "{1:MC:=a~b~c}",
                          "{1:MR:%50%a~%50%b~c}", "{2:NM:=3:1~%50%4}", "{1:MULTICHOICE}",
                          "{1:SA:", "\\}", "~", "#", "*",
                          "<p>", "<img src='@@PLUGINFILE@@/a.png'>", "&", "true", "false", "1e5",
                          "_____", " ", "\n", "é"])
GRADE = st.sampled_from(["100", "0", "50", "33.33333", "-50", "33", "x", "1e999", "-100", ""])


@st.composite
def questions_xml(draw: st.DrawFn) -> str:
    """A well-formed <question> of any type with random texts and grades."""
    from xml.sax.saxutils import escape

    def text() -> str:
        return escape("".join(draw(st.lists(PIECES, max_size=6))))

    qtype = draw(st.sampled_from(["multichoice", "truefalse", "shortanswer", "numerical",
                                  "cloze", "category", "essay", "weird", ""]))
    body = [f"<name><text>{text()}</text></name>",
            f"<questiontext format=\"{draw(st.sampled_from(['html', 'plain_text']))}\">"
            f"<text>{text()}</text></questiontext>",
            f"<single>{draw(st.sampled_from(['true', 'false', '0']))}</single>",
            f"<idnumber>{text()}</idnumber>", f"<category><text>{text()}</text></category>"]
    for _ in range(draw(st.integers(0, 9))):
        body.append(f'<answer fraction="{draw(GRADE)}"><text>{text()}</text>'
                    f"<tolerance>{text()}</tolerance><feedback><text>{text()}</text></feedback>"
                    "</answer>")
    return f'<question type="{qtype}">' + "".join(body) + "</question>"


@settings(max_examples=200, deadline=None)
@given(st.lists(questions_xml(), max_size=5))
def test_fuzz_well_formed_questions(items):
    assert isinstance(read(wrap(*items)), Parsed)
