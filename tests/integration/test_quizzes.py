"""Quiz service on a real database: attempts, answers once, time limits, overrides, events."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.models import Answer, Attempt, Question
from quizapp.services import NotFound, ServiceError
from quizapp.services.events import AnswerRecorded, _handlers, subscribe
from quizapp.services.quiz import attempts, claims, pages
from tests.factories import make_user
from tests.factories_quiz import SECRET, answer, hand_in, later, load, right_values, start


@pytest.fixture
def learner(session):  # type: ignore[no-untyped-def]
    load(session)
    return make_user(session, "ada")


def test_same_seed_gives_same_questions_and_options(session, learner) -> None:
    a = start(session, learner.id, seed=42)
    b = start(session, learner.id, seed=42)
    c = start(session, learner.id, seed=43)
    ra, rb, rc = (session.get(Attempt, i) for i in (a, b, c))
    assert ra.question_ids == rb.question_ids
    assert sorted(ra.question_ids) == sorted(rc.question_ids)
    views = [pages.question_page(session, user_id=learner.id, attempt_id=i, position=0,
                                      now=later(1), secret=SECRET) for i in (a, b)]
    assert [o.text for o in views[0].options] == [o.text for o in views[1].options]


def test_count_draws_a_subset(session, learner) -> None:
    attempt = session.get(Attempt, start(session, learner.id, count=3))
    assert attempt.question_count == 3 and len(set(attempt.question_ids)) == 3


def test_question_page_has_no_answer_key(session, learner) -> None:
    attempt_id = start(session, learner.id)
    view = pages.question_page(session, user_id=learner.id, attempt_id=attempt_id,
                                    position=0, now=later(1), secret=SECRET)
    assert isinstance(view, pages.QuestionView)
    assert not any(o.right for o in view.options)
    assert not hasattr(view, "right_text") and not hasattr(view, "explanation")


def test_all_right_scores_100_and_finishes(session, learner) -> None:
    attempt_id = start(session, learner.id, mode="exam")
    for position in range(6):
        outcome = answer(session, learner.id, attempt_id, position,
                         right_values(session, learner.id, attempt_id, position),
                         now=later(10 * (position + 1)))
        assert outcome.correct
    assert not outcome.finished and outcome.next_position is None  # all answered: review
    hand_in(session, learner.id, attempt_id, now=later(60))
    result = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                       now=later(100))
    assert result.score.percent == 100.0 and result.score.correct == 6
    assert result.seconds_taken == 60
    assert all(a.correct and a.given_text == a.right_text for a in result.answers)


def test_wrong_answer_gives_feedback_with_right_answer_and_source(session, learner) -> None:
    attempt_id = start(session, learner.id)
    position = _typed_position(session, attempt_id, "mcq1")
    for p in range(position):
        answer(session, learner.id, attempt_id, p, right_values(session, learner.id, attempt_id, p))
    view = pages.question_page(session, user_id=learner.id, attempt_id=attempt_id,
                                    position=position, now=later(5), secret=SECRET)
    wrong = next(o.value for o in view.options if o.text != "Singapore")
    assert not answer(session, learner.id, attempt_id, position, [wrong]).correct
    feedback = pages.question_page(session, user_id=learner.id, attempt_id=attempt_id,
                                        position=position, now=later(6), secret=SECRET)
    assert isinstance(feedback, pages.FeedbackView)
    assert feedback.answer.right_text == "Singapore"
    assert feedback.answer.source_text == "Singapore is a city-state."
    assert feedback.answer.explanation == "It is a city-state."


def test_duplicate_submission_records_once_and_returns_first_result(session, learner) -> None:
    attempt_id = start(session, learner.id)
    first = answer(session, learner.id, attempt_id, 0,
                   right_values(session, learner.id, attempt_id, 0))
    again = answer(session, learner.id, attempt_id, 0, [])
    assert again.duplicate and again.correct == first.correct
    assert session.scalar(select(func.count(Answer.id))) == 1
    assert session.get(Attempt, attempt_id).answered_count == 1


def test_forged_submission_id_is_refused(session, learner) -> None:
    attempt_id = start(session, learner.id)
    with pytest.raises(ServiceError, match="out of date"):
        attempts.submit_answer(session, user_id=learner.id, attempt_id=attempt_id, position=0,
                              sub_id="0" * 40, values=["1"], now=later(1), secret=SECRET)
    assert session.scalar(select(func.count(Answer.id))) == 0


def test_answers_must_come_in_order(session, learner) -> None:
    attempt_id = start(session, learner.id)
    with pytest.raises(attempts.OutOfOrder):
        answer(session, learner.id, attempt_id, 2, ["x"])


def test_late_answer_is_refused_and_attempt_finishes(session, learner) -> None:
    attempt_id = start(session, learner.id, limit=60)
    with pytest.raises(attempts.AttemptOver, match="Time is up"):
        answer(session, learner.id, attempt_id, 0, ["x"],
               now=later(60 + attempts.GRACE_SECONDS + 1))
    attempt = session.get(Attempt, attempt_id)
    assert attempt.finish_reason == "time" and attempt.answered_count == 0
    assert session.scalar(select(func.count(Answer.id))) == 0


def test_answer_within_grace_counts(session, learner) -> None:
    attempt_id = start(session, learner.id, limit=60)
    outcome = answer(session, learner.id, attempt_id, 0,
                     right_values(session, learner.id, attempt_id, 0, now=later(59)),
                     now=later(62))
    assert outcome.correct and outcome.finished  # time is up after it: the attempt ends


def test_answer_after_finish_is_refused(session, learner) -> None:
    attempt_id = start(session, learner.id, count=1)
    answer(session, learner.id, attempt_id, 0, ["x"])
    attempts.finish_attempt(session, user_id=learner.id, attempt_id=attempt_id, now=later(5))
    with pytest.raises(attempts.AttemptOver, match="already finished"):
        attempts.submit_answer(session, user_id=learner.id, attempt_id=attempt_id, position=1,
                              sub_id=attempts.submission_id(SECRET, attempt_id, 1), values=["x"],
                              now=later(6), secret=SECRET)


def test_other_users_attempt_is_not_found(session, learner) -> None:
    eve = make_user(session, "eve")
    attempt_id = start(session, learner.id)
    with pytest.raises(NotFound):
        pages.question_page(session, user_id=eve.id, attempt_id=attempt_id, position=0,
                                 now=later(1), secret=SECRET)
    with pytest.raises(NotFound):
        answer(session, eve.id, attempt_id, 0, ["1"])


def _typed_position(session, attempt_id: int, qid: str) -> int:  # type: ignore[no-untyped-def]
    from quizapp.models import Question

    attempt = session.get(Attempt, attempt_id)
    return next(i for i, row in enumerate(attempt.question_ids)
                if session.get(Question, row).qid == qid)


def test_i_was_right_counts_and_owner_sees_it(session, learner) -> None:
    attempt_id = start(session, learner.id, count=6)
    target = _typed_position(session, attempt_id, "short1")
    for p in range(6):
        values = (["Earth's moon"] if p == target
                  else right_values(session, learner.id, attempt_id, p))
        answer(session, learner.id, attempt_id, p, values)
    before = session.get(Attempt, attempt_id)
    assert before.correct_count == 5
    attempts.claim_answer(session, user_id=learner.id, attempt_id=attempt_id,
                          position=target, now=later(100))
    attempts.claim_answer(session, user_id=learner.id, attempt_id=attempt_id,
                          position=target, now=later(101))  # double click: no change
    session.commit()
    pending = session.get(Attempt, attempt_id, populate_existing=True)
    assert pending.correct_count == 5  # a claim is a request: nothing changes yet
    row = session.scalar(select(Answer).where(Answer.position == target))
    assert row.claim_state == "pending" and row.overridden_at is None
    admin = make_user(session, "root", role="admin")  # the set is the site's
    claims.decide_claim(session, user_id=admin.id, slug="mixed", answer_id=row.id,
                        accept=True, add_wording=True, now=later(150))
    with pytest.raises(ServiceError):  # decided once
        claims.decide_claim(session, user_id=admin.id, slug="mixed", answer_id=row.id,
                            accept=False, now=later(151))
    after = session.get(Attempt, attempt_id, populate_existing=True)
    assert after.correct_count == 6 and after.points == pytest.approx(6.0)
    result = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                       now=later(200))
    assert result.score.percent == 100.0
    row = session.scalar(select(Answer).where(Answer.position == target))
    assert row.overridden_by == admin.id and row.claim_state == "accepted"
    question = session.get(Question, row.question_id)
    assert "Earth's moon" in question.accept  # the learner's wording, added in one click


def test_a_rejected_claim_changes_no_score(session, learner) -> None:
    attempt_id = start(session, learner.id, count=6)
    target = _typed_position(session, attempt_id, "short1")
    for p in range(6):
        values = (["I don't know"] if p == target
                  else right_values(session, learner.id, attempt_id, p))
        answer(session, learner.id, attempt_id, p, values)
    attempts.claim_answer(session, user_id=learner.id, attempt_id=attempt_id,
                          position=target, now=later(100))
    row = session.scalar(select(Answer).where(Answer.position == target))
    teacher = make_user(session, "tess", role="teacher")
    with pytest.raises(NotFound):  # not the set's owner, nor an admin of the site's set
        claims.decide_claim(session, user_id=teacher.id, slug="mixed", answer_id=row.id,
                            accept=True, now=later(120))
    with pytest.raises(NotFound):  # the learner cannot decide their own claim
        claims.decide_claim(session, user_id=learner.id, slug="mixed", answer_id=row.id,
                            accept=True, now=later(120))
    admin = make_user(session, "root", role="admin")
    view = claims.set_claims(session, user_id=admin.id, slug="mixed")
    assert view.pending == 1 and view.lines.items[0].state == "pending"
    claims.decide_claim(session, user_id=admin.id, slug="mixed", answer_id=row.id,
                        accept=False, now=later(150))
    after = session.get(Attempt, attempt_id, populate_existing=True)
    assert after.correct_count == 5
    row = session.scalar(select(Answer).where(Answer.position == target))
    assert row.claim_state == "rejected" and row.score == 0.0 and row.overridden_at is None
    assert claims.set_claims(session, user_id=admin.id, slug="mixed").pending == 0


def test_override_refused_for_choice_questions_and_right_answers(session, learner) -> None:
    attempt_id = start(session, learner.id, count=6)
    target = _typed_position(session, attempt_id, "mcq1")
    for p in range(target + 1):
        answer(session, learner.id, attempt_id, p, right_values(session, learner.id, attempt_id, p)
               if p != target else [])
    with pytest.raises(ServiceError):
        attempts.claim_answer(session, user_id=learner.id, attempt_id=attempt_id,
                              position=target, now=later(10))
    assert session.get(Attempt, attempt_id).correct_count == target


def test_answer_recorded_event_published_once(session, learner) -> None:
    seen: list[AnswerRecorded] = []

    def handler(_session, event) -> None:  # type: ignore[no-untyped-def]
        seen.append(event)

    subscribe(AnswerRecorded, handler)
    try:
        attempt_id = start(session, learner.id)
        values = right_values(session, learner.id, attempt_id, 0)
        answer(session, learner.id, attempt_id, 0, values)
        answer(session, learner.id, attempt_id, 0, values)
    finally:
        _handlers[AnswerRecorded].remove(handler)
    assert len(seen) == 1 and seen[0].user_id == learner.id and seen[0].correct


def test_review_shows_what_was_asked_after_a_reimport_edits_and_retires(session, learner) -> None:
    from dataclasses import replace

    from tests.factories import import_bank, make_bank
    from tests.factories_quiz import all_types_bank

    attempt_id = start(session, learner.id, count=6, mode="exam")
    for p in range(6):
        answer(session, learner.id, attempt_id, p, right_values(session, learner.id, attempt_id, p))
    hand_in(session, learner.id, attempt_id, now=later(10))
    before = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                       now=later(100))
    edited = [replace(q, prompt="Edited later?", choices=("A", "B", "C", "D"), answer="A")
              if q.id == "mcq1" else q for q in all_types_bank().questions if q.id != "num1"]
    import_bank(session, make_bank("mixed", title="Mixed set", question_values=tuple(edited)),
                now=later(50))
    after = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                      now=later(200))
    assert after.answers == before.answers
    prompts = [a.prompt for a in after.answers]
    assert "Capital of Singapore?" in prompts and "How many planets?" in prompts
    assert "Edited later?" not in prompts
    assert after.score.percent == 100.0


def test_countdown_hand_in_records_a_given_answer_and_ends_the_attempt(session, learner) -> None:
    attempt_id = start(session, learner.id, limit=60)
    values = right_values(session, learner.id, attempt_id, 0, now=later(58))
    outcome = attempts.submit_answer(
        session, user_id=learner.id, attempt_id=attempt_id, position=0,
        sub_id=attempts.submission_id(SECRET, attempt_id, 0), values=values, now=later(58.5),
        secret=SECRET, time_up=True)
    assert outcome.correct and outcome.finished and outcome.time_up
    attempt = session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                             .execution_options(populate_existing=True))
    assert attempt.finish_reason == "time" and attempt.answered_count == 1


def test_countdown_hand_in_with_a_blank_answer_records_nothing(session, learner) -> None:
    attempt_id = start(session, learner.id, limit=60)
    outcome = attempts.submit_answer(
        session, user_id=learner.id, attempt_id=attempt_id, position=0,
        sub_id=attempts.submission_id(SECRET, attempt_id, 0), values=[""], now=later(59),
        secret=SECRET, time_up=True)
    assert outcome.finished and outcome.time_up
    assert session.scalar(select(func.count(Answer.id))) == 0
    result = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                       now=later(59))
    assert result.finish_reason == "time" and result.score.answered == 0


def test_time_taken_never_exceeds_the_time_limit(session, learner) -> None:
    attempt_id = start(session, learner.id, count=2, limit=60)
    for p in range(2):  # the last answer lands in the grace seconds after the limit
        answer(session, learner.id, attempt_id, p,
               right_values(session, learner.id, attempt_id, p, now=later(30)),
               now=later(30 if p == 0 else 60 + attempts.GRACE_SECONDS - 1))
    result = pages.attempt_result(session, user_id=learner.id, attempt_id=attempt_id,
                                  now=later(300))
    assert result.seconds_taken == 60
