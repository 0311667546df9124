"""Accounts: sign-up, sign-in (slowed down by services.throttle), sessions, roles."""
from __future__ import annotations

import functools
import hashlib
import os
import secrets
import threading
import unicodedata
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.database import write_transaction
from quizapp.models import User, UserSession
from quizapp.models.accounts import ROLES
from quizapp.services import Conflict, NotFound, ServiceError, throttle

# OWASP's minimum for argon2id: m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = HASHER.hash("not a real password, used to even out timing")
# argon2 runs outside the GIL and takes 19 MiB: as many hashes at once as there are CPUs,
# the rest queue, so a burst of sign-ins neither starves every other request of CPU nor
# makes a worker of 64 threads grow by a gigabyte.
_HASHING = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))

MIN_PASSWORD = 8
MAX_PASSWORD = 256
SESSION_LIFETIME = timedelta(hours=12)
REMEMBER_LIFETIME = timedelta(days=14)
# Idle timeouts beside the absolute ones (OWASP session management): a session unused for
# this long ends; `last_seen_at` is written at most every SEEN_EVERY, not on each request.
IDLE_TIMEOUT = timedelta(hours=2)
REMEMBER_IDLE_TIMEOUT = timedelta(days=7)
SEEN_EVERY = timedelta(minutes=5)


class InvalidCredentials(ServiceError):
    """Wrong username or password (deliberately not saying which); `warning` tells how
    many tries are left before sign-in slows down, once that is near."""

    def __init__(self, message: str, warning: str | None = None) -> None:
        super().__init__(message)
        self.warning = warning

    def __str__(self) -> str:
        return " ".join(filter(None, (self.args[0], self.warning)))


def normalise_username(username: str) -> str:
    """Usernames are compared case-insensitively, without surrounding spaces."""
    return username.strip().lower()


# Bidirectional controls (U+202E shows "evil" as "live") and the byte-order mark; control
# characters (Unicode category Cc, NUL included) are refused too. Joiners stay: emoji use them.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069\ufeff")


class InvalidName(ServiceError):
    """A display name with characters that could disguise it; shown beside the field."""


def validate_display_name(name: str) -> str:
    """The name without surrounding spaces; InvalidName for control or bidi characters."""
    for ch in name:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            raise InvalidName(f"Your name cannot contain the invisible character "
                              f"U+{ord(ch):04X}; type it without.")
    return name.strip()


class InvalidPassword(ServiceError):
    """A password the rules refuse; shown beside the password field."""


def validate_password(password: str) -> None:
    """NIST/OWASP rules: 8 to 256 characters, no composition rules, no truncation, and not
    one of the most common passwords (ASVS 5.0, V6.2.4)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidPassword(f"Use at least {MIN_PASSWORD} characters for your password.")
    if len(password) > MAX_PASSWORD:
        raise InvalidPassword(f"Use at most {MAX_PASSWORD} characters for your password.")
    if password.strip().lower() in common_passwords():
        raise InvalidPassword("That password is one of the most common ones, the first an "
                           "attacker tries. Choose another: a few unrelated words work well.")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 11,611 passwords of 8 characters or more among the 30,000 most common in
    zxcvbn's list (from leaked password sets; MIT), lower-cased. Loaded on first use."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"] if len(p) >= MIN_PASSWORD)


def register(
    session: Session, *, username: str, password: str, role: str, now: datetime,
    display_name: str | None = None, address: str | None = None,
    limits: throttle.SignUpLimits | None = None,
) -> User:
    """Create an account (learner or teacher); the username must be free. With an address
    (a sign-up from the web), sign-ups per address and overall are slowed down."""
    name = normalise_username(username)
    if role not in ("learner", "teacher"):
        raise ServiceError("Choose learner or teacher.")
    shown_name = validate_display_name(display_name or username)[:120]
    validate_password(password)
    if address is not None:
        with write_transaction(session):
            throttle.admit_signup(session, address=address, now=now,
                                  limits=limits or throttle.SignUpLimits())
    password_hash = _hash(password)
    taken = Conflict("That username is taken. Pick another one.")
    try:
        with write_transaction(session):
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise taken
            user = User(
                username=name, display_name=shown_name,
                password_hash=password_hash, role=role, created_at=now,
            )
            session.add(user)
    except IntegrityError:  # the same name, signed up at the same moment (PostgreSQL)
        raise taken from None
    return user


def authenticate(
    session: Session, *, username: str, password: str, address: str, now: datetime,
    device: str | None = None, limits: throttle.SignInLimits | None = None,
) -> User:
    """Check a password. `device` is the nonce of this browser's device cookie for this
    username, if it has one: then only the device's own failures slow it down. Raises
    throttle.Throttled (wait first; the password is not checked) or InvalidCredentials."""
    limits = limits or throttle.SignInLimits()
    name = normalise_username(username)[:64]
    # 1. Count the try as a failure before the password is checked (so tries made at the
    # same moment all count), unless the tries so far say wait.
    with write_transaction(session):
        throttle.lock_keys(session, f"user\0{name}", f"addr\0{address}")
        counts = throttle.signin_counts(session, username=name, address=address,
                                        device=device, now=now, limits=limits)
        throttle.check(counts, now)
        pending = throttle.record_failure(session, username=name, address=address,
                                          device=device, now=now, limits=limits)
        user = session.scalar(select(User).where(User.username == name))
        stored_hash = user.password_hash if user else None
    # 2. argon2 outside any transaction: on SQLite a writer holds the whole database, and
    # a sign-in's 20-odd ms of hashing would stall every answer being saved meanwhile.
    # Verify before looking at the result: an unknown name costs the same argon2 work.
    verified = _verify(stored_hash, password)
    if user is None or not verified:
        raise InvalidCredentials("Wrong username or password.",
                                 throttle.warning_after_failure(counts))
    rehashed = _hash(password) if HASHER.check_needs_rehash(stored_hash or "") else None
    # 3. Right: the try was no failure after all.
    with write_transaction(session):
        throttle.forget_failure(session, pending)
        found = session.scalar(select(User).where(User.id == user.id))
        if found is not None and not found.is_disabled:
            throttle.forget_failures(session, username=name, address=address, device=device)
            if rehashed is not None:
                found.password_hash = rehashed
    if found is None:
        raise InvalidCredentials("Wrong username or password.")
    if found.is_disabled:
        raise InvalidCredentials("This account is disabled.")
    return found


def _verify(stored_hash: str | None, password: str) -> bool:
    """Verify with argon2; an unknown user is checked against a dummy hash (same timing)."""
    try:
        with _HASHING:
            return HASHER.verify(stored_hash or _DUMMY_HASH, password) \
                and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _hash(password: str) -> str:
    with _HASHING:
        return HASHER.hash(password)


def start_session(session: Session, user: User, *, now: datetime, remember: bool) -> str:
    """Create a server-side session row and return its raw token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    lifetime = REMEMBER_LIFETIME if remember else SESSION_LIFETIME
    with write_transaction(session):
        session.execute(delete(UserSession).where(  # the user's expired sessions go
            UserSession.user_id == user.id, UserSession.expires_at <= now))
        session.add(UserSession(
            user_id=user.id, token_hash=hash_token(token), created_at=now,
            last_seen_at=now, expires_at=now + lifetime,
        ))
    user.session_token = token
    return token


