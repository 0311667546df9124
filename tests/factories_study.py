"""Factories for study tests: a learner with a set in their deck, reviews at given times."""
from __future__ import annotations

import random
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core import bank as core_bank
from quizapp.models.study import StudyCard
from quizapp.services.study import decks
from quizapp.services.study.review import ReviewResult
from tests.factories import NOW, import_bank, make_bank, make_question, make_user


def sibling_bank(slug: str = "study-set", *, questions: int = 4) -> core_bank.Bank:
    """A bank of short-answer questions; q1 and q2 come from the same source sentence."""
    span = core_bank.SourceSpan(0, 30, "Canberra is the capital of Australia.")
    values = [make_question("q1", type="short", prompt="Capital of Australia?",
                            answer="Canberra", choices=(), source=span),
              make_question("q2", type="short", prompt="Canberra is the capital of ...?",
                            answer="Australia", choices=(), source=span)]
    values += [make_question(f"q{i}", type="short", prompt=f"Question {i}?", answer=f"answer {i}",
                             choices=()) for i in range(3, questions + 1)]
    return make_bank(slug, title="Study set", question_values=tuple(values))


def learner_with_deck(session: Session, username: str = "ada", *, slug: str = "study-set",
                      questions: int = 4, now: datetime = NOW,
                      bank: core_bank.Bank | None = None) -> tuple[int, list[int]]:
    """A learner who added a set to their deck: (user id, card ids in set order)."""
    user = make_user(session, username)
    import_bank(session, bank or sibling_bank(slug, questions=questions), now=now)  # idempotent
    decks.add_set(session, user.id, slug, now=now)
    cards = session.scalars(select(StudyCard.id).where(StudyCard.user_id == user.id)
                            .order_by(StudyCard.due, StudyCard.id)).all()
    return user.id, list(cards)


def review(session: Session, user_id: int, card_id: int, rating: int, now: datetime, *,
           submission_id: str | None = None, seed: int = 0) -> ReviewResult:
    """Record a study review with a fresh (or given) submission id."""
    return decks.record_review(session, user_id, card_id, rating,
                               submission_id=submission_id or uuid.uuid4().hex, now=now,
                               duration_ms=4000, rng=random.Random(seed))
