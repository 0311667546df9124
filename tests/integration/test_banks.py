"""Banks service: import is one transaction; re-import updates, adds and retires by id."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from quizapp.core import bank as core_bank
from quizapp.models import Bank, Question
from quizapp.services import NotFound, banks
from tests.factories import NOW, import_bank, make_bank, make_question

ROOT = Path(__file__).resolve().parents[2]


def test_import_creates_the_set(session) -> None:
    report = import_bank(session, make_bank("capitals", questions=4))
    assert (report.created, report.added, report.updated, report.retired) == (True, 4, 0, 0)
    page = banks.list_sets(session)
    assert [(s.slug, s.question_count) for s in page.items] == [("capitals", 4)]


def test_reimport_updates_adds_and_retires_by_id(session) -> None:
    import_bank(session, make_bank(questions=3))
    q1 = session.scalar(select(Question).where(Question.qid == "q1"))
    first_row_id = q1.id
    changed = make_bank(question_values=(
        make_question("q1", prompt="Reworded?"), make_question("q3"), make_question("q4")))
    report = import_bank(session, changed, now=NOW + timedelta(days=1))
    assert (report.created, report.added, report.updated, report.retired, report.unchanged) \
        == (False, 1, 2, 1, 0)  # q1 reworded, q3 moved position, q4 new, q2 retired
    session.expire_all()
    rows = {q.qid: q for q in session.scalars(select(Question))}
    assert rows["q1"].id == first_row_id and rows["q1"].prompt == "Reworded?"
    assert rows["q2"].retired_at is not None  # hidden, never deleted
    assert [q.id for q in banks.export_bank(session, "sample").questions] == ["q1", "q3", "q4"]
    assert banks.get_set(session, "sample").summary.question_count == 3


def test_reimporting_the_same_bank_changes_nothing(session) -> None:
    import_bank(session)
    report = import_bank(session)
    assert (report.added, report.updated, report.retired, report.unchanged) == (0, 0, 0, 3)


def test_a_retired_question_comes_back(session) -> None:
    import_bank(session, make_bank(questions=2))
    import_bank(session, make_bank(questions=1))
    report = import_bank(session, make_bank(questions=2))
    assert (report.added, report.updated) == (0, 1)
    assert session.scalar(select(func.count()).where(Question.retired_at.is_(None))) == 2


@pytest.fixture
def fail_on_qid(session):
    """Install a database trigger that makes inserting one question fail, mid-import."""
    yield lambda qid: _fail_on_qid(session, qid)
    session.rollback()
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER IF EXISTS boom"))
    else:
        session.execute(text("DROP TRIGGER IF EXISTS boom ON questions"))
        session.execute(text("DROP FUNCTION IF EXISTS boom()"))
    session.commit()


def _fail_on_qid(session, qid: str) -> None:
    """Create the trigger for `fail_on_qid`."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text(
            "CREATE TRIGGER boom BEFORE INSERT ON questions WHEN NEW.qid = :q "
            "BEGIN SELECT RAISE(ABORT, 'boom'); END".replace(":q", f"'{qid}'")))
    else:
        session.execute(text(
            "CREATE OR REPLACE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.qid = '{qid}' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ "
            "LANGUAGE plpgsql"))
        session.execute(text("DROP TRIGGER IF EXISTS boom ON questions"))
        session.execute(text("CREATE TRIGGER boom BEFORE INSERT ON questions "
                             "FOR EACH ROW EXECUTE FUNCTION boom()"))
    session.commit()


def test_import_is_all_or_nothing(session, fail_on_qid) -> None:
    fail_on_qid("q3")
    with pytest.raises(Exception, match="boom"):
        import_bank(session, make_bank(questions=4))
    assert session.scalar(select(func.count(Bank.id))) == 0
    assert session.scalar(select(func.count(Question.id))) == 0


def test_failed_reimport_keeps_the_previous_version(session, fail_on_qid) -> None:
    import_bank(session, make_bank(questions=2))
    fail_on_qid("q9")
    changed = make_bank(title="Renamed", question_values=(
        make_question("q1", prompt="Changed?"), make_question("q9")))
    with pytest.raises(Exception, match="boom"):
        import_bank(session, changed)
    session.expire_all()
    assert session.scalar(select(Bank.title)) == "Sample set"
    assert session.scalar(select(Question.prompt).where(Question.qid == "q1")) == "Question q1?"
    assert session.scalar(select(func.count()).where(Question.retired_at.is_not(None))) == 0


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_import_export_import_is_lossless(session, tmp_path: Path, fmt: str) -> None:
    original = core_bank.load_bank_file(ROOT / "questions" / "example-solar-system.yaml")
    import_bank(session, original)
    exported = banks.export_bank(session, original.id)
    assert exported == original
    out = tmp_path / f"again.{fmt}"
    out.write_text(core_bank.dump_bank(exported, fmt), encoding="utf-8")
    assert core_bank.load_bank_file(out) == original


def test_lossless_with_every_optional_field(session) -> None:
    bank = core_bank.Bank(
        id="full", title="Full", description="All the fields", language="en",
        source=core_bank.BankSource(title="Article", file="sources/a.txt",
                                    sha256="a" * 64, extra={"url": "https://example.org"}),
        generator={"name": "quizapp", "version": "0.1.0"}, extra={"licence": "CC-BY"},
        questions=(
            make_question("m", explanation="Because.", tags=("geo",), difficulty=0.25,
                          source=core_bank.SourceSpan(3, 9, "abcdef"), extra={"note": [1, 2]}),
            core_bank.Question(id="n", type="numeric", prompt="How many?", answer=12,
                               tolerance=0.5),
            core_bank.Question(id="i", type="numeric", prompt="How many?", answer=2.5,
                               tolerance=0),
            core_bank.Question(id="t", type="true_false", prompt="The sky is green.",
                               answer=False),
            core_bank.Question(id="x", type="multi", prompt="Which?", answer=("a", "c"),
                               choices=("a", "b", "c")),
            core_bank.Question(id="s", type="short", prompt="Who?", answer="Kim Jong Un",
                               accept=("Kim",)),
            core_bank.Question(id="c", type="cloze", prompt="Met in _____.", answer="Hanoi"),
        ))
    import_bank(session, bank)
    assert banks.export_bank(session, "full") == bank


def test_unknown_set_is_not_found(session) -> None:
    with pytest.raises(NotFound):
        banks.get_set(session, "nope")
    with pytest.raises(NotFound):
        banks.export_bank(session, "nope")


def test_set_pages(session) -> None:
    for i in range(25):
        import_bank(session, make_bank(f"set-{i:02d}", title=f"Set {i:02d}", questions=1))
    first = banks.list_sets(session, page=1, per_page=10)
    last = banks.list_sets(session, page=99, per_page=10)
    assert (first.total, first.pages, len(first.items)) == (25, 3, 10)
    assert (last.page, len(last.items), last.items[-1].title) == (3, 5, "Set 24")
