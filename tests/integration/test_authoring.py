"""The teacher's studio on a real database: sets, the question editor through the bank
validator, generation on the real job queue, drafts and their recorded decisions."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.jobs import tasks
from quizapp.models import Bank, Draft, Job, Question
from quizapp.services import NotFound, ServiceError, banks
from quizapp.services.authoring import drafts, questions, sets
from quizapp.services.authoring.sets import InvalidField
from tests.factories import NOW, make_user

ARTICLE = (Path(__file__).resolve().parents[1] / "data" / "article-lighthouse.txt").read_text()
MCQ = {"type": "mcq", "prompt": "Which planet is largest?",
       "choices": ["Jupiter", "Mars", "Venus"], "answer": "Jupiter"}


@pytest.fixture
def tess(session: Session):  # type: ignore[no-untyped-def]
    return make_user(session, "tess", role="teacher")


def test_a_teacher_creates_and_lists_sets(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    ref = sets.create_set(session, tess.id, title="Photosynthesis", description="Plants",
                          language="en", tags=["biology", " biology ", ""], now=NOW)
    again = sets.create_set(session, tess.id, title="Photosynthesis", description=None,
                            language=None, tags=[], now=NOW)
    assert (ref, again) == ("tess~photosynthesis", "tess~photosynthesis-2")
    fields = sets.get_fields(session, ref, tess.id)
    assert fields.tags == ["biology"] and fields.visibility == "private"
    mine = sets.my_sets(session, tess.id)
    assert [m.ref for m in mine] and {m.published for m in mine} == {0}
    with pytest.raises(InvalidField) as bad:
        sets.create_set(session, tess.id, title="  ", description=None, language=None,
                        tags=[], now=NOW)
    assert bad.value.field == "title"
    learner = make_user(session, "lee")
    with pytest.raises(NotFound):
        sets.create_set(session, learner.id, title="Mine", description=None, language=None,
                        tags=[], now=NOW)


def test_the_editor_validates_like_an_import(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    ref = sets.create_set(session, tess.id, title="Space", description=None, language=None,
                          tags=[], now=NOW)
    with pytest.raises(InvalidField) as bad:
        questions.save_question(session, ref, tess.id, {**MCQ, "answer": "Pluto"}, now=NOW)
    assert bad.value.field == "answer" and "not one of its choices" in str(bad.value)
    with pytest.raises(InvalidField) as dup:
        questions.save_question(session, ref, tess.id,
                                {**MCQ, "choices": ["Jupiter", "Mars", "jupiter"]}, now=NOW)
    assert dup.value.field == "choices"
    assert session.scalar(select(Question.id)) is None  # nothing was saved
    qid = questions.save_question(session, ref, tess.id, MCQ, now=NOW)
    assert qid == "which-planet-is-largest"
    copy = questions.duplicate(session, ref, tess.id, qid, now=NOW)
    row_id = session.scalar(select(Question.id).where(Question.qid == qid))
    questions.save_question(session, ref, tess.id, {**MCQ, "prompt": "Largest planet?"},
                            qid=qid, now=NOW)
    assert session.scalar(select(Question.id).where(Question.qid == qid)) == row_id  # in place
    questions.move(session, ref, tess.id, copy, -1, now=NOW)
    assert [line.qid for line in questions.editor_lines(session, ref, tess.id)] == [copy, qid]
    questions.set_retired(session, ref, tess.id, copy, True, now=NOW)
    lines = questions.editor_lines(session, ref, tess.id)
    assert [(q.qid, q.retired) for q in lines] == [(qid, False), (copy, True)]
    assert session.scalar(select(Bank.active_count)) == 1
    other = make_user(session, "tom", role="teacher")
    with pytest.raises(NotFound):
        questions.save_question(session, ref, other.id, MCQ, now=NOW)


def test_publishing_needs_a_question_and_learners_see_it_after(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    ref = sets.create_set(session, tess.id, title="Space", description=None, language=None,
                          tags=[], now=NOW)
    with pytest.raises(ServiceError):
        sets.set_visibility(session, ref, tess.id, "public", now=NOW)
    questions.save_question(session, ref, tess.id, MCQ, now=NOW)
    assert ref not in [s.slug for s in banks.list_sets(session).items]
    sets.set_visibility(session, ref, tess.id, "public", now=NOW)
    assert ref in [s.slug for s in banks.list_sets(session).items]


def test_a_shared_set_is_copied_into_another_teachers_sets(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    ref = sets.create_set(session, tess.id, title="Space", description=None, language=None,
                          tags=[], now=NOW)
    questions.save_question(session, ref, tess.id, MCQ, now=NOW)
    tom = make_user(session, "tom", role="teacher")
    with pytest.raises(NotFound):
        sets.copy_set(session, ref, tom.id, now=NOW)
    sets.set_visibility(session, ref, tess.id, "shared", now=NOW)
    copy = sets.copy_set(session, ref, tom.id, now=NOW)
    assert copy == "tom~space"
    assert [q.qid for q in questions.editor_lines(session, copy, tom.id)] == \
        ["which-planet-is-largest"]


@pytest.mark.slow
def test_generate_review_and_regenerate(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    ref, bank_id = drafts.prepare(session, tess.id, title="The Bell Rock Lighthouse",
                                  article=ARTICLE, kind="txt", now=NOW)
    job_id = tasks.submit("generate", {"bank_id": bank_id}, owner_id=tess.id)
    assert tasks.drain() == 1
    session.commit()
    job = session.get(Job, job_id)
    assert job.state == "done", job.error
    view = drafts.review(session, ref, tess.id)
    assert view.counts["pending"] >= 5 and view.published == 0
    marked = [s for s in view.segments if s.qids]
    assert marked and "".join(s.text for s in view.segments) == ARTICLE.strip()
    first, second, third = view.drafts[:3]
    kept = drafts.keep(session, ref, tess.id, first.id, now=NOW)
    edited = {"type": "short", "prompt": "Who built the Bell Rock Lighthouse?",
              "answer": "Robert Stevenson", "accept": ["Stevenson"]}
    drafts.keep(session, ref, tess.id, second.id, now=NOW, edited=edited)
    drafts.reject(session, ref, tess.id, third.id, now=NOW, reason="trivia")
    with pytest.raises(ServiceError):
        drafts.reject(session, ref, tess.id, third.id, now=NOW)
    rows = {d.qid: d for d in session.scalars(select(Draft))}
    assert rows[first.qid].status == "kept" and rows[second.qid].status == "edited"
    assert rows[second.qid].edited["prompt"] == edited["prompt"]
    assert rows[third.qid].status == "rejected" and rows[third.qid].reason == "trivia"
    assert {q.qid for q in session.scalars(select(Question))} == {kept, second.qid}
    # learners see none of it until published; drafts never
    assert ref not in [s.slug for s in banks.list_sets(session).items]
    # generating again (the article edited) keeps every decision
    drafts.prepare(session, tess.id, title="x", ref=ref,
                             article=ARTICLE + "\nThe lighthouse was restored in 2011.",
                             kind="txt", now=NOW)
    tasks.submit("generate", {"bank_id": bank_id}, owner_id=tess.id)
    tasks.drain()
    session.commit()
    rows = {d.qid: d for d in session.scalars(select(Draft))}
    assert rows[third.qid].status == "rejected" and rows[second.qid].status == "edited"
    prompt = session.scalar(select(Question.prompt).where(Question.qid == second.qid))
    assert prompt == edited["prompt"]
    pending = sum(1 for d in rows.values() if d.status == "pending")
    assert pending >= 3
    assert drafts.keep_rest(session, ref, tess.id, now=NOW) == pending
    sets.set_visibility(session, ref, tess.id, "public", now=NOW)
    assert ref in [s.slug for s in banks.list_sets(session).items]


def test_bad_articles_are_refused(session: Session, tess) -> None:  # type: ignore[no-untyped-def]
    for text, needle in [("", "Paste"), ("short text", "too short"),
                         ("a\x00b " * 40, "NUL"), ("word " * 50_000, "too long")]:
        with pytest.raises(InvalidField) as bad:
            drafts.prepare(session, tess.id, title="T", article=text, kind="txt", now=NOW)
        assert bad.value.field == "article" and needle in str(bad.value)
    assert session.scalar(select(Bank.id)) is None
