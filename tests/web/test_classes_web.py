"""Classes through the pages: a teacher makes a class and assigns a set, a learner joins
by link and by typed code and starts the assignment; every class page is the teacher's
alone (404 for anyone else, nothing changes)."""
from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, ClassMember, SchoolClass
from tests.conftest import AuthActions

GIFT = b"::a::Which planet is red?{=Mars ~Venus ~Jupiter}\n\n::b::The Sun is a star.{T}\n"


def _user(app: Flask, name: str, role: str) -> FlaskClient:
    client = app.test_client()
    AuthActions(client).signup(name, role=role)
    return client


def _snapshot(app: Flask) -> str:
    with app.app_context():
        rows = []
        for model in (SchoolClass, ClassMember, Assignment, Attempt):
            for row in db.session.scalars(select(model).order_by(model.id)):
                rows.append({c.name: str(getattr(row, c.key, None))
                             for c in model.__table__.columns})
        return json.dumps(rows, sort_keys=True)


def _world(app: Flask) -> tuple[FlaskClient, FlaskClient, int, str]:
    import io

    tess, lee = _user(app, "tess", "teacher"), _user(app, "lee", "learner")
    upload = tess.post("/studio/import", data={"format": "gift", "file": (io.BytesIO(GIFT),
                                                                          "planets.gift")},
                       content_type="multipart/form-data")
    tess.post(upload.location, data={"action": "import"})
    made = tess.post("/classes", data={"name": "Year 9"})
    assert made.status_code == 302
    class_id = int(made.location.rsplit("/", 1)[1])
    page = tess.get(made.location).get_data(as_text=True)
    link = re.search(r'href="(http://localhost/join/[0-9A-Z]{10})"', page).group(1)
    return tess, lee, class_id, link


def test_teacher_assigns_and_learner_joins_and_starts(app: Flask) -> None:
    tess, lee, class_id, link = _world(app)
    assert "Year 9" in tess.get("/classes").get_data(as_text=True)
    form = tess.get(f"/classes/{class_id}/assign").get_data(as_text=True)
    assert "Planets (2 questions)" in form
    done = tess.post(f"/classes/{class_id}/assign", data={
        "bank": "tess~planets", "mode": "exam", "question_count": "2", "attempts": "1",
        "repeat": "y", "due_at": "2099-01-01T09:00", "tz_offset": "-60"})
    assert done.status_code == 302
    with app.app_context():
        due = db.session.scalar(select(Assignment.due_at))
        assert due is not None and due.isoformat() == "2099-01-01T08:00:00+00:00"
    assert "Join" in lee.get(link).get_data(as_text=True)
    joined = lee.post(link.replace("http://localhost", ""), data={"code": link[-10:]})
    assert joined.status_code == 302 and joined.location.endswith("/assignments")
    mine = lee.get("/assignments").get_data(as_text=True)
    assert "You are in Year 9." in mine and "Planets" in mine and "Open" in mine
    with app.app_context():
        aid = db.session.scalar(select(Assignment.id))
    start = lee.post(f"/assignments/{aid}/start")
    assert start.status_code == 302 and re.search(r"/quiz/\d+/q/1$", start.location)
    resumed = lee.post(f"/assignments/{aid}/start")  # a second click goes on with it
    assert resumed.location == start.location
    listed = lee.get("/assignments").get_data(as_text=True)
    attempt = re.search(r"/quiz/(\d+)/q/1$", start.location).group(1)
    assert "In progress" in listed and f'href="/quiz/{attempt}"' in listed
    lee.post(f"/quiz/{attempt}/finish")
    again = lee.post(f"/assignments/{aid}/start", follow_redirects=True)
    assert "You have used all 1 attempt of this assignment." in again.get_data(as_text=True)
    roster = tess.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "Lee" in roster and "1 learner" in roster


def test_a_wrong_code_is_told_and_counted(app: Flask) -> None:
    _, lee, _, _ = _world(app)
    page = lee.post("/join", data={"code": "ZZZZZ-ZZZZZ"}).get_data(as_text=True)
    assert "That code does not open a class" in page


