"""Accounts service: registration, password rules, server-side sessions (the throttle:
test_throttle.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from quizapp.models import User, UserSession
from quizapp.services import Conflict, ServiceError, accounts
from tests.factories import NOW, make_user


def test_register_hashes_with_argon2id_at_owasp_minimum(session) -> None:
    user = make_user(session, "Grace ")
    assert user.username == "grace"
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse" not in user.password_hash


def test_usernames_are_unique_ignoring_case(session) -> None:
    make_user(session, "ada")
    with pytest.raises(Conflict):
        make_user(session, "ADA")


@pytest.mark.parametrize("password, ok", [
    ("short", False), ("1234567", False), ("95718264", True), ("12345678", False),
    ("password", False), ("Baseball", False), ("iloveyou ", False), ("quizapp rocks", True),
    ("x" * 64, True), ("p" * 200, True), ("p" * 257, False),
])
def test_password_length_rules_only(session, password: str, ok: bool) -> None:
    if ok:
        make_user(session, "u", password=password)
    else:
        with pytest.raises(ServiceError):
            make_user(session, "u", password=password)


def test_long_passwords_are_not_truncated(session) -> None:
    base = "a" * 100
    make_user(session, "long", password=base + "1")
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, username="long", password=base + "2",
                              address="1.1.1.1", now=NOW)


def test_authenticate_right_and_wrong(session) -> None:
    make_user(session, "ada")
    user = accounts.authenticate(session, username="Ada", password="correct horse battery",
                                 address="10.0.0.1", now=NOW)
    assert user.username == "ada"
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, username="ada", password="wrong password",
                              address="10.0.0.1", now=NOW)
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, username="nobody", password="whatever1",
                              address="10.0.0.1", now=NOW)


def test_rehash_on_login_when_parameters_change(session) -> None:
    user = make_user(session, "old")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    user.password_hash = weak.hash("correct horse battery")
    session.commit()
    accounts.authenticate(session, username="old", password="correct horse battery",
                          address="a", now=NOW)
    stored = session.scalar(select(User.password_hash).where(User.username == "old"))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_sessions_end_on_sign_out_and_expire(session) -> None:
    user = make_user(session, "ada")
    token = accounts.start_session(session, user, now=NOW, remember=False)
    assert session.scalar(select(UserSession.token_hash)) != token  # only the hash is kept
    assert accounts.user_for_token(session, token, now=NOW).username == "ada"
    assert accounts.user_for_token(session, token, now=NOW + timedelta(hours=13)) is None
    accounts.end_session(session, token)
    assert accounts.user_for_token(session, token, now=NOW) is None


def test_remember_me_lasts_fourteen_days_at_most(session) -> None:
    user = make_user(session, "ada")
    token = accounts.start_session(session, user, now=NOW, remember=True)
    for day in (6, 12, 13):  # used every few days: alive until the absolute limit
        assert accounts.user_for_token(session, token, now=NOW + timedelta(days=day))
    assert accounts.user_for_token(session, token, now=NOW + timedelta(days=14)) is None
    idle = accounts.start_session(session, user, now=NOW, remember=True)
    assert accounts.user_for_token(session, idle, now=NOW + timedelta(days=8)) is None


def test_password_change_ends_other_sessions(session) -> None:
    user = make_user(session, "ada")
    keep = accounts.start_session(session, user, now=NOW, remember=False)
    other = accounts.start_session(session, user, now=NOW, remember=False)
    accounts.change_password(session, user.id, current="correct horse battery",
                             new="a brand new passphrase", keep_token=keep)
    assert accounts.user_for_token(session, keep, now=NOW) is not None
    assert accounts.user_for_token(session, other, now=NOW) is None


def test_disabling_an_account_ends_its_sessions(session) -> None:
    user = make_user(session, "ada")
    token = accounts.start_session(session, user, now=NOW, remember=False)
    accounts.set_disabled(session, "ada", True)
    assert accounts.user_for_token(session, token, now=NOW) is None
    with pytest.raises(accounts.InvalidCredentials, match="disabled"):
        accounts.authenticate(session, username="ada", password="correct horse battery",
                              address="a", now=NOW)


def test_failures_count_once_each_and_a_right_password_counts_none(session) -> None:
    """A try is counted as a failure before its password is checked: a wrong one keeps
    the count, a right one takes it back (and, from a new browser, forgives this name's
    earlier mistakes from this address); a disabled account's right password is no
    failure either."""
    from sqlalchemy import func

    from quizapp.models import LoginFailure

    def failures() -> int:
        return session.scalar(select(func.count(LoginFailure.id)))

    make_user(session, "ada")
    for i in range(3):
        with pytest.raises(accounts.InvalidCredentials):
            accounts.authenticate(session, username="ada", password=f"wrong {i}",
                                  address="a", now=NOW)
    assert failures() == 3
    accounts.authenticate(session, username="ada", password="correct horse battery",
                          address="b", now=NOW)
    assert failures() == 3  # another address: those mistakes are not this browser's
    accounts.authenticate(session, username="ada", password="correct horse battery",
                          address="a", now=NOW)
    assert failures() == 0
    accounts.set_disabled(session, "ada", True)
    with pytest.raises(accounts.InvalidCredentials, match="disabled"):
        accounts.authenticate(session, username="ada", password="correct horse battery",
                              address="a", now=NOW)
    assert failures() == 0


def test_set_role(session) -> None:
    make_user(session, "ada")
    assert accounts.set_role(session, "ada", "teacher").role == "teacher"
    with pytest.raises(ServiceError):
        accounts.set_role(session, "ada", "king")
    with pytest.raises(ServiceError):
        accounts.set_role(session, "nobody", "teacher")


def test_an_unknown_username_costs_as_much_as_a_wrong_password(session) -> None:  # type: ignore[no-untyped-def]
    """No username enumeration by timing: the dummy hash is really verified. (Before: an
    unknown name took about a quarter of the time of a wrong password.)"""
    import time

    from quizapp.services import accounts as svc
    from tests.factories import NOW, make_user

    make_user(session, "ada")

    from dataclasses import replace

    from quizapp.services import throttle
    base = throttle.SignInLimits()
    limits = throttle.SignInLimits(account=replace(base.account, free=100))

    def timed(name: str, n: int) -> list[float]:
        out = []
        for i in range(n):
            start = time.perf_counter()
            with pytest.raises(svc.InvalidCredentials):
                svc.authenticate(session, username=name, password=f"wrong {i}",
                                 address=f"10.0.0.{i}", now=NOW, limits=limits)
            out.append(time.perf_counter() - start)
        return out

    known, unknown = timed("ada", 7), timed("nobody", 7)
    assert min(unknown) > 0.5 * sorted(known)[3], (known, unknown)
    assert min(known) > 0.5 * sorted(unknown)[3], (known, unknown)


def test_the_password_check_holds_no_write_lock(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """argon2 runs outside any transaction: while a sign-in hashes (made slow here), another
    request's write commits at once. (Before, on SQLite, it waited for the hash.)"""
    import threading
    import time

    from quizapp.database import write_transaction
    from quizapp.extensions import db
    from quizapp.models import LoginFailure

    slow = PasswordHasher(time_cost=60, memory_cost=19 * 1024, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", slow)
    with app.app_context():
        make_user(db.session, "ada")
    done: list[float] = []

    def sign_in() -> None:
        with app.app_context():
            started = time.perf_counter()
            accounts.authenticate(db.session, username="ada", password="correct horse battery",
                                  address="10.0.0.1", now=NOW)
            done.append(time.perf_counter() - started)
            db.session.remove()

    thread = threading.Thread(target=sign_in)
    thread.start()
    time.sleep(0.15)  # the sign-in is hashing now
    with app.app_context():
        started = time.perf_counter()
        with write_transaction(db.session):
            db.session.add(LoginFailure(username="bob", address="10.0.0.2", failed_at=NOW))
        wrote = time.perf_counter() - started
    thread.join()
    assert done and done[0] > 0.5, done  # the hash really was slow
    assert wrote < 0.25 * done[0], (wrote, done)
