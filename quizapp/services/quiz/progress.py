"""A learner's quiz history and progress, and a set owner's view of "I was right" claims."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from quizapp.core import progress as core_progress
from quizapp.core.charts.lines import line_chart_svg, text_alternative
from quizapp.models import Bank, Question
from quizapp.models.quizzes import Answer, Attempt
from quizapp.services.pages import Page, clamp_page
from quizapp.services.quiz.attempts import effective_end


def _percent(points: float, total: int) -> float:
    return round(100.0 * points / total, 1) if total else 0.0


@dataclass(frozen=True)
class AttemptLine:
    """A row of the attempt history."""

    attempt_id: int
    set_slug: str
    set_title: str
    mode: str
    started_at: datetime
    ended_at: datetime | None
    answered: int
    total: int
    percent: float
    status: str  # "in progress", "finished", "time up", "handed in"


def _status(attempt: Attempt, now: datetime) -> str:
    if effective_end(attempt, now) is None:
        return "in progress"
    return {"completed": "finished", "handed_in": "handed in"}.get(
        attempt.finish_reason or "time", "time up")


def list_attempts(session: Session, *, user_id: int, now: datetime, page: int = 1,
                  per_page: int = 20) -> Page[AttemptLine]:
    """One page of the user's attempts, newest first."""
    total = session.scalar(select(func.count(Attempt.id)).where(Attempt.user_id == user_id)) or 0
    page = clamp_page(page, total, per_page)
    rows = session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).options(joinedload(Attempt.bank))
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(per_page).offset((page - 1) * per_page))
    items = [AttemptLine(a.id, a.bank.ref, a.bank.title, a.mode, a.started_at,
                         effective_end(a, now), a.answered_count, a.question_count,
                         _percent(a.points, a.question_count), _status(a, now)) for a in rows]
    return Page(items, page, per_page, total)


@dataclass(frozen=True)
class ProgressView:
    """The "My progress" page: per-set summary, the chart and its words, most missed."""

    summaries: list[core_progress.SetSummary]
    series: list[core_progress.Series]
    chart_svg: str
    chart_text: str
    missed: list[core_progress.MissedQuestion]
    set_titles: dict[str, str]


def progress(session: Session, *, user_id: int, now: datetime,
             missed_limit: int = 10) -> ProgressView:
    """Finished attempts per set (best / last / average), scores over time, most missed."""
    records = []
    titles: dict[str, str] = {}
    for attempt in session.scalars(select(Attempt).where(Attempt.user_id == user_id)
                                   .options(joinedload(Attempt.bank))):
        end = effective_end(attempt, now)
        if end is None:
            continue
        titles[attempt.bank.ref] = attempt.bank.title
        records.append(core_progress.AttemptRecord(
            attempt.bank.ref, attempt.bank.title, end,
            _percent(attempt.points, attempt.question_count)))
    answers = [core_progress.AnswerRecord(qid, prompt, slug, correct)
               for qid, prompt, slug, correct in session.execute(
                   select(Question.qid, Question.prompt, Bank.ref, Answer.correct)
                   .join(Question, Answer.question_id == Question.id)
                   .join(Bank, Question.bank_id == Bank.id)
                   .where(Answer.user_id == user_id).order_by(Answer.answered_at))]
    series = core_progress.score_series(records)
    return ProgressView(
        summaries=core_progress.set_summaries(records), series=series,
        chart_svg=line_chart_svg(series, id_prefix="progress-chart"),
        chart_text=text_alternative(series),
        missed=core_progress.most_missed(answers, limit=missed_limit), set_titles=titles)
