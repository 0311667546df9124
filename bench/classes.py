"""How fast a teacher's class pages are for a big class: 300 learners, a 50-question set,
5 finished attempts each (75,000 answers) and a study assignment of the set (15,000 cards,
about 40,000 reviews), on SQLite, served in-process by the Flask test
client — beside the home page in the same run, so the ratio is what to compare.

    .venv/bin/python bench/classes.py [--learners 300] [--questions 50] [--attempts 5]
                                      [--requests 15]

The data is written straight into the tables (with real rows the pages read), not through
the answer form, so the set-up takes seconds; the pages measured are the real ones.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.core.bank import Bank, Question  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Answer,
    Assignment,
    Attempt,
    ClassMember,
    SchoolClass,
    StudyCard,
    StudyReview,
    User,
)
from quizapp.models import Question as QuestionRow  # noqa: E402
from quizapp.services import accounts, banks  # noqa: E402
from quizapp.services.study.queue import epoch_days  # noqa: E402

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def build(learners: int, questions: int, attempts: int) -> tuple[int, int]:
    """The teacher, the class, its set and assignment, and every attempt and answer."""
    teacher = accounts.register(db.session, username="tess", password=PASSWORD,
                                role="teacher", now=NOW)
    qs = tuple(Question(id=f"q{i}", type="mcq", prompt=f"Question {i}?",
                        choices=(f"a{i}", f"b{i}", f"c{i}", f"d{i}"), answer=f"a{i}")
               for i in range(questions))
    banks.import_bank(db.session, Bank(id="big", title="Big set", questions=qs), now=NOW,
                      owner_id=teacher.id)
    rows = db.session.execute(select(QuestionRow.id, QuestionRow.qid, QuestionRow.choices,
                                     QuestionRow.answer)).all()
    klass = SchoolClass(owner_id=teacher.id, name="Year 9", join_code="BENCH00000",
                        created_at=NOW)
    db.session.add(klass)
    db.session.flush()
    bank_id = db.session.scalar(select(QuestionRow.bank_id).limit(1))
    assignment = Assignment(class_id=klass.id, bank_id=bank_id, kind="quiz", title="Big quiz",
                            mode="exam", question_count=questions, attempts_allowed=attempts,
                            repeat_questions=True, late_allowed=False, created_at=NOW)
    db.session.add(assignment)
    db.session.flush()
    db.session.execute(insert(User), [
        {"username": f"l{n}", "display_name": f"Learner {n}", "password_hash": "x",
         "role": "learner", "is_disabled": False, "created_at": NOW}
        for n in range(learners)])
    ids = db.session.scalars(select(User.id).where(User.role == "learner")).all()
    db.session.execute(insert(ClassMember), [
        {"class_id": klass.id, "user_id": uid, "joined_at": NOW} for uid in ids])
    rng = random.Random(1)
    pks = [r[0] for r in rows]
    for uid in ids:
        skill = rng.random()
        for number in range(attempts):
            start = NOW + timedelta(days=number)
            given = []
            for position, (pk, _qid, choices, answer) in enumerate(rows):
                right = rng.random() < skill
                given.append((position, pk, answer if right else choices[1], right))
            correct = sum(1 for g in given if g[3])
            attempt = Attempt(user_id=uid, bank_id=bank_id, mode="exam", seed=number,
                              question_ids=pks, question_count=len(pks),
                              started_at=start, finished_at=start + timedelta(minutes=20),
                              finish_reason="done", answered_count=len(pks),
                              correct_count=correct, points=float(correct),
                              assignment_id=assignment.id)
            db.session.add(attempt)
            db.session.flush()
            db.session.execute(insert(Answer), [
                {"attempt_id": attempt.id, "user_id": uid, "question_id": pk,
                 "position": position, "submission_id": f"{attempt.id}-{position}",
                 "shown": {}, "given": text, "score": 1.0 if right else 0.0,
                 "correct": right, "feedback": "", "answered_at": start, "seconds": 10.0}
                for position, pk, text, right in given])
    study_id = build_study(klass.id, bank_id, ids, pks, rng)
    db.session.commit()
    return klass.id, assignment.id, study_id


def build_study(class_id: int, bank_id: int, ids: list[int], pks: list[int],
                rng: random.Random) -> int:
    """A study assignment of the same set, due in a week: every learner has a card per
    question (most reviewed, a few never) and three reviews of each reviewed card."""
    study = Assignment(class_id=class_id, bank_id=bank_id, kind="study", title="Learn it",
                       mode="exam", target_retention=0.9, due_at=NOW + timedelta(days=7),
                       repeat_questions=True, late_allowed=False,
                       created_at=NOW - timedelta(days=30))
    db.session.add(study)
    db.session.flush()
    cards = []
    for uid in ids:
        for pk in pks:
            reviewed = rng.random() < 0.9
            last = NOW - timedelta(days=rng.uniform(0, 20)) if reviewed else None
            cards.append({"user_id": uid, "question_id": pk, "bank_id": bank_id,
                          "state": 2 if reviewed else 1, "step": None if reviewed else 0,
                          "stability": rng.uniform(0.5, 60) if reviewed else None,
                          "difficulty": 5.0 if reviewed else None,
                          "due": NOW + timedelta(days=rng.uniform(0, 30)), "last_review": last,
                          "last_review_days": epoch_days(last) if last else None,
                          "reps": 3 if reviewed else 0, "lapses": 0, "created_at": NOW})
    db.session.execute(insert(StudyCard), cards)
    rows = db.session.execute(select(StudyCard.id, StudyCard.user_id, StudyCard.last_review)
                              .where(StudyCard.last_review.is_not(None))).all()
    db.session.execute(insert(StudyReview), [
        {"user_id": uid, "card_id": cid, "submission_id": f"{cid}-{k}", "source": "study",
         "rating": 1 if rng.random() < 0.1 else 3, "reviewed_at": last - timedelta(days=k),
         "interval_seconds": 86400, "was_new": k == 2, "cross_day": True, "state_before": 2,
         "state_after": 2, "due_after": last + timedelta(days=3)}
        for cid, uid, last in rows for k in range(3)])
    return study.id


def measure(client, url: str, n: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """p50 and the worst of n GETs, in ms, and the response size."""
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return statistics.median(times), max(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--attempts", type=int, default=5)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                          "SECRET_KEY": "bench", "INSTANCE_PATH": folder,
                          "WTF_CSRF_ENABLED": False})
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            class_id, assignment_id, study_id = build(args.learners, args.questions,
                                                      args.attempts)
            answers = db.session.query(Answer).count()
            print(f"built {args.learners} learners x {args.attempts} attempts x "
                  f"{args.questions} questions = {answers} answers in "
                  f"{time.perf_counter() - start:.1f} s")
        client = app.test_client()
        signed = client.post("/account/signin", data={"username": "tess",
                                                      "password": PASSWORD})
        assert signed.status_code == 302, signed.status_code
        pages = [("home (baseline)", "/"),
                 ("class page", f"/classes/{class_id}"),
                 ("results (first attempts)", f"/assignments/{assignment_id}/results"),
                 ("results (all attempts)",
                  f"/assignments/{assignment_id}/results?which=all"),
                 ("grades CSV", f"/assignments/{assignment_id}/grades.csv"),
                 ("study results", f"/assignments/{study_id}/results"),
                 ("study progress CSV", f"/assignments/{study_id}/grades.csv")]
        print(f"{'page':28} {'p50 ms':>8} {'max ms':>8} {'x home':>7} {'bytes':>9}")
        base = None
        for name, url in pages:
            measure(client, url, 1)  # warm
            p50, worst, size = measure(client, url, args.requests)
            base = base or p50
            print(f"{name:28} {p50:8.1f} {worst:8.1f} {p50 / base:7.1f} {size:9d}")


if __name__ == "__main__":
    main()
