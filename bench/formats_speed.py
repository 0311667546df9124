"""How long reading and writing each format takes for a large set (2,000 questions of
every type), and the whole import of such a file through the service on SQLite, beside
parsing our own YAML bank of the same questions in the same run (the baseline).

    .venv/bin/python bench/formats_speed.py [--questions 2000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.core import formats  # noqa: E402
from quizapp.core.bank import Bank, Question  # noqa: E402


def big_bank(n: int) -> Bank:
    qs = []
    for i in range(n):
        kind = i % 6
        base = {"id": f"q{i}", "prompt": f"Question number {i} about planet {i % 97}?"}
        if kind == 0:
            qs.append(Question(type="mcq", choices=(f"a{i}", f"b{i}", f"c{i}", f"d{i}"),
                               answer=f"b{i}", explanation="Because.", tags=("t",), **base))
        elif kind == 1:
            qs.append(Question(type="multi", choices=(f"a{i}", f"b{i}", f"c{i}", f"d{i}"),
                               answer=(f"a{i}", f"c{i}"), **base))
        elif kind == 2:
            qs.append(Question(type="true_false", answer=bool(i % 2), **base))
        elif kind == 3:
            qs.append(Question(type="short", answer=f"answer {i}", accept=(f"ans {i}",),
                               **base))
        elif kind == 4:
            qs.append(Question(type="cloze", answer=f"w{i}", **{
                **base, "prompt": f"The word _____ is number {i}."}))
        else:
            qs.append(Question(type="numeric", answer=i, tolerance=0.5, **base))
    return Bank(id="big", title="Big set", questions=tuple(qs))


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=2000)
    n = parser.parse_args().questions
    bank = big_bank(n)
    print(f"{n} questions, median of 3 runs (seconds)")
    print(f"{'format':12} {'write':>8} {'read':>8} {'bytes':>10} {'read back':>9}")
    for fmt in formats.writable():
        assert fmt.write is not None and fmt.read is not None
        data = fmt.write(bank).data
        write_s = timed(lambda fmt=fmt: fmt.write(bank))  # type: ignore[misc]
        read_s = timed(lambda fmt=fmt, data=data: fmt.read(data, "big" + fmt.suffix))  # type: ignore[misc]
        back = len(fmt.read(data, "big" + fmt.suffix).questions)
        print(f"{fmt.name:12} {write_s:8.3f} {read_s:8.3f} {len(data):10d} {back:9d}")
    # the whole import through the service, on a fresh SQLite database
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.services.transfer import imports

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                          "SECRET_KEY": "bench", "INSTANCE_PATH": folder})
        with app.app_context():
            db.create_all()
            for name in ("yaml", "gift", "csv"):
                data = formats.get(name).write(bank).data
                start = time.perf_counter()
                imports.import_file(db.session, data=data, filename=f"big-{name}.{name}",
                                    format_name=name, owner_id=None, slug=f"big-{name}",
                                    replace=False, now=_now())
                first = time.perf_counter() - start
                start = time.perf_counter()
                imports.import_file(db.session, data=data, filename=f"big-{name}.{name}",
                                    format_name=name, owner_id=None, slug=f"big-{name}",
                                    replace=False, now=_now())
                again = time.perf_counter() - start
                print(f"import {name:6} new set {first:6.2f} s, the same file again "
                      f"(all unchanged) {again:6.2f} s")


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


if __name__ == "__main__":
    main()
