"""Quiz pages through the test client: start, answer once, feedback, result, access, CSRF."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Bank, User
from quizapp.services.quiz import attempts
from tests.conftest import AuthActions
from tests.factories_quiz import all_types_bank, load

HIDDEN = re.compile(r'name="submission_id" type="hidden" value="([0-9a-f]+)"|'
                    r'name="submission_id" value="([0-9a-f]+)"')
OPTION = re.compile(r'name="answer" value="(\w+)"[^>]*>\s*<span class="option-text">([^<]*)<')


@pytest.fixture
def quiz_app(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load(db.session)
    return app


def _user_id(app, username: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def _start(client: FlaskClient, mode: str = "practice", count: int = 6,
           limit: str = "") -> str:
    response = client.post("/sets/mixed/quiz", data={"mode": mode, "count": count,
                                                     "time_limit": limit})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _form(html: str) -> tuple[str, dict[str, str]]:
    match = HIDDEN.search(html)
    assert match, "no submission id on the page"
    return match.group(1) or match.group(2), {text: value for value, text in OPTION.findall(html)}


def _question(app, attempt_id: int, number: int):  # type: ignore[no-untyped-def]
    from quizapp.models import Question

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return db.session.get(Question, attempt.question_ids[number - 1])


def _right(question, options: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    if question.type == "mcq":
        return [options[question.answer]]
    if question.type == "multi":
        return [options[c] for c in question.answer]
    if question.type == "true_false":
        return ["true" if question.answer else "false"]
    return [str(question.answer)]


def _attempt_id(location: str) -> int:
    return int(re.search(r"/quiz/(\d+)/", location).group(1))


def test_anonymous_is_sent_to_sign_in(client: FlaskClient, quiz_app) -> None:
    response = client.get("/sets/mixed/quiz")
    assert response.status_code == 302
    assert "/account/signin?next=%2Fsets%2Fmixed%2Fquiz" in response.headers["Location"]


def test_start_form_defaults_and_bounds(client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    auth.signup("ada")
    html = client.get("/sets/mixed/quiz").get_data(as_text=True)
    assert 'value="6"' in html and 'max="6"' in html and "Practice" in html and "Exam" in html
    response = client.post("/sets/mixed/quiz", data={"mode": "exam", "count": 99})
    assert response.status_code == 200
    assert "Choose between 1 and 6 questions." in response.get_data(as_text=True)
    assert client.get("/sets/nope/quiz").status_code == 404


def test_practice_question_then_feedback(client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    auth.signup("ada")
    location = _start(client)
    attempt_id = _attempt_id(location)
    for number in range(1, 7):
        question = _question(quiz_app, attempt_id, number)
        page = client.get(f"/quiz/{attempt_id}/q/{number}")
        html = page.get_data(as_text=True)
        assert f"Question {number} of 6" in html
        if question.explanation:
            assert question.explanation not in html  # nothing given away before answering
        if question.type in ("short", "cloze"):
            assert str(question.answer) not in html
        sub, options = _form(html)
        wrong = question.type == "mcq"
        values = [options["Hanoi"]] if wrong else _right(question, options)
        response = client.post(f"/quiz/{attempt_id}/q/{number}",
                               data={"submission_id": sub, "answer": values},
                               follow_redirects=True)
        text = response.get_data(as_text=True)
        if wrong:
            assert "Not quite" in text and "Singapore" in text and "It is a city-state." in text
            assert "From the article:" in text and "Singapore is a city-state." in text
        else:
            assert "Correct!" in text
    result = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    assert "83.3" in result and "5 of 6 right" in result


def test_double_submit_records_once(client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client))
    sub, options = _form(client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    question = _question(quiz_app, attempt_id, 1)
    data = {"submission_id": sub, "answer": _right(question, options)}
    client.post(f"/quiz/{attempt_id}/q/1", data=data)
    second = client.post(f"/quiz/{attempt_id}/q/1", data={**data, "answer": ["zzz"]},
                         follow_redirects=True)
    assert "already recorded" in second.get_data(as_text=True)
    assert "Correct!" in second.get_data(as_text=True)
    with quiz_app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 1


def test_concurrent_copies_record_exactly_one_answer(quiz_app, auth: AuthActions,
                                                     client: FlaskClient) -> None:
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client))
    sub, options = _form(client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    data = {"submission_id": sub, "answer": _right(_question(quiz_app, attempt_id, 1), options)}
    clients = []
    for _ in range(4):
        other = quiz_app.test_client()
        AuthActions(other).login("ada")
        clients.append(other)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(c: FlaskClient) -> None:
        barrier.wait()
        statuses.append(c.post(f"/quiz/{attempt_id}/q/1", data=data).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert statuses == [302] * 4
    with quiz_app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 1
        assert db.session.get(Attempt, attempt_id).answered_count == 1


def test_exam_hides_feedback_until_the_end(client: FlaskClient, auth: AuthActions,
                                          quiz_app) -> None:
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client, mode="exam", count=2))
    sub, options = _form(client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    value = next(iter(options.values()), "x")  # some valid input, right or wrong
    response = client.post(f"/quiz/{attempt_id}/q/1", data={"submission_id": sub, "answer": value})
    assert response.headers["Location"].endswith(f"/quiz/{attempt_id}/q/2")
    back = client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True)  # any order
    assert "Your answer is saved" in back and "Right" not in back and "Wrong" not in back
    early = client.get(f"/quiz/{attempt_id}/result")
    assert early.status_code == 302
    question = client.get(f"/quiz/{attempt_id}/q/2").get_data(as_text=True)
    assert f'href="/quiz/{attempt_id}/finish"' in question  # a link to the review, no POST
    review = client.get(f"/quiz/{attempt_id}/finish").get_data(as_text=True)
    assert "Hand in now?" in review and "answered <strong>1 of 2</strong>" in review
    assert "1 question still unanswered will score 0:" in review
    assert f'href="/quiz/{attempt_id}/q/2">Question 2</a>' in review
    assert client.get(f"/quiz/{attempt_id}/result").status_code == 302  # still running
    client.post(f"/quiz/{attempt_id}/finish")
    html = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    assert "Handed in early" in html and "Not answered" in html
    assert client.get(f"/quiz/{attempt_id}/finish").status_code == 302  # over: the result


def test_late_answer_is_refused_with_a_message(client: FlaskClient, auth: AuthActions,
                                               quiz_app) -> None:
    auth.signup("ada")
    user_id = _user_id(quiz_app, "ada")
    with quiz_app.app_context():
        attempt_id = attempts.start_attempt(
            db.session, user_id=user_id, slug="mixed", mode="exam", count=3,
            time_limit_seconds=60, now=utcnow() - timedelta(minutes=5))
        sub = attempts.submission_id("test-secret-key", attempt_id, 0)
    response = client.post(f"/quiz/{attempt_id}/q/1", data={"submission_id": sub, "answer": "x"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Time is up" in html and "Score 0 percent" in html
    with quiz_app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_another_learners_attempt_answers_404(quiz_app) -> None:
    alice, eve = quiz_app.test_client(), quiz_app.test_client()
    AuthActions(alice).signup("alice")
    AuthActions(eve).signup("eve")
    attempt_id = _attempt_id(_start(alice, count=1))
    sub, options = _form(alice.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    assert eve.get(f"/quiz/{attempt_id}/q/1").status_code == 404
    value = next(iter(options.values()), "x")
    assert eve.post(f"/quiz/{attempt_id}/q/1",
                    data={"submission_id": sub, "answer": value}).status_code == 404
    alice.post(f"/quiz/{attempt_id}/q/1", data={"submission_id": sub, "answer": value})
    assert alice.get(f"/quiz/{attempt_id}/result").status_code == 200
    assert eve.get(f"/quiz/{attempt_id}/result").status_code == 404
    assert eve.get(f"/quiz/{attempt_id}").status_code == 404
    assert eve.post(f"/quiz/{attempt_id}/finish").status_code == 404
    assert eve.post(f"/quiz/{attempt_id}/q/1/override").status_code == 404
    assert "No attempts yet" in eve.get("/quiz/attempts").get_data(as_text=True)


def _answer_all_wrong_short(client: FlaskClient, app, count: int = 6) -> int:  # type: ignore[no-untyped-def]
    attempt_id = _attempt_id(_start(client, count=count))
    for number in range(1, count + 1):
        sub, options = _form(client.get(f"/quiz/{attempt_id}/q/{number}").get_data(as_text=True))
        question = _question(app, attempt_id, number)
        values = ["Earth's moon"] if question.qid == "short1" else _right(question, options)
        client.post(f"/quiz/{attempt_id}/q/{number}", data={"submission_id": sub, "answer": values})
    return attempt_id


def test_i_was_right_counts_and_the_admin_sees_it(quiz_app, auth: AuthActions,
                                                  client: FlaskClient) -> None:
    auth.signup("ada")
    attempt_id = _answer_all_wrong_short(client, quiz_app)
    number = next(n for n in range(1, 7) if _question(quiz_app, attempt_id, n).qid == "short1")
    assert "83.3" in client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    response = client.post(f"/quiz/{attempt_id}/q/{number}/override",
                           data={"next": f"/quiz/{attempt_id}/result"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Claim sent" in html and "waiting for your teacher" in html
    assert "83.3" in html  # nothing changes until the owner accepts
    assert client.get("/sets/mixed/overrides").status_code == 404  # a learner, not the owner

    teacher, admin = quiz_app.test_client(), quiz_app.test_client()
    AuthActions(teacher).signup("tess", role="teacher")
    assert teacher.get("/sets/mixed/overrides").status_code == 404
    from tests.factories import make_user

    with quiz_app.app_context():
        make_user(db.session, "root", role="admin")
    AuthActions(admin).login("root")
    page = admin.get("/sets/mixed/overrides").get_data(as_text=True)
    assert "Earth&#39;s moon" in page and "Ada" in page and "1 waiting" in page
    answer_id = int(re.search(r"/sets/mixed/claims/(\d+)/accept-add", page).group(1))
    assert client.post(f"/sets/mixed/claims/{answer_id}/accept").status_code == 404
    done = admin.post(f"/sets/mixed/claims/{answer_id}/accept-add", follow_redirects=True)
    assert "the wording is now an accepted answer" in done.get_data(as_text=True)
    result = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    assert "Score 100 percent" in result and "Claim accepted" in result


def test_owner_sees_overrides_on_their_set(quiz_app, auth: AuthActions,
                                           client: FlaskClient) -> None:
    owner = quiz_app.test_client()
    AuthActions(owner).signup("tess", role="teacher")
    with quiz_app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "mixed"))
        bank.owner_id = _user_id(quiz_app, "tess")
        db.session.commit()
    assert "No claims yet" in owner.get("/sets/mixed/overrides").get_data(as_text=True)


def test_progress_page_shows_scores_chart_and_missed(quiz_app, auth: AuthActions,
                                                     client: FlaskClient) -> None:
    auth.signup("ada")
    assert "No attempts yet" in client.get("/progress").get_data(as_text=True)
    _answer_all_wrong_short(client, quiz_app)
    html = client.get("/progress").get_data(as_text=True)
    assert "Mixed set" in html and "83.3%" in html
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Scores over time for 1 set." in html
    assert "Earth&#39;s satellite?" in html  # the question missed
    history = client.get("/quiz/attempts").get_data(as_text=True)
    assert "Review" in history and "83.3%" in history


def test_answer_without_csrf_token_is_refused(csrf_app) -> None:
    with csrf_app.app_context():
        load(db.session, all_types_bank())
    client = csrf_app.test_client()
    signup = client.get("/account/signup").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', signup).group(1)
    client.post("/account/signup", data={
        "csrf_token": token, "username": "ada", "display_name": "Ada",
        "password": "correct horse battery", "confirm": "correct horse battery",
        "role": "learner"})
    start_page = client.get("/sets/mixed/quiz").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start_page).group(1)
    location = client.post("/sets/mixed/quiz", data={
        "csrf_token": token, "mode": "practice", "count": 2}).headers["Location"]
    attempt_id = _attempt_id(location)
    sub, _ = _form(client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    response = client.post(f"/quiz/{attempt_id}/q/1", data={"submission_id": sub, "answer": "x"})
    assert response.status_code == 400
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_opening_a_question_after_time_is_up_lands_on_the_result(
        client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    auth.signup("ada")
    with quiz_app.app_context():
        attempt_id = attempts.start_attempt(
            db.session, user_id=_user_id(quiz_app, "ada"), slug="mixed", mode="practice",
            count=2, time_limit_seconds=60, now=utcnow() - timedelta(seconds=61))
    response = client.get(f"/quiz/{attempt_id}/q/1", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == f"/quiz/{attempt_id}/result"
    assert "Time is up." in html and "Not answered" in html
    with quiz_app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at is None  # a GET writes nothing


def test_countdown_submission_lands_on_the_result(client: FlaskClient, auth: AuthActions,
                                                  quiz_app) -> None:
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client, mode="exam", count=3, limit="1"))
    html = client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True)
    assert 'role="timer"' in html and "Time left:" in html
    sub, _ = _form(html)
    response = client.post(f"/quiz/{attempt_id}/q/1",
                           data={"submission_id": sub, "answer": "", "time_up": "1"},
                           follow_redirects=True)
    assert response.request.path == f"/quiz/{attempt_id}/result"
    assert "Time is up." in response.get_data(as_text=True)


def test_history_is_paginated_and_offers_to_continue(app_factory) -> None:
    app = app_factory(ATTEMPTS_PER_PAGE=2)
    with app.app_context():
        load(db.session)
    client = app.test_client()
    AuthActions(client).signup("ada")
    first = _attempt_id(_start(client, count=1))
    for _ in range(2):
        _start(client, count=1)
    page1 = client.get("/quiz/attempts").get_data(as_text=True)
    assert "Page 1 of 2" in page1 and page1.count("Continue") == 2
    page2 = client.get("/quiz/attempts?page=2").get_data(as_text=True)
    assert f'href="/quiz/{first}"' in page2
    resumed = client.get(f"/quiz/{first}")
    assert resumed.status_code == 302 and resumed.headers["Location"].endswith(f"/quiz/{first}/q/1")


def test_a_submission_id_with_odd_characters_is_refused_not_a_500(
        client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    """Found by the route fuzzer: hmac.compare_digest raised TypeError on a non-ASCII str."""
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client, mode="exam", count=2))
    for odd in ("\x80", "é" * 64, "日本"):
        response = client.post(f"/quiz/{attempt_id}/q/1",
                               data={"submission_id": odd, "answer": "x"})
        assert response.status_code in (302, 400), (odd, response.status_code)


def test_exam_navigator_flags_and_review(client: FlaskClient, auth: AuthActions,
                                         quiz_app) -> None:
    """Skip a question with a flag, answer another, change it, come back from the review."""
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client, mode="exam", count=3))
    html = client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True)
    assert 'aria-label="Questions"' in html and 'aria-current="step"' in html
    assert "Skip for now" in html and 'name="flag"' in html
    sub, _ = _form(html)
    skipped = client.post(f"/quiz/{attempt_id}/q/1", data={
        "submission_id": sub, "flag_shown": "1", "flag": "1", "skip": "1"})
    assert skipped.headers["Location"].endswith(f"/quiz/{attempt_id}/q/2")
    for number in (2, 3):
        sub, options = _form(client.get(f"/quiz/{attempt_id}/q/{number}").get_data(as_text=True))
        value = next(iter(options.values()), "x")
        done = client.post(f"/quiz/{attempt_id}/q/{number}", data={
            "submission_id": sub, "answer": value, "flag_shown": "1"})
    assert done.headers["Location"].endswith(f"/quiz/{attempt_id}/q/1")  # back to the skip
    page = client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True)
    assert "Question 1: not answered, flagged" in page and "Question 3: answered" in page
    review = client.get(f"/quiz/{attempt_id}/finish").get_data(as_text=True)
    assert "You flagged 1 question" in review and "⚑ Question 1" in review
    assert "1 question still unanswered" in review
    changed = client.get(f"/quiz/{attempt_id}/q/3").get_data(as_text=True)
    assert "Your answer is saved" in changed and "Save changes" in changed
    sub, options = _form(changed)
    value = next(iter(options.values()), "y")
    again = client.post(f"/quiz/{attempt_id}/q/3", data={"submission_id": sub, "answer": value,
                                                          "flag_shown": "1"})
    assert again.headers["Location"].endswith(f"/quiz/{attempt_id}/q/1")
    client.post(f"/quiz/{attempt_id}/finish")
    with quiz_app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finish_reason == "handed_in" and attempt.answered_count == 2
        assert attempt.flags == [0]


def test_exam_moves_where_the_learner_asks_and_keeps_every_change(
        client: FlaskClient, auth: AuthActions, quiz_app) -> None:
    """A navigator box (goto) saves on the way; Next goes in order; a repeat of the same
    save stays on the question and says which answer counts; all answered and handed in
    is complete, not "early"."""
    auth.signup("ada")
    attempt_id = _attempt_id(_start(client, mode="exam", count=3))
    sub, options = _form(client.get(f"/quiz/{attempt_id}/q/1").get_data(as_text=True))
    value = next(iter(options.values()), "x")
    went = client.post(f"/quiz/{attempt_id}/q/1", data={
        "submission_id": sub, "answer": value, "flag_shown": "1", "goto": "3"})
    assert went.headers["Location"].endswith(f"/quiz/{attempt_id}/q/3")
    again = client.post(f"/quiz/{attempt_id}/q/1", data={
        "submission_id": sub, "answer": value, "flag_shown": "1"}, follow_redirects=True)
    assert again.request.path == f"/quiz/{attempt_id}/q/1"
    assert "here is the answer that counts" in again.get_data(as_text=True)
    sub, _ = _form(again.get_data(as_text=True))
    nxt = client.post(f"/quiz/{attempt_id}/q/1", data={
        "submission_id": sub, "flag_shown": "1", "skip": "1"})
    assert nxt.headers["Location"].endswith(f"/quiz/{attempt_id}/q/2")  # in order
    for number in (2, 3):
        sub, options = _form(client.get(f"/quiz/{attempt_id}/q/{number}").get_data(as_text=True))
        client.post(f"/quiz/{attempt_id}/q/{number}", data={
            "submission_id": sub, "answer": next(iter(options.values()), "x"),
            "flag_shown": "1"})
    review = client.get(f"/quiz/{attempt_id}/finish").get_data(as_text=True)
    assert 'aria-label="Questions"' in review and "Look over my answers" in review
    client.post(f"/quiz/{attempt_id}/finish")
    result = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    assert "Handed in early" not in result
    with quiz_app.app_context():
        assert db.session.get(Attempt, attempt_id).finish_reason == "completed"
