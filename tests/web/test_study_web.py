"""Study pages through the test client: the session flow, answer keys, access, CSRF, CLI."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.cli.srs import optimize_users_command, srs
from quizapp.core import bank as core_bank
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.jobs import tasks
from quizapp.models import Job
from quizapp.models.study import StudyCard, StudyReview, StudySettings
from quizapp.services.study import decks
from tests.factories import import_bank, make_bank, make_question, make_user
from tests.factories_study import review, sibling_bank


@pytest.fixture
def study_app(app_factory) -> Flask:
    """The app with the after-session optimiser off (no background threads in tests)."""
    return app_factory(STUDY_OPTIMIZE_AFTER_SESSION="off")


@pytest.fixture
def study_client(study_app: Flask) -> FlaskClient:
    """A signed-in learner ("ada") whose deck holds the study set."""
    with study_app.app_context():
        import_bank(db.session, sibling_bank(questions=3))
        import_bank(db.session, make_bank("choices", title="Choices", question_values=(
            make_question("m1", prompt="Where did they meet?", answer="Singapore"),
            core_bank.Question(id="t1", type="true_false", prompt="The Sun is a star.",
                               answer=True))))
    client = study_app.test_client()
    client.post("/account/signup", data={"username": "ada", "display_name": "Ada",
                                         "password": "correct horse battery",
                                         "confirm": "correct horse battery", "role": "learner"})
    return client


def token_of(html: str) -> tuple[int, str]:
    """The card id and signed submission token on a prompt page."""
    card = int(re.search(r"/study/cards/(\d+)/answer", html).group(1))
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    return card, token


def test_set_page_offers_study_and_adds_the_set(study_client: FlaskClient) -> None:
    page = study_client.get("/sets/study-set").get_data(as_text=True)
    assert "Study this set" in page
    empty = study_client.get("/study/").get_data(as_text=True)
    assert "Your study deck is empty" in empty
    done = study_client.post("/study/sets/study-set/add", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Added 3 questions" in html and "Capital of Australia?" in html
    again = study_client.post("/study/sets/study-set/add", follow_redirects=True)
    assert "already in your study deck" in again.get_data(as_text=True)
    assert study_client.post("/study/sets/nope/add").status_code == 404


def test_study_a_card_prompt_then_answer_then_rating(study_app: Flask,
                                                    study_client: FlaskClient) -> None:
    study_client.post("/study/sets/study-set/add")
    prompt = study_client.get("/study/").get_data(as_text=True)
    assert "Capital of Australia?" in prompt
    assert "Canberra" not in prompt  # the answer key is not on the page before answering
    assert "Show answer" in prompt and "3 to go" in prompt
    card, token = token_of(prompt)
    answer = study_client.post(f"/study/cards/{card}/answer",
                               data={"token": token, "answer": "canbera", "action": "check"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Right" in html and "Canberra" in html
    assert "Canberra is the capital of Australia." in html  # the source sentence
    assert re.search(r"Again · 1 min", html) and re.search(r"Easy · \d+ days", html)
    rated = study_client.post(f"/study/cards/{card}/review", data={"token": token, "rating": "4"})
    assert rated.status_code == 302
    # The same form sent again (another tab, the back button) changes nothing, and says so.
    second = study_client.post(f"/study/cards/{card}/review",
                               data={"token": token, "rating": "1"}, follow_redirects=True)
    assert "already rated this card Easy" in second.get_data(as_text=True)
    with study_app.app_context():
        ratings = db.session.scalars(select(StudyReview.rating)).all()
        assert ratings == [4]
    nxt = study_client.get("/study/").get_data(as_text=True)
    assert "Canberra is the capital of ...?" in nxt and "2 to go" in nxt


def test_two_tabs_on_the_same_card_record_one_review(study_app: Flask,
                                                     study_client: FlaskClient) -> None:
    """Two tabs show the same card; rating it in both keeps the first rating only."""
    study_client.post("/study/sets/study-set/add")
    card, first_tab = token_of(study_client.get("/study/").get_data(as_text=True))
    second_card, second_tab = token_of(study_client.get("/study/").get_data(as_text=True))
    assert second_card == card
    study_client.post(f"/study/cards/{card}/review", data={"token": first_tab, "rating": "3"})
    study_client.post(f"/study/cards/{card}/review", data={"token": second_tab, "rating": "1"})
    with study_app.app_context():
        assert db.session.scalars(select(StudyReview.rating)).all() == [3]
    # The card's next showing is a new review with its own id.
    nxt_card, nxt = token_of(study_client.get("/study/").get_data(as_text=True))
    study_client.post(f"/study/cards/{nxt_card}/review", data={"token": nxt, "rating": "3"})
    with study_app.app_context():
        assert len(db.session.scalars(select(StudyReview.rating)).all()) == 2


def test_choice_questions_show_their_options(study_client: FlaskClient) -> None:
    study_client.post("/study/sets/choices/add")
    prompt = study_client.get("/study/").get_data(as_text=True)
    assert "Where did they meet?" in prompt and 'value="Hanoi"' in prompt
    card, token = token_of(prompt)
    html = study_client.post(f"/study/cards/{card}/answer",
                             data={"token": token, "choice": "Hanoi"}).get_data(as_text=True)
    assert "Not quite" in html and "Singapore" in html


def test_session_ends_with_a_summary(study_app: Flask, study_client: FlaskClient) -> None:
    study_client.post("/study/sets/choices/add")
    for rating in ("1", "4", "4"):
        html = study_client.get("/study/").get_data(as_text=True)
        if "Session complete" in html:
            break
        card, token = token_of(html)
        study_client.post(f"/study/cards/{card}/answer", data={"token": token, "action": "reveal"})
        study_client.post(f"/study/cards/{card}/review", data={"token": token, "rating": rating})
    with study_app.app_context():  # the card rated Again is due again in a minute
        db.session.execute(db.update(StudyCard).values(due=utcnow() + timedelta(days=3)))
        db.session.commit()
    html = study_client.get("/study/").get_data(as_text=True)
    assert "Session complete" in html and "All caught up" in html
    assert re.search(r"<dt>Reviewed today</dt><dd>3</dd>", html)
    assert re.search(r"<dt>Again</dt><dd>1</dd>", html)
    assert "Next review on" in html


def test_other_learners_cards_are_404_and_forged_tokens_400(study_app: Flask,
                                                             study_client: FlaskClient) -> None:
    study_client.post("/study/sets/study-set/add")
    card, token = token_of(study_client.get("/study/").get_data(as_text=True))
    other = study_app.test_client()
    other.post("/account/signup", data={"username": "eve", "display_name": "Eve",
                                        "password": "correct horse battery",
                                        "confirm": "correct horse battery", "role": "learner"})
    other.post("/study/sets/study-set/add")
    _, eve_token = token_of(other.get("/study/").get_data(as_text=True))
    # Ada's token is not Eve's; Eve's token names Eve's card, not Ada's.
    assert other.post(f"/study/cards/{card}/answer", data={"token": token}).status_code == 400
    assert other.post(f"/study/cards/{card}/review",
                      data={"token": eve_token, "rating": "3"}).status_code == 400
    assert study_client.post(f"/study/cards/{card}/review",
                             data={"token": token + "x", "rating": "3"}).status_code == 400
    with study_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StudyReview)) == 0


def test_study_pages_need_sign_in(study_app: Flask) -> None:
    response = study_app.test_client().get("/study/")
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_settings_form_validates_and_saves(study_app: Flask, study_client: FlaskClient) -> None:
    form = study_client.get("/study/settings").get_data(as_text=True)
    assert 'value="90"' in form and "Desired retention" in form
    bad = study_client.post("/study/settings", data={
        "desired_retention": "99", "new_per_day": "-1", "max_reviews_per_day": "100",
        "day_start_hour": "25"}).get_data(as_text=True)
    assert "Choose between 70 and 97 percent." in bad
    assert "Choose between 0 and 500." in bad and "Choose an hour from 0 to 23." in bad
    ok = study_client.post("/study/settings", data={
        "desired_retention": "85", "new_per_day": "7", "max_reviews_per_day": "150",
        "day_start_hour": "5"}, follow_redirects=True)
    assert "Study settings saved." in ok.get_data(as_text=True)
    with study_app.app_context():
        row = db.session.scalar(select(StudySettings))
        assert (row.desired_retention, row.new_per_day, row.max_reviews_per_day,
                row.day_start_hour) == (0.85, 7, 150, 5)


def test_stats_page_shows_streak_charts_retention_and_memory(
        study_app: Flask, study_client: FlaskClient) -> None:
    empty = study_client.get("/study/stats").get_data(as_text=True)
    assert "No statistics yet" in empty
    study_client.post("/study/sets/study-set/add")
    with study_app.app_context():
        cards = db.session.scalars(select(StudyCard.id).order_by(StudyCard.id)).all()
        now = utcnow()
        for card_id in cards[:2]:
            review(db.session, 1, card_id, 4, now - timedelta(days=12))
            review(db.session, 1, card_id, 3, now - timedelta(days=1))
    html = study_client.get("/study/stats").get_data(as_text=True)
    assert "day streak" in html and re.search(r'stat-value">1<', html)
    assert "Reviews per day" in html and "Reviews due per day, next 30 days" in html
    assert "True retention per set" in html and "100%" in html
    assert "Capital of Australia?" in html and "<meter" in html
    assert "<script" not in html.split("</head>")[1]  # no inline script in the body


def test_csrf_protects_study_forms(csrf_app: Flask) -> None:
    with csrf_app.app_context():
        import_bank(db.session, sibling_bank(questions=2))
    client = csrf_app.test_client()
    page = client.get("/account/signup").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/account/signup", data={"csrf_token": csrf, "username": "ada",
                                         "display_name": "Ada",
                                         "password": "correct horse battery",
                                         "confirm": "correct horse battery", "role": "learner"})
    assert client.post("/study/sets/study-set/add").status_code == 400
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StudyCard)) == 0
    set_page = client.get("/sets/study-set").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', set_page).group(1)
    assert client.post("/study/sets/study-set/add", data={"csrf_token": csrf}).status_code == 302
    prompt = client.get("/study/").get_data(as_text=True)
    card, token = token_of(prompt)
    assert client.post(f"/study/cards/{card}/review",
                       data={"token": token, "rating": "3"}).status_code == 400
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StudyReview)) == 0


def test_optimize_users_command(study_app: Flask) -> None:
    study_app.cli.add_command(srs)
    srs.add_command(optimize_users_command)
    runner = study_app.test_cli_runner()
    result = runner.invoke(args=["srs", "optimize-users"])
    assert result.exit_code == 0 and "No learner is due" in result.output
    with study_app.app_context():
        import_bank(db.session, make_bank("big", questions=12))
        user = make_user(db.session, "ada")
        decks.add_set(db.session, user.id, "big", now=utcnow() - timedelta(days=60))
        cards = db.session.scalars(select(StudyCard.id).order_by(StudyCard.id)).all()
        start = utcnow() - timedelta(days=60)
        for day in range(0, 60, 3):
            for i, card_id in enumerate(cards):
                rating = 1 if (day + i) % 5 == 0 else 3
                review(db.session, user.id, card_id, rating,
                       start + timedelta(days=day, minutes=i))
        user_id = user.id
    result = runner.invoke(args=["srs", "optimize-users"])
    assert result.exit_code == 0, result.output
    assert f"user {user_id}:" in result.output and "cross-day reviews" in result.output
    with study_app.app_context():
        row = db.session.scalar(select(StudySettings).where(StudySettings.user_id == user_id))
        assert row.fitted_at_reviews and row.fit_log["holdout_items"] > 0
        assert (row.parameters is not None) == row.fit_log["adopted"]
    again = runner.invoke(args=["srs", "optimize-users"])
    assert "No learner is due" in again.output  # fitted: not due until the history grows
    unknown = runner.invoke(args=["srs", "optimize-users", "--user", "nobody"])
    assert unknown.exit_code != 0 and "No user named nobody" in unknown.output


def test_personal_parameters_are_fitted_after_a_session(app_factory) -> None:
    app = app_factory(STUDY_OPTIMIZE_AFTER_SESSION="queue")
    with app.app_context():
        import_bank(db.session, make_bank("big", questions=12))
    client = app.test_client()
    client.post("/account/signup", data={"username": "ada", "display_name": "Ada",
                                         "password": "correct horse battery",
                                         "confirm": "correct horse battery", "role": "learner"})
    client.post("/study/sets/big/add")
    with app.app_context():
        cards = db.session.scalars(select(StudyCard.id).order_by(StudyCard.id)).all()
        start = utcnow() - timedelta(days=60)
        for day in range(0, 57, 3):
            for i, card_id in enumerate(cards):
                review(db.session, 1, card_id, 1 if (day + i) % 5 == 0 else 3,
                       start + timedelta(days=day, minutes=i))
        db.session.execute(db.update(StudyCard).values(due=utcnow() + timedelta(days=5)))
        db.session.execute(db.update(StudyCard).where(StudyCard.id == cards[0])
                           .values(due=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert db.session.scalar(select(StudySettings.fitted_at_reviews)) is None
    card, token = token_of(client.get("/study/").get_data(as_text=True))
    assert card == cards[0]
    client.post(f"/study/cards/{card}/review", data={"token": token, "rating": "3"})
    with app.app_context():  # queued, not run in the request
        assert db.session.scalar(select(StudySettings.fitted_at_reviews)) is None
        job = db.session.scalar(select(Job))
        assert job.kind == "fit_parameters" and job.state == "queued"
    assert tasks.drain() >= 1  # what the worker does
    with app.app_context():
        row = db.session.scalar(select(StudySettings))
        assert row is not None and row.fitted_at_reviews and row.fit_log["holdout_items"] > 0
        job = db.session.get(Job, job.id)
        assert job.state == "done" and job.result["reviews"] > 0
