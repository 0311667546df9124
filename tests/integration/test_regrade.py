"""Regrading on a real database (SQLite, and PostgreSQL in the second pass): a changed key
regrades exactly the answers and attempts its preview counted, in one transaction, and a
claim the teacher accepted stays right."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.models import Answer, Attempt, Question
from quizapp.services.authoring import questions, regrade, sets
from quizapp.services.quiz import attempts, claims
from tests.factories import NOW, make_user
from tests.factories_quiz import answer, later

CAPITAL = {"type": "short", "prompt": "Which city is the capital of France?",
           "answer": "Paris"}
OTHER = {"type": "true_false", "prompt": "Paris is in France.", "answer": True}


@pytest.fixture
def world(session: Session):  # type: ignore[no-untyped-def]
    tess = make_user(session, "tess", role="teacher")
    ref = sets.create_set(session, tess.id, title="France", description=None,
                          language=None, tags=[], now=NOW)
    qid = questions.save_question(session, ref, tess.id, CAPITAL, now=NOW)
    questions.save_question(session, ref, tess.id, OTHER, now=NOW)
    sets.set_visibility(session, ref, tess.id, "public", now=NOW)
    given = {"ann": "Paris", "bob": "Lyon", "cy": "Lyon", "dee": "Marseille"}
    attempt_of = {}
    for name, text in given.items():
        learner = make_user(session, name)
        attempt_id = attempts.start_attempt(session, user_id=learner.id, slug=ref,
                                            mode="practice", count=2,
                                            time_limit_seconds=None, now=NOW, seed=3)
        row = session.get(Attempt, attempt_id)
        for position, question_id in enumerate(row.question_ids):
            is_capital = session.get(Question, question_id).qid == qid
            answer(session, learner.id, attempt_id, position,
                   [text] if is_capital else ["true"])
        attempt_of[name] = attempt_id
    return tess, ref, qid, attempt_of


def _points(session: Session, attempt_of: dict[str, int]) -> dict[str, float]:
    session.commit()
    return {n: session.get(Attempt, a, populate_existing=True).points
            for n, a in attempt_of.items()}


def test_the_regrade_changes_exactly_what_it_previewed(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    tess, ref, qid, attempt_of = world
    assert _points(session, attempt_of) == {"ann": 2.0, "bob": 1.0, "cy": 1.0, "dee": 1.0}
    new_key = {**CAPITAL, "answer": "Lyon"}
    plan = regrade.preview(session, ref, tess.id, qid, new_key)
    assert plan is not None and (plan.answers, plan.changed, plan.attempts) == (4, 3, 3)
    assert (plan.now_right, plan.now_wrong) == (2, 1)
    assert _points(session, attempt_of)["ann"] == 2.0  # a preview writes nothing
    done = regrade.save_and_regrade(session, ref, tess.id, qid, new_key, now=later(60))
    assert done == plan
    assert _points(session, attempt_of) == {"ann": 1.0, "bob": 2.0, "cy": 2.0, "dee": 1.0}
    row = session.get(Attempt, attempt_of["bob"])
    assert row.correct_count == 2
    # the same key again: nothing to regrade
    assert regrade.preview(session, ref, tess.id, qid, new_key) is None
    # a prompt-only edit is not a key change
    assert regrade.preview(session, ref, tess.id, qid,
                           {**new_key, "prompt": "The capital of France?"}) is None


def test_accepted_claims_stay_right_and_accepting_more_answers(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    tess, ref, qid, attempt_of = world
    dee = session.scalar(select(Attempt).where(Attempt.id == attempt_of["dee"]))
    target = next(a for a in session.scalars(select(Answer).where(
        Answer.attempt_id == dee.id)) if a.given == "Marseille")
    attempts.claim_answer(session, user_id=dee.user_id, attempt_id=dee.id,
                          position=target.position, now=later(10))
    claims.decide_claim(session, user_id=tess.id, slug=ref, answer_id=target.id,
                        accept=True, now=later(20))
    assert _points(session, attempt_of)["dee"] == 2.0
    also_lyon = {**CAPITAL, "accept": ["Lyon"]}
    plan = regrade.preview(session, ref, tess.id, qid, also_lyon)
    assert (plan.changed, plan.attempts, plan.now_right) == (2, 2, 2)  # bob and cy
    regrade.save_and_regrade(session, ref, tess.id, qid, also_lyon, now=later(60))
    assert _points(session, attempt_of) == {"ann": 2.0, "bob": 2.0, "cy": 2.0, "dee": 2.0}
    strict = {**CAPITAL, "answer": "Paris", "accept": []}
    plan = regrade.preview(session, ref, tess.id, qid, strict)
    assert (plan.changed, plan.now_wrong) == (2, 2)  # dee's accepted claim is not counted
    regrade.save_and_regrade(session, ref, tess.id, qid, strict, now=later(90))
    assert _points(session, attempt_of) == {"ann": 2.0, "bob": 1.0, "cy": 1.0, "dee": 2.0}


def test_saving_without_regrading_keeps_past_grades(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    tess, ref, qid, attempt_of = world
    questions.save_question(session, ref, tess.id, {**CAPITAL, "answer": "Lyon"}, qid=qid,
                            now=later(60))
    assert _points(session, attempt_of) == {"ann": 2.0, "bob": 1.0, "cy": 1.0, "dee": 1.0}


def test_an_edit_keeps_study_state_and_the_answers_snapshot(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    from quizapp.models import StudyCard
    from quizapp.services.study import decks

    tess, ref, qid, attempt_of = world
    ann = session.get(Attempt, attempt_of["ann"]).user_id
    decks.add_set(session, ann, ref, now=NOW)
    cards = session.scalars(select(StudyCard.question_id).where(StudyCard.user_id == ann)).all()
    row_id = session.scalar(select(Question.id).where(Question.qid == qid))
    questions.save_question(session, ref, tess.id,
                            {**CAPITAL, "prompt": "What is the capital city of France?"},
                            qid=qid, now=later(60))
    session.commit()
    assert session.scalar(select(Question.id).where(Question.qid == qid)) == row_id
    assert sorted(session.scalars(select(StudyCard.question_id).where(
        StudyCard.user_id == ann)).all()) == sorted(cards)
    shown = session.scalar(select(Answer.shown).where(Answer.question_id == row_id,
                                                      Answer.attempt_id == attempt_of["ann"]))
    assert shown["prompt"] == CAPITAL["prompt"]  # the answer keeps what was asked then
    questions.set_retired(session, ref, tess.id, qid, True, now=later(90))
    fresh = attempts.start_attempt(session, user_id=ann, slug=ref, mode="practice", count=1,
                                   time_limit_seconds=None, now=later(100), seed=1)
    assert session.get(Attempt, fresh).question_ids != [row_id]  # retired: not drawn
