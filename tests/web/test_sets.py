"""The home page lists the sets; each set has its own page, without answers."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quizapp.core import bank as core_bank
from quizapp.extensions import db
from tests.conftest import AuthActions
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


def test_set_page_shows_what_it_covers_and_the_cards_only_once_tried(
        app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("geo", title="Geography", question_values=(
        make_question("q1", prompt="Where did they first meet?", answer="Singapore",
                      choices=("Singapore", "Hanoi", "Seoul"), tags=("summits",)),
        core_bank.Question(id="q2", type="short", prompt="Who hosted?", answer="Lee Hsien Loong",
                           explanation="The prime minister of Singapore.", tags=("summits",)),
    )))
    response = client.get("/sets/geo")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What this set covers" in html and "summits <strong>2</strong>" in html
    assert "Multiple choice" in html and "Short answer" in html
    # prompts give each other away: hidden until the learner has tried the set
    assert "Where did they first meet?" not in html and "Who hosted?" not in html
    assert "Lee Hsien Loong" not in html
    AuthActions(client).signup("ada")
    client.post("/study/sets/geo/add")
    cards = client.get("/sets/geo").get_data(as_text=True)
    assert "Where did they first meet?" in cards and "Lee Hsien Loong" in cards


def test_unknown_set_is_404(client: FlaskClient) -> None:
    assert client.get("/sets/does-not-exist").status_code == 404


def test_long_sets_are_paginated(app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("big", questions=30))
    AuthActions(client).signup("ada")
    client.post("/study/sets/big/add")
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


def test_the_article_view_marks_each_questions_sentence(app: Flask, client: FlaskClient,
                                                         runner) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    result = runner.invoke(args=["import", str(ROOT / "questions" / "trump-kim-interviews.yaml")])
    assert result.exit_code == 0, result.output
    page = client.get("/sets/trump-kim-interviews").get_data(as_text=True)
    assert "Read the article" in page
    article = client.get("/sets/trump-kim-interviews/article")
    html = article.get_data(as_text=True)
    assert article.status_code == 200
    with app.app_context():
        from sqlalchemy import select

        from quizapp.models import Question

        rows = db.session.scalars(select(Question)).all()
    import html as html_lib
    import re

    marked = html_lib.unescape("".join(re.findall(r"<mark>(.*?)</mark>", html, re.S)))
    assert rows and all(q.source_text in marked for q in rows if q.source_text)
    assert client.get("/sets/geo-none/article").status_code == 404


def test_sets_without_an_article_have_no_article_page(app: Flask, client: FlaskClient) -> None:
    add(app, make_bank("hand", questions=2))
    assert client.get("/sets/hand/article").status_code == 404
    assert "Read the article" not in client.get("/sets/hand").get_data(as_text=True)


def test_the_study_button_says_when_the_set_is_in_the_deck(app: Flask, client: FlaskClient
                                                           ) -> None:
    add(app, make_bank("geo", questions=2))
    AuthActions(client).signup("ada")
    assert "Study this set" in client.get("/sets/geo").get_data(as_text=True)
    client.post("/study/sets/geo/add")
    page = client.get("/sets/geo").get_data(as_text=True)
    assert "In your deck" in page and "Study this set" not in page


def test_a_set_can_be_removed_from_the_deck_and_added_back(app, client) -> None:  # type: ignore[no-untyped-def]
    add(app, make_bank("geo", title="Geography", questions=2))
    AuthActions(client).signup("ada")
    client.post("/study/sets/geo/add")
    done = client.get("/study/").get_data(as_text=True)
    assert "Sets in your deck" not in done  # cards are due: the prompt shows, not the list
    page = client.get("/sets/geo").get_data(as_text=True)
    assert "Remove from deck" in page
    removed = client.post("/study/sets/geo/remove", data={"next": "/sets/geo"},
                          follow_redirects=True)
    html = removed.get_data(as_text=True)
    assert removed.request.path == "/sets/geo"
    assert "Removed “Geography” from your study deck. Its 2 cards keep their progress" in html
    assert "Study this set" in html and "Remove from deck" not in html
    assert "Your study deck is empty" in client.get("/study/").get_data(as_text=True)
    assert client.post("/study/sets/geo/remove").status_code == 404
    back = client.post("/study/sets/geo/add", follow_redirects=True).get_data(as_text=True)
    assert "“Geography” is back in your study deck: your cards kept their progress." in back


def test_the_caught_up_study_page_lists_the_sets_in_the_deck(app, client) -> None:  # type: ignore[no-untyped-def]
    add(app, make_bank("geo", title="Geography", questions=2))
    AuthActions(client).signup("ada")
    client.post("/study/sets/geo/add")
    client.post("/study/settings", data={"desired_retention": "90", "new_per_day": "0",
                                         "max_reviews_per_day": "100", "day_start_hour": "4"})
    html = client.get("/study/").get_data(as_text=True)
    assert "All caught up" in html and "Sets in your deck" in html
    assert 'aria-label="Remove Geography from your deck"' in html
    assert 'action="/study/sets/geo/remove"' in html
