"""quizapp on several boxes (`make test-scale`): two app servers and two workers on
PostgreSQL and Redis behind HAProxy. A learner's requests land on both servers and their
quiz, study session and sign-out hold across them; a generation job is run by one worker;
the sign-in throttle and idempotent answers hold across servers; and with one server and
one worker killed (-9) mid-load, no acknowledged answer is lost or doubled and the
balancer routes around the dead server."""
from __future__ import annotations

import re
import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest
import requests

from tests.scale.topology import Topology, hidden

pytestmark = pytest.mark.scale
PASSWORD = "correct horse battery"


class Person:
    """A browser's worth of state (the cookie jar) against one base URL."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.served: Counter[str] = Counter()
        self.username = ""

    def get(self, path: str, **kw: object) -> requests.Response:
        return self._count(self.http.get(self.base + path, timeout=20,
                                         allow_redirects=False, **kw))  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, object], **kw: object) -> requests.Response:
        return self._count(self.http.post(self.base + path, data=data, timeout=20,
                                          allow_redirects=False, **kw))  # type: ignore[arg-type]

    def form(self, path: str) -> dict[str, str]:
        """The hidden fields on a page (GET)."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return hidden(page.text)

    def _count(self, response: requests.Response) -> requests.Response:
        self.served[response.headers.get("X-Served-By", "direct")] += 1
        return response

    def sign_up(self, username: str, role: str = "learner") -> None:
        fields = self.form("/account/signup")
        done = self.post("/account/signup", fields | {
            "username": username, "display_name": username.title(), "password": PASSWORD,
            "confirm": PASSWORD, "role": role})
        assert done.status_code == 302, done.text[:500]
        self.username = username

    def sign_in(self, username: str, password: str = PASSWORD) -> requests.Response:
        fields = self.form("/account/signin")
        return self.post("/account/signin", fields | {"username": username,
                                                       "password": password})