def hash_token(token: str) -> str:
    """SHA-256 of a session token (tokens are random, so no salt or slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


# Built once: loading the signed-in user is on every request, and building a statement
# costs as much as running this one.
_USER_FOR_TOKEN = (
    select(User, UserSession.id, UserSession.expires_at, UserSession.created_at,
           UserSession.last_seen_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("token_hash")))


def user_for_token(session: Session, token: str, *, now: datetime) -> User | None:
    """The signed-in user behind a session token, or None if the session ended or expired."""
    row = session.execute(_USER_FOR_TOKEN, {"token_hash": hash_token(token)}).first()
    if row is None or row.expires_at <= now or row.User.is_disabled:
        return None
    remembered = row.expires_at - row.created_at > SESSION_LIFETIME
    idle = REMEMBER_IDLE_TIMEOUT if remembered else IDLE_TIMEOUT
    if now - row.last_seen_at > idle:
        return None
    if now - row.last_seen_at > SEEN_EVERY:
        with write_transaction(session):
            session.execute(update(UserSession).where(UserSession.id == row.id)
                            .values(last_seen_at=now)
                            .execution_options(synchronize_session=False))
    user = row.User
    user.session_token = token
    return user


def end_session(session: Session, token: str | None) -> None:
    """Sign out: delete the session row so the cookie stops working everywhere."""
    if not token:
        return
    with write_transaction(session):
        session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))


def change_password(
    session: Session, user_id: int, *, current: str, new: str, keep_token: str | None,
) -> None:
    """Change a password and end every other session of that user."""
    validate_password(new)
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("No such user.")
        if not _verify(user.password_hash, current):
            raise InvalidCredentials("Your current password is not right.")
        user.password_hash = _hash(new)
        query = delete(UserSession).where(UserSession.user_id == user_id)
        if keep_token:
            query = query.where(UserSession.token_hash != hash_token(keep_token))
        session.execute(query)


def set_role(session: Session, username: str, role: str) -> User:
    """Change an account's role (admin command)."""
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    with write_transaction(session):
        user = session.scalar(select(User).where(User.username == normalise_username(username)))
        if user is None:
            raise NotFound(f"No user named {username!r}.")
        user.role = role
    return user


def set_disabled(session: Session, username: str, disabled: bool) -> User:
    """Disable (or re-enable) an account; disabling ends all its sessions."""
    with write_transaction(session):
        user = session.scalar(select(User).where(User.username == normalise_username(username)))
        if user is None:
            raise NotFound(f"No user named {username!r}.")
        user.is_disabled = disabled
        if disabled:
            session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return user


def list_users(session: Session) -> list[tuple[str, str, bool, int]]:
    """(username, role, disabled, active sessions) for every account, by username."""
    count = (select(func.count(UserSession.id)).where(UserSession.user_id == User.id)
             .correlate(User).scalar_subquery())
    rows = session.execute(
        select(User.username, User.role, User.is_disabled, count).order_by(User.username))
    return [(r[0], r[1], r[2], r[3]) for r in rows]
