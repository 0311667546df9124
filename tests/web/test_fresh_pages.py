"""Pages made faster stay right under writes (issue 15, point 3): whatever a page reads
lightly (plain rows, a deferred article, counts kept on the set) shows what was just
written, and one app process serving two learners in turn never shows one the other's
name, answers or score."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import banks
from tests.conftest import AuthActions
from tests.factories_quiz import all_types_bank, load

SUBMISSION = re.compile(r'name="submission_id"[^>]*value="([0-9a-f]+)"'
                        r'|value="([0-9a-f]+)"[^>]*name="submission_id"')


def _learner(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    response = AuthActions(client).signup(name)
    assert response.status_code == 200
    return client


def _exam(client: FlaskClient, count: int = 6) -> str:
    response = client.post("/sets/mixed/quiz", data={"mode": "exam", "count": count,
                                                     "time_limit": ""})
    assert response.status_code == 302
    return response.headers["Location"].split("/q/")[0]


def _save(client: FlaskClient, path: str, value: str) -> None:
    html = client.get(path).get_data(as_text=True)
    match = SUBMISSION.search(html)
    assert match, html
    response = client.post(path, data={"submission_id": match.group(1) or match.group(2),
                                       "answer": value})
    assert response.status_code == 302


def _typed_question(client: FlaskClient, attempt: str) -> str:
    """The path of the exam's question with a text box (short, cloze or numeric)."""
    for number in range(1, 7):
        html = client.get(f"{attempt}/q/{number}").get_data(as_text=True)
        if 'class="answer-input' in html or "answer-input" in html:
            return f"{attempt}/q/{number}"
    raise AssertionError("no typed question in the exam")


def test_two_learners_in_turn_see_only_their_own(app: Flask) -> None:
    with app.app_context():
        load(db.session)
    ada, bob = _learner(app, "ada"), _learner(app, "bob")
    ada_exam, bob_exam = _exam(ada), _exam(bob)
    ada_q, bob_q = _typed_question(ada, ada_exam), _typed_question(bob, bob_exam)
    for turn in range(3):
        _save(ada, ada_q, f"ada-answer-{turn}")
        bob_page = bob.get(bob_q).get_data(as_text=True)
        ada_page = ada.get(ada_q).get_data(as_text=True)
        assert f'value="ada-answer-{turn}"' in ada_page  # her latest, not an earlier one
        assert "ada-answer" not in bob_page and ">Ada" not in bob_page
        assert "Bob" in bob_page and "Bob" not in ada_page
        _save(bob, bob_q, f"bob-answer-{turn}")
        assert f'value="bob-answer-{turn}"' in bob.get(bob_q).get_data(as_text=True)
        assert "bob-answer" not in ada.get(ada_q).get_data(as_text=True)
    for client, other in ((ada, "Bob"), (bob, "Ada")):
        for path in ("/", "/sets/mixed", "/quiz/attempts", "/progress"):
            page = client.get(path)
            assert page.status_code == 200
            assert other not in page.get_data(as_text=True), path
            assert page.headers["Cache-Control"] == "no-store", path  # no shared cache keeps it


def test_counts_follow_each_answer_and_the_hand_in(app: Flask) -> None:
    with app.app_context():
        load(db.session)
    ada = _learner(app, "ada")
    attempt = _exam(ada)
    path = _typed_question(ada, attempt)
    assert "0 of 6 answered" in ada.get(path).get_data(as_text=True)
    _save(ada, path, "a first try")
    assert "1 of 6 answered" in ada.get(path).get_data(as_text=True)
    _save(ada, path, "a second try")  # a change is not a second answer
    page = ada.get(path).get_data(as_text=True)
    assert "1 of 6 answered" in page and 'value="a second try"' in page
    review = ada.get(f"{attempt}/finish").get_data(as_text=True)
    assert "1 of 6" in review
    response = ada.post(f"{attempt}/finish", follow_redirects=True)
    result = response.get_data(as_text=True)
    assert response.status_code == 200 and "0 of 6" in result  # a wrong typed answer: 0
    mine = ada.get("/quiz/attempts").get_data(as_text=True)
    assert 'data-label="Score">0%<' in mine and "Handed in" in mine


