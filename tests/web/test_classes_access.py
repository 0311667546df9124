"""Every class route, walked from the url_map, for the class's teacher, another teacher, a
learner in the class, a learner outside it and somebody signed out: the teacher's routes
answer 404 to everyone else (the sign-in page when signed out) and change nothing; a
learner outside the class cannot reach its assignment either."""
from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, ClassMember, JoinFailure, SchoolClass
from tests.web.test_classes_web import _snapshot, _user

GIFT = b"::a::Which planet is red?{=Mars ~Venus ~Jupiter}\n\n::b::The Sun is a star.{T}\n"
TEACHERS_ONLY = ("classes.index", "classes.detail", "classes.code", "classes.remove",
                 "classes.assign", "classes.results_page", "classes.grades")


def _client(app: Flask, name: str | None, role: str = "learner") -> FlaskClient:
    return _user(app, name, role) if name else app.test_client()


@pytest.fixture
def world(app: Flask):  # type: ignore[no-untyped-def]
    tess = _client(app, "tess", "teacher")
    up = tess.post("/studio/import", data={"format": "gift",
                                          "file": (io.BytesIO(GIFT), "planets.gift")},
                   content_type="multipart/form-data")
    tess.post(up.location, data={"action": "import"})
    class_id = int(tess.post("/classes", data={"name": "Year 9"}).location.rsplit("/", 1)[1])
    page = tess.get(f"/classes/{class_id}").get_data(as_text=True)
    code = re.search(r"/join/([0-9A-Z]{10})", page).group(1)
    tess.post(f"/classes/{class_id}/assign", data={"bank": "tess~planets", "mode": "exam",
                                                   "question_count": "2", "attempts": "3"})
    inside = _client(app, "lee")
    inside.post(f"/join/{code}", data={"code": code})
    with app.app_context():
        aid = db.session.scalar(select(Assignment.id))
        lee = db.session.scalar(select(ClassMember.user_id))
    clients = {"teacher": _client(app, "tom", "teacher"), "inside": inside,
               "outside": _client(app, "ann"), "anonymous": _client(app, None)}
    values = {"class_id": class_id, "assignment_id": aid, "user_id": lee}
    return clients, values


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("classes."):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                out.append((method, rule.rule, rule.endpoint))
    return out


def _url(rule: str, values: dict[str, int]) -> str:
    for name, value in values.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    return rule.replace("<code>", "ZZZZZZZZZZ")


def test_the_walk_covers_every_class_route(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    assert set(TEACHERS_ONLY) <= {e for _, _, e in _routes(app)}


@pytest.mark.parametrize("actor", ["teacher", "inside", "outside", "anonymous"])
def test_no_one_but_the_teacher_gets_in(app: Flask, world, actor: str) -> None:  # type: ignore[no-untyped-def]
    clients, values = world
    client = clients[actor]
    before = _snapshot(app)
    for method, rule, endpoint in _routes(app):
        if endpoint not in TEACHERS_ONLY:
            continue
        url = _url(rule, values)
        response = client.open(url, method=method, data={
            "action": "new", "name": "Mine", "bank": "tess~planets", "question_count": "1"})
        if actor == "anonymous":
            assert response.status_code == 302 and "/account/signin" in response.location
        elif endpoint == "classes.index":
            expected = 200 if actor == "teacher" else 404  # their own (empty) list
            assert response.status_code in (expected, 302), (actor, method, url)
            continue
        else:
            assert response.status_code == 404, (actor, method, url, response.status_code)
    with app.app_context():  # "Mine" was made by the other teacher, in their own list only
        db.session.execute(SchoolClass.__table__.delete().where(SchoolClass.name == "Mine"))
        db.session.commit()
    assert _snapshot(app) == before


def test_learners_reach_only_their_own_classes_assignment(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    clients, values = world
    aid = values["assignment_id"]
    assert clients["outside"].post(f"/assignments/{aid}/start").status_code == 404
    for who in ("outside", "inside"):  # a quiz is not studied through its assignment
        assert clients[who].post(f"/assignments/{aid}/study").status_code == 404
    assert "Planets" not in clients["outside"].get("/assignments").get_data(as_text=True)
    assert clients["inside"].post(f"/assignments/{aid}/start").status_code == 302
    wrong = clients["outside"].post("/join/ZZZZZZZZZZ", data={"code": "ZZZZZ-ZZZZZ"})
    assert "That code does not open a class" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(JoinFailure.id)) is not None
