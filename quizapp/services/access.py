"""Who may do what with a set, in one place.

- read (the set page): public sets, anyone; shared sets, any teacher; private ones, the
  owner. The site's own sets (no owner) are public, and admins look after them.
- learn (quiz, study): public sets, and the set's editors (to try their own set out).
- edit (authoring, claims, regrade): the owner; for the site's sets, admins.
Everyone else is told the set does not exist (NotFound), never that it is forbidden."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.models import Bank, User
from quizapp.services import NotFound


@dataclass(frozen=True)
class Viewer:
    """The person asking: nobody (None), or a user id with their role."""

    user_id: int | None
    role: str | None

    @property
    def is_teacher(self) -> bool:
        """Teachers and admins author sets."""
        return self.role in ("teacher", "admin")


ANONYMOUS = Viewer(None, None)


def viewer(session: Session, user_id: int | None) -> Viewer:
    """The viewer for a user id (None: signed out)."""
    if user_id is None:
        return ANONYMOUS
    user = session.get(User, user_id)
    if user is None or user.is_disabled:
        return ANONYMOUS
    return Viewer(user.id, user.role)


def can_edit(bank: Bank, who: Viewer) -> bool:
    """The owner, or an admin for the site's own sets."""
    if who.user_id is None:
        return False
    if bank.owner_id is None:
        return who.role == "admin"
    return bank.owner_id == who.user_id


def can_read(bank: Bank, who: Viewer) -> bool:
    """See the set's page."""
    if bank.visibility == "public" or can_edit(bank, who):
        return True
    return bank.visibility == "shared" and who.is_teacher


def can_learn(bank: Bank, who: Viewer) -> bool:
    """Quiz on it, study it."""
    return bank.visibility == "public" or can_edit(bank, who)


def _checked(session: Session, ref: str, user_id: int | None,
             allowed: Callable[[Bank, Viewer], bool]) -> Bank:
    """The set at `ref` if `allowed` for this user; NotFound otherwise (or if none)."""
    bank = session.scalar(select(Bank).where(Bank.ref == ref))
    if bank is None or not allowed(bank, viewer(session, user_id)):
        raise NotFound(f"No question set with id {ref!r}.")
    return bank


def readable(session: Session, ref: str, user_id: int | None) -> Bank:
    """The set at `ref` if this user may read it; NotFound otherwise."""
    return _checked(session, ref, user_id, can_read)


def learnable(session: Session, ref: str, user_id: int | None) -> Bank:
    """The set at `ref` if this user may quiz on or study it; NotFound otherwise."""
    return _checked(session, ref, user_id, can_learn)


def editable(session: Session, ref: str, user_id: int | None) -> Bank:
    """The set at `ref` if this user may edit it; NotFound otherwise."""
    return _checked(session, ref, user_id, can_edit)
