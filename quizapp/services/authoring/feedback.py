"""The teachers' decisions on generated drafts, as labelled rows to refit the generator's
ranker on: each decided draft with the question as generated, what the teacher made of it
(kept as is, edited with the after, rejected with the reason), and its source sentence."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.models import Bank, Draft

LABELS = {"kept": 1.0, "edited": 1.0, "rejected": 0.0}


def decision_rows(session: Session) -> Iterator[dict[str, Any]]:
    """One row per decided draft, oldest decision first (pending drafts are not labels)."""
    query = (select(Draft, Bank.ref, Bank.title, Bank.source_sha256, Bank.generator)
             .join(Bank, Draft.bank_id == Bank.id)
             .where(Draft.status.in_(tuple(LABELS)))
             .order_by(Draft.decided_at, Draft.id))
    for draft, ref, title, sha, generator in session.execute(query):
        data = draft.data or {}
        source = data.get("source") or {}
        yield {
            "set": ref, "set_title": title, "article_sha256": sha,
            "generator": generator, "qid": draft.qid, "rank": draft.rank,
            "decision": draft.status, "label": LABELS[draft.status],
            "reason": draft.reason, "generated": data, "edited": draft.edited,
            "sentence": source.get("text"), "answer": data.get("answer"),
            "type": data.get("type"),
            "decided_at": draft.decided_at.isoformat() if draft.decided_at else None,
        }