def _name(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def _a_set(person: Person) -> str:
    home = person.get("/")
    return re.findall(r'href="/sets/([^"/?#]+)"', home.text)[0]


def _start_exam(person: Person, slug: str, count: int) -> int:
    fields = person.form(f"/sets/{slug}/quiz")
    started = person.post(f"/sets/{slug}/quiz", fields | {"mode": "exam", "count": count})
    assert started.status_code == 302, started.text[:300]
    return int(re.search(r"/quiz/(\d+)/", started.headers["Location"]).group(1))


def _answer_form(person: Person, attempt: int, number: int) -> dict[str, object]:
    page = person.get(f"/quiz/{attempt}/q/{number}")
    assert page.status_code == 200, (number, page.status_code)
    fields: dict[str, object] = dict(hidden(page.text))
    option = re.search(r'name="answer" value="([^"]*)"', page.text)
    fields["answer"] = option.group(1) if option else "42"
    return fields


def _rows(top: Topology, sql: str, *args: object) -> list[tuple]:
    url = top.database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchall()


def test_a_learner_quiz_and_study_span_both_servers(top: Topology) -> None:
    ada = Person(top.balancer)
    ada.sign_up(_name("ada"))
    slug = _a_set(ada)
    attempt = _start_exam(ada, slug, 6)
    for number in range(1, 7):
        saved = ada.post(f"/quiz/{attempt}/q/{number}", _answer_form(ada, attempt, number))
        assert saved.status_code == 302
    fields = ada.form(f"/quiz/{attempt}/finish")
    assert ada.post(f"/quiz/{attempt}/finish", fields).status_code == 302
    assert "Score" in ada.get(f"/quiz/{attempt}/result").text
    added = ada.post(f"/study/sets/{slug}/add", ada.form(f"/sets/{slug}"))
    assert added.status_code == 302
    for _ in range(3):  # three cards: reveal, rate Good
        page = ada.get("/study/")
        card = int(re.search(r"/study/cards/(\d+)/answer", page.text).group(1))
        shown = ada.post(f"/study/cards/{card}/answer", hidden(page.text) | {"action": "reveal"})
        assert shown.status_code == 200
        rated = ada.post(f"/study/cards/{card}/review", hidden(shown.text) | {"rating": 3})
        assert rated.status_code == 302
    assert set(ada.served) == {"a", "b"}, ada.served  # both servers took part
    assert _rows(top, "select count(*) from quiz_answers where attempt_id = %s",
                 attempt)[0][0] == 6
    assert _rows(top, "select count(*) from study_reviews r join users u on u.id = r.user_id "
                      "where u.username = %s", ada.username)[0][0] >= 3
    signed_out = ada.post("/account/signout", ada.form("/"))
    assert signed_out.status_code == 302
    for server in top.servers.values():  # the old cookie opens nothing, on either server
        direct = requests.get(f"http://127.0.0.1:{server.port}/quiz/attempts",
                              cookies=ada.http.cookies, allow_redirects=False, timeout=10)
        assert direct.status_code == 302 and "/account/signin" in direct.headers["Location"]


ARTICLE = ("{t} is a major river in Europe. It flows into the North Sea. {t} is about "
           "1,230 kilometres long. Its drainage basin covers nine countries, among them "
           "Germany and Switzerland. The first bridge over it was built by the Romans.")


def _generate(teacher: Person, title: str) -> int:
    """Send an article to be generated; the job's id."""
    fields = teacher.form("/studio/generate")
    sent = teacher.post("/studio/generate", fields | {
        "title": title, "article": ARTICLE.format(t=title), "kind": "txt"})
    assert sent.status_code == 302, sent.text[:300]
    return int(re.search(r"/studio/jobs/(\d+)", sent.headers["Location"]).group(1))


def _wait_done(teacher: Person, job: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while (state := teacher.get(f"/studio/jobs/{job}.json").json()["state"]) != "done":
        assert state != "failed" and time.monotonic() < deadline, state
        time.sleep(0.5)


def test_a_generation_job_runs_on_one_worker(top: Topology) -> None:
    tess = Person(top.balancer)
    tess.sign_up(_name("tess"), role="teacher")
    job = _generate(tess, "The Nile")
    _wait_done(tess, job)
    ran_on = [name for name, box in top.workers.items()
              if re.search(rf"job {job} \(generate\) claimed", box.log.read_text())]
    assert len(ran_on) == 1, ran_on


def test_the_sign_in_throttle_counts_across_servers(top: Topology) -> None:
    name = _name("tom")
    Person(top.balancer).sign_up(name)
    servers = list(top.servers.values())
    for i in range(6):  # wrong passwords, alternating between the two servers directly
        Person(f"http://127.0.0.1:{servers[i % 2].port}").sign_in(name, "wrong password!")
    for server in servers:  # now even the right password waits, on both
        answer = Person(f"http://127.0.0.1:{server.port}").sign_in(name)
        assert answer.status_code == 429, (server.name, answer.status_code)


def test_an_answer_sent_to_both_servers_counts_once(top: Topology) -> None:
    ida = Person(top.balancer)
    ida.sign_up(_name("ida"))
    attempt = _start_exam(ida, _a_set(ida), 2)
    fields = _answer_form(ida, attempt, 1)
    for server in top.servers.values():
        again = requests.post(f"http://127.0.0.1:{server.port}/quiz/{attempt}/q/1", data=fields,
                              cookies=ida.http.cookies, allow_redirects=False, timeout=10)
        assert again.status_code == 302
    assert _rows(top, "select count(*), max(saves) from quiz_answers where attempt_id = %s",
                 attempt)[0] == (1, 1)


def test_killing_a_server_and_a_worker_loses_no_acknowledged_answer(top: Topology) -> None:
    learners = []
    for n in range(4):
        person = Person(top.balancer)
        person.sign_up(_name(f"load{n}"))
        learners.append((person, _start_exam(person, _a_set(person), 12)))
    acknowledged: list[tuple[int, int]] = []
    when: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def take(person: Person, attempt: int) -> None:
        for number in range(1, 13):
            for _ in range(20):  # a failed request is sent again: the same submission id
                try:
                    fields = _answer_form(person, attempt, number)
                    done = person.post(f"/quiz/{attempt}/q/{number}", fields)
                except (requests.RequestException, AssertionError) as exc:
                    with lock:
                        errors.append(repr(exc)[:120])
                    time.sleep(0.2)
                    continue
                if done.status_code == 302:
                    with lock:
                        acknowledged.append((attempt, number - 1))
                        when.append(time.monotonic())
                    break
                with lock:
                    errors.append(f"{done.status_code} on {number}")
                time.sleep(0.2)
            time.sleep(0.15)

    tess = Person(top.balancer)
    tess.sign_up(_name("tess"), role="teacher")
    threads = [threading.Thread(target=take, args=pair) for pair in learners]
    for thread in threads:
        thread.start()
    job = _generate(tess, "The Rhine")  # on a worker, perhaps the one about to die
    time.sleep(1.0)
    killed_at = time.monotonic()
    top.servers["a"].kill()
    top.workers["w1"].kill()
    for thread in threads:
        thread.join(120)
    try:
        assert len(acknowledged) == 4 * 12, (len(acknowledged), errors[:10])
        before = sum(1 for t in when if t < killed_at)
        assert 0 < before < len(when)  # the kill came mid-load
        print(f"\n{before} answers acknowledged before the kill, {len(when) - before} "
              f"after; {len(errors)} failed requests sent again: {Counter(errors)}")
        rows = _rows(top, "select attempt_id, position, count(*) from quiz_answers where "
                          "attempt_id = any(%s) group by attempt_id, position",
                     [a for _, a in learners])
        assert {(a, p) for a, p, _ in rows} == set(acknowledged)  # none lost
        assert all(n == 1 for _, _, n in rows)  # none doubled
        after = Counter(requests.get(top.balancer + "/account/signin", timeout=5)
                        .headers.get("X-Served-By") for _ in range(10))
        assert after == Counter({"b": 10})  # the balancer routes around the dead server
        _wait_done(tess, job, timeout=150)  # a job the dead worker held is handed on
    finally:
        top.start_server("a", port=top.servers["a"].port)  # whole again for other tests
        top.start_worker("w1")
        top.wait_until_served_by({"a", "b"})
