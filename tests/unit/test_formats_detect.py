"""Telling a file's format from its name and first lines, as the import page does when the
teacher leaves "Tell from the file"."""
from __future__ import annotations

import pytest

from quizapp.core import formats


@pytest.mark.parametrize("name, data, expected", [
    ("q.gift", b"Q?{T}", "gift"),
    ("q.xml", b"<?xml version='1.0'?><quiz></quiz>", "moodle_xml"),
    ("deck.apkg", b"PK", "apkg"),
    ("quiz.xlsx", b"PK", "kahoot"),
    ("q.csv", b"id,type,prompt,answer\n", "csv"),
    ("bank.yaml", b"format: quizapp-bank/1\n", "yaml"),
    ("bank.json", b"{}", "json"),
    ("notes.txt", b"#separator:tab\n#html:true\nfront\tback\n", "anki_text"),
    ("aiken.txt", b"Which?\nA. a\nB. b\nC. c\nANSWER: B\n", "aiken"),
    ("moodle.txt", b"::Q1::Which planet is red?{=Mars ~Venus ~Jupiter}\n", "gift"),
    ("tf.txt", b"The Sun is a star.{T}\n", "gift"),
    ("cards.txt", b"term\tdefinition with {braces} = equals\nterm 2\tdef 2\n", "quizlet"),
    ("cards.txt", b"Mars,the red planet\nVenus,the hot one\n", "quizlet"),
])
def test_detects(name: str, data: bytes, expected: str) -> None:
    assert formats.detect(name, data).name == expected


@pytest.mark.parametrize("name", ["notes.docx", "slides.pptx", "plain.txt"])
def test_unknown_files_ask_for_the_format(name: str) -> None:
    with pytest.raises(formats.FormatError, match="choose the format"):
        formats.detect(name, b"just some words")


def test_every_format_is_registered_once_with_a_reader_or_writer() -> None:
    assert set(formats.FORMATS) == {"yaml", "json", "gift", "moodle_xml", "aiken",
                                    "anki_text", "apkg", "quizlet", "csv", "kahoot"}
    for fmt in formats.FORMATS.values():
        assert fmt.read is not None or fmt.write is not None
        assert fmt.carries <= set(formats.FIELDS)
    assert formats.get("kahoot").write is None  # the issue asks for import only
    with pytest.raises(KeyError, match="unknown format 'docx'"):
        formats.get("docx")


@pytest.mark.parametrize("name, data, said", [
    ("quiz.xml", b'<?xml version="1.0"?><questestinterop xmlns="http://www.imsglobal.org/'
                 b'xsd/ims_qtiasiv1p2"/>', "this is a QTI file"),
    ("item.xml", b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>',
     "this is a QTI file"),
    ("empty.txt", b"", "the file is empty"),
    ("blank.gift", b"  \n\n", "the file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "this is not a file quizapp can import"),
    ("report.docx", b"PK\x03\x04" + b"\0" * 20, "this is not a file quizapp can import"),
])
def test_files_it_cannot_read_are_named_for_what_they_are(name: str, data: bytes,
                                                          said: str) -> None:
    with pytest.raises(formats.FormatError, match=said):
        formats.detect(name, data)


def test_a_binary_file_in_a_text_format_is_told_so() -> None:
    with pytest.raises(formats.FormatError, match="this is not a text file"):
        formats.get("gift").read(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "photo.gift")
