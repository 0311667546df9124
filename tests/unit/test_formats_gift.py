"""GIFT: Moodle-shaped files read as Moodle reads them, every type round-trips, broken
files name the line, and no input makes the reader fail any other way."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.bank import Bank, Question
from quizapp.core.formats import FormatError, Parsed, gift
from tests.strategies import questions

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats" / "gift"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_fixture(name: str) -> Parsed:
    path = FIXTURES / name
    return gift.read(path.read_bytes(), path.name)


def by_prompt(parsed: Parsed, start: str) -> Question:
    return next(q for q in parsed.questions if q.prompt.startswith(start))


def test_moodle_shaped_file_reads_every_kind() -> None:
    parsed = read_fixture("moodle_shape.gift")
    assert parsed.errors == ()
    assert parsed.counts() == {"mcq": 5, "multi": 1, "numeric": 3, "short": 1,
                               "true_false": 3}
    assert parsed.title == "Planets"
    red = by_prompt(parsed, "Which planet is called")
    assert (red.id, red.type, red.answer, red.tags) == ("Red planet", "mcq", "Mars",
                                                        ("Planets",))
    assert red.choices == ("Venus", "Jupiter", "Mars", "Mercury")
    moons = by_prompt(parsed, "Mars has")
    assert moons.prompt == "Mars has _____ moons." and moons.answer == "two"
    assert by_prompt(parsed, "The Sun is").answer is True
    assert by_prompt(parsed, "Pluto").answer is False
    largest = by_prompt(parsed, "Which is the largest")
    assert (largest.type, largest.answer, largest.accept) == ("short", "Jupiter", ("jupiter",))
    assert by_prompt(parsed, "How many planets").answer == 8
    distance = by_prompt(parsed, "What is the mean distance")
    assert (distance.answer, distance.tolerance) == (1, 0.02)
    period = by_prompt(parsed, "What is Mars's orbital")
    assert (period.answer, period.tolerance) == (1.9, 0.1)
    multi = by_prompt(parsed, "Which of these are moons")
    assert (multi.id, multi.type, multi.answer) == ("mars-moons", "multi", ("Phobos", "Deimos"))
    assert multi.tags == ("Planets", "moons", "mars")
    rings = by_prompt(parsed, "Saturn's rings")
    assert rings.prompt == "Saturn's rings are made mostly of _____." and rings.answer == \
        "water ice"
    escaped = by_prompt(parsed, "Which of these is written")
    assert escaped.prompt == "Which of these is written {x} in GIFT?"
    assert escaped.choices == ("{x}", "x", "\\x") and escaped.answer == "{x}"
    venus = by_prompt(parsed, "Venus is")
    assert venus.explanation == "Its thick atmosphere traps heat."
    spot = by_prompt(parsed, "Which planet has the Great")
    assert spot.prompt == "Which planet has the Great Red Spot?"  # [html] markup dropped


def test_skips_and_notes_say_what_and_where() -> None:
    parsed = read_fixture("moodle_shape.gift")
    skipped = [str(n) for n in parsed.skipped]
    assert skipped == [
        "line 38 (question 'Essay'): an essay question (quizapp has no essay questions)",
        "line 40: a matching question (quizapp has no matching questions)",
    ]
    notes = [str(n) for n in parsed.notes]
    assert ("line 31 (question 'Saturn rings'): answers with partial credit now count as "
            "wrong: 'dust'") in notes
    assert ("line 13: the feedback for a right answer was left out; the one for a wrong "
            "answer is the explanation") in notes
    pluto = by_prompt(parsed, "Pluto")
    assert pluto.explanation == "It was reclassified in 2006."


def test_broken_questions_are_errors_naming_the_line() -> None:
    parsed = read_fixture("broken.gift")
    assert len(parsed.questions) == 1
    assert [str(e) for e in parsed.errors] == [
        "line 4: no answer is marked right (write the right one as =answer)",
        "line 6: an answer must start with '=' (right) or '~' (wrong)",
        "line 11: the answer block has no closing '}'",
    ]


def test_unescaped_latex_braces_are_literal() -> None:
    data = (b"::Eq:: What is $x$ if $\\dfrac{x}{2} = 3$? {\n ~$x = 3$\n =$x = 6$\n ~5\n}\n\n"
            b"Is $x \\neq 3$ here?{T}\n")
    parsed = gift.read(data, "math.gift")
    assert parsed.errors == ()
    eq, neq = parsed.questions
    assert eq.prompt == "What is $x$ if $\\dfrac{x}{2} = 3$?"
    assert eq.choices == ("$x = 3$", "$x = 6$", "5") and eq.answer == "$x = 6$"
    assert neq.prompt == "Is $x \\neq 3$ here?"


def every_type_bank() -> Bank:
    return Bank(id="every", title="Every type", questions=(
        Question(id="q-mcq", type="mcq", prompt="Which is {red}: a #1 = choice?",
                 choices=("Mars", "Venus~", "Earth: home"), answer="Mars",
                 explanation="Iron oxide.", tags=("planets", "colour")),
        Question(id="q-gap-mcq", type="mcq", prompt="The _____ is a star.",
                 choices=("Sun", "Moon", "Mars"), answer="Sun"),
        Question(id="q-multi", type="multi", prompt="Which are gas giants?",
                 choices=("Jupiter", "Saturn", "Mars", "Venus"), answer=("Jupiter", "Saturn")),
        Question(id="q-tf", type="true_false", prompt="Pluto is a planet.", answer=False),
        Question(id="q-short", type="short", prompt="Largest planet?", answer="Jupiter",
                 accept=("jupiter", "Jove")),
        Question(id="q-cloze", type="cloze", prompt="Water boils at _____ degrees.",
                 answer="100", accept=("one hundred",)),
        Question(id="q-cloze-end", type="cloze", prompt="The red planet is _____",
                 answer="Mars"),
        Question(id="q-num", type="numeric", prompt="What is pi?", answer=3.14,
                 tolerance=0.01),
        Question(id="q-int", type="numeric", prompt="How many moons has Mars?", answer=2),
        Question(id="q-path\\back", type="short", prompt="A \\ backslash?", answer="C:\\x"),
    ))


FIELDS = ("id", "type", "prompt", "choices", "answer", "accept", "tolerance", "explanation",
          "tags")


def test_every_type_round_trips() -> None:
    bank = every_type_bank()
    exported = gift.write(bank)
    parsed = gift.read(exported.data, "every.gift")
    assert parsed.errors == () and parsed.skipped == ()
    for before, after in zip(bank.questions, parsed.questions, strict=True):
        for name in FIELDS:
            want = getattr(before, name)
            if name == "tolerance" and before.type == "numeric":
                want = want or 0
            assert getattr(after, name) == want, (before.id, name)
    assert gift.write(bank).data == exported.data  # the same bank, the same bytes


def test_export_reports_what_gift_cannot_carry() -> None:
    bank = every_type_bank()
    first = bank.questions[0]
    bank = Bank(id=bank.id, title=bank.title, questions=(
        Question(**{**first.__dict__, "difficulty": 0.4}), *bank.questions[1:]))
    notes = [str(n) for n in gift.write(bank).notes]
    assert notes == ["GIFT has no place for difficulties: left out of 1 question"]


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    try:
        gift.read(data, "fuzz.gift")
    except FormatError:
        pass


TOKENS = ["{", "}", "=", "~", "#", "####", "::", "->", "%50%", "%-100%", "\\", "\\{", "T",
          "FALSE", "#1..2", "#3:0.1", "$CATEGORY: a/b", "// [id:x] [tag:y]", "\n\n", "\n",
          " ", "[html]", "<b>x</b>", "$\\frac{1}{2}$", "word", "_____", "1e999", "nan"]


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_gift_token_soup_reads_or_fails_cleanly(tokens: list[str]) -> None:
    try:
        parsed = gift.read("".join(tokens).encode(), "soup.gift")
    except FormatError:
        return
    for question in parsed.questions:  # whatever is read is a question the bank accepts
        assert question.prompt and question.type


@FUZZ
@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s
                                                        and "\x00" not in s),
                min_size=3, max_size=5, unique_by=lambda s: s.casefold()),
       st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip()
                                               and "\x00" not in s))
def test_any_text_in_a_question_round_trips(choices: list[str], prompt: str) -> None:
    prompt = " ".join(prompt.split()).replace("_____", "x") or "x"
    choices = [" ".join(c.split()) for c in choices]
    if len({c.casefold() for c in choices}) < len(choices) or not all(choices):
        return
    try:
        question = Question(id="q", type="mcq", prompt=prompt, choices=tuple(choices),
                            answer=choices[0])
        parsed = gift.read(gift.write(Bank(id="b", title="b", questions=(question,))).data,
                           "x.gift")
    except FormatError:
        pytest.fail("an exported file must read back")
    assert parsed.errors == (), parsed.errors
    (back,) = parsed.questions
    assert (back.prompt, back.choices, back.answer) == (prompt, tuple(choices), choices[0])


def test_wrong_encoding_names_the_line() -> None:
    with pytest.raises(FormatError, match=r"line 2: the file is not UTF-8"):
        gift.read(b"Q?{T}\n\xff\xfe broken", "latin.gift")


def _folded(question: Question) -> Question:
    """What GIFT keeps of a question's text: runs of spaces fold to one, as Moodle shows
    them, and the ends are trimmed."""
    def squash(text: str) -> str:
        return " ".join(text.replace("\n", "\x00").split()).replace("\x00", "\n")

    answer = question.answer
    if isinstance(answer, str):
        answer = squash(answer)
    elif isinstance(answer, tuple):  # a set: GIFT gives the right choices in their order
        answer = tuple(squash(c) for c in question.choices if c in answer)
    return Question(id=question.id, type=question.type, prompt=squash(question.prompt),
                    answer=answer, choices=tuple(squash(c) for c in question.choices),
                    accept=tuple(squash(a) for a in question.accept),
                    tolerance=question.tolerance or (0 if question.type == "numeric"
                                                     else None),
                    explanation=squash(question.explanation) or None if question.explanation
                    else None,
                    tags=tuple(dict.fromkeys(t.strip() for t in question.tags if t.strip())))


@FUZZ
@given(st.lists(questions(), min_size=1, max_size=4, unique_by=lambda q: q.id))
def test_any_question_of_any_type_round_trips(qs: list[Question]) -> None:
    qs = [q for q in qs if all("]" not in t and "\n" not in t for t in (q.id, *q.tags))]
    if not qs:
        return
    bank = Bank(id="b", title="b", questions=tuple(qs))
    parsed = gift.read(gift.write(bank).data, "b.gift")
    assert parsed.errors == () and parsed.skipped == ()
    for before, after in zip(qs, parsed.questions, strict=True):
        want = _folded(before)
        got = Question(**{**after.__dict__, "difficulty": None, "source": None, "extra": {}})
        assert got == want
