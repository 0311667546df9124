"""What a teacher sees of an assignment: each learner's attempts, scores, time and claims;
each question's item analysis (quizapp.core.itemstats, Moodle's figures, first attempts
by default); and the grades as a CSV a spreadsheet opens safely."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import itemstats
from quizapp.core.bank import key_text
from quizapp.core.formats.csv_cells import protect
from quizapp.models import Answer, Assignment, Attempt, Bank, ClassMember, Question, User
from quizapp.models.banks import question_from_row
from quizapp.services import NotFound
from quizapp.services.classes.rosters import owned
from quizapp.services.quiz.common import effective_end


@dataclass(frozen=True)
class LearnerResult:
    user_id: int
    name: str
    username: str
    attempts: int
    finished: int
    first_percent: float | None
    best_percent: float | None
    seconds: int | None  # the first finished attempt's time
    late: bool
    claims_waiting: int


@dataclass(frozen=True)
class QuestionResult:
    qid: str
    prompt: str
    type: str
    key: str
    stats: itemstats.QuestionStats


@dataclass(frozen=True)
class AssignmentResults:
    assignment_id: int
    class_id: int
    class_name: str
    title: str
    set_ref: str
    learners: list[LearnerResult]
    analysis: itemstats.ItemAnalysis
    questions: list[QuestionResult]
    which: str


def _assignment(session: Session, assignment_id: int, owner_id: int) -> Assignment:
    a = session.get(Assignment, assignment_id)
    if a is None:
        raise NotFound("No such assignment.")
    owned(session, a.class_id, owner_id)  # NotFound for anyone but the class's teacher
    return a


def kind_of(session: Session, assignment_id: int, owner_id: int) -> str:
    """quiz or study; NotFound for anyone but the class's teacher."""
    return _assignment(session, assignment_id, owner_id).kind


def _end(attempt: Attempt, now: datetime | None) -> datetime | None:
    """When the attempt ended: handed in, or its deadline once passed (a learner who never
    came back after time ran out has finished, with what they had answered)."""
    return effective_end(attempt, now) if now is not None else attempt.finished_at


def _percent(attempt: Attempt, now: datetime | None) -> float | None:
    if _end(attempt, now) is None or not attempt.question_count:
        return None
    return 100.0 * attempt.points / attempt.question_count


def results(session: Session, assignment_id: int, owner_id: int, *,
            which: str = "first", analyse: bool = True,
            now: datetime | None = None) -> AssignmentResults:
    """The results page: every learner of the class and, with `analyse`, the item
    analysis of the finished attempts (`now` counts those out of time as finished)."""
    a = _assignment(session, assignment_id, owner_id)
    klass = owned(session, a.class_id, owner_id)
    bank = session.get(Bank, a.bank_id)
    assert bank is not None
    members = session.execute(
        select(User.id, User.display_name, User.username)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == a.class_id).order_by(func.lower(User.display_name)))
    attempts = session.scalars(select(Attempt).where(Attempt.assignment_id == a.id)
                               .order_by(Attempt.started_at, Attempt.id)).all()
    by_user: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_user.setdefault(attempt.user_id, []).append(attempt)
    claims = dict(session.execute(
        select(Answer.user_id, func.count()).join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.assignment_id == a.id, Answer.claim_state == "pending")
        .group_by(Answer.user_id)).all())
    learners = []
    for user_id, name, username in members:
        mine = by_user.get(user_id, [])
        done = [t for t in mine if _end(t, now) is not None]
        first = done[0] if done else None
        first_end = _end(first, now) if first else None
        seconds = int((first_end - first.started_at).total_seconds()) \
            if first and first_end else None
        percents = [p for p in (_percent(t, now) for t in done) if p is not None]
        learners.append(LearnerResult(user_id, name, username, len(mine), len(done),
                                      _percent(first, now) if first else None,
                                      max(percents) if percents else None, seconds,
                                      any(t.late for t in mine), claims.get(user_id, 0)))
    analysis, questions = _analysis(session, a, attempts if analyse else [], which, now)
    return AssignmentResults(a.id, a.class_id, klass.name, a.title, bank.ref, learners,
                             analysis, questions, which)


