""""I was right" claims: a learner's request that a typed answer marked wrong count as
right. The set's owner (admins, for the site's sets) sees them, pending first, and
accepts or rejects each; only an accepted claim changes a score, and accepting can add
the learner's wording to the question's accepted answers, in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from quizapp.database import write_transaction
from quizapp.models import Question, User
from quizapp.models.quizzes import Answer, Attempt
from quizapp.services import NotFound, ServiceError, access
from quizapp.services.pages import Page, clamp_page
from quizapp.services.quiz.attempts import rescore
from quizapp.services.quiz.pages import given_text, right_text
from quizapp.services.quiz.questions import Shown


@dataclass(frozen=True)
class ClaimLine:
    """One claim on a set, for its owner."""

    answer_id: int
    learner: str
    prompt: str
    given: str
    expected: str
    state: str
    claimed_at: datetime
    can_add_wording: bool  # the wording is not among the question's answers yet


@dataclass(frozen=True)
class SetClaims:
    """The claims on one set: pending first, then the decided, newest first."""

    slug: str
    title: str
    pending: int
    lines: Page[ClaimLine]


def set_claims(session: Session, *, user_id: int, slug: str, page: int = 1,
               per_page: int = 25) -> SetClaims:
    """The set's claims for its owner (admins for the site's sets); NotFound otherwise."""
    bank = access.editable(session, slug, user_id)
    where = (Question.bank_id == bank.id, Answer.claim_state.is_not(None))
    total = session.scalar(select(func.count(Answer.id)).join(
        Question, Answer.question_id == Question.id).where(*where)) or 0
    pending = session.scalar(select(func.count(Answer.id)).join(
        Question, Answer.question_id == Question.id)
        .where(*where, Answer.claim_state == "pending")) or 0
    page = clamp_page(page, total, per_page)
    rows = session.execute(
        select(Answer, Question, User.display_name, Attempt.seed)
        .join(Question, Answer.question_id == Question.id)
        .join(User, Answer.user_id == User.id)
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .where(*where)
        .order_by(case((Answer.claim_state == "pending", 0), else_=1),
                  Answer.claimed_at.desc(), Answer.id.desc())
        .limit(per_page).offset((page - 1) * per_page))
    lines = []
    for a, q, name, seed in rows:
        seen = Shown.of(a.shown or q)
        wording = str(a.given or "").strip()
        known = {str(q.answer).casefold(), *(x.casefold() for x in (q.accept or []))}
        lines.append(ClaimLine(a.id, name, seen.prompt, given_text(seen, a.given),
                               right_text(seen, seed), a.claim_state or "pending",
                               a.claimed_at or a.answered_at,
                               bool(wording) and wording.casefold() not in known))
    return SetClaims(bank.ref, bank.title, pending, Page(lines, page, per_page, total))


def decide_claim(session: Session, *, user_id: int, slug: str, answer_id: int,
                 accept: bool, add_wording: bool = False, now: datetime) -> None:
    """Accept (the answer counts as right; the attempt is rescored) or reject a pending
    claim; with `add_wording`, the learner's answer joins the question's accepted ones."""
    with write_transaction(session):
        bank = access.editable(session, slug, user_id)
        answer = session.scalar(select(Answer).where(Answer.id == answer_id)
                                .with_for_update())
        question = session.get(Question, answer.question_id) if answer else None
        if answer is None or question is None or question.bank_id != bank.id \
                or answer.claim_state is None:
            raise NotFound("No such claim on this set.")
        if answer.claim_state != "pending":
            raise ServiceError("This claim has been decided already.")
        answer.claim_state = "accepted" if accept else "rejected"
        answer.claim_decided_by, answer.claim_decided_at = user_id, now
        if not accept:
            return
        session.execute(update(Answer).where(Answer.id == answer.id).values(
            correct=True, score=1.0, overridden_by=user_id, overridden_at=now)
            .execution_options(synchronize_session=False))
        rescore(session, answer.attempt_id)
        wording = str(answer.given or "").strip()
        if add_wording and wording:
            accepted = list(question.accept or [])
            if wording.casefold() not in {a.casefold() for a in accepted} and \
                    wording.casefold() != str(question.answer).casefold():
                question.accept = [*accepted, wording]
                question.updated_at = now
