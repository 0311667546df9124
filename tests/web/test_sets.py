"""The home page lists the sets; each set has its own page, without answers."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quizapp.core import bank as core_bank
from quizapp.extensions import db
from tests.factories import import_bank, make_bank, make_question


def add(app: Flask, bank: core_bank.Bank) -> None:
    with app.app_context():
        import_bank(db.session, bank)


def test_empty_home_page_says_what_to_do(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "No question sets yet" in html and "quizapp import" in html


def test_home_lists_sets_with_size_and_source(app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("hand", title="Hand-made set", questions=3))
    add(app, make_bank("article", title="Article set", questions=2,
                       source=core_bank.BankSource(title="Summits", file="sources/a.txt")))
    html = client.get("/").get_data(as_text=True)
    assert "Hand-made set" in html and "3 questions" in html and "Hand-written" in html
    assert "Article set" in html and "2 questions" in html and "From article: Summits" in html
    assert html.index("Article set") < html.index("Hand-made set")  # alphabetical
    assert 'href="/sets/hand"' in html


def test_set_page_shows_questions_but_never_answers(app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("geo", title="Geography", question_values=(
        make_question("q1", prompt="Where did they first meet?", answer="Singapore",
                      choices=("Singapore", "Hanoi", "Seoul")),
        core_bank.Question(id="q2", type="short", prompt="Who hosted?", answer="Lee Hsien Loong",
                           explanation="The prime minister of Singapore."),
    )))
    response = client.get("/sets/geo")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Where did they first meet?" in html and "Who hosted?" in html
    assert "Multiple choice" in html and "Short answer" in html
    assert "Lee Hsien Loong" not in html and "prime minister" not in html


def test_unknown_set_is_404(client: FlaskClient) -> None:
    assert client.get("/sets/does-not-exist").status_code == 404


def test_long_sets_are_paginated(app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("big", questions=30))
    first = client.get("/sets/big").get_data(as_text=True)
    second = client.get("/sets/big?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Question q25?" in first and "Question q26?" not in first
    assert "Question q26?" in second and "Question q30?" in second
    assert client.get("/sets/big?page=abc").status_code == 200


def test_claims_link_only_for_whoever_may_open_it(app: Flask, client: FlaskClient) -> None:
    """The "I was right" claims link shows where the page would open, not for every teacher."""
    from quizapp.services import accounts
    from tests.conftest import AuthActions

    add(app, make_bank("shipped", questions=1))
    auth = AuthActions(client)
    auth.signup("teach", role="teacher")
    assert "claims" not in client.get("/sets/shipped").get_data(as_text=True)
    with app.app_context():
        accounts.set_role(db.session, "teach", "admin")
    assert "claims" in client.get("/sets/shipped").get_data(as_text=True)
    assert client.get("/sets/shipped/overrides").status_code == 200
