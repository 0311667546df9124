"""Kahoot's quiz spreadsheet template (.xlsx), read only.

The template has a few instruction rows, then a header row (row 8 in Kahoot's file: B
"Question - max 120 characters", C-F "Answer 1..4 - max 75 characters", G "Time limit
(sec)", H "Correct answer(s) - choose at least one") and one question a row below it,
column A numbering the rows. The header row is found by its text, so a sheet whose
instruction rows were deleted reads too. One correct answer -> mcq (3+ answers) or
true_false (two answers True and False); several -> multi; two other answers -> skipped.
Time limits are per quiz in quizapp: one note for the file. Kahoot has no ids.

The file is checked by `archive.open_zip` (sizes, ratio, names) and every XML member is
refused if it declares a DTD before openpyxl sees it; openpyxl itself parses with
defusedxml (openpyxl.xml.DEFUSEDXML), which this module insists on."""
from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.xml import DEFUSEDXML

from quizapp.core.formats.archive import open_zip, read_member
from quizapp.core.formats.base import MAX_QUESTIONS, Collector, FormatError, Parsed
from quizapp.core.formats.csv_cells import add_choice_question, answer_numbers
from quizapp.core.formats.registry import Format

LABEL = "Kahoot spreadsheet (.xlsx)"
HEADER_SEARCH_ROWS = 50
MAX_COLUMNS = 40
MAX_SHEETS = 20
_ANSWER = re.compile(r"answer\s*(\d{1,2})\b")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def read(data: bytes, filename: str) -> Parsed:
    """The first sheet that has Kahoot's header row, one question a row below it."""
    if not DEFUSEDXML:
        raise FormatError("cannot read .xlsx files safely: the defusedxml package is "
                          "missing (or OPENPYXL_DEFUSEDXML is off)", file=filename)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatError("this is an old Excel .xls file; save it as .xlsx", file=filename)
    _check_archive(data, filename)
    collector = Collector(filename)
    books = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for data_only in (True, False):
                books.append(openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                                    data_only=data_only))
            _read_book(books[0], books[1], collector)
    except FormatError:
        raise
    except Exception as exc:  # openpyxl on a broken file raises anything: name it, go on
        raise FormatError(f"not a readable Excel workbook ({_cause(exc)})",
                          file=filename) from None
    finally:
        for book in books:
            book.close()
    return collector.result()


def _cause(exc: BaseException) -> str:
    """What went wrong, in a word: openpyxl wraps a parser's error in its own ValueError."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.startswith("defusedxml"):
            return "XML that declares entities"
        seen = seen.__cause__ or seen.__context__
    return type(exc).__name__


def _check_archive(data: bytes, filename: str) -> None:
    """The zip's limits, that it is a workbook, and that no XML part declares a DTD (an
    OOXML part never does: a DTD is how an XML bomb or an external entity comes in)."""
    with open_zip(data, filename) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise FormatError("not an Excel workbook (.xlsx): the zip has no "
                              "[Content_Types].xml and xl/ folder", file=filename)
        for name in names:
            if name.lower().endswith((".xml", ".rels", ".vml")):
                part = read_member(archive, name, filename)
                if any(marker in part for marker in _DTD):
                    raise FormatError(f"{name!r} declares a DTD or entities, which a workbook "
                                      "never does (an XML bomb or external entity?); refused",
                                      file=filename)


def _header(row: tuple[Any, ...]) -> dict[str, Any] | None:
    """Column numbers (0-based) of the question, answers, time limit and correct answers,
    when this row is the header."""
    names = [" ".join(str(v).casefold().split()) if isinstance(v, str) else ""
             for v in row]
    question = next((i for i, n in enumerate(names) if n.startswith("question")), None)
    correct = next((i for i, n in enumerate(names) if n.startswith("correct")), None)
    answers = sorted((int(m.group(1)), i) for i, n in enumerate(names)
                     if (m := _ANSWER.match(n)))
    if question is None or correct is None or len(answers) < 2:
        return None
    time = next((i for i, n in enumerate(names) if n.startswith("time")), None)
    return {"question": question, "answers": [i for _, i in answers], "time": time,
            "correct": correct}


def _read_book(values: Any, formulas: Any, collector: Collector) -> None:
    sheets = values.worksheets[:MAX_SHEETS]
    if not sheets:
        raise FormatError("the workbook has no worksheet", file=collector.filename)
    for index, sheet in enumerate(sheets):
        for number, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS,
                                                     max_col=MAX_COLUMNS, values_only=True), 1):
            columns = _header(row)
            if columns:
                if len(values.worksheets) > 1:
                    collector.note(None, f"only the sheet {sheet.title!r} was read")
                _read_sheet(sheet, formulas.worksheets[index], number, columns, collector)
                return
    raise FormatError("no sheet has Kahoot's header row (Question, Answer 1..4, Time limit, "
                      "Correct answer(s))", file=collector.filename)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _read_sheet(sheet: Any, formula_sheet: Any, header_row: int, columns: dict[str, Any],
                collector: Collector) -> None:
    used = [columns["question"], *columns["answers"], columns["correct"]]
    if columns["time"] is not None:
        used.append(columns["time"])
    width = max(used) + 1
    first, last = header_row + 1, header_row + MAX_QUESTIONS + 1000
    times: list[str] = []
    rows = sheet.iter_rows(min_row=first, max_row=last, max_col=width)
    formula_rows = formula_sheet.iter_rows(min_row=first, max_row=last, max_col=width)
    for number, (cells, formula_cells) in enumerate(zip(rows, formula_rows, strict=False),
                                                    first):
        where = f"row {number}"
        row: dict[int, str] = {}
        problem = None
        for i in used:
            cell = cells[i] if i < len(cells) else None
            formula = formula_cells[i] if i < len(formula_cells) else None
            value = getattr(cell, "value", None)
            coordinate = f"{get_column_letter(i + 1)}{number}"
            if getattr(formula, "data_type", None) == "f":
                if value is None:
                    problem = (f"cell {coordinate} holds a formula with no saved value; open "
                               "the file in a spreadsheet program and save it again")
                    break
                collector.note(where, f"cell {coordinate} holds a formula: its saved value "
                                      f"{_text(value)[:40]!r} was read")
            if getattr(cell, "data_type", None) == "e":
                problem = f"cell {coordinate} holds the error {value}"
                break
            row[i] = _text(value)
        if problem:
            collector.error(where, problem)
            continue
        if not any(row.values()):
            continue  # template padding: only the row number in column A
        time = row.get(columns["time"], "") if columns["time"] is not None else ""
        if time and time not in times:
            times.append(time)
        prompt = row[columns["question"]]
        answers = [row[i] for i in columns["answers"]]
        if not prompt:
            collector.error(where, "no question")
            continue
        numbers, problem = answer_numbers(row[columns["correct"]], len(answers))
        if problem:
            collector.error(where, problem)
            continue
        add_choice_question(collector, where, prompt, answers, numbers)
    if times:
        shown = ", ".join(f"{t} s" for t in times[:5]) + (", ..." if len(times) > 5 else "")
        collector.note(None, f"the time limits ({shown}) were not imported: in quizapp a time "
                             "limit belongs to a quiz, not to a question")


FORMAT = Format("kahoot", LABEL, (".xlsx",), frozenset({"prompt", "choices", "answer"}),
                read, None, ".xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ids=False)
