"""A teacher changes, closes and removes an assignment through the pages; the new rules
hold on the server at once, what learners did stays, and only the class's teacher may."""
from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt
from tests.web.test_classes_web import _snapshot, _user, _world


def _quiz(app: Flask):  # type: ignore[no-untyped-def]
    tess, lee, class_id, link = _world(app)
    lee.post(link.replace("http://localhost", ""), data={"code": link[-10:]})
    done = tess.post(f"/classes/{class_id}/assign", data={
        "bank": "tess~planets", "mode": "exam", "question_count": "2", "attempts": "1",
        "repeat": "y", "due_at": "2099-01-01T09:00", "tz_offset": "0"})
    assert done.status_code == 302
    with app.app_context():
        aid = db.session.scalar(select(Assignment.id))
    return tess, lee, class_id, aid


def test_change_the_rules_and_they_hold_at_once(app: Flask) -> None:
    tess, lee, class_id, aid = _quiz(app)
    assert f"/assignments/{aid}/edit" in tess.get(f"/classes/{class_id}").get_data(as_text=True)
    page = tess.get(f"/assignments/{aid}/edit").get_data(as_text=True)
    due = re.search(r'<input[^>]*name="due_at"[^>]*>', page).group(0)
    assert 'value="2099-01-01T09:00"' in due and 'data-utc="2099-01-01T09:00:00+00:00"' in due
    first = lee.post(f"/assignments/{aid}/start")
    assert first.status_code == 302
    with app.app_context():
        attempt_id = db.session.scalar(select(Attempt.id))
    tess.post(f"/quiz/{attempt_id}/finish")  # not hers: changes nothing
    lee.post(f"/quiz/{attempt_id}/finish")
    lee.post(f"/assignments/{aid}/start")  # one attempt allowed, and used
    with app.app_context():
        assert db.session.scalar(select(Attempt.id).where(Attempt.id != attempt_id)) is None
    refused = tess.post(f"/assignments/{aid}/edit", data={
        "title": "Planets, again", "due_at": "2099-01-01T09:00", "opens_at":
        "2099-02-01T09:00", "attempts": "2", "tz_offset": "0"}).get_data(as_text=True)
    opens = re.search(r'<input[^>]*name="due_at"[^>]*>', refused).group(0)
    assert 'aria-invalid="true"' in opens and "after the opening date" in refused
    saved = tess.post(f"/assignments/{aid}/edit", data={
        "title": "Planets, again", "due_at": "2099-01-01T09:00", "attempts": "2",
        "time_limit": "5", "tz_offset": "-60"})
    assert saved.status_code == 302 and saved.location.endswith(f"/classes/{class_id}")
    with app.app_context():
        a = db.session.get(Assignment, aid)
        assert (a.title, a.attempts_allowed, a.time_limit_seconds) == ("Planets, again", 2, 300)
        assert a.due_at.isoformat() == "2099-01-01T08:00:00+00:00"
    second = lee.post(f"/assignments/{aid}/start")  # the second attempt now allowed
    assert second.status_code == 302 and "/quiz/" in second.location
    with app.app_context():
        newest = db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))
        assert newest.id != attempt_id and newest.time_limit_seconds == 300


def test_close_now_stops_new_attempts(app: Flask) -> None:
    tess, lee, class_id, aid = _quiz(app)
    closed = tess.post(f"/assignments/{aid}/close", follow_redirects=True)
    assert "is closed" in closed.get_data(as_text=True)
    before = _snapshot(app)
    lee.post(f"/assignments/{aid}/start")
    assert _snapshot(app) == before  # no attempt made
    assert "Missed" in lee.get("/assignments").get_data(as_text=True)  # due, not taken


def test_remove_keeps_the_learners_attempts(app: Flask) -> None:
    tess, lee, class_id, aid = _quiz(app)
    started = lee.post(f"/assignments/{aid}/start")
    attempt = started.location.split("/q/")[0]
    lee.post(f"{attempt}/finish")
    page = tess.get(f"/assignments/{aid}/edit").get_data(as_text=True)
    assert "1 attempt leave the class" in page or "its 1 attempt" in page
    removed = tess.post(f"/assignments/{aid}/remove", follow_redirects=True)
    assert "removed from the class" in removed.get_data(as_text=True)
    assert "Planets" not in lee.get("/assignments").get_data(as_text=True)
    assert tess.get(f"/assignments/{aid}/results").status_code == 404
    with app.app_context():
        assert db.session.get(Assignment, aid) is None
        kept = db.session.scalar(select(Attempt))
        assert kept is not None and kept.assignment_id is None and kept.finished_at
    assert lee.get(f"{attempt}/result").status_code == 200  # still hers to look back on


def test_only_the_classs_teacher_may(app: Flask) -> None:
    tess, lee, class_id, aid = _quiz(app)
    other = _user(app, "otto", "teacher")
    before = _snapshot(app)
    for client in (lee, other):
        assert client.get(f"/assignments/{aid}/edit").status_code == 404
        for path, data in ((f"/assignments/{aid}/edit", {"title": "x", "tz_offset": "0",
                                                         "due_at": "2099-01-01T09:00"}),
                           (f"/assignments/{aid}/close", {}),
                           (f"/assignments/{aid}/remove", {})):
            assert client.post(path, data=data).status_code == 404, path
    assert _snapshot(app) == before
    assert tess.get("/assignments/99999/edit").status_code == 404
