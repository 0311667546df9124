"""Study assignments: a set given to a class to learn by a date, at a target retention.

A learner starts by putting the set in their study deck (allowed by the assignment even
while the set stays private); their progress is FSRS's prediction of what they will
still remember on the due date (`core.studyplan`), so a teacher sees who will have
forgotten what before it happens."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import studyplan
from quizapp.core.formats.csv_cells import protect
from quizapp.core.srs.scheduling import (
    DEFAULT_PARAMETERS,
    Rating,
    Scheduler,
    recall_probability,
)
from quizapp.database import write_transaction
from quizapp.models import Assignment, Bank, ClassMember, Question, User
from quizapp.models.study import StudyCard, StudyReview, StudySettings
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.classes.assignments import MAX_QUESTIONS
from quizapp.services.classes.rosters import owned
from quizapp.services.locks import lock_user
from quizapp.services.study.decks import AddReport, put_in_deck
from quizapp.services.study.queue import epoch_days

RETENTION_RANGE = (0.70, 0.97)
DEFAULT_TARGET = 0.90


@dataclass(frozen=True)
class StudyRules:
    question_count: int | None = None  # None: every question of the set
    target_retention: float = DEFAULT_TARGET
    opens_at: datetime | None = None
    due_at: datetime | None = None


def check_study_rules(target_retention: float | None, opens_at: datetime | None,
                      due_at: datetime | None, *, now: datetime | None = None) -> None:
    """A study goal's target and dates (with `now`, a new one: its due date still to come)."""
    low, high = RETENTION_RANGE
    if target_retention is None or not low <= target_retention <= high:
        raise ServiceError(f"Choose a target retention between {low:.0%} and {high:.0%}.",
                           field="target")
    if due_at is None:
        raise ServiceError("A study assignment needs a due date: the day it should be known.",
                           field="due_at")
    if now is not None and due_at <= now:
        raise ServiceError("The due date has passed: choose a day still to come.",
                           field="due_at")
    if opens_at and due_at <= opens_at:
        raise ServiceError("The due date must be after the opening date.", field="due_at")


def assign_study(session: Session, class_id: int, owner_id: int, *, set_ref: str,
                 title: str | None, rules: StudyRules, now: datetime) -> int:
    """Give the class a set to learn by the due date."""
    check_study_rules(rules.target_retention, rules.opens_at, rules.due_at, now=now)
    if rules.question_count is not None and not 1 <= rules.question_count <= MAX_QUESTIONS:
        raise ServiceError(f"Ask 1 to {MAX_QUESTIONS} questions (or leave it empty for all).",
                           field="question_count")
    with write_transaction(session):
        owned(session, class_id, owner_id)
        bank = access.readable(session, set_ref, owner_id)
        size = session.scalar(select(func.count(Question.id)).where(
            Question.bank_id == bank.id, Question.retired_at.is_(None))) or 0
        count = rules.question_count if rules.question_count and rules.question_count < size \
            else None  # the whole set
        row = Assignment(class_id=class_id, bank_id=bank.id, kind="study",
                         title=(title or "").strip()[:300] or bank.title, mode="exam",
                         question_count=count, opens_at=rules.opens_at,
                         due_at=rules.due_at, target_retention=rules.target_retention,
                         late_allowed=False, repeat_questions=True, created_at=now)
        session.add(row)
        session.flush()
        return row.id


def _member_assignment(session: Session, assignment_id: int, user_id: int) -> Assignment:
    a = session.get(Assignment, assignment_id)
    if a is None or a.kind != "study" or session.scalar(select(ClassMember.id).where(
            ClassMember.class_id == a.class_id, ClassMember.user_id == user_id)) is None:
        raise NotFound("No such assignment.")
    return a


def start_study(session: Session, assignment_id: int, user_id: int, *,
                now: datetime) -> AddReport:
    """Put the assignment's set in the learner's deck (once it is open)."""
    with write_transaction(session):
        lock_user(session, user_id)
        a = _member_assignment(session, assignment_id, user_id)
        if a.opens_at is not None and now < a.opens_at:
            raise ServiceError("This assignment is not open yet.")
        bank = session.get(Bank, a.bank_id)
        assert bank is not None
        return put_in_deck(session, user_id, bank, now=now)


