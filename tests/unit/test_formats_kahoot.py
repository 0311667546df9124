"""Kahoot's quiz spreadsheet (.xlsx): the template's shape built here with openpyxl (the
instruction rows, merged cells, row numbers in column A, numbers stored as 20.0 / 1.0),
and hostile workbooks: a zip bomb, a '../' member, an XML bomb and an external entity in
sheet1.xml, a zip that is no workbook, formulas with and without a saved value."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.datavalidation import DataValidation

from quizapp.core.formats import kahoot
from quizapp.core.formats.base import FormatError, Parsed, derived_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "kahoot"
HEADER = ["Question - max 120 characters", "Answer 1 - max 75 characters",
          "Answer 2 - max 75 characters", "Answer 3 - max 75 characters",
          "Answer 4 - max 75 characters",
          "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
          "Correct answer(s) - choose at least one"]
EXAMPLE = ["Which spreadsheet tools can read this sheet and export to xlsx format?", "Excel",
           "Google Docs", "Numbers", "LibreOffice", 60, "1,2,3,4"]


def workbook(rows: Sequence[Sequence[Any]], *, instructions: bool = True,
             padding: int = 100, sheets: Sequence[str] = ()) -> bytes:
    """A workbook in the template's shape: rows go in B..H under the header."""
    book = openpyxl.Workbook()
    for title in sheets:
        book.create_sheet(title).append(["notes", "nothing here"])
    sheet = book.worksheets[0]
    sheet.title = "Sheet1"
    header_row = 1
    if instructions:
        sheet["B2"] = "Quiz template"
        sheet["B3"] = ("Add questions, at least two answer alternatives, time limit and choose "
                       "correct answers (at least one). Have fun creating your awesome quiz!")
        sheet["B4"] = ("Remember: questions have a limit of 120 characters and answers can "
                       "have 75 characters max. If several answers are correct, separate")
        sheet["B5"] = "See an example question below (don't forget to overwrite this ...)"
        sheet["B6"] = "And remember, if you're not using Excel you need to export to .xlsx"
        for cells in ("B3:H3", "B4:H4", "B6:H6"):
            sheet.merge_cells(cells)
        header_row = 8
    for column, name in enumerate(HEADER, 2):
        sheet.cell(header_row, column, name)
    for number in range(1, padding + 1):
        sheet.cell(header_row + number, 1, number)
    for offset, row in enumerate(rows, 1):
        for column, value in enumerate(row, 2):
            if value is not None:
                sheet.cell(header_row + offset, column, value)
    validation = DataValidation(type="list", formula1='"5,10,20,30,60,90,120,240"')
    validation.add(f"G{header_row + 1}")
    sheet.add_data_validation(validation)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """The zip with each member passed through `edit` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = edit(info.filename, source.read(info))
            if body is not None:
                target.writestr(info.filename, body)
    return out.getvalue()


def patch_sheet(data: bytes, old: str, new: str) -> bytes:
    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            assert old.encode() in body, old
            return body.replace(old.encode(), new.encode())
        return body
    return rewrite(data, edit)


def as_generated(data: bytes) -> bytes:
    """Numbers as kahoot-quiz-generator stores them: `<v>20.0</v>`, `<v>1.0</v>`."""
    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(rb'(<c r="[GH]\d+" t="n"><v>)(\d+)(</v>)', rb"\g<1>\g<2>.0\g<3>", body)
        return body
    return rewrite(data, edit)


def hand_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def read(data: bytes) -> Parsed:
    return kahoot.read(data, "quiz.xlsx")


def messages(notes: tuple) -> list[str]:
    return [str(n) for n in notes]


# --- the template --------------------------------------------------------------------------


def test_the_template_example_row_is_a_multi_question() -> None:
    parsed = read(workbook([EXAMPLE]))
    assert parsed.errors == () and parsed.skipped == ()
    (question,) = parsed.questions
    assert question.type == "multi"
    assert question.prompt == EXAMPLE[0]
    assert question.choices == ("Excel", "Google Docs", "Numbers", "LibreOffice")
    assert question.answer == question.choices
    assert question.id == derived_id(EXAMPLE[0])
    assert messages(parsed.notes) == [
        "the time limits (60 s) were not imported: in quizapp a time limit belongs to a "
        "quiz, not to a question"]


def test_generated_sheet_with_numbers_as_floats() -> None:
    rows = [["Which planet is red?", "Venus", "Mars", "Jupiter", "Saturn", 20.0, 2.0],
            ["Pick the mammals", "Whale", "Shark", "Bat", "Trout", 20.0, "1, 3"],
            ["Pick three", "a", "b", "c", None, 30, "1.0"]]
    data = as_generated(workbook(rows))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<v>20.0</v>" in archive.read("xl/worksheets/sheet1.xml")
    parsed = read(data)
    assert parsed.errors == ()
    assert [(q.type, q.choices, q.answer) for q in parsed.questions] == [
        ("mcq", ("Venus", "Mars", "Jupiter", "Saturn"), "Mars"),
        ("multi", ("Whale", "Shark", "Bat", "Trout"), ("Whale", "Bat")),
        ("mcq", ("a", "b", "c"), "a")]
    assert messages(parsed.notes) == [
        "the time limits (20 s, 30 s) were not imported: in quizapp a time limit belongs to "
        "a quiz, not to a question"]


def test_two_answers_true_false_or_skipped() -> None:
    rows = [["The sun is a star.", "True", "False", None, None, 20, 1],
            ["Water is dry.", "true", "false", None, None, 20, 2],
            ["Excel booleans", True, False, None, None, 20, 2],
            ["Tea or coffee?", "Tea", "Coffee", None, None, 20, 1]]
    parsed = read(workbook(rows))
    assert [(q.type, q.answer) for q in parsed.questions] == [
        ("true_false", True), ("true_false", False), ("true_false", False)]
    assert messages(parsed.skipped) == [
        "row 12: a question with two answers (not True and False) has no quizapp type: a "
        "multiple-choice question needs 3 to 6 answers"]


def test_errors_name_the_row() -> None:
    rows = [["Fine?", "a", "b", "c", "d", 20, 1],
            ["Five?", "a", "b", "c", "d", 20, 5],
            ["No key?", "a", "b", "c", "d", 20, None],
            ["Half?", "a", "b", "c", "d", 20, 1.5],
            ["Gap?", "a", "b", None, "d", 20, 3],
            [None, "a", "b", "c", "d", 20, 1],
            ["Same?", "a", "A", "c", "d", 20, 1],
            ["Lonely?", "a", None, None, None, 20, 1],
            ["Word?", "a", "b", "c", "d", 20, "first"]]
    parsed = read(workbook(rows))
    assert [q.prompt for q in parsed.questions] == ["Fine?"]
    assert messages(parsed.errors) == [
        "row 10: correct answer 5 is not one of answers 1-4",
        "row 11: no correct answer",
        "row 12: correct answer '1.5' is not an answer number",
        "row 13: correct answer 3 is empty",
        "row 14: no question",
        "row 15: choice 2: choice 'A' repeats choice 1",
        "row 16: the question has only one answer; it needs at least two",
        "row 17: correct answer 'first' is not an answer number"]


def test_padding_rows_are_skipped_silently_and_gaps_are_fine() -> None:
    rows: list[list[Any]] = [["First?", "a", "b", "c", "d", 20, 1]] + [[None] * 7] * 5 \
        + [["Later?", "e", "f", "g", "h", 20, 4]]
    parsed = read(workbook(rows, padding=300))
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("First?", "a"),
                                                                ("Later?", "h")]
    assert parsed.errors == () and parsed.skipped == ()


def test_header_found_when_instruction_rows_are_deleted() -> None:
    parsed = read(workbook([["Fine?", "a", "b", "c", "d", None, 2]], instructions=False))
    assert [(q.prompt, q.answer) for q in parsed.questions] == [("Fine?", "b")]
    assert parsed.notes == ()


def test_other_sheets_are_noted() -> None:
    parsed = read(workbook([EXAMPLE], sheets=["Extra"]))
    assert "only the sheet 'Sheet1' was read" in messages(parsed.notes)


def test_the_template_with_no_questions() -> None:
    parsed = read(workbook([]))
    assert messages(parsed.errors) == ["no questions found in the file"]


def test_saved_fixture_in_the_template_shape() -> None:
    parsed = kahoot.read((FIXTURES / "template_shape.xlsx").read_bytes(), "template.xlsx")
    assert parsed.counts() == {"mcq": 2, "multi": 1, "true_false": 1}
    assert messages(parsed.skipped) == [
        "row 12: a question with two answers (not True and False) has no quizapp type: a "
        "multiple-choice question needs 3 to 6 answers"]
    assert messages(parsed.errors) == ["row 13: correct answer 5 is not one of answers 1-4"]


def test_format_description() -> None:
    assert kahoot.FORMAT.write is None and kahoot.FORMAT.ids is False
    assert kahoot.FORMAT.extensions == (".xlsx",)


# --- formulas ------------------------------------------------------------------------------


def test_formula_without_a_saved_value_is_an_error() -> None:
    data = workbook([['=CONCAT("Capital of ","Peru?")', "Lima", "Quito", "Cusco", None, 20,
                      1]])
    parsed = read(data)
    assert messages(parsed.errors) == [
        "row 9: cell B9 holds a formula with no saved value; open the file in a spreadsheet "
        "program and save it again"]


def test_formula_with_a_saved_value_reads_the_value() -> None:
    data = workbook([['=CONCAT("Capital of ","Peru?")', "Lima", "Quito", "Cusco", None, 20,
                      1]])
    data = patch_sheet(data, '<c r="B9"><f>CONCAT("Capital of ","Peru?")</f><v /></c>',
                       '<c r="B9" t="str"><f>CONCAT("Capital of ","Peru?")</f>'
                       "<v>Capital of Peru?</v></c>")
    parsed = read(data)
    assert [q.prompt for q in parsed.questions] == ["Capital of Peru?"]
    assert "row 9: cell B9 holds a formula: its saved value 'Capital of Peru?' was read" \
        in messages(parsed.notes)


def test_error_value_is_an_error() -> None:
    parsed = read(workbook([["Broken?", "#N/A", "b", "c", "d", 20, 1]]))
    assert messages(parsed.errors) == ["row 9: cell C9 holds the error #N/A"]


# --- hostile and broken files --------------------------------------------------------------


def _bad(data: bytes) -> FormatError:
    with pytest.raises(FormatError) as info:
        read(data)
    return info.value


def test_zip_bomb() -> None:
    members = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
               "xl/worksheets/sheet1.xml": b"<" + b"a" * (20 * 1024 * 1024)}
    error = _bad(hand_zip(members))
    assert "xl/worksheets/sheet1.xml" in error.message and "zip bomb" in error.message


def test_path_traversal_member() -> None:
    buffer = io.BytesIO(workbook([EXAMPLE]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("../evil.xml", b"<x/>")
    error = _bad(buffer.getvalue())
    assert "unsafe file name '../evil.xml'" in error.message


def test_too_many_members() -> None:
    members = {f"xl/media/{i}.png": b"" for i in range(2001)}
    error = _bad(hand_zip(members, zipfile.ZIP_STORED))
    assert "more than 2000" in error.message


BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>&lol4;</t></is></c></row>'
        b"</sheetData></worksheet>")
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       b'<sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>&e;</t></is></c></row>'
       b"</sheetData></worksheet>")


def _with_sheet(body: bytes) -> bytes:
    return rewrite(workbook([EXAMPLE]),
                   lambda name, old: body if name == "xl/worksheets/sheet1.xml" else old)


@pytest.mark.parametrize("sheet", [BOMB, XXE], ids=["billion-laughs", "xxe"])
def test_xml_bomb_and_external_entity_are_refused_before_parsing(sheet: bytes) -> None:
    error = _bad(_with_sheet(sheet))
    assert error.message == ("'xl/worksheets/sheet1.xml' declares a DTD or entities, which a "
                             "workbook never does (an XML bomb or external entity?); refused")


@pytest.mark.parametrize("sheet", [BOMB, XXE], ids=["billion-laughs", "xxe"])
def test_openpyxl_itself_parses_with_defusedxml(sheet: bytes,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kahoot, "_DTD", ())  # without our own check, defusedxml still refuses
    assert kahoot.DEFUSEDXML is True
    error = _bad(_with_sheet(sheet))
    assert error.message == "not a readable Excel workbook (XML that declares entities)"


def test_refuses_without_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kahoot, "DEFUSEDXML", False)
    assert "defusedxml package is missing" in _bad(workbook([EXAMPLE])).message


def test_zip_that_is_not_a_workbook() -> None:
    error = _bad(hand_zip({"hello.txt": b"hello"}))
    assert error.message == ("not an Excel workbook (.xlsx): the zip has no "
                             "[Content_Types].xml and xl/ folder")


def test_broken_workbook_parts() -> None:
    data = rewrite(workbook([EXAMPLE]),
                   lambda name, body: b"<oops" if name == "xl/workbook.xml" else body)
    assert _bad(data).message.startswith("not a readable Excel workbook (")
    data = rewrite(workbook([EXAMPLE]),
                   lambda name, body: None if name == "xl/worksheets/sheet1.xml" else body)
    assert _bad(data).message == "the workbook has no worksheet"


def test_not_a_zip_and_old_xls() -> None:
    assert "not a readable zip archive" in _bad(b"Question,Answer\n").message
    assert "old Excel .xls file" in _bad(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).message


def test_huge_file() -> None:
    assert "larger than 32 MiB" in _bad(b"PK" + b"\0" * (32 * 1024 * 1024)).message


def test_no_header_row() -> None:
    book = openpyxl.Workbook()
    book.active.append(["just", "a", "table"])
    out = io.BytesIO()
    book.save(out)
    error = _bad(out.getvalue())
    assert error.message.startswith("no sheet has Kahoot's header row")


def test_huge_row_number_is_bounded() -> None:
    data = workbook([EXAMPLE])
    data = patch_sheet(data, '<row r="10">', '<row r="1048000">')
    data = patch_sheet(data, '<c r="A10"', '<c r="A1048000"')
    parsed = read(data)
    assert len(parsed.questions) == 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_any_bytes(data: bytes) -> None:
    try:
        assert isinstance(read(data), Parsed)
    except FormatError:
        pass


CELLS = st.one_of(st.none(), st.sampled_from(["True", "False", "1", "1,2", "a", "b", "", "5",
                                              "=1+1", "#N/A"]),
                  st.integers(-2, 6), st.floats(-2, 6, allow_nan=False), st.booleans())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=7, max_size=7), max_size=4), st.booleans())
def test_fuzz_sheets_from_cells(rows: list[list[Any]], instructions: bool) -> None:
    try:
        assert isinstance(read(workbook(rows, instructions=instructions, padding=5)), Parsed)
    except FormatError:
        pass


def build_fixture() -> None:  # pragma: no cover - run by hand to rebuild the fixture
    rows = [EXAMPLE, ["Which planet is red?", "Venus", "Mars", "Jupiter", "Saturn", 20.0, 2.0],
            ["The sun is a star.", "True", "False", None, None, 20.0, 1.0],
            ["Tea or coffee?", "Tea", "Coffee", None, None, 20.0, 1.0],
            ["Out of range?", "a", "b", "c", "d", 20.0, 5.0],
            ["Who painted the Mona Lisa?", "Leonardo", "Raphael", "Titian", None, 30.0, 1.0]]
    (FIXTURES / "template_shape.xlsx").write_bytes(as_generated(workbook(rows)))