def test_set_pages_follow_imports_and_the_article(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        load(db.session)
    home = client.get("/").get_data(as_text=True)
    assert "6 questions" in home
    assert "Read the article" not in client.get("/sets/mixed").get_data(as_text=True)
    bank = all_types_bank()
    with app.app_context():
        banks.import_bank(db.session, dataclasses.replace(bank, questions=bank.questions[:5]),
                          now=utcnow(), article_text="Singapore is a city-state.")
    assert "5 questions" in client.get("/").get_data(as_text=True)
    page = client.get("/sets/mixed").get_data(as_text=True)
    assert "Read the article" in page and "5 questions" in page
    article = client.get("/sets/mixed/article")
    assert article.status_code == 200 and "Singapore is a city-state." in \
        article.get_data(as_text=True)


def _kinds(page: str) -> dict[str, int]:
    """The set page's 'Kinds of question' chips: label -> count."""
    chips = page.split('aria-label="Kinds of question"', 1)[1].split("</ul>", 1)[0]
    return {label.strip(): int(n) for label, n in
            re.findall(r'<li class="chip">([^<]+)<strong>(\d+)</strong>', chips)}


def test_a_sets_kept_counts_follow_its_questions_on_every_server(
        app_factory: Callable[..., Flask]) -> None:
    """The set page keeps its counts by type per (set, updated_at): a question added,
    retired or restored through one app server shows at once on another one."""
    one, two = app_factory(), app_factory()  # two servers, one database
    tess_one, tess_two = one.test_client(), two.test_client()
    AuthActions(tess_one).signup("tess", role="teacher")
    AuthActions(tess_two).login("tess")
    tess_one.post("/studio/new", data={"title": "Space"})
    mcq = {"type": "mcq", "prompt": "Which planet is largest?", "choices-0-text": "Jupiter",
           "choices-0-correct": "y", "choices-1-text": "Mars", "choices-2-text": "Venus"}
    tess_one.post("/sets/tess~space/questions/new", data=mcq)
    first = _kinds(tess_one.get("/sets/tess~space").get_data(as_text=True))
    assert sum(first.values()) == 1
    tess_two.post("/sets/tess~space/questions/new",
                  data=mcq | {"prompt": "Which planet is smallest?", "choices-0-text": "Mercury"})
    assert sum(_kinds(tess_one.get("/sets/tess~space").get_data(as_text=True)).values()) == 2
    tess_two.post("/sets/tess~space/questions/which-planet-is-largest/retire")
    assert sum(_kinds(tess_one.get("/sets/tess~space").get_data(as_text=True)).values()) == 1
    tess_two.post("/sets/tess~space/questions/which-planet-is-largest/restore")
    assert sum(_kinds(tess_one.get("/sets/tess~space").get_data(as_text=True)).values()) == 2


def test_signed_out_pages_kept_alike_follow_every_change(
        app_factory: Callable[..., Flask]) -> None:
    """The home page and a public set's page are rendered once per version for signed-out
    visitors: a set published, a question added or retired, a set made private, through
    another app server, shows at the next visit."""
    one, two = app_factory(), app_factory()
    visitor, tess = one.test_client(), two.test_client()
    AuthActions(tess).signup("tess", role="teacher")
    tess.post("/studio/new", data={"title": "Space"})
    mcq = {"type": "mcq", "prompt": "Which planet is largest?", "choices-0-text": "Jupiter",
           "choices-0-correct": "y", "choices-1-text": "Mars", "choices-2-text": "Venus"}
    tess.post("/sets/tess~space/questions/new", data=mcq)
    assert "Space" not in visitor.get("/").get_data(as_text=True)
    assert visitor.get("/sets/tess~space").status_code == 404
    tess.post("/sets/tess~space/visibility", data={"visibility": "public"})
    home = visitor.get("/").get_data(as_text=True)
    assert "Space" in home and "1 question<" in home
    assert "1 question<" in visitor.get("/sets/tess~space").get_data(as_text=True)
    tess.post("/sets/tess~space/questions/new",
              data=mcq | {"prompt": "Which planet is smallest?", "choices-0-text": "Mercury"})
    assert "2 questions" in visitor.get("/").get_data(as_text=True)
    assert "2 questions" in visitor.get("/sets/tess~space").get_data(as_text=True)
    tess.post("/sets/tess~space/questions/which-planet-is-largest/retire")
    assert "1 question<" in visitor.get("/sets/tess~space").get_data(as_text=True)
    tess.post("/sets/tess~space/visibility", data={"visibility": "private"})
    assert "Space" not in visitor.get("/").get_data(as_text=True)
    assert visitor.get("/sets/tess~space").status_code == 404


def test_a_visitors_waiting_message_is_theirs_alone(app: Flask) -> None:
    """A signed-out page with a message waiting is not the one others are shown."""
    with app.app_context():
        load(db.session)
    ada, bob = app.test_client(), app.test_client()
    bob.get("/")  # the page every visitor shares is made before ada's message
    assert ada.get("/study/").status_code == 302  # "Please sign in to see that page."
    assert "Please sign in" in ada.get("/").get_data(as_text=True)
    assert "Please sign in" not in bob.get("/").get_data(as_text=True)
    assert "Please sign in" not in ada.get("/").get_data(as_text=True)  # shown once
    assert "Please sign in" not in bob.get("/sets/mixed").get_data(as_text=True)
