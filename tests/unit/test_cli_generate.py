"""`quizapp generate` command line."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from quizapp.cli.generate import generate_command

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_one_bank_per_input_named_after_it(tmp_path: Path) -> None:
    """notes.txt -> DIR/notes.yaml, in the bank format."""
    src = ARTICLES / "biography-ada-lovelace.txt"
    result = CliRunner().invoke(generate_command, [str(src), "-o", str(tmp_path), "--max", "5"])
    assert result.exit_code == 0, result.output
    bank = yaml.safe_load((tmp_path / "biography-ada-lovelace.yaml").read_text("utf-8"))
    assert bank["format"] == "quizapp-bank/1" and bank["id"] == "biography-ada-lovelace"
    assert 1 <= len(bank["questions"]) <= 5


def test_json_format_and_title(tmp_path: Path) -> None:
    """--format json writes DIR/name.json; --title sets the bank title."""
    src = ARTICLES / "history-panama-canal.md"
    result = CliRunner().invoke(
        generate_command, [str(src), "-o", str(tmp_path), "--format", "json", "--title", "Canal"]
    )
    assert result.exit_code == 0, result.output
    bank = json.loads((tmp_path / "history-panama-canal.json").read_text("utf-8"))
    assert bank["title"] == "Canal"


def test_bad_input_is_named_and_others_complete(tmp_path: Path) -> None:
    """A missing file and a binary file fail by name; the good file is still written."""
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    good = ARTICLES / "science-photosynthesis.html"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        generate_command, [str(tmp_path / "missing.txt"), str(bad), str(good), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "missing.txt:" in result.stderr and "broken.txt: not UTF-8" in result.stderr
    assert (out / "science-photosynthesis.yaml").exists()


def test_stdin_and_unsupported_type(tmp_path: Path) -> None:
    """'-' reads standard input (id stdin); a .pdf is refused by name."""
    text = (ARTICLES / "biography-ada-lovelace.txt").read_text("utf-8")
    pdf = tmp_path / "paper.pdf"
    pdf.write_text("x")
    result = CliRunner().invoke(generate_command, ["-", str(pdf), "-o", str(tmp_path)], input=text)
    assert result.exit_code == 1
    assert "paper.pdf: unsupported file type" in result.stderr
    bank = yaml.safe_load((tmp_path / "stdin.yaml").read_text("utf-8"))
    assert bank["id"] == "stdin" and bank["questions"]
