"""Every route, fuzzed (issue 12, item 5): hypothesis fills each route's URL parameters,
query parameters and form fields with odd values (huge numbers, NUL, long text, strange
Unicode) for a signed-in teacher who owns a set, and no response may be a 500. Runs on
SQLite, and on PostgreSQL in the second pass (`make test-postgres`).

The form field and query names are read off the pages themselves, so a new field is
fuzzed without touching this file."""
from __future__ import annotations

import re
import urllib.parse

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Question, StudyCard
from tests.conftest import AuthActions
from tests.factories import import_bank, make_bank, make_question

PARAM = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
NAME = re.compile(r'name="([^"]+)"')

ODD = [
    "", " ", "0", "-1", "1", "2", "1e309", "nan", "inf", "2147483648", "9223372036854775808",
    "9" * 401, "\x00", "a\x00b", "x" * 5000, "<script>alert(1)</script>", "\u202eevil",
    "../../etc/passwd", "%00", "'; DROP TABLE users; --", "true", "on", "mcq", "tf", "short",
    "cloze", "multi", "numeric", "order", "match", "public", "private", "shared", "auto",
    "1, 2, 3", "😀" * 30, "\ud7ff", "2026-13-45", "-0", "00001",
]
values = st.one_of(st.sampled_from(ODD), st.text(max_size=40),
                   st.integers(min_value=-2**70, max_value=2**70).map(str))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, database_url: str | None):  # type: ignore[no-untyped-def]
    """A teacher with a set of every question type, a quiz attempt and a study deck."""
    from tests.conftest import make_test_app

    app = make_test_app(tmp_path_factory.mktemp("fuzz"), database_url)
    client = app.test_client()
    AuthActions(client).signup("tess", role="teacher")
    client.post("/studio/new", data={"title": "Fuzz set", "description": "d"})
    added = client.post("/sets/tess~fuzz-set/questions/new", data={
        "type": "short", "prompt": "Capital of Korea?", "answer": "Seoul"})
    assert added.status_code == 302, added.get_data(as_text=True)
    with app.app_context():
        import_bank(db.session, make_bank("site-set", questions=0, question_values=(
            make_question("q1"),
            make_question("q2", type="short", answer="Seoul", choices=()),
            make_question("q3", type="tf", answer="true", choices=()),
        )))
        ref = "site-set"
    client.post(f"/sets/{ref}/quiz", data={"count": "3"})
    client.post(f"/study/sets/{ref}/add")
    with app.app_context():
        known = {
            "slug": ["tess~fuzz-set", "site-set"],
            "qid": list(db.session.scalars(select(Question.qid))),
            "int": [1, 2] + list(db.session.scalars(select(Attempt.id)))
            + list(db.session.scalars(select(StudyCard.id).limit(2))),
        }
    yield app, client, known
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _rules(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.rule, method, rule.endpoint))
    # Signing out last, so the other routes are fuzzed signed in.
    return sorted(found, key=lambda r: (r[2] == "auth.logout", r[0], r[1]))


def _field_names(client: FlaskClient, app: Flask, known: dict) -> list[str]:
    """Every form field and query name on every page the teacher can open."""
    names: set[str] = {"page", "next", "stay", "type"}
    for rule, method, _ in _rules(app):
        if method != "GET":
            continue
        url = PARAM.sub(lambda m: str(_known_value(m, known)), rule)
        names.update(NAME.findall(client.get(url).get_data(as_text=True)))
    names.discard("csrf_token")
    return sorted(names)


def _known_value(match: re.Match, known: dict) -> object:
    converter, args, name = match.groups()
    if converter == "any":
        return args.split(",")[0].strip(" '\"")
    if converter == "int":
        return known["int"][0]
    return known.get(name, known["slug"])[0]


def _url_value(converter: str | None, args: str | None, name: str, known: dict):  # type: ignore[no-untyped-def]
    if converter == "any":
        choices = [c.strip(" '\"") for c in args.split(",")]
        return st.one_of(st.sampled_from(choices), values)
    if converter == "int":
        return st.one_of(st.sampled_from(known["int"]),
                         st.integers(min_value=0, max_value=2**80), values)
    return st.one_of(st.sampled_from(known.get(name, known["slug"])), values)


KILLERS = ["9" * 401, "9223372036854775808", "2147483648", "-2147483649", "1e309", "nan",
           "\x00", "x" * 5000, "", "-1"]


def test_no_route_answers_500_to_odd_input(world) -> None:  # type: ignore[no-untyped-def]
    app, client, known = world
    names = _field_names(client, app, known)
    assert {"title", "prompt", "answer", "page", "time_limit"} <= set(names), names
    for rule, method, _ in _rules(app):
        # Every field at once with each of the worst values (each field's validators run
        # whatever the others hold), then hypothesis's mixtures.
        url = PARAM.sub(lambda m: str(_known_value(m, known)), rule)
        for killer in KILLERS:
            form = dict.fromkeys(names, killer) if method == "POST" else None
            response = client.open(url + "?" + urllib.parse.urlencode(
                dict.fromkeys(("page", "next", "stay", "type"), killer)),
                method=method, data=form)
            assert response.status_code < 500, (method, url, killer[:20], response.status_code)
        _fuzz(client, rule, method, known, names)


def _fuzz(client: FlaskClient, rule: str, method: str, known: dict, names: list[str]) -> None:
    params = PARAM.findall(rule)
    slots = [m.group(0) for m in PARAM.finditer(rule)]

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(parts=st.tuples(*[_url_value(c, a, n, known) for c, a, n in params]),
           query=st.dictionaries(st.sampled_from(names), values, max_size=3),
           form=st.dictionaries(st.sampled_from(names), values, max_size=12))
    def probe(parts: tuple, query: dict, form: dict) -> None:
        url = rule
        for slot, value in zip(slots, parts, strict=True):
            url = url.replace(slot, urllib.parse.quote(str(value), safe=""), 1)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        response = client.open(url, method=method, data=form if method == "POST" else None)
        assert response.status_code < 500, (method, url, form, response.status_code)

    probe()


def test_a_huge_host_header_is_not_a_500(client: FlaskClient) -> None:
    response = client.get("/", headers={"Host": "h" * 5000})
    assert response.status_code < 500


def test_a_401_digit_time_limit_is_refused_beside_the_field(client: FlaskClient,  # type: ignore[no-untyped-def]
                                                          auth: AuthActions, app) -> None:
    with app.app_context():
        import_bank(db.session)
    auth.signup("ada")
    response = client.post("/sets/sample/quiz", data={"count": "3", "time_limit": "9" * 401})
    assert response.status_code == 200
    assert "time limit" in response.get_data(as_text=True).lower()
