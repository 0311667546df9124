"""Every authoring route, for the set's owner, another teacher, a learner, an admin and
somebody signed out: only the owner gets in; the others get 404 (signed out: the sign-in
page), and nothing in the database changes."""
from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.jobs import tasks
from quizapp.models import Bank, Draft, Job, PendingImport, Question
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.test_authoring_web import ARTICLE

ACTORS = ("owner", "teacher", "learner", "admin", "anonymous")


def _client(app: Flask, username: str | None, role: str) -> FlaskClient:
    client = app.test_client()
    if username:
        AuthActions(client).signup(username, role=role)
    return client


def _snapshot(app: Flask) -> str:
    with app.app_context():
        rows = []
        for model in (Bank, Question, Draft, Job, PendingImport):
            for row in db.session.scalars(select(model).order_by(model.id)):
                rows.append({c.name: str(getattr(row, c.key, None))
                             for c in model.__table__.columns})
        return json.dumps(rows, sort_keys=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, database_url: str | None):  # type: ignore[no-untyped-def]
    """One app with a teacher's generated set (a kept question, pending drafts, a job),
    shared by the module's tests (on SQLite, or PostgreSQL in the second pass)."""
    from tests.conftest import make_test_app

    app = make_test_app(tmp_path_factory.mktemp("matrix"), database_url)
    clients = {"owner": _client(app, "tess", "teacher"),
               "teacher": _client(app, "tom", "teacher"),
               "learner": _client(app, "lee", "learner"),
               "anonymous": _client(app, None, "")}
    with app.app_context():
        make_user(db.session, "root", role="admin")
    clients["admin"] = app.test_client()
    AuthActions(clients["admin"]).login("root")
    owner = clients["owner"]
    job_url = owner.post("/studio/generate", data={"title": "Bell Rock", "article": ARTICLE,
                                                   "kind": "auto"}).location
    with app.app_context():
        tasks.drain()
        drafts = db.session.scalars(select(Draft.id).order_by(Draft.rank)).all()
    owner.post(f"/sets/tess~bell-rock/drafts/{drafts[0]}/keep")
    with app.app_context():
        qid = db.session.scalar(select(Question.qid))
    upload = owner.post("/sets/tess~bell-rock/import", data={
        "format": "gift", "file": (io.BytesIO(b"Is the sky blue?{T}\n"), "sky.gift")},
        content_type="multipart/form-data")
    assert upload.status_code == 302, upload.get_data(as_text=True)
    yield app, clients, {"slug": "tess~bell-rock", "qid": qid, "draft_id": drafts[1],
                         "job_id": int(job_url.rsplit("/", 1)[1]), "what": "keep",
                         "answer_id": 1, "token": upload.location.rsplit("/", 1)[1],
                         "name": "gift"}
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(method, rule, endpoint) of every authoring route that names a set, draft or job."""
    found = []
    for rule in app.url_map.iter_rules():
        owners_only = rule.endpoint in ("quiz.overrides", "quiz.decide_claim")  # claims
        owned = rule.endpoint.startswith(("authoring.", "transfer."))
        if not (owned or owners_only) or not rule.arguments:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule, rule.endpoint))
    return found


def _url(rule: str, values: dict) -> str:
    url = rule
    for name, value in values.items():
        url = url.replace(f"<{name}>", str(value)).replace(f"<int:{name}>", str(value))
    return url.replace("<any(duplicate, retire, restore, up, down):what>", "retire") \
        .replace("<any(keep, reject):what>", "keep") \
        .replace("<any('accept', 'accept-add', 'reject'):what>", "accept")


def test_the_matrix_covers_every_authoring_route(world) -> None:  # type: ignore[no-untyped-def]
    app, _, _ = world
    endpoints = {e for _, _, e in _routes(app)}
    assert {"authoring.edit_set", "authoring.set_visibility", "authoring.copy_set",
            "authoring.new_question", "authoring.edit_question", "authoring.check_question",
            "authoring.question_action", "authoring.reorder", "authoring.job",
            "authoring.job_status", "authoring.review", "authoring.decide",
            "authoring.edit_draft", "authoring.keep_rest", "authoring.article",
            "quiz.overrides", "quiz.decide_claim", "transfer.into_set", "transfer.preview",
            "transfer.confirm", "transfer.export_page", "transfer.download"} <= endpoints


@pytest.mark.parametrize("actor", ACTORS[1:])
def test_non_owners_get_nothing_and_change_nothing(world, actor: str) -> None:  # type: ignore[no-untyped-def]
    app, clients, values = world
    client = clients[actor]
    before = _snapshot(app)
    for method, rule, endpoint in _routes(app):
        if endpoint == "authoring.copy_set":
            continue  # copying is for readers of the set: below
        url = _url(rule, values)
        response = client.open(url, method=method, data={"visibility": "public",
                                                         "title": "x", "order": ["a"]})
        if actor == "anonymous":
            assert response.status_code == 302 and "/account/signin" in response.location, url
        else:
            assert response.status_code == 404, (actor, method, url, response.status_code)
    assert _snapshot(app) == before
    copy = client.post("/sets/tess~bell-rock/copy")
    assert copy.status_code == (302 if actor == "anonymous" else 404)
    assert _snapshot(app) == before


def test_studio_pages_are_for_teachers(world) -> None:  # type: ignore[no-untyped-def]
    app, clients, _ = world
    assert clients["learner"].get("/studio").status_code == 404
    assert clients["learner"].get("/studio/new").status_code == 404
    assert clients["learner"].get("/studio/generate").status_code == 404
    assert clients["learner"].get("/studio/import").status_code == 404
    assert clients["anonymous"].get("/studio").status_code == 302
    assert "My sets" not in clients["learner"].get("/").get_data(as_text=True)
    for actor in ("owner", "teacher", "admin"):
        assert clients[actor].get("/studio").status_code == 200


def test_the_owner_gets_every_page(world) -> None:  # type: ignore[no-untyped-def]
    app, clients, values = world
    owner = clients["owner"]
    for method, rule, endpoint in _routes(app):
        if method != "GET":
            continue
        response = owner.get(_url(rule, values))
        if endpoint == "authoring.job":  # the job is done: straight on to its drafts
            assert response.status_code == 302 and response.location.endswith("/drafts")
            continue
        assert response.status_code == 200, (rule, response.status_code)


def test_drafts_never_reach_learners(world) -> None:  # type: ignore[no-untyped-def]
    app, clients, values = world
    owner, lee = clients["owner"], clients["learner"]
    owner.post("/sets/tess~bell-rock/visibility", data={"visibility": "public"})
    with app.app_context():
        pending = db.session.scalars(select(Draft.data).where(Draft.status == "pending")).all()
        kept = db.session.scalars(select(Question.prompt)).all()
    set_page = lee.get("/sets/tess~bell-rock").get_data(as_text=True)
    home = lee.get("/").get_data(as_text=True)
    assert "Bell Rock" in home
    for data in pending:
        assert data["prompt"] not in set_page
    lee.post("/study/sets/tess~bell-rock/add")
    studied = lee.get("/study/").get_data(as_text=True)
    start = lee.post("/sets/tess~bell-rock/quiz", data={"mode": "practice", "count": "1"})
    quiz = lee.get(start.location, follow_redirects=True).get_data(as_text=True)
    for data in pending:
        assert data["prompt"] not in studied and data["prompt"] not in quiz
    assert kept[0] in studied and kept[0] in quiz  # the kept question is what they get
    article = lee.get("/sets/tess~bell-rock/article").get_data(as_text=True)
    with app.app_context():
        kept_spans = db.session.execute(select(Question.source_start, Question.source_end)).all()
    for data in pending:  # a pending draft's sentence is not marked (unless a kept one is)
        start, end = data["source"]["start"], data["source"]["end"]
        if not any(s < end and start < e for s, e in kept_spans):
            assert f"<mark>{data['source']['text']}" not in article
    assert article.count("<mark>") == len(kept_spans) >= 1
    owner.post("/sets/tess~bell-rock/visibility", data={"visibility": "private"})
    assert lee.get("/sets/tess~bell-rock").status_code == 404