def test_class_pages_are_the_teachers_alone(app: Flask) -> None:
    tess, lee, class_id, link = _world(app)
    lee.post(link.replace("http://localhost", ""), data={"code": link[-10:]})
    tess.post(f"/classes/{class_id}/assign", data={"bank": "tess~planets", "mode": "exam",
                                                   "question_count": "2"})
    tom = _user(app, "tom", "teacher")
    ann = _user(app, "ann", "learner")
    with app.app_context():
        lee_id = db.session.scalar(select(ClassMember.user_id))
    before = _snapshot(app)
    for client in (tom, lee, ann):
        for method, url in (("GET", f"/classes/{class_id}"),
                            ("GET", f"/classes/{class_id}/assign"),
                            ("POST", f"/classes/{class_id}/assign"),
                            ("POST", f"/classes/{class_id}/code"),
                            ("POST", f"/classes/{class_id}/members/{lee_id}/remove")):
            response = client.open(url, method=method, data={"action": "new",
                                                             "bank": "tess~planets",
                                                             "question_count": "1"})
            assert response.status_code == 404, (method, url, response.status_code)
    with app.app_context():
        aid = db.session.scalar(select(Assignment.id))
    assert ann.post(f"/assignments/{aid}/start").status_code == 404  # not in the class
    assert "Planets" not in ann.get("/assignments").get_data(as_text=True)
    assert lee.get("/classes").status_code == 404
    assert _snapshot(app) == before


def test_results_and_grades_are_the_teachers(app: Flask) -> None:
    tess, lee, class_id, link = _world(app)
    lee.post(link.replace("http://localhost", ""), data={"code": link[-10:]})
    tess.post(f"/classes/{class_id}/assign", data={"bank": "tess~planets", "mode": "exam",
                                                   "question_count": "2", "attempts": "1"})
    with app.app_context():
        aid = db.session.scalar(select(Assignment.id))
    start = lee.post(f"/assignments/{aid}/start")
    attempt_id = int(re.search(r"/quiz/(\d+)/", start.location).group(1))
    lee.post(f"/quiz/{attempt_id}/finish")
    page = tess.get(f"/assignments/{aid}/results").get_data(as_text=True)
    assert "Results: Planets" in page and "Lee" in page and "Which planet is red?" in page
    assert tess.get(f"/assignments/{aid}/results?which=all").status_code == 200
    csv_file = tess.get(f"/assignments/{aid}/grades.csv")
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    assert "lee" in csv_file.get_data(as_text=True)
    for client in (lee, _user(app, "tom", "teacher")):
        assert client.get(f"/assignments/{aid}/results").status_code == 404
        assert client.get(f"/assignments/{aid}/grades.csv").status_code == 404


def test_a_study_assignment_from_form_to_results(app: Flask) -> None:
    tess, lee, class_id, link = _world(app)
    lee.post(link.replace("http://localhost", ""), data={"code": link[-10:]})
    form = tess.get(f"/classes/{class_id}/assign").get_data(as_text=True)
    assert "Study: learned with spaced repetition" in form and "Target retention" in form
    refused = tess.post(f"/classes/{class_id}/assign", data={
        "bank": "tess~planets", "kind": "study", "target": "90"})
    assert refused.status_code == 200 and "needs a due date" in refused.get_data(as_text=True)
    past = tess.post(f"/classes/{class_id}/assign", data={
        "bank": "tess~planets", "kind": "study", "target": "90",
        "due_at": "2001-01-01T09:00", "tz_offset": "0"}).get_data(as_text=True)
    due_field = re.search(r'<input[^>]*name="due_at"[^>]*>', past).group(0)
    assert 'aria-invalid="true"' in due_field and "The due date has passed" in past
    assert "flash-error" not in past  # beside the field, not a banner at the top
    done = tess.post(f"/classes/{class_id}/assign", data={
        "bank": "tess~planets", "kind": "study", "target": "85", "question_count": "",
        "due_at": "2099-01-01T09:00", "tz_offset": "0"})
    assert done.status_code == 302
    with app.app_context():
        a = db.session.scalar(select(Assignment))
        assert (a.kind, a.target_retention, a.question_count) == ("study", 0.85, None)
    assert "Study · all questions · 85% recall" in tess.get(
        f"/classes/{class_id}").get_data(as_text=True)
    mine = lee.get("/assignments").get_data(as_text=True)
    assert "Start studying" in mine and "0 of 2" in mine
    started = lee.post(f"/assignments/{a.id}/study")
    assert started.status_code == 302 and started.location.endswith("/study/")
    assert "Which planet is red?" in lee.get("/study/").get_data(as_text=True)
    page = tess.get(f"/assignments/{a.id}/results").get_data(as_text=True)
    assert "Who will remember what" in page and "lee" in page
    csv_text = tess.get(f"/assignments/{a.id}/grades.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufeffName,Username,Learned")
    assert lee.get(f"/assignments/{a.id}/results").status_code == 404
    assert lee.post("/assignments/99999/study").status_code == 404
