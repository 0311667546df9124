"""The shipped bank is exactly what the generator makes from the shipped article."""
from __future__ import annotations

from pathlib import Path

import yaml

from quizapp.cli.generate import dump
from quizapp.core.generate import generate_bank

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "questions" / "sources" / "trump-kim-interviews.txt"
BANK = ROOT / "questions" / "trump-kim-interviews.yaml"
TITLE = "Trump–Kim Jong Un summits"


def regenerate() -> str:
    """Generate the shipped bank text from its source article."""
    text = SOURCE.read_bytes().decode("utf-8")
    bank = generate_bank(
        text,
        bank_id="trump-kim-interviews",
        title=TITLE,
        kind="txt",
        source_file="sources/trump-kim-interviews.txt",
    )
    return dump(bank, "yaml", source_text=text)


def test_shipped_bank_is_regenerated_byte_for_byte() -> None:
    """Regenerating the bank gives the committed file (the generator is deterministic)."""
    assert regenerate() == BANK.read_text(encoding="utf-8")


def test_shipped_bank_points_at_its_source() -> None:
    """source.file resolves to the article next to the bank and every span matches it."""
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    text = (BANK.parent / bank["source"]["file"]).read_text(encoding="utf-8")
    for q in bank["questions"]:
        assert text[q["source"]["start"] : q["source"]["end"]] == q["source"]["text"]


def test_shipped_bank_asks_where_and_when_of_each_meeting() -> None:
    """Singapore (June 2018), Hanoi (February 2019) and the DMZ (June 2019): each meeting's
    place and date are asked, whatever a regeneration reorders."""
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    asked = {(q["prompt"].split()[0], str(q["answer"])) for q in bank["questions"]}
    answers = {str(q["answer"]) for q in bank["questions"]}
    assert ("When", "June 2018") in asked
    assert ("Where", "Singapore") in asked
    assert ("When", "February 2019") in asked
    assert any(w == "Where" and a.startswith("Hanoi") for w, a in asked)
    assert ("Where", "Demilitarized Zone") in asked
    assert "June 2019" in answers
