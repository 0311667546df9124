"""Every per-question rule rejects the file with the line, question id and field named."""

from __future__ import annotations

import pytest

from quizapp.core.bank import parse_bank
from tests.unit.bank_helpers import MCQ, MCQ_END, bank_text, line_of, question, rejection

# (rule, question block, text on the reported line, field, words the message must contain)
CASES = [
    (
        "type unknown",
        question(id="q", type="essay", prompt="Why?", answer="x"),
        "type: essay",
        "type",
        "unknown type",
    ),
    ("type missing", question(id="q", prompt="Why?", answer="x"), "- id: q", "type", "required"),
    ("prompt missing", question(id="q", type="short", answer="x"), "- id: q", "prompt", "required"),
    (
        "prompt empty",
        question(id="q", type="short", prompt="'  '", answer="x"),
        "prompt:",
        "prompt",
        "empty",
    ),
    (
        "prompt not text",
        question(id="q", type="short", prompt="[a, b]", answer="x"),
        "prompt:",
        "prompt",
        "must be text",
    ),
    (
        "answer missing",
        question(id="q", type="short", prompt="Why?"),
        "- id: q",
        "answer",
        "required",
    ),
    (
        "mcq too few choices",
        question(id="q", type="mcq", prompt="P?", choices="[a, b]", answer="a"),
        "choices:",
        "choices",
        "3 to 6 choices, not 2",
    ),
    (
        "mcq too many choices",
        question(id="q", type="mcq", prompt="P?", choices="[a, b, c, d, e, f, g]", answer="a"),
        "choices:",
        "choices",
        "3 to 6",
    ),
    (
        "mcq choices missing",
        question(id="q", type="mcq", prompt="P?", answer="a"),
        "- id: q",
        "choices",
        "required",
    ),
    (
        "mcq repeated choice",
        question(
            id="q", type="mcq", prompt="P?", choices="\n    - a\n    - b\n    - ' A '", answer="a"
        ),
        "- ' A '",
        "choices[2]",
        "repeats",
    ),
    (
        "mcq empty choice",
        question(id="q", type="mcq", prompt="P?", choices="[a, b, '']", answer="a"),
        "choices:",
        "choices[2]",
        "empty",
    ),
    (
        "mcq answer not a choice",
        question(id="q", type="mcq", prompt="P?", choices="[a, b, c]", answer="'Feb 2019'"),
        "answer:",
        "answer",
        "mcq answer 'Feb 2019' is not one of its",
    ),
    (
        "multi too many choices",
        question(
            id="q", type="multi", prompt="P?", choices="[a, b, c, d, e, f, g, h, i]", answer="[a]"
        ),
        "choices:",
        "choices",
        "3 to 8",
    ),
    (
        "multi empty answer",
        question(id="q", type="multi", prompt="P?", choices="[a, b, c]", answer="[]"),
        "answer:",
        "answer",
        "at least one",
    ),
    (
        "multi answer not a list",
        question(id="q", type="multi", prompt="P?", choices="[a, b, c]", answer="a"),
        "answer:",
        "answer",
        "must be a list",
    ),
    (
        "multi answer not a choice",
        question(
            id="q", type="multi", prompt="P?", choices="[a, b, c]", answer="\n    - a\n    - z"
        ),
        "- z",
        "answer[1]",
        "not one of",
    ),
    (
        "multi answer repeated",
        question(
            id="q",
            type="multi",
            prompt="P?",
            choices="[a, b, c]",
            answer="\n    - a\n    - b\n    - a",
        ),
        "- a",
        "answer[2]",
        "repeats",
    ),
    (
        "true_false quoted",
        question(id="q", type="true_false", prompt="Sky is blue.", answer="'true'"),
        "answer:",
        "answer",
        "must be true or false",
    ),
    (
        "true_false number",
        question(id="q", type="true_false", prompt="Sky is blue.", answer="1"),
        "answer:",
        "answer",
        "must be true or false",
    ),
    (
        "short empty answer",
        question(id="q", type="short", prompt="P?", answer="''"),
        "answer:",
        "answer",
        "empty",
    ),
    (
        "short answer a list",
        question(id="q", type="short", prompt="P?", answer="[a]"),
        "answer:",
        "answer",
        "must be text",
    ),
    (
        "cloze without gap",
        question(id="q", type="cloze", prompt="No gap here", answer="x"),
        "prompt:",
        "prompt",
        "found 0",
    ),
    (
        "cloze two gaps",
        question(id="q", type="cloze", prompt="'_____ and _____'", answer="x"),
        "prompt:",
        "prompt",
        "found 2",
    ),
    (
        "cloze six underscores",
        question(id="q", type="cloze", prompt="'a ______ b'", answer="x"),
        "prompt:",
        "prompt",
        "found 0",
    ),
    (
        "numeric text answer",
        question(id="q", type="numeric", prompt="P?", answer="'12'"),
        "answer:",
        "answer",
        "must be a number",
    ),
    (
        "numeric boolean answer",
        question(id="q", type="numeric", prompt="P?", answer="true"),
        "answer:",
        "answer",
        "must be a number",
    ),
    (
        "numeric infinite answer",
        question(id="q", type="numeric", prompt="P?", answer=".inf"),
        "answer:",
        "answer",
        "finite",
    ),
    (
        "negative tolerance",
        question(id="q", type="numeric", prompt="P?", answer="3", tolerance="-1"),
        "tolerance:",
        "tolerance",
        "0 or more",
    ),
    (
        "tolerance not a number",
        question(id="q", type="numeric", prompt="P?", answer="3", tolerance="lots"),
        "tolerance:",
        "tolerance",
        "must be a number",
    ),
    (
        "tolerance on mcq",
        question(id="q", type="mcq", prompt="P?", choices="[a, b, c]", answer="a", tolerance="2"),
        "tolerance:",
        "tolerance",
        "only numeric",
    ),
    (
        "accept on mcq",
        question(id="q", type="mcq", prompt="P?", choices="[a, b, c]", answer="a", accept="[b]"),
        "accept:",
        "accept",
        "only short and cloze",
    ),
    (
        "accept not a list",
        question(id="q", type="short", prompt="P?", answer="a", accept="b"),
        "accept:",
        "accept",
        "must be a list",
    ),
    (
        "accept item not text",
        question(id="q", type="short", prompt="P?", answer="a", accept="\n    - b\n    - {x: 1}"),
        "- {x: 1}",
        "accept[1]",
        "must be text",
    ),
    (
        "choices on short",
        question(id="q", type="short", prompt="P?", answer="a", choices="[a, b, c]"),
        "choices:",
        "choices",
        "only mcq and multi",
    ),
    (
        "tags not a list",
        question(id="q", type="short", prompt="P?", answer="a", tags="x"),
        "tags:",
        "tags",
        "must be a list",
    ),
    (
        "tag empty",
        question(id="q", type="short", prompt="P?", answer="a", tags="[x, '']"),
        "tags:",
        "tags[1]",
        "empty",
    ),
    (
        "difficulty above 1",
        question(id="q", type="short", prompt="P?", answer="a", difficulty="1.5"),
        "difficulty:",
        "difficulty",
        "between 0 and 1",
    ),
    (
        "difficulty boolean",
        question(id="q", type="short", prompt="P?", answer="a", difficulty="true"),
        "difficulty:",
        "difficulty",
        "must be a number",
    ),
    (
        "explanation not text",
        question(id="q", type="short", prompt="P?", answer="a", explanation="[a]"),
        "explanation:",
        "explanation",
        "must be text",
    ),
    (
        "source not a mapping",
        question(id="q", type="short", prompt="P?", answer="a", source="[1, 2]"),
        "source:",
        "source",
        "must be a mapping",
    ),
    (
        "source start boolean",
        question(
            id="q", type="short", prompt="P?", answer="a", source="{start: true, end: 1, text: x}"
        ),
        "source:",
        "source.start",
        "whole number",
    ),
    (
        "source end missing",
        question(id="q", type="short", prompt="P?", answer="a", source="{start: 0, text: x}"),
        "source:",
        "source.end",
        "required",
    ),
    (
        "source text missing",
        question(id="q", type="short", prompt="P?", answer="a", source="{start: 0, end: 1}"),
        "source:",
        "source.text",
        "required",
    ),
    (
        "source start after end",
        question(
            id="q", type="short", prompt="P?", answer="a", source="{start: 5, end: 1, text: x}"
        ),
        "source:",
        "source",
        "start <= end",
    ),
    (
        "source negative start",
        question(
            id="q", type="short", prompt="P?", answer="a", source="{start: -1, end: 0, text: ''}"
        ),
        "source:",
        "source",
        "start <= end",
    ),
    (
        "source text length",
        question(
            id="q", type="short", prompt="P?", answer="a", source="{start: 0, end: 5, text: abc}"
        ),
        "source:",
        "source.text",
        "3 characters",
    ),
    (
        "source unknown key",
        question(
            id="q",
            type="short",
            prompt="P?",
            answer="a",
            source="{start: 0, end: 1, text: x, page: 3}",
        ),
        "source:",
        "source.page",
        "unknown key",
    ),
    ("question not a mapping", "- just text\n", "- just text", None, "must be a mapping"),
]


