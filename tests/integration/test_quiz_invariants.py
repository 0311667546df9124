"""Property: whatever order, repeats and kinds of submissions arrive, an attempt's counters
equal its answer rows, each position is answered at most once, one event per answer."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from quizapp.models import Answer, Attempt, Bank
from quizapp.services import ServiceError
from quizapp.services.events import AnswerRecorded, _handlers, subscribe
from tests.factories import make_user
from tests.factories_quiz import answer, later, load, right_values, start

_names = itertools.count()
submissions = st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["right", "wrong", "blank"])),
                       max_size=14)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=submissions, count=st.integers(1, 6))
def test_counters_match_rows_whatever_arrives(session, steps, count) -> None:  # type: ignore[no-untyped-def]
    if session.scalar(select(Bank).where(Bank.slug == "mixed")) is None:
        load(session)
    user = make_user(session, f"u{next(_names)}")
    attempt_id = start(session, user.id, count=count, seed=len(steps))
    events: list[AnswerRecorded] = []

    def handler(_session, event) -> None:  # type: ignore[no-untyped-def]
        events.append(event)

    subscribe(AnswerRecorded, handler)
    try:
        for i, (position, kind) in enumerate(steps):
            attempt = session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                                     .execution_options(populate_existing=True))
            due = position == attempt.answered_count < count
            values = {"right": right_values(session, user.id, attempt_id, position)
                      if due else ["0"], "wrong": ["0"], "blank": []}[kind]
            try:
                answer(session, user.id, attempt_id, position, values, now=later(i + 1))
            except ServiceError:
                pass  # out of order or already finished: refused, nothing written
    finally:
        _handlers[AnswerRecorded].remove(handler)
    attempt = session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                             .execution_options(populate_existing=True))
    rows = list(session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)))
    assert attempt.answered_count == len(rows) == len(events) <= count
    assert sorted(r.position for r in rows) == list(range(len(rows)))
    assert attempt.correct_count == sum(r.correct for r in rows)
    assert abs(attempt.points - sum(r.score for r in rows)) < 1e-9
    assert (attempt.finished_at is not None) == (len(rows) == count)


exam_steps = st.lists(st.tuples(st.integers(-1, 6), st.sampled_from(["right", "wrong", "blank",
                                                                     "skip", "stale"]),
                                st.sampled_from([None, True, False])), max_size=14)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=exam_steps, count=st.integers(1, 6))
def test_exam_counters_match_rows_whatever_arrives(session, steps, count) -> None:  # type: ignore[no-untyped-def]
    """An exam: any order, changes, blanks (none, or whitespace), stale forms and flags;
    one row and one event per answered position, counters equal to the rows, nothing ends
    before hand-in."""
    if session.scalar(select(Bank).where(Bank.slug == "mixed")) is None:
        load(session)
    user = make_user(session, f"e{next(_names)}")
    attempt_id = start(session, user.id, mode="exam", count=count, seed=len(steps))
    events: list[AnswerRecorded] = []
    subscribe(AnswerRecorded, lambda _s, e: events.append(e))
    saves: dict[int, int] = {}
    flags: set[int] = set()
    try:
        for i, (position, kind, flag) in enumerate(steps):
            inside = 0 <= position < count
            values = {"right": right_values(session, user.id, attempt_id, position)
                      if inside else ["0"], "wrong": ["0"], "blank": [], "skip": [" "],
                      "stale": ["0"]}[kind]
            done = saves.get(position, 0)
            try:
                out = answer(session, user.id, attempt_id, position, values, now=later(i + 1),
                             saves=done + 1 if kind == "stale" else done, flag=flag)
            except ServiceError:
                continue  # outside the exam, a stale form, or an option not shown
            if out.saved:
                saves[position] = done + 1
            if flag is not None:
                flags = flags | {position} if flag else flags - {position}
    finally:
        _handlers[AnswerRecorded].pop()
    attempt = session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                             .execution_options(populate_existing=True))
    rows = list(session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)))
    assert attempt.answered_count == len(rows) == len(events) == len(saves)
    assert {r.position: r.saves for r in rows} == saves
    assert attempt.correct_count == sum(r.correct for r in rows)
    assert abs(attempt.points - sum(r.score for r in rows)) < 1e-9
    assert attempt.finished_at is None and set(attempt.flags) == flags