def _chosen(finished: list[Attempt], which: str) -> list[Attempt]:
    """Each learner's attempt(s) the analysis counts, as Moodle's "Calculate statistics
    from": the first (default), the best (ties: the earlier), the last, or all."""
    if which == "all":
        return finished
    by_user: dict[int, list[Attempt]] = {}
    for t in finished:  # in start order
        by_user.setdefault(t.user_id, []).append(t)
    if which == "last":
        return [ts[-1] for ts in by_user.values()]
    if which == "highest":
        return [max(ts, key=lambda t: (t.points / max(t.question_count, 1), -t.id))
                for ts in by_user.values()]
    return [ts[0] for ts in by_user.values()]


def _analysis(session: Session, a: Assignment, attempts: list[Attempt], which: str,
              now: datetime | None) -> tuple[itemstats.ItemAnalysis, list[QuestionResult]]:
    finished = _chosen([t for t in attempts if _end(t, now) is not None], which)
    answers: dict[int, dict[int, tuple[float, Any]]] = {}
    ids = [t.id for t in finished]
    for chunk in range(0, len(ids), 500):  # plain rows, only the attempts counted
        for attempt_id, question_id, score, given_value in session.execute(
                select(Answer.attempt_id, Answer.question_id, Answer.score, Answer.given)
                .where(Answer.attempt_id.in_(ids[chunk:chunk + 500]))):
            answers.setdefault(attempt_id, {})[question_id] = (score, given_value)
    rows = {q.id: q for q in session.scalars(select(Question).where(
        Question.bank_id == a.bank_id))}
    kinds = {pk: (q.qid, q.type, q.type in itemstats.CHOICE_TYPES) for pk, q in rows.items()}
    scored: list[itemstats.AttemptScores] = []
    for t in finished:
        given = answers.get(t.id, {})
        scores: dict[str, float] = {}
        picks: dict[str, Any] = {}
        for pk in t.question_ids:
            kind = kinds.get(pk)
            if kind is None:
                continue
            qid, qtype, choice = kind
            answer = given.get(pk)
            scores[qid] = float(answer[0]) if answer else 0.0
            if choice:
                picks[qid] = _picked(qtype, answer[1] if answer else None)
        # already one attempt per learner (or all of them): each counts as it is
        scored.append(itemstats.AttemptScores(t.id, t.id, 1, scores, picks=picks))
    drawn = {pk for t in finished for pk in t.question_ids}
    infos = [itemstats.QuestionInfo(q.qid, q.type, *_choices_and_keys(q))
             for pk, q in sorted(rows.items(), key=lambda kv: kv[1].position) if pk in drawn]
    analysis = itemstats.analyse(scored, infos, which=itemstats.Which.ALL)
    by_qid = {q.qid: q for q in rows.values()}
    out = [QuestionResult(s.question_id, by_qid[s.question_id].prompt,
                          by_qid[s.question_id].type,
                          key_text(question_from_row(by_qid[s.question_id])), s)
           for s in analysis.questions if s.question_id in by_qid]
    return analysis, out


def _picked(qtype: str, given: Any) -> str | list[str]:
    if given in (None, "", []):
        return ""
    if qtype == "true_false":
        return "True" if str(given).lower() == "true" else "False"
    return given  # type: ignore[no-any-return]


def _choices_and_keys(q: Question) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if q.type == "true_false":
        return ("True", "False"), ("True" if q.answer else "False",)
    if q.type == "multi":
        return tuple(q.choices or ()), tuple(q.answer or ())
    if q.type == "mcq":
        return tuple(q.choices or ()), (str(q.answer),)
    return (), ()


def _cell(value: object) -> str:
    return protect("" if value is None else str(value))


def grades_csv(session: Session, assignment_id: int, owner_id: int, *,
               now: datetime) -> tuple[str, str]:
    """(file name, CSV text): a row per learner; cells a spreadsheet would run as a
    formula are escaped with a leading apostrophe."""
    r = results(session, assignment_id, owner_id, analyse=False, now=now)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Username", "Attempts", "Finished", "First attempt %",
                     "Best %", "Time (s)", "Late", "Claims waiting"])
    for learner in r.learners:
        writer.writerow([_cell(v) for v in (
            learner.name, learner.username, learner.attempts, learner.finished,
            "" if learner.first_percent is None else f"{learner.first_percent:.1f}",
            "" if learner.best_percent is None else f"{learner.best_percent:.1f}",
            "" if learner.seconds is None else learner.seconds,
            "yes" if learner.late else "no", learner.claims_waiting)])
    safe = "".join(c if c.isalnum() else "-" for c in r.title.lower()).strip("-")[:60]
    return f"grades-{safe or 'assignment'}-{now:%Y%m%d}.csv", "\ufeff" + out.getvalue()