@pytest.mark.parametrize(
    ("block", "needle", "field", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule_names_line_question_and_field(
    block: str, needle: str, field: str | None, words: str
) -> None:
    text = bank_text(MCQ, block)
    err = rejection(text)
    assert err.file == "questions/x.yaml"
    assert err.line == line_of(text, needle, occurrence=2 if needle == "- a" else 1, after=MCQ_END)
    assert err.field == field
    assert words in err.message
    if block.startswith("- id: q"):
        assert err.question_id == "q"
        assert f"question 'q': {field}: " in str(err)
    assert str(err).startswith(f"questions/x.yaml:{err.line}: ")


def test_doc_example_message_format() -> None:
    text = bank_text(
        MCQ,
        question(id="hanoi-when", type="mcq", prompt="When was Hanoi?",
                 choices="[Jan 2019, Mar 2019, Jun 2019]", answer="Feb 2019"),
    )  # fmt: skip
    line = line_of(text, "answer: Feb 2019")
    assert str(rejection(text)) == (
        f"questions/x.yaml:{line}: question 'hanoi-when': answer: "
        "mcq answer 'Feb 2019' is not one of its choices"
    )


def test_missing_id_names_the_question_line() -> None:
    text = bank_text(MCQ, question(type="short", prompt="P?", answer="a"))
    err = rejection(text)
    assert (err.line, err.question_id, err.field) == (line_of(text, "- type: short"), None, "id")


@pytest.mark.parametrize(
    ("value", "words"),
    [("' padded '", "surrounding whitespace"), ("x" * 121, "longer than 120"), ("''", "empty")],
)
def test_bad_question_id(value: str, words: str) -> None:
    text = bank_text(MCQ, question(id=value, type="short", prompt="P?", answer="a"))
    err = rejection(text)
    assert (err.line, err.field) == (line_of(text, f"- id: {value}"), "id")
    assert words in err.message


def test_question_id_of_120_characters_is_fine() -> None:
    text = bank_text(MCQ, question(id="x" * 120, type="short", prompt="P?", answer="a"))
    assert parse_bank(text, "x.yaml").questions[1].id == "x" * 120


def test_duplicate_question_id_names_both_lines() -> None:
    text = bank_text(MCQ, question(id="where", type="short", prompt="P?", answer="a"))
    err = rejection(text)
    first, second = line_of(text, "- id: where"), line_of(text, "- id: where", 2)
    assert (err.line, err.question_id, err.field) == (second, "where", "id")
    assert f"line {first}" in err.message


def test_source_text_must_match_the_article() -> None:
    article = "Kim met Trump in Singapore."
    good = question(id="q", type="short", prompt="P?", answer="a",
                    source="{start: 17, end: 26, text: Singapore}")  # fmt: skip
    bank = parse_bank(bank_text(MCQ, good), "x.yaml", source_text=article)
    assert bank.questions[1].source is not None
    assert article[17:26] == bank.questions[1].source.text
    bad = bank_text(MCQ, good.replace("start: 17, end: 26", "start: 16, end: 25"))
    err = rejection(bad, source_text=article)
    assert (err.line, err.question_id, err.field) == (line_of(bad, "source:"), "q", "source.text")
    past = bank_text(MCQ, good.replace("start: 17, end: 26", "start: 30, end: 39"))
    assert rejection(past, source_text=article).field == "source.end"


def test_each_type_parses_to_the_documented_values() -> None:
    text = bank_text(
        MCQ,
        question(id="m", type="multi", prompt="P?", choices="[a, b, c]", answer="[c, a]"),
        question(id="t", type="true_false", prompt="S.", answer="false"),
        question(id="s", type="short", prompt="P?", answer="1989", accept="[89, '1989 AD']"),
        question(id="c", type="cloze", prompt="'In _____ it fell.'", answer="1.50"),
        question(id="n", type="numeric", prompt="P?", answer="2.5", tolerance="0.5"),
        question(id="n0", type="numeric", prompt="P?", answer="7"),
    )
    q = {item.id: item for item in parse_bank(text, "x.yaml").questions}
    assert q["where"].answer == "Singapore"
    assert q["where"].choices == ("Singapore", "Hanoi", "the DMZ")
    assert q["m"].answer == ("c", "a")
    assert q["t"].answer is False
    # bare numbers where text is expected are kept exactly as written
    assert (q["s"].answer, q["s"].accept) == ("1989", ("89", "1989 AD"))
    assert q["c"].answer == "1.50"
    assert (q["n"].answer, q["n"].tolerance) == (2.5, 0.5)
    assert (q["n0"].answer, q["n0"].tolerance) == (7, None)


def test_the_format_pages_example_question_parses() -> None:
    """bank-format.md writes `accept: []` and `tolerance: 0` on an mcq: that is valid."""
    text = (
        "format: quizapp-bank/1\nid: doc\ntitle: Doc\nquestions:\n"
        "  - id: singapore-summit-where\n    type: mcq\n"
        "    prompt: \"Where did Donald Trump and Kim Jong Un first meet, in June 2018?\"\n"
        "    choices: [Singapore, Hanoi, the DMZ, Japan]\n    answer: Singapore\n"
        "    accept: []\n    tolerance: 0\n    explanation: \"The first summit.\"\n"
        "    tags: [singapore, places]\n    difficulty: 0.3\n"
    )
    question = parse_bank(text, "doc.yaml").questions[0]
    assert question.accept == () and question.tolerance == 0
