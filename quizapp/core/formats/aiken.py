"""Aiken: Moodle's plain-text format for multiple-choice questions, read and written.

    Where did they first meet?
    A) Singapore
    B) Hanoi
    C. the DMZ
    ANSWER: A

Reading follows Moodle's Aiken importer (question/format/aiken): lines are trimmed and blank
lines skipped; an option is a capital letter, ')' or '.', then the text (Moodle also takes
`A)text` with no space; here that only counts as an option inside a question, so a question
line such as "U.S. history: ..." is not taken for one); `ANSWER: X` ends the question and
names the right option by its letter. Beyond Moodle: question text may run over several
lines (joined with spaces, noted, as Moodle would refuse them), and the letter in ANSWER is
looked up among the options' own letters.
A question with two options True and False becomes a true_false question (noted); one with 2
(or more than 6) other options is skipped, since an mcq here has 3 to 6 choices. Options
without a question, a question with no ANSWER line, an ANSWER letter that is not an option,
and a single option are errors naming the line.
Aiken has no ids (they are derived from the prompt), explanations, tags or other types:
writing keeps mcq and true_false questions (as True/False options) and leaves the others out,
each with a note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp.core.bank import Bank, Question
from quizapp.core.formats.base import (
    Collector,
    Exported,
    Note,
    Parsed,
    clean_line,
    lost_fields,
)
from quizapp.core.formats.registry import Format
from quizapp.core.formats.text import decode

LABEL = "Aiken"
CARRIES = frozenset({"prompt", "choices", "answer"})
_OPTION = re.compile(r"([A-Z])[.)][ \t]+(.*)")  # `A) text`, `A. text`
_OPTION_TIGHT = re.compile(r"([A-Z])[.)](\S.*)")  # `A)text`: an option inside a question only
_ANSWER = "ANSWER:"
_TF = {"true": True, "false": False}


@dataclass
class _Block:
    line: int
    text: list[str]
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line


def read(data: bytes, filename: str) -> Parsed:
    """An Aiken file: mcq questions (true_false for True/False pairs), errors by line."""
    text = decode(data, filename)
    c = Collector(filename)
    block: _Block | None = None
    orphan = False  # inside lines that belong to no question (already reported)
    after_blank = True
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        blank_before, after_blank = after_blank, False
        where = f"line {number}"
        if line.startswith(_ANSWER):
            if block is None:
                if not orphan:
                    c.error(where, "an ANSWER line with no question before it (a question is "
                                   "a line of text, then options A), B), ..., then ANSWER)")
                orphan = True
                continue
            _finish(c, block, line[len(_ANSWER):].strip(), number)
            block = None
            continue
        option = _OPTION.fullmatch(line) or (block is not None and _OPTION_TIGHT.fullmatch(line))
        if option:
            if block is None:
                if not orphan:
                    c.error(where, f"the option {line[:40]!r} has no question before it (a "
                                   "question starts with its text on a line of its own)")
                orphan = True
                continue
            block.options.append((option.group(1), option.group(2).strip(), number))
            continue
        orphan = False
        if block is not None:
            if not block.options and not blank_before:
                block.text.append(line)
                continue
            _unfinished(c, block, number)
        block = _Block(number, [line])
    if block is not None:
        _unfinished(c, block, None)
    return c.result()


def _unfinished(c: Collector, block: _Block, next_line: int | None) -> None:
    where = f"line {block.line}"
    follow = f" before the next question at line {next_line}" if next_line else \
        " before the end of the file"
    if block.options:
        c.error(where, "the question has no ANSWER line after its options" + follow)
    else:
        c.error(where, "question text with no options and no ANSWER line" + follow)


def _finish(c: Collector, block: _Block, given: str, answer_line: int) -> None:
    where = f"line {block.line}"
    prompt = " ".join(block.text)
    options = block.options
    if not options:
        c.error(where, f"the ANSWER line (line {answer_line}) follows question text with no "
                       "options")
        return
    if len(options) == 1:
        c.error(where, f"only one option ({options[0][0]}); a question needs at least two")
        return
    letters = [letter for letter, _, _ in options]
    for index, letter in enumerate(letters):
        if letter in letters[:index]:
            c.error(where, f"the option letter {letter} is used twice (line "
                           f"{options[index][2]})")
            return
    if not given:
        c.error(where, f"the ANSWER line (line {answer_line}) names no option letter")
        return
    letter = given[0].upper()
    if letter not in letters:
        c.error(where, f"ANSWER: {given} (line {answer_line}) is not one of the options "
                       f"({', '.join(letters)})")
        return
    right = options[letters.index(letter)][1]
    notes = []
    if len(given) > 1 and given[1:].strip(" .)"):
        notes.append(f"'ANSWER: {given}': only the first letter, {letter}, is used")
    if len(block.text) > 1:
        notes.append(f"the question text runs over {len(block.text)} lines; they were joined "
                     "(Moodle's Aiken import takes one line only)")
    choices = [text for _, text, _ in options]
    if len(options) == 2 and {t.casefold() for t in choices} == set(_TF):
        before = len(c.questions)
        c.add(where, {"type": "true_false", "prompt": prompt, "answer": _TF[right.casefold()]})
        if len(c.questions) > before:
            c.note(where, "two options True and False: read as a true/false question")
            for message in notes:
                c.note(where, message)
        return
    if not 3 <= len(options) <= 6:
        c.skip(where, f"it has {len(options)} options; quizapp's multiple-choice questions have "
                      "3 to 6 choices")
        return
    before = len(c.questions)
    c.add(where, {"type": "mcq", "prompt": prompt, "choices": choices, "answer": right})
    if len(c.questions) > before:
        for message in notes:
            c.note(where, message)


def write(bank: Bank) -> Exported:
    """mcq and true_false questions as Aiken; every other question is left out, with a note."""
    notes: list[Note] = []
    blocks, written = [], []
    for q in bank.questions:
        block = _block(q, notes)
        if block:
            blocks.append("\n".join(block))
            written.append(q)
    notes[:0] = lost_fields(written, CARRIES, LABEL)  # only of the questions written
    return Exported(("\n\n".join(blocks) + "\n").encode("utf-8") if blocks else b"",
                    tuple(notes))


def _block(q: Question, notes: list[Note]) -> list[str] | None:
    where = f"question {q.id!r}"
    if q.type not in ("mcq", "true_false"):
        kind = {"multi": "multiple-answer", "short": "short-answer", "cloze": "cloze",
                "numeric": "numeric"}[q.type]
        notes.append(Note(where, f"left out: Aiken has no {kind} questions"))
        return None
    prompt = clean_line(q.prompt)
    if prompt != q.prompt.strip():
        notes.append(Note(where, "the prompt's line breaks became spaces (Aiken questions are "
                                 "one line)"))
    if _OPTION.fullmatch(prompt) or prompt.startswith(_ANSWER):
        notes.append(Note(where, "left out: its prompt starts like an Aiken option or ANSWER "
                                 "line, which a reader would take for one"))
        return None
    if q.type == "true_false":
        choices = ["True", "False"]
        right = 0 if q.answer else 1
    else:
        choices = [clean_line(choice) for choice in q.choices]
        right = q.choices.index(str(q.answer))
        if any(new != old.strip() for new, old in zip(choices, q.choices, strict=True)):
            notes.append(Note(where, "line breaks in its choices became spaces"))
    lines = [prompt]
    lines += [f"{chr(ord('A') + i)}) {choice}" for i, choice in enumerate(choices)]
    lines.append(f"ANSWER: {chr(ord('A') + right)}")
    return lines


FORMAT = Format("aiken", LABEL, (".txt",), CARRIES, read, write, ".txt", ids=False)
