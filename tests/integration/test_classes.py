"""Classes on a real database: join codes (unguessable, revocable, expiring, throttled),
rosters only their teacher sees, and assignment rules held on the server — opening, due
and late dates and the attempt limit, also under concurrent requests."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import classes as core
from quizapp.core.throttle import Slowdown
from quizapp.extensions import db
from quizapp.models import Attempt, ClassMember, JoinFailure
from quizapp.services import NotFound, ServiceError, banks
from quizapp.services.classes import assignments, joining, rosters
from quizapp.services.quiz import attempts as quiz_attempts
from quizapp.services.throttle import Throttled
from tests.factories import NOW, make_bank, make_user


def _class(session: Session, teacher_id: int, name: str = "Year 9 Science") -> int:
    return rosters.create_class(session, teacher_id, name=name, description=None, now=NOW)


def _code(session: Session, class_id: int, teacher_id: int) -> str:
    view = rosters.class_view(session, class_id, teacher_id, now=NOW)
    assert view.raw_code is not None
    return view.raw_code


def test_codes_are_long_random_and_forgiving_to_type(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    codes = {_code(session, _class(session, tess.id, f"c{i}"), tess.id) for i in range(20)}
    assert len(codes) == 20 and core.code_bits() >= 40
    code = codes.pop()
    assert core.typed_code(f" {code[:5].lower()}-{code[5:]} ") == code
    assert core.typed_code(code.replace("0", "O").replace("1", "l")) == code
    assert core.typed_code("short") is None


def test_join_revoke_and_expire(session: Session) -> None:
    tess, lee = make_user(session, "tess", role="teacher"), make_user(session, "lee")
    cid = _class(session, tess.id)
    code = _code(session, cid, tess.id)
    joined = joining.join(session, lee.id, core.shown_code(code), address="10.0.0.1", now=NOW)
    assert (joined.name, joined.already) == ("Year 9 Science", False)
    assert joining.join(session, lee.id, code, address="10.0.0.1", now=NOW).already
    assert [m.username for m in rosters.class_view(session, cid, tess.id, now=NOW).members] \
        == ["lee"]
    ann = make_user(session, "ann")
    rosters.set_code(session, cid, tess.id, "new", now=NOW)
    with pytest.raises(joining.WrongCode):  # the old code stops at once
        joining.join(session, ann.id, code, address="10.0.0.2", now=NOW)
    fresh = _code(session, cid, tess.id)
    rosters.set_code(session, cid, tess.id, "expire", expires_at=NOW + timedelta(hours=1),
                     now=NOW)
    with pytest.raises(joining.WrongCode):
        joining.join(session, ann.id, fresh, address="10.0.0.2", now=NOW + timedelta(hours=2))
    rosters.set_code(session, cid, tess.id, "revoke", now=NOW)
    with pytest.raises(joining.WrongCode):
        joining.join(session, ann.id, fresh, address="10.0.0.2", now=NOW)
    assert session.scalar(select(func.count(ClassMember.id))) == 1
    # three wrong tries were counted; the first was forgotten as the +2 h one came in
    assert session.scalar(select(func.count(JoinFailure.id))) == 2


def test_wrong_codes_slow_the_guesser_down(session: Session) -> None:
    tess, mal = make_user(session, "tess", role="teacher"), make_user(session, "mal")
    cid = _class(session, tess.id)
    limits = joining.JoinLimits(learner=Slowdown("learner", free=3, base_seconds=30,
                                                 cap_seconds=600))
    for i in range(3):
        with pytest.raises(joining.WrongCode):
            joining.join(session, mal.id, f"AAAAA-AAAA{i}", address="10.0.0.9",
                         now=NOW + timedelta(seconds=i), limits=limits)
    with pytest.raises(Throttled) as slowed:  # even the right code waits now
        joining.join(session, mal.id, _code(session, cid, tess.id), address="10.0.0.9",
                     now=NOW + timedelta(seconds=3), limits=limits)
    assert slowed.value.retry_after > 0
    later = NOW + timedelta(seconds=40)
    assert joining.join(session, mal.id, _code(session, cid, tess.id), address="10.0.0.9",
                        now=later, limits=limits).name == "Year 9 Science"


def test_only_the_teacher_sees_or_changes_a_class(session: Session) -> None:
    tess, tom = make_user(session, "tess", role="teacher"), make_user(session, "tom",
                                                                        role="teacher")
    lee = make_user(session, "lee")
    cid = _class(session, tess.id)
    joining.join(session, lee.id, _code(session, cid, tess.id), address="x", now=NOW)
    for who in (tom.id, lee.id):
        with pytest.raises(NotFound):
            rosters.class_view(session, cid, who, now=NOW)
        with pytest.raises(NotFound):
            rosters.set_code(session, cid, who, "new", now=NOW)
        with pytest.raises(NotFound):
            rosters.remove_member(session, cid, who, lee.id)
        with pytest.raises(NotFound):
            assignments.class_assignments(session, cid, who)
    with pytest.raises(NotFound):
        rosters.create_class(session, lee.id, name="Mine", description=None, now=NOW)
    assert rosters.my_classes(session, tom.id) == []
    assert session.scalar(select(func.count(ClassMember.id))) == 1


def _assigned(session: Session, **rules: object) -> tuple[int, int, int]:
    tess = make_user(session, "tess", role="teacher")
    lee = make_user(session, "lee")
    banks.import_bank(session, make_bank("cells", questions=6), now=NOW, owner_id=tess.id)
    cid = _class(session, tess.id)
    joining.join(session, lee.id, _code(session, cid, tess.id), address="x", now=NOW)
    aid = assignments.assign_quiz(session, cid, tess.id, set_ref="tess~cells", title=None,
                                  rules=assignments.QuizRules(question_count=3, **rules),
                                  now=NOW)
    return tess.id, lee.id, aid


def test_a_private_set_assigned_is_open_to_the_class_only(session: Session) -> None:
    _, lee, aid = _assigned(session)
    attempt = session.get(Attempt, assignments.start(session, aid, lee, now=NOW))
    assert attempt is not None and attempt.question_count == 3 and not attempt.late
    outsider = make_user(session, "out")
    with pytest.raises(NotFound):
        assignments.start(session, aid, outsider.id, now=NOW)
    with pytest.raises(NotFound):
        assignments.learner_assignment(session, aid, outsider.id, now=NOW)


def test_window_and_attempt_limit_hold_on_the_server(session: Session) -> None:
    opens, due = NOW + timedelta(days=1), NOW + timedelta(days=2)
    _, lee, aid = _assigned(session, opens_at=opens, due_at=due, attempts_allowed=2,
                            late_allowed=True, late_until=due + timedelta(days=1))
    with pytest.raises(ServiceError, match="not opened yet"):
        assignments.start(session, aid, lee, now=NOW)
    assert assignments.learner_assignment(session, aid, lee, now=NOW).status == "upcoming"
    first = assignments.start(session, aid, lee, now=opens + timedelta(hours=1))
    assert assignments.start(session, aid, lee, now=opens + timedelta(hours=2)) == first
    assert assignments.learner_assignment(  # going on with it, not a second attempt
        session, aid, lee, now=opens + timedelta(hours=2)).open_attempt_id == first
    quiz_attempts.finish_attempt(session, user_id=lee, attempt_id=first,
                                 now=opens + timedelta(hours=3))
    late = assignments.start(session, aid, lee, now=due + timedelta(hours=1))
    quiz_attempts.finish_attempt(session, user_id=lee, attempt_id=late,
                                 now=due + timedelta(hours=1, minutes=5))
    assert session.get(Attempt, late).late and not session.get(Attempt, first).late
    with pytest.raises(ServiceError, match="used all 2 attempts"):
        assignments.start(session, aid, lee, now=due + timedelta(hours=2))
    assert session.scalar(select(func.count(Attempt.id))) == 2


def test_closed_without_late_work(session: Session) -> None:
    _, lee, aid = _assigned(session, due_at=NOW, attempts_allowed=None)
    with pytest.raises(ServiceError, match="late work is not accepted"):
        assignments.start(session, aid, lee, now=NOW + timedelta(seconds=1))
    assert assignments.learner_assignment(session, aid, lee,
                                          now=NOW + timedelta(seconds=1)).status == "missed"


def test_questions_need_not_repeat_across_attempts(session: Session) -> None:
    _, lee, aid = _assigned(session, attempts_allowed=2, repeat_questions=False)
    first = session.get(Attempt, assignments.start(session, aid, lee, now=NOW, seed=1))
    quiz_attempts.finish_attempt(session, user_id=lee, attempt_id=first.id, now=NOW)
    second = session.get(Attempt, assignments.start(session, aid, lee, now=NOW, seed=1))
    assert not set(first.question_ids) & set(second.question_ids)


def test_concurrent_starts_never_pass_the_attempt_limit(app: Flask) -> None:
    with app.app_context():
        _, lee, aid = _assigned(db.session, attempts_allowed=1)
        db.session.remove()
    barrier = threading.Barrier(6)
    outcomes: list[int | str] = []

    def click() -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(assignments.start(db.session, aid, lee, now=NOW))
            except ServiceError as exc:
                outcomes.append(str(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(set(outcomes)) == 1 and len(outcomes) == 6  # one attempt, the same for all
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 1
        db.session.remove()


def test_results_per_learner_item_analysis_and_safe_csv(session: Session) -> None:
    """Six learners: the strongest get both questions right, the weakest neither; one
    name starts with '=', which the grades CSV must not let a spreadsheet run."""
    from quizapp.core.itemstats import Flag
    from quizapp.models import Question
    from quizapp.services.classes import results
    from quizapp.services.quiz import attempts as quiz_attempts
    from tests.factories_quiz import answer, right_values

    tess = make_user(session, "tess", role="teacher")
    banks.import_bank(session, make_bank("cells", questions=2), now=NOW, owner_id=tess.id)
    cid = _class(session, tess.id)
    code = _code(session, cid, tess.id)
    aid = assignments.assign_quiz(session, cid, tess.id, set_ref="tess~cells", title="Cells",
                                  rules=assignments.QuizRules(question_count=2), now=NOW)
    rights = [2, 2, 1, 1, 0, 0]
    for n, right in enumerate(rights):
        learner = make_user(session, f"l{n}")
        if n == 0:
            learner.display_name = "=HYPERLINK(\"http://x\")"
            session.commit()
        joining.join(session, learner.id, code, address=f"10.0.0.{n}", now=NOW)
        attempt = assignments.start(session, aid, learner.id, now=NOW, seed=n)
        row = session.get(Attempt, attempt)
        for position in range(2):
            q = session.get(Question, row.question_ids[position])
            good = right_values(session, learner.id, attempt, position)
            # q1 is the one the stronger half get right; a right answer on q2 needs both
            ok = right == 2 or (right == 1 and q.qid == "q1")
            wrong = ["0"] if good != ["0"] else ["1"]
            answer(session, learner.id, attempt, position, good if ok else wrong,
                   now=NOW + timedelta(seconds=30 * (position + 1)))
        quiz_attempts.finish_attempt(session, user_id=learner.id, attempt_id=attempt,
                                     now=NOW + timedelta(minutes=2))
    r = results.results(session, aid, tess.id)
    assert [lr.first_percent for lr in r.learners] == [100.0, 100.0, 50.0, 50.0, 0.0, 0.0]
    # an exam ends when it is handed in (2 min in), not with its last answer
    assert [lr.seconds for lr in r.learners] == [120] * 6
    by_qid = {q.qid: q.stats for q in r.questions}
    assert by_qid["q1"].facility == pytest.approx(100 * 4 / 6)
    assert by_qid["q2"].facility == pytest.approx(100 * 2 / 6)
    assert by_qid["q1"].discrimination is not None and by_qid["q1"].discrimination > 0
    assert r.analysis.quiz.attempts == 6 and r.analysis.quiz.mean == pytest.approx(50.0)
    assert Flag.KEY_SUSPECT not in by_qid["q1"].flags
    name, text = results.grades_csv(session, aid, tess.id, now=NOW)
    assert name.startswith("grades-cells-") and name.endswith(".csv")
    assert "'=HYPERLINK" in text and "\r\n=HYPERLINK" not in text
    outsider = make_user(session, "tom", role="teacher")
    with pytest.raises(NotFound):
        results.results(session, aid, outsider.id)
    with pytest.raises(NotFound):
        results.grades_csv(session, aid, outsider.id, now=NOW)
