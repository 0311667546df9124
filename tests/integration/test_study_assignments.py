"""Study assignments: a set to learn by a date; learners add it to their deck (even while
it stays private) and their reviews become FSRS's prediction of what they will know on
the due date, which only the class's teacher sees."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.srs.scheduling import Rating
from quizapp.models import StudyCard
from quizapp.services import NotFound, ServiceError, banks
from quizapp.services.classes import joining, rosters, studying
from quizapp.services.study import decks
from tests.factories import NOW, make_bank, make_user

DUE = NOW + timedelta(days=7)


def _setup(session: Session, **rules: object) -> tuple[int, int, int, int]:
    tess = make_user(session, "tess", role="teacher")
    lee, max_ = make_user(session, "lee"), make_user(session, "max")
    banks.import_bank(session, make_bank("cells", questions=4), now=NOW, owner_id=tess.id)
    cid = rosters.create_class(session, tess.id, name="Biology", description=None, now=NOW)
    code = rosters.class_view(session, cid, tess.id, now=NOW).raw_code
    for n, who in enumerate((lee, max_)):
        joining.join(session, who.id, code or "", address=f"10.0.0.{n}", now=NOW)
    values = {"question_count": 3, "target_retention": 0.9, "due_at": DUE} | rules
    aid = studying.assign_study(session, cid, tess.id, set_ref="tess~cells", title=None,
                                rules=studying.StudyRules(**values), now=NOW)  # type: ignore[arg-type]
    return tess.id, lee.id, max_.id, aid


def _study_all(session: Session, user_id: int, rating: Rating, *, days: int = 0) -> None:
    for card in session.scalars(select(StudyCard).where(StudyCard.user_id == user_id)).all():
        decks.record_review(session, user_id, card.id, int(rating),
                            submission_id=f"{card.id}-{days}-{rating}",
                            now=NOW + timedelta(days=days, minutes=1), rng=random.Random(1))


def test_rules_are_checked(session: Session) -> None:
    tess = make_user(session, "tess", role="teacher")
    banks.import_bank(session, make_bank("cells"), now=NOW, owner_id=tess.id)
    cid = rosters.create_class(session, tess.id, name="B", description=None, now=NOW)
    for rules, message in ((studying.StudyRules(due_at=None), "needs a due date"),
                           (studying.StudyRules(due_at=DUE, target_retention=0.5), "between"),
                           (studying.StudyRules(due_at=DUE, opens_at=DUE), "after the opening"),
                           (studying.StudyRules(due_at=NOW), "has passed"),
                           (studying.StudyRules(due_at=DUE, question_count=0), "1 to")):
        with pytest.raises(ServiceError, match=message):
            studying.assign_study(session, cid, tess.id, set_ref="tess~cells", title=None,
                                  rules=rules, now=NOW)


def test_the_class_studies_a_private_set_and_the_teacher_sees_who_will_forget(
        session: Session) -> None:
    tess, lee, max_, aid = _setup(session)
    report = studying.start_study(session, aid, lee, now=NOW)
    assert report.added == 4  # the private set is in lee's deck
    assert studying.my_progress(session, aid, lee, now=NOW).status == "not_started"
    for day, rating in ((0, Rating.GOOD), (3, Rating.GOOD), (10, Rating.EASY)):
        _study_all(session, lee, rating, days=day)
    mine = studying.my_progress(session, aid, lee, now=NOW + timedelta(days=11))
    assert mine.started == 4 and mine.reviews >= 4 and mine.retention == 1.0
    r = studying.study_results(session, aid, tess, now=NOW + timedelta(days=1))
    by_name = {lr.username: lr.progress for lr in r.learners}
    assert by_name["max"].status == "not_started" and by_name["max"].learned == 0
    assert r.learners[0].username == "max"  # the least ready first
    assert by_name["lee"].started == 4 and r.target == 3
    assert all(q.memory.learners == 2 for q in r.questions)
    assert all(r.memory[max_][q.question_id] == 0.0 for q in r.questions)
    name, text = studying.progress_csv(session, aid, tess, now=NOW)
    assert name.startswith("study-sample-set") and "lee" in text and "Learned" in text


def test_memory_fades_towards_the_due_date(session: Session) -> None:
    """One review today: predicted recall a week later is below what it is tomorrow."""
    tess, lee, _, aid = _setup(session)
    studying.start_study(session, aid, lee, now=NOW)
    _study_all(session, lee, Rating.GOOD)
    r = studying.study_results(session, aid, tess, now=NOW + timedelta(hours=1))
    week = max(r.memory[lee].values())
    assert 0.0 < week < 0.9  # a single review will not last a week at 90%
    assert r.at == DUE


def test_only_the_class_sees_it(session: Session) -> None:
    tess, lee, _, aid = _setup(session)
    other_teacher = make_user(session, "otto", role="teacher")
    outsider = make_user(session, "olga")
    for who in (other_teacher.id, lee):
        with pytest.raises(NotFound):
            studying.study_results(session, aid, who, now=NOW)
    with pytest.raises(NotFound):
        studying.start_study(session, aid, outsider.id, now=NOW)
    with pytest.raises(NotFound):
        studying.my_progress(session, aid, outsider.id, now=NOW)
    assert session.scalar(select(StudyCard.id).where(StudyCard.user_id == outsider.id)) is None


def test_not_before_it_opens(session: Session) -> None:
    _, lee, _, aid = _setup(session, opens_at=NOW + timedelta(days=1))
    with pytest.raises(ServiceError, match="not open yet"):
        studying.start_study(session, aid, lee, now=NOW)
