"""load_bank_file: encoding, size cap, and checks against the source article on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quizapp.core.bank import QUESTION_TYPES, BankError, dump_bank, load_bank_file, parse_bank
from tests.unit.bank_helpers import HEADER, MCQ, bank_text, line_of

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "The first summit took place in Singapore.\nThe second was in Hanoi, Vietnam.\n"


def write_bank(folder: Path, sha256: str | None, start: int, text: str) -> Path:
    """A bank with a source block pointing at sources/article.txt and one sourced question."""
    source = "source:\n  title: Summits\n  file: sources/article.txt\n"
    if sha256 is not None:
        source += f"  sha256: {sha256}\n"
    end = start + len(text)
    block = MCQ + f"    source: {{start: {start}, end: {end}, text: '{text}'}}\n"
    path = folder / "bank.yaml"
    path.write_text(bank_text(block, header=HEADER.replace("questions:", source + "questions:")))
    return path


def load_error(path: Path) -> BankError:
    with pytest.raises(BankError) as info:
        load_bank_file(path)
    return info.value


def test_example_bank_uses_every_question_type() -> None:
    bank = load_bank_file(REPO / "questions" / "example-solar-system.yaml")
    assert bank.title == "The Solar System"
    assert bank.source is None
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)
    assert all(q.explanation and q.tags for q in bank.questions)
    assert any(q.accept for q in bank.questions if q.type == "short")
    assert any(q.tolerance for q in bank.questions if q.type == "numeric")


def test_source_article_on_disk_is_checked(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    article = tmp_path / "sources" / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    start = ARTICLE.index("Singapore")
    bank = load_bank_file(write_bank(tmp_path, digest, start, "Singapore"))
    assert bank.questions[0].source is not None
    assert bank.questions[0].source.start == start

    path = write_bank(tmp_path, digest, start + 1, "Singapore")
    err = load_error(path)
    assert (err.question_id, err.field) == ("where", "source.text")
    assert err.line == line_of(path.read_text(), "source: {start")

    path = write_bank(tmp_path, "0" * 64, start, "Singapore")
    err = load_error(path)
    assert (err.field, err.line) == ("source.sha256", line_of(path.read_text(), "sha256:"))
    assert digest in err.message


def test_missing_source_article_is_not_an_error(tmp_path: Path) -> None:
    bank = load_bank_file(write_bank(tmp_path, "0" * 64, 5, "Singapore"))
    assert bank.source is not None and bank.source.file == "sources/article.txt"


def test_bank_file_must_be_clean_utf8(tmp_path: Path) -> None:
    text = bank_text(MCQ)
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    err = load_error(path)
    assert "byte order mark" in err.message and err.file == str(path)
    path.write_bytes(text.replace("Hanoi", "Ha\xffnoi").encode("latin-1"))
    err = load_error(path)
    assert "UTF-8" in err.message and err.line == line_of(text, "Hanoi")


def test_bank_file_size_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(bank_text(MCQ) + "# " + "x" * (2 * 1024 * 1024) + "\n")
    assert "larger than 2 MiB" in load_error(path).message


def test_unreadable_file_is_a_bank_error(tmp_path: Path) -> None:
    assert "cannot read" in load_error(tmp_path / "nope.yaml").message


def test_json_bank_file_loads_like_yaml(tmp_path: Path) -> None:
    bank = load_bank_file(REPO / "questions" / "example-solar-system.yaml")
    path = tmp_path / "solar.json"
    path.write_text(dump_bank(bank, "json"), encoding="utf-8")
    assert load_bank_file(path) == bank
    assert parse_bank(dump_bank(bank), "again.yaml") == bank


def test_a_source_outside_the_banks_folder_is_refused_unread(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from quizapp.core.bank import BankError, load_bank_and_source

    secret = tmp_path / "secret_key"
    secret.write_text("s3cr3t")
    folder = tmp_path / "banks"
    folder.mkdir()
    for target in ("../secret_key", str(secret)):
        bank = folder / "b.yaml"
        bank.write_text(
            "format: quizapp-bank/1\nid: b\ntitle: B\nsource:\n"
            f"  file: {target}\n  sha256: {'0' * 64}\nquestions:\n"
            "  - {id: q1, type: short, prompt: P?, answer: A}\n")
        with pytest.raises(BankError) as err:
            load_bank_and_source(bank)
        assert err.value.field == "source.file"
        assert "inside the bank's folder" in str(err.value) or "relative" in str(err.value)
        assert "s3cr3t" not in str(err.value)


def test_a_nul_in_a_json_bank_names_its_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from quizapp.core.bank import BankError, load_bank_file

    bank = tmp_path / "b.json"
    bank.write_text('{"format": "quizapp-bank/1", "id": "b", "title": "B", "questions": '
                    '[{"id": "q1", "type": "short", "prompt": "P\\u0000?", "answer": "A"}]}')
    with pytest.raises(BankError) as err:
        load_bank_file(bank)
    assert err.value.field == "prompt" and "NUL" in str(err.value)