@dataclass(frozen=True)
class LearnerStudy:
    user_id: int
    name: str
    username: str
    progress: studyplan.StudyProgress
    weakest: list[tuple[str, float]]  # prompts least likely remembered, with recall


@dataclass(frozen=True)
class QuestionStudy:
    question_id: int
    qid: str
    prompt: str
    memory: studyplan.QuestionMemory
    number: int = 0  # its place in the set (Q1 is the set's first question)


@dataclass(frozen=True)
class StudyResults:
    assignment_id: int
    class_id: int
    class_name: str
    title: str
    set_ref: str
    set_title: str
    due_at: datetime
    at: datetime  # when recall is predicted for: the due date, or now once it has passed
    target_retention: float
    target: int
    learners: list[LearnerStudy]
    questions: list[QuestionStudy]
    memory: dict[int, dict[int, float]]  # learner id -> question id -> recall on the due date
    grid: list[tuple[str, list[tuple[str, int]]]]  # the least ready: name, (band, percent)
    in_order: list[QuestionStudy]  # the grid's columns, in the set's order


GRID_LEARNERS = 100


def band(recall: float, target: float, reviewed: bool) -> str:
    """The colour band of a predicted recall in the grid."""
    if not reviewed:
        return "mem-none"
    return "mem-good" if recall >= target else "mem-fading" if recall >= 0.5 else "mem-poor"


def _schedulers(session: Session, user_ids: list[int]) -> dict[int, Scheduler]:
    """Each learner's scheduler (their own parameters once fitted), built once per set of
    parameters."""
    rows = session.execute(select(StudySettings.user_id, StudySettings.parameters)
                           .where(StudySettings.user_id.in_(user_ids))).all()
    params: dict[int, list[float] | None] = {uid: p for uid, p in rows}
    built: dict[tuple[float, ...], Scheduler] = {}
    out = {}
    for uid in user_ids:
        key = tuple(params.get(uid) or DEFAULT_PARAMETERS)
        out[uid] = built.setdefault(key, Scheduler(key))
    return out


def _memories(session: Session, a: Assignment, user_ids: list[int], at: datetime,
              ) -> tuple[dict[int, list[studyplan.CardMemory]], dict[int, tuple[int, int]],
                         list[Any]]:
    questions = list(session.execute(select(Question.id, Question.qid, Question.prompt).where(
        Question.bank_id == a.bank_id, Question.retired_at.is_(None))
        .order_by(Question.position)))
    ids = [q.id for q in questions]
    decays = {uid: scheduler.decay for uid, scheduler in _schedulers(session, user_ids).items()}
    at_days = epoch_days(at)
    recall: dict[int, dict[int, float]] = defaultdict(dict)
    for uid, qid, stability, days, last in session.execute(
            select(StudyCard.user_id, StudyCard.question_id, StudyCard.stability,
                   StudyCard.last_review_days, StudyCard.last_review)
            .where(StudyCard.bank_id == a.bank_id, StudyCard.user_id.in_(user_ids),
                   StudyCard.last_review.is_not(None), StudyCard.stability.is_not(None))):
        elapsed = at_days - (days if days is not None else epoch_days(last))
        recall[uid][qid] = recall_probability(elapsed, stability, decays[uid])
    memories = {}
    for uid in user_ids:
        mine = recall.get(uid, {})
        memories[uid] = [studyplan.CardMemory(qid, qid in mine, mine.get(qid, 0.0))
                         for qid in ids]
    reviews = {uid: (int(n), int(ok or 0)) for uid, n, ok in session.execute(
        select(StudyReview.user_id, func.count(StudyReview.id),
               func.count(StudyReview.id).filter(StudyReview.rating != int(Rating.AGAIN)))
        .join(StudyCard, StudyCard.id == StudyReview.card_id)
        .where(StudyCard.bank_id == a.bank_id, StudyReview.user_id.in_(user_ids),
               StudyReview.was_new.is_(False), StudyReview.reviewed_at >= a.created_at)
        .group_by(StudyReview.user_id))}
    return memories, reviews, questions


