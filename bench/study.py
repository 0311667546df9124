"""Study page latency and review throughput on a big database beside one 100 times smaller.

Usage: python bench/study.py [--learners 10000] [--reviews 1000000] [--requests 200]

Builds two temporary SQLite databases (bulk inserts through SQLAlchemy Core): the big one
with `--learners` learners and `--reviews` review-log rows, the small one with a hundredth
of each; every learner has `--cards` cards in various states, some due. Then, through the
Flask test client, it times the due-queue query alone, the study page (GET /study/) and
review submissions (POST /study/cards/<id>/review, token taken from the page), and prints
p50/p99 and reviews per second for both sizes with the ratio big / small.
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from quizapp import create_app
from quizapp.core import bank as core_bank
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.models import Question, User
from quizapp.models.study import StudyCard, StudyDeck, StudyReview
from quizapp.services import accounts, banks
from quizapp.services.study.queue import due_queue, epoch_days
from quizapp.services.study.settings import get_settings

PASSWORD = "bench password 123"
BATCH = 20_000


def build(path: Path, learners: int, reviews: int, cards: int, seed: int = 1) -> float:
    """Fill a fresh database; returns the seconds it took."""
    started = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(path.parent / "instance")})
    rng = random.Random(seed)
    now = utcnow()
    with app.app_context():
        db.create_all()
        questions = tuple(core_bank.Question(id=f"q{i}", type="short", prompt=f"Question {i}?",
                                             answer=f"answer {i}") for i in range(cards))
        bench_bank = core_bank.Bank(id="bench", title="Bench", questions=questions)
        banks.import_bank(db.session, bench_bank, now=now)
        qids = db.session.scalars(select(Question.id).order_by(Question.position)).all()
        bank_id = db.session.scalar(select(Question.bank_id))
        hashed = accounts.HASHER.hash(PASSWORD)
        conn = db.session.connection()
        conn.execute(insert(User), [
            {"id": u, "username": f"learner{u}", "display_name": f"Learner {u}",
             "password_hash": hashed, "role": "learner", "is_disabled": False, "created_at": now}
            for u in range(1, learners + 1)])
        # The set in every learner's deck: cards count only while their set is in it.
        conn.execute(insert(StudyDeck), [{"user_id": u, "bank_id": bank_id, "added_at": now}
                                         for u in range(1, learners + 1)])
        per_card = reviews / (learners * cards * 0.8)  # 80 % of the cards have a history
        card_rows, review_rows, card_id = [], [], 0
        for user in range(1, learners + 1):
            for qid in qids:
                card_id += 1
                new = rng.random() < 0.2
                stability = rng.lognormvariate(2.0, 1.0)
                last = now - timedelta(days=rng.uniform(0.5, 60))
                due = now - timedelta(days=200) if new else last + timedelta(
                    days=stability * rng.uniform(0.5, 1.5))
                card_rows.append({
                    "id": card_id, "user_id": user, "question_id": qid, "bank_id": bank_id,
                    "state": 1 if new else 2, "step": 0 if new else None,
                    "stability": None if new else stability,
                    "difficulty": None if new else rng.uniform(1, 10), "due": due,
                    "last_review": None if new else last,
                    "last_review_days": None if new else epoch_days(last),
                    "reps": 0 if new else int(per_card), "lapses": 0, "created_at": now})
                count = int(per_card) + (rng.random() < per_card % 1)
                if not new:
                    for k in range(count):
                        at = last - timedelta(days=3 * (count - 1 - k))
                        review_rows.append({
                            "user_id": user, "card_id": card_id,
                            "submission_id": f"{card_id}-{k}", "source": "study",
                            "rating": rng.choice((1, 3, 3, 3, 4)), "reviewed_at": at,
                            "duration_ms": 5000, "interval_seconds": 86400, "was_new": k == 0,
                            "cross_day": k > 0, "state_before": 2, "state_after": 2,
                            "due_after": at + timedelta(days=3)})
                if len(card_rows) >= BATCH or len(review_rows) >= BATCH:
                    conn.execute(insert(StudyCard), card_rows)  # cards first: foreign keys
                    card_rows = []
                    if review_rows:
                        conn.execute(insert(StudyReview), review_rows)
                    review_rows = []
        if card_rows:
            conn.execute(insert(StudyCard), card_rows)
        if review_rows:
            conn.execute(insert(StudyReview), review_rows)
        db.session.commit()
        db.engine.dispose()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(path: Path, learners: int, requests: int) -> dict[str, float]:
    """Time the due queue, the study page and review submissions on one database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(path.parent / "instance"),
                      "WTF_CSRF_ENABLED": False, "STUDY_OPTIMIZE_AFTER_SESSION": "off"})
    rng = random.Random(7)
    users = rng.sample(range(1, learners + 1), min(20, learners))
    clients = []
    for user in users:
        client = app.test_client()
        client.post("/account/signin", data={"username": f"learner{user}", "password": PASSWORD})
        clients.append((user, client))
    queue_ms: list[float] = []
    with app.app_context():
        now = datetime.now(UTC)
        for i in range(requests):
            user = users[i % len(users)]
            settings = get_settings(db.session, user)
            started = time.perf_counter()
            due_queue(db.session, user, settings, now)
            queue_ms.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    page_ms: list[float] = []
    post_seconds = 0.0
    posted = 0
    for i in range(requests):
        _, client = clients[i % len(clients)]
        started = time.perf_counter()
        html = client.get("/study/").get_data(as_text=True)
        page_ms.append((time.perf_counter() - started) * 1000)
        card = re.search(r"/study/cards/(\d+)/answer", html)
        token = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
        if not card or not token:
            raise SystemExit(f"no card to study on the page for a learner: {html[:200]!r}")
        started = time.perf_counter()
        response = client.post(f"/study/cards/{card.group(1)}/review",
                               data={"token": token.group(1), "rating": "3"})
        post_seconds += time.perf_counter() - started
        posted += response.status_code == 302
    with app.app_context():
        db.engine.dispose()
    return {"queue_p50": percentile(queue_ms, 0.5), "queue_p99": percentile(queue_ms, 0.99),
            "page_p50": percentile(page_ms, 0.5), "page_p99": percentile(page_ms, 0.99),
            "reviews_per_s": posted / post_seconds if post_seconds else 0.0,
            "posted": posted}


