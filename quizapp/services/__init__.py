"""Use cases. Each takes plain values and a session, calls the core, writes rows and
commits once (via `quizapp.database.write_transaction`), raising domain errors."""
from __future__ import annotations


class ServiceError(Exception):
    """A use case refused: the message is safe to show to the user; `field` names the
    form field it is about, when it is about one."""

    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        if field is not None:
            self.field = field


class NotFound(ServiceError):
    """The object does not exist, or the user may not see it (both answer 404)."""


class Conflict(ServiceError):
    """The request clashes with existing data (a taken username, say)."""
