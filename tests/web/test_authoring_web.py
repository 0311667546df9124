"""The studio through the Flask test client: the teacher's pages, forms with the error
beside the field, generation on the real queue, and who may reach each authoring route."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import EnvironBuilder, FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.jobs import tasks
from quizapp.models import Bank, Draft, Job, Question
from tests.conftest import AuthActions

ARTICLE = (Path(__file__).resolve().parents[1] / "data" / "article-lighthouse.txt").read_text()


def _client(app: Flask, username: str, role: str) -> FlaskClient:
    client = app.test_client()
    AuthActions(client).signup(username, role=role)
    return client


@pytest.fixture
def tess(app: Flask) -> FlaskClient:
    return _client(app, "tess", "teacher")


def _mcq(**overrides: str) -> dict[str, str]:
    data = {"type": "mcq", "prompt": "Which planet is largest?",
            "choices-0-text": "Jupiter", "choices-0-correct": "y",
            "choices-1-text": "Mars", "choices-2-text": "Venus"}
    return data | overrides


def test_a_teacher_writes_a_set(app: Flask, tess: FlaskClient) -> None:
    page = tess.get("/studio").get_data(as_text=True)
    assert "You have no sets yet" in page and "Generate from an article" in page
    r = tess.post("/studio/new", data={"title": "Space", "description": "The planets",
                                       "language": "en", "tags": "astronomy, planets"})
    assert r.status_code == 302 and r.location.endswith("/sets/tess~space/edit")
    editor = tess.get("/sets/tess~space/edit").get_data(as_text=True)
    assert "No questions yet" in editor and "Private" in editor
    for kind, fields in [
        ("mcq", _mcq()),
        ("multi", {"type": "multi", "prompt": "Which are gas giants?",
                   "choices-0-text": "Jupiter", "choices-0-correct": "y",
                   "choices-1-text": "Saturn", "choices-1-correct": "y",
                   "choices-2-text": "Mars"}),
        ("true_false", {"type": "true_false", "prompt": "Mars is red.", "truth": "true"}),
        ("short", {"type": "short", "prompt": "Name the red planet.", "answer": "Mars",
                   "accept": "the red planet"}),
        ("cloze", {"type": "cloze", "prompt": "_____ is the largest planet.",
                   "answer": "Jupiter"}),
        ("numeric", {"type": "numeric", "prompt": "How many planets are there?",
                     "answer": "8", "tolerance": ""}),
    ]:
        r = tess.post("/sets/tess~space/questions/new", data=fields)
        assert r.status_code == 302, (kind, r.get_data(as_text=True)[-2000:])
    with app.app_context():
        types = db.session.scalars(select(Question.type).order_by(Question.position)).all()
        assert types == ["mcq", "multi", "true_false", "short", "cloze", "numeric"]
        assert db.session.scalar(select(Bank.active_count)) == 6
    preview = tess.get("/sets/tess~space/questions/which-planet-is-largest/edit")
    html = preview.get_data(as_text=True)
    assert "Preview" in html and "As learners see it" in html and "Jupiter" in html
    # publish; learners now find it
    r = tess.post("/sets/tess~space/visibility", data={"visibility": "public"},
                  follow_redirects=True)
    assert "Published" in r.get_data(as_text=True)
    lee = _client(app, "lee", "learner")
    assert "Space" in lee.get("/").get_data(as_text=True)
    assert lee.get("/sets/tess~space").status_code == 200


@pytest.mark.parametrize("fields, field_id, message", [
    (_mcq(prompt=""), "prompt", "Write the question"),
    (_mcq(**{"choices-0-correct": ""}), "choices", "Mark exactly one option"),
    (_mcq(**{"choices-2-text": "jupiter"}), "choices", "repeats"),
    ({"type": "mcq", "prompt": "P?", "choices-0-text": "a", "choices-0-correct": "y"},
     "choices", "choices"),
    ({"type": "numeric", "prompt": "How many?", "answer": "eight"}, "answer", "number"),
    ({"type": "cloze", "prompt": "No gap here", "answer": "x"}, "prompt", "gap"),
    ({"type": "true_false", "prompt": "Mars is red."}, "truth", "true or false"),
    ({"type": "short", "prompt": "x" * 2001, "answer": "a"}, "prompt", "2000"),
    ({"type": "nonsense", "prompt": "P", "answer": "a"}, "type", "Not a valid choice"),
])
def test_bad_questions_get_a_message_beside_the_field(
        app: Flask, tess: FlaskClient, fields: dict, field_id: str, message: str) -> None:
    tess.post("/studio/new", data={"title": "Space"})
    r = tess.post("/sets/tess~space/questions/new", data=fields)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    error = re.search(rf'id="{field_id}-error"[^>]*>([^<]*)<', html) or \
        re.search(rf'data-error-for="{field_id}"[^>]*>([^<]*)<', html) or \
        re.search(r'<p class="error"[^>]*>([^<]+)<', html)
    assert error and message.lower() in error.group(1).lower(), html[-3000:]
    with app.app_context():
        assert db.session.scalar(select(func.count(Question.id))) == 0


def test_the_check_endpoint_uses_the_same_validator(app: Flask, tess: FlaskClient) -> None:
    tess.post("/studio/new", data={"title": "Space"})
    bad = tess.post("/sets/tess~space/questions/check",
                    data=_mcq(**{"choices-1-text": "Jupiter"})).get_json()
    assert "repeats" in bad["errors"]["choices"]
    good = tess.post("/sets/tess~space/questions/check", data=_mcq()).get_json()
    assert good == {"errors": {}}


def test_edit_duplicate_reorder_retire_restore(app: Flask, tess: FlaskClient) -> None:
    tess.post("/studio/new", data={"title": "Space"})
    tess.post("/sets/tess~space/questions/new", data=_mcq())
    base = "/sets/tess~space/questions/which-planet-is-largest"
    assert tess.post(base + "/edit", data=_mcq(prompt="Largest planet?")).status_code == 302
    tess.post(base + "/duplicate")
    tess.post("/sets/tess~space/questions/largest-planet/up")
    with app.app_context():
        order = db.session.scalars(select(Question.qid).order_by(Question.position)).all()
    assert order == ["largest-planet", "which-planet-is-largest"]
    r = tess.post("/sets/tess~space/reorder",
                  data={"order": ["which-planet-is-largest", "largest-planet"]})
    assert r.get_json() == {"ok": True}
    assert tess.post("/sets/tess~space/reorder", data={"order": ["nope"]}).status_code == 400
    tess.post(base + "/retire")
    html = tess.get("/sets/tess~space/edit").get_data(as_text=True)
    assert "Retired questions (1)" in html
    tess.post(base + "/restore")
    with app.app_context():
        assert db.session.scalar(select(Bank.active_count)) == 2


def test_generate_from_a_pasted_article(app: Flask, tess: FlaskClient, tmp_path: Path) -> None:
    r = tess.post("/studio/generate", data={"title": "Bell Rock", "article": ARTICLE,
                                            "kind": "auto"})
    assert r.status_code == 302 and "/studio/jobs/" in r.location
    job_page = tess.get(r.location).get_data(as_text=True)
    assert "Generating questions" in job_page and "<progress" in job_page
    status = tess.get(r.location + ".json").get_json()
    assert status["state"] == "queued" and status["next"] is None
    assert tasks.drain() == 1
    status = tess.get(r.location + ".json").get_json()
    assert status["state"] == "done" and status["next"].endswith("/sets/tess~bell-rock/drafts")
    review = tess.get(status["next"]).get_data(as_text=True)
    assert "<mark" in review and "Review the drafts" in review
    with app.app_context():
        ids = db.session.scalars(select(Draft.id).order_by(Draft.rank)).all()
    tess.post(f"/sets/tess~bell-rock/drafts/{ids[0]}/keep")
    tess.post(f"/sets/tess~bell-rock/drafts/{ids[1]}/reject", data={"reason": "trivia"})
    edit = tess.get(f"/sets/tess~bell-rock/drafts/{ids[2]}/edit")
    assert edit.status_code == 200
    r = tess.post(f"/sets/tess~bell-rock/drafts/{ids[2]}/edit",
                  data={"type": "short", "prompt": "Who built it?", "answer": "Robert Stevenson"})
    assert r.status_code == 302
    with app.app_context():
        states = dict(db.session.execute(select(Draft.id, Draft.status)).all())
    assert [states[i] for i in ids[:3]] == ["kept", "rejected", "edited"]
    # the decisions, exported as labelled rows for refitting the ranker
    out = tmp_path / "feedback.jsonl"
    result = app.test_cli_runner().invoke(args=["generate", "feedback", "-o", str(out)])
    assert result.exit_code == 0 and "Wrote 3 decision(s)" in result.output, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["decision"], r["label"]) for r in rows] == \
        [("kept", 1.0), ("rejected", 0.0), ("edited", 1.0)]
    assert rows[1]["reason"] == "trivia" and rows[2]["edited"]["prompt"] == "Who built it?"
    assert all(r["sentence"] and r["generated"]["id"] == r["qid"] for r in rows)
    lee = _client(app, "lee", "learner")
    assert lee.get("/sets/tess~bell-rock").status_code == 404  # private until published


@pytest.mark.parametrize("upload, message", [
    ((b"\x89PNG\r\n\x1a\n\x00\x00", "picture.txt"), "not text"),
    (("caf\xe9 ".encode("latin-1") * 40, "latin.txt"), "UTF-8"),
    ((b"words " * 10, "notes.pdf"), ".txt, .md or .html"),
    ((b"word " * 300_000, "big.txt"), "larger than 1 MB"),
])
def test_bad_uploads_are_refused_beside_the_field(app: Flask, tess: FlaskClient,
                                                  upload: tuple[bytes, str],
                                                  message: str) -> None:
    data, name = upload
    r = tess.post("/studio/generate", data={"title": "T", "kind": "auto",
                                            "file": (io.BytesIO(data), name)},
                  content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    r.request.input_stream.close()  # the test client leaves a big body's temp file open
    assert r.status_code == 200
    assert re.search(r'id="file-error">[^<]*' + re.escape(message), html)
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 0
        assert db.session.scalar(select(func.count(Job.id))) == 0


@pytest.mark.parametrize("csrf", [False, True])
def test_a_20_mb_upload_gets_a_message(app_factory, csrf: bool) -> None:
    """Refused before it is read (with CSRF on, the token check meets the limit first)."""
    app = app_factory(WTF_CSRF_ENABLED=csrf)
    client = _client(app, "tess", "teacher") if not csrf else app.test_client()
    if csrf:
        page = client.get("/account/signup").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post("/account/signup", data={
            "username": "tess", "display_name": "Tess", "password": "correct horse battery",
            "confirm": "correct horse battery", "role": "teacher", "csrf_token": token})
    builder = EnvironBuilder(app, path="/studio/generate", method="POST", data={
        "title": "T", "kind": "auto", "file": (io.BytesIO(b"a" * 20_000_000), "big.txt")})
    try:
        r = client.open(builder)
    finally:
        builder.close()
    html = r.get_data(as_text=True)
    r.request.input_stream.close()
    assert r.status_code in (200, 413) and "too large to send" in html
    assert 'id="file-error"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 0


def test_empty_and_short_articles(app: Flask, tess: FlaskClient) -> None:
    for text, message in [("", "Paste an article"), ("Too short.", "too short")]:
        r = tess.post("/studio/generate", data={"title": "T", "article": text, "kind": "auto"})
        assert re.search(r'id="article-error">[^<]*' + message, r.get_data(as_text=True))
    r = tess.post("/studio/generate", data={"title": "", "article": ARTICLE, "kind": "auto"})
    assert "Give the set a title" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 0


def test_changing_a_key_offers_a_regrade(app: Flask, tess: FlaskClient) -> None:
    tess.post("/studio/new", data={"title": "France"})
    short = {"type": "short", "prompt": "Capital of France?", "answer": "Paris"}
    tess.post("/sets/tess~france/questions/new", data=short)
    tess.post("/sets/tess~france/visibility", data={"visibility": "public"})
    lee = _client(app, "lee", "learner")
    start = lee.post("/sets/tess~france/quiz", data={"mode": "practice", "count": "1"})
    question = lee.get(start.location, follow_redirects=True)
    token = re.search(r'name="submission_id" type="hidden" value="([^"]+)"',
                      question.get_data(as_text=True)).group(1)
    lee.post(question.request.path, data={"submission_id": token, "answer": "Lyon"})
    url = "/sets/tess~france/questions/capital-of-france/edit"
    page = tess.post(url, data={**short, "answer": "Lyon"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Regrade the answers already given?" in html
    assert "<strong>1</strong> would change grade" in html
    done = tess.post(url, data={**short, "answer": "Lyon", "regrade": "yes"},
                     follow_redirects=True)
    assert "1 answer(s) in 1 attempt(s) regraded" in done.get_data(as_text=True)
    with app.app_context():
        from quizapp.models import Attempt

        assert db.session.scalar(select(Attempt.points)) == 1.0


def test_a_failed_generation_shows_its_reason(app: Flask, tess: FlaskClient) -> None:
    filler = " ".join(["Hello there, and welcome!"] * 12)  # no fact to ask about
    r = tess.post("/studio/generate", data={"title": "Greetings", "article": filler,
                                            "kind": "auto"})
    assert r.status_code == 302
    tasks.drain()
    status = tess.get(r.location + ".json").get_json()
    assert status["state"] == "failed" and "No questions could be made" in status["error"]
    page = tess.get(r.location).get_data(as_text=True)
    assert "Generation failed" in page and "No questions could be made" in page


def test_a_finished_job_page_goes_straight_to_the_drafts(app: Flask, tess: FlaskClient) -> None:
    r = tess.post("/studio/generate", data={"title": "Bell Rock", "article": ARTICLE,
                                            "kind": "auto"})
    tasks.drain()
    again = tess.get(r.location)
    assert again.status_code == 302 and again.location.endswith("/sets/tess~bell-rock/drafts")


@pytest.mark.parametrize("fields, field_id, message", [
    ({"title": ""}, "title", "Give the set a title"),
    ({"title": "x" * 301}, "title", "300"),
    ({"title": "Ok", "description": "d" * 5001}, "description", "5000"),
    ({"title": "Ok", "language": "l" * 36}, "language", "35"),
    ({"title": "Ok", "tags": ", ".join(f"t{i}" for i in range(21))}, "tags", "at most 20"),
])
def test_bad_set_fields_get_a_message_beside_the_field(
        app: Flask, tess: FlaskClient, fields: dict, field_id: str, message: str) -> None:
    r = tess.post("/studio/new", data=fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    error = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert error and message.lower() in error.group(1).lower(), html[-2500:]
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 0