def main() -> None:
    """Build both databases, measure both, print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--cards", type=int, default=50, help="cards per learner")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-study-") as tmp:
        for label, divisor in (("big", 1), ("small", 100)):
            learners, reviews = args.learners // divisor, args.reviews // divisor
            path = Path(tmp) / f"{label}.db"
            seconds = build(path, learners, reviews, args.cards)
            with db_counts(path) as (n_cards, n_reviews):
                print(f"{label}: {learners} learners, {n_cards} cards, {n_reviews} reviews "
                      f"built in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
            results[label] = measure(path, learners, args.requests)
    big, small = results["big"], results["small"]
    print(f"\n{'':<28}{'big':>10}{'small':>10}{'big/small':>11}")
    for key, name in (("queue_p50", "due-queue query p50 (ms)"),
                      ("queue_p99", "due-queue query p99 (ms)"),
                      ("page_p50", "GET /study/ p50 (ms)"), ("page_p99", "GET /study/ p99 (ms)"),
                      ("reviews_per_s", "review POSTs per second")):
        ratio = big[key] / small[key] if small[key] else float("nan")
        print(f"{name:<28}{big[key]:>10.2f}{small[key]:>10.2f}{ratio:>11.2f}")
    print(f"(review POSTs timed: {big['posted']:.0f} big, {small['posted']:.0f} small)")


class db_counts:  # noqa: N801 - used as a tiny context manager
    """Count cards and reviews in a database file (sqlite3, no app)."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self._conn = sqlite3.connect(path)

    def __enter__(self) -> tuple[int, int]:
        cards = self._conn.execute("SELECT count(*) FROM study_cards").fetchone()[0]
        reviews = self._conn.execute("SELECT count(*) FROM study_reviews").fetchone()[0]
        return int(cards), int(reviews)

    def __exit__(self, *exc: object) -> None:
        self._conn.close()


if __name__ == "__main__":
    main()
