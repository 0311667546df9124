"""Print how well SM-2 and FSRS-6 predict recall on a review log (srs-benchmark protocol).

Usage: python bench/srs_eval.py [REVLOG.csv] [--day-start-hour H]
Defaults to ../shared/data/anki-revlog-josh.csv relative to the repository root.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quizapp.core.srs.evaluate import evaluate
from quizapp.core.srs.optimize import optimize_for_learner
from quizapp.core.srs.revlog import read_revlog

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LOG = ROOT.parent / "shared" / "data" / "anki-revlog-josh.csv"


def main() -> None:
    """Evaluate the three models at the guessed day rollover and at fixed ones."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("revlog", nargs="?", type=Path, default=DEFAULT_LOG)
    parser.add_argument("--day-start-hour", type=int, action="append", default=None)
    args = parser.parse_args()
    records = read_revlog(args.revlog)
    print(f"{args.revlog}: {len(records)} reviews of {len({r.card_id for r in records})} cards")
    hours: list[int | None] = [None, 0, 4] if args.day_start_hour is None else args.day_start_hour
    for hour in hours:
        started = time.perf_counter()
        report = evaluate(records, day_start_hour=hour)
        elapsed = time.perf_counter() - started
        label = "guessed" if hour is None else "given"
        print(f"\nday starts {report.day_start_hour:02d}:00 UTC ({label}); {elapsed:.2f} s")
        print(f"{'model':<16} {'log loss':>9} {'RMSE(bins)':>11} {'AUC':>7} {'predicted':>10}")
        for s in report.scores:
            print(
                f"{s.model:<16} {s.log_loss:>9.4f} {s.rmse_bins:>11.4f} "
                f"{s.auc:>7.4f} {s.reviews:>10}"
            )
        print(f"fsrs-rs evaluate_with_time_series_splits: {report.fsrs_rs_log_loss:.4f}")
    started = time.perf_counter()
    result = optimize_for_learner(records, day_start_hour=evaluate(records).day_start_hour)
    print(
        f"\noptimize: adopted={result.adopted} ({result.reason}); later "
        f"{result.holdout_items} reviews: {result.old_log_loss:.4f} default -> "
        f"{result.new_log_loss:.4f} fitted; {time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    main()
