"""Set ownership and visibility on a real database: ids unique per owner, URL refs stable,
private and shared sets out of learners' reach in every service that serves them."""
from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from quizapp.models import Bank
from quizapp.services import NotFound, banks
from quizapp.services.quiz import attempts, pages
from quizapp.services.study import decks
from tests.factories import NOW, make_bank, make_user


def _own(session: Session, owner_id: int | None, slug: str = "photosynthesis") -> str:
    report = banks.import_bank(session, make_bank(slug), now=NOW, owner_id=owner_id)
    return session.query(Bank.ref).filter(Bank.slug == report.slug,
                                          Bank.owner_id.is_(owner_id) if owner_id is None
                                          else Bank.owner_id == owner_id).scalar()


def _visibility(session: Session, ref: str, value: str) -> None:
    session.execute(update(Bank).where(Bank.ref == ref).values(visibility=value))
    session.commit()


def test_two_teachers_may_use_the_same_set_id(session: Session) -> None:
    tess, tom = make_user(session, "tess", role="teacher"), make_user(session, "tom",
                                                                        role="teacher")
    site = _own(session, None)
    assert site == "photosynthesis"  # the site's sets keep their URL
    assert _own(session, tess.id) == "tess~photosynthesis"
    assert _own(session, tom.id) == "tom~photosynthesis"
    assert _own(session, tess.id) == "tess~photosynthesis"  # re-import updates, no new set
    assert session.query(Bank).count() == 3


@pytest.mark.parametrize("visibility, learner_sees, teacher_sees", [
    ("private", False, False), ("shared", False, True), ("public", True, True)])
def test_who_sees_what(session: Session, visibility: str, learner_sees: bool,
                       teacher_sees: bool) -> None:
    owner = make_user(session, "tess", role="teacher")
    other = make_user(session, "tom", role="teacher")
    learner = make_user(session, "lee")
    admin = make_user(session, "root", role="admin")
    ref = _own(session, owner.id)
    _visibility(session, ref, visibility)

    def reads(user_id: int | None) -> bool:
        try:
            banks.get_set(session, ref, user_id=user_id)
        except NotFound:
            return False
        return True

    def learns(user_id: int) -> bool:
        try:
            pages.start_info(session, ref, user_id)
        except NotFound:
            return False
        return True

    assert reads(owner.id) and learns(owner.id)
    assert reads(learner.id) is learner_sees and reads(None) is learner_sees
    assert reads(other.id) is teacher_sees
    assert reads(admin.id) is teacher_sees  # a teacher's own set is not the site's
    assert learns(learner.id) is learner_sees and learns(other.id) is (visibility == "public")
    listed = [s.slug for s in banks.list_sets(session).items]
    assert (ref in listed) is (visibility == "public")
    if not learner_sees:
        with pytest.raises(NotFound):
            attempts.start_attempt(session, user_id=learner.id, slug=ref, mode="practice",
                                   count=1, time_limit_seconds=None, now=NOW)
        with pytest.raises(NotFound):
            decks.add_set(session, learner.id, ref, now=NOW)
    detail = banks.get_set(session, ref, user_id=owner.id)
    assert detail.can_edit and detail.visibility == visibility


def test_admins_edit_the_sites_sets(session: Session) -> None:
    admin = make_user(session, "root", role="admin")
    teacher = make_user(session, "tess", role="teacher")
    ref = _own(session, None, "site-set")
    assert banks.get_set(session, ref, user_id=admin.id).can_edit
    assert not banks.get_set(session, ref, user_id=teacher.id).can_edit
    assert not banks.get_set(session, ref, user_id=None).can_edit
