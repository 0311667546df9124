"""What an attacker on the sign-in and sign-up forms meets (issue 12, items 1 and 2).

Runs the app in-process on a fresh SQLite file, through its real forms (CSRF off), and
prints: sign-in timing for a wrong password vs an unknown user; what the owner meets after
an attacker's failures at the same address (known browser, new browser); how many of 150
usernames sprayed from one address are checked; how many of 240 sign-ups at full speed
become accounts. Run it on two commits to compare:

    .venv/bin/python bench/signin_abuse.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402

RIGHT = "correct horse battery"


def fresh_app(**config: object):  # type: ignore[no-untyped-def]
    """The app on a new SQLite file."""
    tmp = Path(tempfile.mkdtemp(prefix="signin-bench-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": str(tmp / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}", "WTF_CSRF_ENABLED": False,
    } | config)
    with app.app_context():
        db.create_all()
    return app


def main() -> None:
    # Part 1 on an app whose slow-down never starts (every try is checked); part 2 on one
    # with the shipped rules.
    timing_app = fresh_app(LOGIN_FREE_FAILURES=10_000, LOGIN_ADDRESS_FREE_FAILURES=10_000)
    app = fresh_app()

    def sign_up(client, name: str):  # type: ignore[no-untyped-def]
        return client.post("/account/signup", data={
            "username": name, "display_name": name, "password": RIGHT, "confirm": RIGHT,
            "role": "learner"})

    def sign_in(client, name: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
        return client.post("/account/signin", data={"username": name, "password": password},
                           environ_base={"REMOTE_ADDR": address})

    for each in (timing_app, app):
        owner = each.test_client()
        sign_up(owner, "owner")
        owner.post("/account/signout")

    # 1. Timing: wrong password for an existing user vs an unknown user.
    def timed(name: str, n: int = 21) -> list[float]:
        out = []
        for i in range(n):
            start = time.perf_counter()
            sign_in(timing_app.test_client(), name, f"wrong {i}", address=f"10.9.{i}.1")
            out.append((time.perf_counter() - start) * 1000)
        return out

    known = timed("owner")
    unknown = timed("nobody-here")
    overlap = min(unknown) <= max(known) and min(known) <= max(unknown)
    print(f"1. wrong password, existing user: median {statistics.median(known):.1f} ms "
          f"(range {min(known):.1f}-{max(known):.1f})")
    print(f"   unknown user:                  median {statistics.median(unknown):.1f} ms "
          f"(range {min(unknown):.1f}-{max(unknown):.1f}); ranges overlap: {overlap}")

    # 2a. An attacker at the owner's address (a school) tries 10 wrong passwords.
    attacker = app.test_client()
    codes = [sign_in(attacker, "owner", f"guess {i}").status_code for i in range(10)]
    print(f"2. attacker's 10 guesses at the owner's address: {codes.count(200)} checked, "
          f"{codes.count(429)} slowed")
    for label, client in (("owner, browser used before", owner),
                          ("owner, new browser", app.test_client())):
        response = sign_in(client, "owner", RIGHT)
        wait = response.headers.get("Retry-After", "0")
        print(f"   {label}: status {response.status_code}, wait {wait} s")

    # 2b. One address sprays 150 usernames as fast as it can.
    sprayer = app.test_client()
    start = time.perf_counter()
    codes = [sign_in(sprayer, f"user{i}", "Winter2026!", address="198.51.100.7").status_code
             for i in range(150)]
    took = time.perf_counter() - start
    print(f"   150 usernames from one address in {took:.1f} s: {codes.count(200)} checked, "
          f"{codes.count(429)} slowed")

    # 2c. Sign-ups as fast as one address can make them.
    start = time.perf_counter()
    made = 0
    for i in range(240):
        response = sign_up(app.test_client(), f"bot{i}")
        made += response.status_code == 302
    took = time.perf_counter() - start
    print(f"   240 sign-ups from one address in {took:.1f} s: {made} accounts made, "
          f"{240 - made} slowed")


if __name__ == "__main__":
    main()