def study_results(session: Session, assignment_id: int, owner_id: int, *,
                  now: datetime) -> StudyResults:
    """Every learner's progress and each question's predicted memory on the due date."""
    a = session.get(Assignment, assignment_id)
    if a is None or a.kind != "study":
        raise NotFound("No such assignment.")
    klass = owned(session, a.class_id, owner_id)
    assert a.due_at is not None and a.target_retention is not None
    bank = session.get(Bank, a.bank_id)
    assert bank is not None
    members = session.execute(
        select(User.id, User.display_name, User.username)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == a.class_id).order_by(User.username)).all()
    ids = [m.id for m in members]
    at = max(a.due_at, now)
    memories, reviews, questions = _memories(session, a, ids, at)
    target = min(a.question_count or len(questions), len(questions))
    prompts = {q.id: q.prompt for q in questions}
    learners = []
    for m in members:
        n, ok = reviews.get(m.id, (0, 0))
        mine = memories[m.id]
        weakest = sorted((x for x in mine if x.reviewed and x.recall_at_due < a.target_retention),
                         key=lambda x: x.recall_at_due)[:3]
        learners.append(LearnerStudy(
            m.id, m.display_name or m.username, m.username,
            studyplan.progress(mine, target=target, target_retention=a.target_retention,
                               reviews=n, recalled=ok),
            [(prompts[x.question_id], x.recall_at_due) for x in weakest]))
    learners.sort(key=lambda lr: (lr.progress.learned, lr.progress.mean_recall))
    per_q = {q.question_id: q for q in studyplan.by_question(
        list(memories.values()), target_retention=a.target_retention)}
    in_order = [QuestionStudy(q.id, q.qid, q.prompt, per_q[q.id], n)
                for n, q in enumerate(questions, 1) if q.id in per_q]
    questions_out = sorted(in_order, key=lambda q: q.memory.mean_recall)
    return StudyResults(a.id, a.class_id, klass.name, a.title, bank.ref, bank.title, a.due_at,
                        at, a.target_retention, target, learners, questions_out,
                        {uid: {m.question_id: m.recall_at_due for m in mine}
                         for uid, mine in memories.items()},
                        _grid(learners[:GRID_LEARNERS], memories, in_order,
                              a.target_retention), in_order)


def _grid(learners: list[LearnerStudy], memories: dict[int, list[studyplan.CardMemory]],
          questions: list[QuestionStudy], target: float,
          ) -> list[tuple[str, list[tuple[str, int]]]]:
    rows = []
    for lr in learners:
        mine = {m.question_id: m for m in memories[lr.user_id]}
        cells = []
        for q in questions:
            m = mine[q.question_id]
            cells.append((band(m.recall_at_due, target, m.reviewed), round(100 * m.recall_at_due)))
        rows.append((lr.name, cells))
    return rows


def my_progress(session: Session, assignment_id: int, user_id: int, *,
                now: datetime) -> studyplan.StudyProgress:
    """The learner's own progress on a study assignment of their class."""
    a = _member_assignment(session, assignment_id, user_id)
    assert a.due_at is not None and a.target_retention is not None
    memories, reviews, questions = _memories(session, a, [user_id], max(a.due_at, now))
    n, ok = reviews.get(user_id, (0, 0))
    return studyplan.progress(memories[user_id],
                              target=min(a.question_count or len(questions), len(questions)),
                              target_retention=a.target_retention, reviews=n, recalled=ok)


def progress_csv(session: Session, assignment_id: int, owner_id: int, *,
                 now: datetime) -> tuple[str, str]:
    """(file name, CSV text): a row per learner, cells escaped as the grades CSV's are."""
    r = study_results(session, assignment_id, owner_id, now=now)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Username", "Learned", "Target", "Progress %", "Started",
                     "Will forget by due date", "Mean recall on due date %",
                     "Reviews after the first", "Retention %"])
    for lr in r.learners:
        p = lr.progress
        writer.writerow([protect(str(v)) for v in (
            lr.name, lr.username, p.learned, p.target, f"{p.percent:.1f}", p.started,
            p.at_risk, f"{100 * p.mean_recall:.1f}", p.reviews,
            "" if p.retention is None else f"{100 * p.retention:.1f}")])
    safe = "".join(c if c.isalnum() else "-" for c in r.title.lower()).strip("-")[:60]
    return f"study-{safe or 'assignment'}-{now:%Y%m%d}.csv", "\ufeff" + out.getvalue()
