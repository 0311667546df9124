"""Import and export through the transfer service on a real database: the preview says
what will happen and writes nothing, the import is all or nothing, questions are matched
by id so learners' history survives, and only the owner may do either."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.formats import gift
from quizapp.models import Answer, Attempt, Bank, PendingImport, Question
from quizapp.services import NotFound, ServiceError, banks
from quizapp.services.authoring import sets
from quizapp.services.quiz import attempts
from quizapp.services.transfer import exports, imports
from tests.factories import NOW, make_bank, make_user

GIFT = b"""$CATEGORY: $course$/Planets

// [id:red] [tag:mars]
::Red::Which planet is red?{=Mars ~Venus ~Jupiter}

::Moons::Mars has {~one =two ~three} moons.

The Sun is a star.{T}

::Essay::Describe Mars. {}
"""


def _counts(session: Session) -> tuple[int, int, int]:
    return (session.scalar(select(func.count(Bank.id))) or 0,
            session.scalar(select(func.count(Question.id))) or 0,
            session.scalar(select(func.count(PendingImport.id))) or 0)


def test_preview_writes_nothing_then_import_creates_the_set(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    token = imports.start(session, tess.id, None, filename="planets.gift", data=GIFT,
                          format_name=None, now=NOW)
    assert _counts(session) == (0, 0, 1)
    preview = imports.preview(session, tess.id, token)
    assert preview.format.name == "gift" and preview.target_title == "Planets"
    assert preview.parsed.counts() == {"mcq": 2, "true_false": 1}
    assert [str(s) for s in preview.parsed.skipped] == [
        "line 10 (question 'Essay'): an essay question (quizapp has no essay questions)"]
    assert len(preview.plan.added) == 3 and preview.can_import
    done = imports.confirm(session, tess.id, token, now=NOW)
    assert (done.ref, done.created, done.added) == ("tess~planets", True, 3)
    assert _counts(session) == (1, 3, 1)
    assert session.scalar(select(PendingImport.data)) == b""  # the file is not kept
    with pytest.raises(imports.AlreadyImported) as again:  # a second click imports nothing
        imports.confirm(session, tess.id, token, now=NOW)
    assert again.value.ref == "tess~planets"
    assert _counts(session) == (1, 3, 1)
    bank = session.scalar(select(Bank))
    assert bank is not None and (bank.visibility, bank.active_count) == ("private", 3)
    red = session.scalar(select(Question).where(Question.qid == "red"))
    assert red is not None and red.tags == ["Planets", "mars"]


def test_a_file_with_an_error_imports_nothing(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    data = GIFT + b"\nWhich planet is blue?{~Mars ~Venus ~Earth}\n"
    token = imports.start(session, tess.id, None, filename="p.gift", data=data,
                          format_name="gift", now=NOW)
    preview = imports.preview(session, tess.id, token)
    assert not preview.can_import
    assert [str(e) for e in preview.parsed.errors] == [
        "line 12: no answer is marked right (write the right one as =answer)"]
    with pytest.raises(ServiceError, match="nothing was imported"):
        imports.confirm(session, tess.id, token, now=NOW)
    assert _counts(session) == (0, 0, 1)


def test_an_unreadable_file_is_refused_before_anything_is_kept(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    with pytest.raises(imports.UnreadableFile, match=r"line 1: the file is not UTF-8"):
        imports.start(session, tess.id, None, filename="p.gift", data=b"\xff{T}",
                      format_name="gift", now=NOW)
    with pytest.raises(imports.UnreadableFile, match="cannot tell the file's format"):
        imports.start(session, tess.id, None, filename="p.docx", data=b"x",
                      format_name=None, now=NOW)
    assert _counts(session) == (0, 0, 0)


def test_export_then_import_keeps_ids_and_history(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    lee = make_user(session, "lee")
    banks.import_bank(session, make_bank("solar", questions=4), now=NOW, owner_id=tess.id)
    ref = "tess~solar"
    sets.set_visibility(session, ref, tess.id, "public", now=NOW)
    attempt = attempts.start_attempt(session, user_id=lee.id, slug=ref, mode="practice",
                                      count=4, time_limit_seconds=None, now=NOW)
    before = {q.qid: q.id for q in session.scalars(select(Question))}
    file = exports.export(session, ref, "gift", user_id=tess.id)
    assert file.filename == "solar.gift"
    token = imports.start(session, tess.id, ref, filename=file.filename,
                          data=file.exported.data, format_name=None, now=NOW)
    preview = imports.preview(session, tess.id, token)
    assert (len(preview.plan.added), len(preview.plan.changed)) == (0, 0)
    assert len(preview.plan.unchanged) == 4
    imports.confirm(session, tess.id, token, now=NOW)
    assert {q.qid: q.id for q in session.scalars(select(Question))} == before
    assert session.get(Attempt, attempt) is not None


def test_matched_questions_keep_what_the_format_cannot_carry(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    banks.import_bank(session, make_bank("solar", questions=2), now=NOW, owner_id=tess.id)
    q = session.scalar(select(Question).where(Question.qid == "q1"))
    assert q is not None
    q.difficulty, q.source_start, q.source_end, q.source_text = 0.7, 0, 3, "abc"
    session.commit()
    data = gift.write(exports._bank(session, session.scalar(select(Bank)))).data
    data = data.replace(b"Question q1", b"Question one")  # an edit made in Moodle
    token = imports.start(session, tess.id, "tess~solar", filename="s.gift", data=data,
                          format_name="gift", now=NOW)
    assert len(imports.preview(session, tess.id, token).plan.changed) == 1
    imports.confirm(session, tess.id, token, now=NOW)
    session.expire_all()
    q = session.scalar(select(Question).where(Question.qid == "q1"))
    assert q is not None and q.prompt == "Question one?"
    assert (q.difficulty, q.source_start, q.source_text) == (0.7, 0, "abc")


def test_replace_retires_what_the_file_lacks_and_brings_it_back(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    banks.import_bank(session, make_bank("solar", questions=3), now=NOW, owner_id=tess.id)
    full = gift.write(exports._bank(session, session.scalar(select(Bank)))).data
    first = full.split(b"\n\n// [id:q2]")[0] + b"\n"
    token = imports.start(session, tess.id, "tess~solar", filename="s.gift", data=first,
                          format_name="gift", replace=True, now=NOW)
    assert imports.preview(session, tess.id, token).plan.retired == ("q2", "q3")
    done = imports.confirm(session, tess.id, token, now=NOW)
    assert (done.retired, session.scalar(select(Bank.active_count))) == (2, 1)
    token = imports.start(session, tess.id, "tess~solar", filename="s.gift", data=full,
                          format_name="gift", now=NOW)
    done = imports.confirm(session, tess.id, token, now=NOW)
    assert (done.restored, session.scalar(select(Bank.active_count))) == (2, 3)


def test_only_the_owner_imports_exports_or_sees_the_upload(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    tom = make_user(session, "tom", role="teacher")
    lee = make_user(session, "lee")
    banks.import_bank(session, make_bank("solar"), now=NOW, owner_id=tess.id)
    for who in (tom.id, lee.id):
        with pytest.raises(NotFound):
            imports.start(session, who, "tess~solar", filename="s.gift", data=GIFT,
                          format_name="gift", now=NOW)
        with pytest.raises(NotFound):
            exports.export(session, "tess~solar", "gift", user_id=who)
    with pytest.raises(NotFound):
        imports.start(session, lee.id, None, filename="s.gift", data=GIFT,
                      format_name="gift", now=NOW)
    token = imports.start(session, tess.id, "tess~solar", filename="s.gift", data=GIFT,
                          format_name="gift", now=NOW)
    for who in (tom.id, lee.id):
        with pytest.raises(NotFound):
            imports.preview(session, who, token)
        with pytest.raises(NotFound):
            imports.confirm(session, who, token, now=NOW)
    assert session.scalar(select(func.count(Answer.id))) == 0
    assert _counts(session) == (1, 3, 1)


@pytest.mark.parametrize("name", ["aiken", "quizlet"])
def test_formats_without_ids_come_back_to_the_same_questions(session: Session,
                                                             name: str) -> None:
    """The same prompt three times (an mcq, a short answer, a true/false) and a set exported
    to a format that carries no ids: importing the file back matches each question by its
    prompt, type and key, adds nothing and turns no question into another."""
    from quizapp.core import formats
    from tests.factories import make_question

    tess = make_user(session, "tess", role="teacher")
    qs = (make_question("m1", prompt="Who is buried in Grant's tomb?", choices=(
              "Grant", "No one", "Lee"), answer="No one"),
          make_question("s1", type="short", prompt="Who is buried in Grant's tomb?",
                        choices=(), answer="no one", accept=("nobody",)),
          make_question("m2", prompt="Which planet is red?", choices=("Mars", "Venus",
                                                                        "Earth"),
                        answer="Mars"),
          make_question("t1", type="true_false", prompt="The Sun is a star.", choices=(),
                        answer=True))
    banks.import_bank(session, make_bank("tomb", question_values=qs), now=NOW,
                      owner_id=tess.id)
    data = formats.get(name).write(exports._bank(session, session.scalar(select(Bank)))).data
    token = imports.start(session, tess.id, "tess~tomb", filename=f"t.{name}.txt", data=data,
                          format_name=name, now=NOW)
    plan = imports.preview(session, tess.id, token).plan
    assert (len(plan.added), len(plan.changed), len(plan.restored)) == (0, 0, 0)
    imports.confirm(session, tess.id, token, now=NOW)
    rows = {q.qid: q for q in session.scalars(select(Question))}
    assert set(rows) == {"m1", "s1", "m2", "t1"}
    assert (rows["s1"].type, rows["s1"].accept) == ("short", ["nobody"])
    assert rows["m1"].type == "mcq"
