"""What each kind of job does: a service call with the job's payload. A handler takes
(session, payload, progress, owner_id) and returns a JSON-able result or None; it raises
`ServiceError` for input at fault (shown to the owner, not retried)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from quizapp.database import utcnow
from quizapp.services.authoring import drafts
from quizapp.services.study import optimize as study_optimize

Progress = Callable[[int, "str | None"], None]
Handler = Callable[[Session, dict[str, Any], Progress, "int | None"], "dict[str, Any] | None"]


def fit_parameters(session: Session, payload: dict[str, Any], progress: Progress,
                   owner_id: int | None) -> dict[str, Any] | None:
    """Fit one learner's FSRS parameters (adopted only if they predict better)."""
    progress(10, "Fitting your memory model…")
    report = study_optimize.optimize_user(session, int(payload["user_id"]), now=utcnow())
    if report is None:
        return {"adopted": False, "reason": "not due"}
    return {"adopted": report.adopted, "reason": report.reason, "reviews": report.reviews}


def generate(session: Session, payload: dict[str, Any], progress: Progress,
             owner_id: int | None) -> dict[str, Any] | None:
    """Generate draft questions from a set's article."""
    return drafts.generate_drafts(session, int(payload["bank_id"]), owner_id, progress,
                                  now=utcnow(), job_id=payload.get("job_id"))


HANDLERS: dict[str, Handler] = {
    "fit_parameters": fit_parameters,
    "generate": generate,
}
