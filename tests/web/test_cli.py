"""The `quizapp` command: init-db, import, export, users — through the CLI runner."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from flask import Flask
from sqlalchemy import func, select

from quizapp.core import bank as core_bank
from quizapp.extensions import db
from quizapp.models import Bank, User
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "questions" / "example-solar-system.yaml"


def test_import_and_export_round_trip(app: Flask, runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    out = tmp_path / "out.yaml"
    bank = core_bank.load_bank_file(EXAMPLE)
    result = runner.invoke(args=["export", bank.id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert core_bank.load_bank_file(out) == bank
    again = runner.invoke(args=["import", str(out)])
    assert again.exit_code == 0 and f"{len(bank.questions)} unchanged" in again.output


def test_import_a_folder(app: Flask, runner) -> None:
    result = runner.invoke(args=["import", str(ROOT / "questions")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == len(
            list((ROOT / "questions").glob("*.yaml")))


def test_a_broken_file_names_line_and_field_and_changes_nothing(app: Flask, runner,
                                                                tmp_path: Path) -> None:
    assert runner.invoke(args=["import", str(EXAMPLE)]).exit_code == 0
    data = yaml.safe_load(EXAMPLE.read_text())
    data["title"] = "Changed title"
    mcq = next(i for i, q in enumerate(data["questions"]) if q["type"] == "mcq")
    data["questions"][mcq]["answer"] = "Not a choice at all"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, sort_keys=False))
    result = runner.invoke(args=["import", str(broken)])
    assert result.exit_code != 0
    qid = data["questions"][mcq]["id"]
    assert "broken.yaml:" in result.output and f"question '{qid}'" in result.output
    assert "answer" in result.output and "nothing was changed" in result.output
    with app.app_context():
        assert db.session.scalar(select(Bank.title)) == core_bank.load_bank_file(EXAMPLE).title


def test_export_unknown_bank(app: Flask, runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["export", "nope", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code != 0 and "No question set with id 'nope'" in result.output


def test_users_commands(app: Flask, runner) -> None:
    result = runner.invoke(args=["users", "create", "root", "--role", "admin",
                                 "--password", "a long admin password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        make_user(db.session, "ada")
    assert runner.invoke(args=["users", "set-role", "ada", "teacher"]).exit_code == 0
    listing = runner.invoke(args=["users", "list"]).output
    assert "ada" in listing and "teacher" in listing and "admin" in listing
    bad = runner.invoke(args=["users", "set-role", "nobody", "teacher"])
    assert bad.exit_code != 0 and "No user named 'nobody'" in bad.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "ada")) == "teacher"


def test_init_db_runs_the_migrations(tmp_path: Path) -> None:
    """`quizapp init-db` on an empty SQLite file builds the schema; the real command runs."""
    env = {"QUIZAPP_INSTANCE_PATH": str(tmp_path), "PATH": str(Path(sys.executable).parent),
           "QUIZAPP_SECRET_KEY": "x"}
    quizapp = str(Path(sys.executable).parent / "quizapp")
    done = subprocess.run([quizapp, "init-db"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([quizapp, "import", str(EXAMPLE)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    flask = subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "quizapp",
                            "users", "list"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert flask.returncode == 0 and "No accounts yet" in flask.stdout
    assert (tmp_path / "quizapp.db").exists()


GIFT_FIXTURE = ROOT / "tests" / "fixtures" / "formats" / "gift" / "moodle_shape.gift"


def test_import_and_export_other_formats(app: Flask, runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", "--format", "gift", str(GIFT_FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "planets: created — 13 added, 0 changed, 0 unchanged" in result.output
    assert "skipped: line 38 (question 'Essay'): an essay question" in result.output
    assert runner.invoke(args=["import", str(EXAMPLE)]).exit_code == 0
    out = tmp_path / "solar.xml"
    result = runner.invoke(args=["export", "example-solar-system", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "(Moodle XML)" in result.output
    assert "note: Moodle XML has no place for source passages" not in result.output
    assert out.read_bytes().startswith(b"<?xml")
    result = runner.invoke(args=["import", str(out), "--set", "example-solar-system"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 changed, 12 unchanged" in result.output
    gift_out = tmp_path / "solar.gift"
    result = runner.invoke(args=["export", "example-solar-system", "-o", str(gift_out)])
    assert "note: GIFT has no place for difficulties" in result.output


def test_a_broken_foreign_file_changes_nothing(app: Flask, runner, tmp_path: Path) -> None:
    broken = tmp_path / "b.gift"
    broken.write_text("Q?{=a ~b ~c}\n\nWhich?{~a ~b ~c}\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(broken)])
    assert result.exit_code != 0
    assert "b.gift: line 3: no answer is marked right" in result.output
    assert "1 of 1 file(s) rejected; nothing was changed" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 0
    owner = runner.invoke(args=["import", str(GIFT_FIXTURE), "--owner", "nobody"])
    assert owner.exit_code != 0 and "No user 'nobody'" in owner.output
