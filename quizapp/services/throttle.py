"""Slowing down password guessing and mass sign-ups, counted in the database.

Sign-in failures are counted four ways (OWASP, Authentication and Credential Stuffing
cheat sheets):

- per username, per address and overall, for browsers that have never signed in to that
  account: an attacker trying one account, spraying many from one address, or stuffing
  from many addresses is slowed down;
- per device cookie, for a browser that has signed in to the account before: the owner
  is slowed only by their own mistakes, never by an attacker's (OWASP, "Slow Down Online
  Guessing Attacks with Device Cookies").

Nothing is locked: each rule says how long to wait, and the page says it too. Counting
lives in the database, so every worker and every box sees the same numbers.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, text
from sqlalchemy.orm import Session

from quizapp.core.throttle import Slowdown
from quizapp.models import LoginFailure, SignUpAttempt
from quizapp.services import ServiceError


@dataclass(frozen=True)
class SignInLimits:
    """The four sign-in rules; the defaults suit a school behind one address."""

    account: Slowdown = Slowdown("account", free=5, base_seconds=15, cap_seconds=300)
    device: Slowdown = Slowdown("device", free=10, base_seconds=15, cap_seconds=300)
    address: Slowdown = Slowdown("address", free=30, base_seconds=2, cap_seconds=60)
    overall: Slowdown = Slowdown("overall", free=1000, base_seconds=1, cap_seconds=30)

    @property
    def window(self) -> timedelta:
        """How far back failures are counted (the longest rule's window)."""
        return timedelta(seconds=max(r.window_seconds for r in
                                     (self.account, self.device, self.address, self.overall)))


@dataclass(frozen=True)
class SignUpLimits:
    """Sign-ups per address and overall in an hour, then one every few seconds: a class
    of 40 behind one address gets in within minutes, a script making hundreds does not."""

    address: Slowdown = field(default_factory=lambda: Slowdown(
        "address", free=30, base_seconds=30, cap_seconds=30, window_seconds=3600, factor=1))
    overall: Slowdown = field(default_factory=lambda: Slowdown(
        "overall", free=300, base_seconds=5, cap_seconds=5, window_seconds=3600, factor=1))


WHO = {
    "account": "for this username",
    "device": "from this browser",
    "address": "from your network",
    "overall": "on this site right now",
    "learner": "from your account",
}


def say_wait(seconds: int) -> str:
    """'1 second', '45 seconds', 'about 4 minutes'."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"about {round(seconds / 60)} minutes"


class Throttled(ServiceError):
    """A try that must wait; `retry_after` seconds, `scope` names the rule."""

    def __init__(self, retry_after: int, scope: str = "account", action: str = "sign-in") -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after
        self.scope = scope
        self.action = action

    def __str__(self) -> str:
        tries = {"sign-in": "failed sign-ins", "join": "wrong class codes"}.get(
            self.action, "new accounts")
        return (f"Too many {tries} {WHO.get(self.scope, '')}. "
                f"Try again in {say_wait(self.retry_after)}.")


@dataclass(frozen=True)
class Count:
    """Failures within a rule's window, and when the latest was."""

    rule: Slowdown
    count: int
    last: datetime | None


def _counted(session: Session, rule: Slowdown, now: datetime,
             *where: ColumnElement[bool]) -> Count:
    since = now - timedelta(seconds=rule.window_seconds)
    limited = (select(LoginFailure.failed_at)
               .where(LoginFailure.failed_at > since, *where)
               .order_by(LoginFailure.failed_at.desc())
               .limit(rule.free + 64).subquery())
    row = session.execute(select(func.count(), func.max(limited.c.failed_at))).one()
    return Count(rule, int(row[0]), row[1])


def signin_counts(session: Session, *, username: str, address: str, device: str | None,
                  now: datetime, limits: SignInLimits) -> list[Count]:
    """The counts that apply to this try: the device's alone for a known browser, else
    the username's, the address's and the site's."""
    if device:
        return [_counted(session, limits.device, now, LoginFailure.device == device)]
    untrusted = LoginFailure.device.is_(None)
    return [
        _counted(session, limits.account, now, LoginFailure.username == username, untrusted),
        _counted(session, limits.address, now, LoginFailure.address == address, untrusted),
        _counted(session, limits.overall, now, untrusted),
    ]


def check(counts: list[Count], now: datetime, action: str = "sign-in") -> None:
    """Throttled with the longest wait any rule asks for, or nothing."""
    waits = [(c.rule.wait_seconds(c.count, c.last, now), c.rule.name) for c in counts]
    wait, scope = max(waits)
    if wait > 0:
        raise Throttled(retry_after=wait, scope=scope, action=action)


def warning_after_failure(counts: list[Count]) -> str | None:
    """What to tell someone who just got the password wrong, before they meet the limit:
    the first count is the one that is theirs (the username's, or the device's)."""
    own = counts[0]
    after = own.count + 1  # this failure included
    left = own.rule.free_left(after)
    if 0 < left <= 2:
        return (f"{left} more wrong {'try' if left == 1 else 'tries'} and you will have to "
                "wait between tries.")
    if left == 0:
        return f"Wait {say_wait(round(own.rule.delay(after)))} before the next try."
    return None


def record_failure(session: Session, *, username: str, address: str, device: str | None,
                   now: datetime, limits: SignInLimits) -> int:
    """Count a failed sign-in (its row's id), and forget those older than every window."""
    row = LoginFailure(username=username, address=address, device=device, failed_at=now)
    session.add(row)
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - limits.window))
    session.flush()
    return row.id


def forget_failure(session: Session, failure_id: int) -> None:
    """A try counted as failed before its password was checked turned out right."""
    session.execute(delete(LoginFailure).where(LoginFailure.id == failure_id))


def forget_failures(session: Session, *, username: str, address: str,
                    device: str | None) -> None:
    """After a good sign-in: the mistakes made from this browser are forgiven (its device
    cookie's, or, for a browser new to the account, this username's from this address);
    a known browser's sign-in forgives nothing else, so an attacker behind the owner's
    address keeps their count."""
    if device:
        session.execute(delete(LoginFailure).where(LoginFailure.device == device))
        return
    session.execute(delete(LoginFailure).where(
        LoginFailure.username == username, LoginFailure.address == address,
        LoginFailure.device.is_(None)))


def lock_keys(session: Session, *keys: str) -> None:
    """Serialise concurrent tries on the same keys (SQLite already holds the write lock).
    Keys are always taken in the order given (username, then address): no deadlock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in keys:
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})


def admit_signup(session: Session, *, address: str, now: datetime,
                 limits: SignUpLimits) -> None:
    """Throttled if this address or the site has made too many accounts lately; else the
    try is counted. Run inside the caller's write transaction."""
    lock_keys(session, f"signup\0{address}")
    counts = []
    for rule, where in ((limits.address, (SignUpAttempt.address == address,)),
                        (limits.overall, ())):
        since = now - timedelta(seconds=rule.window_seconds)
        limited = (select(SignUpAttempt.attempted_at)
                   .where(SignUpAttempt.attempted_at > since, *where)
                   .order_by(SignUpAttempt.attempted_at.desc())
                   .limit(rule.free + 64).subquery())
        row = session.execute(select(func.count(), func.max(limited.c.attempted_at))).one()
        counts.append(Count(rule, int(row[0]), row[1]))
    check(counts, now, action="sign-up")
    session.add(SignUpAttempt(address=address, attempted_at=now))
    oldest = max(limits.address.window_seconds, limits.overall.window_seconds)
    session.execute(delete(SignUpAttempt).where(
        SignUpAttempt.attempted_at < now - timedelta(seconds=oldest)))
