"""`srs` command group: evaluate schedulers on a review log, fit personal parameters from
one (`optimize`), and fit each due learner's in the database (`optimize-users`)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click
from flask.cli import with_appcontext

from quizapp.core.srs.evaluate import evaluate as evaluate_log
from quizapp.core.srs.evaluate import resolve_day_start
from quizapp.core.srs.optimize import optimize_for_learner
from quizapp.core.srs.revlog import ReviewRecord, RevlogError, read_revlog
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services.study import optimize as study_optimize

REVLOG = click.Path(exists=True, dir_okay=False, path_type=Path)
DAY_START = click.option(
    "--day-start-hour",
    type=click.IntRange(0, 23),
    default=None,
    help="UTC hour at which the learner's day rolls over (default: guessed from the "
    "learner's quietest hours, like Anki's 4 am local time).",
)


def _load(path: Path) -> list[ReviewRecord]:
    """Read a review log or fail with a clean message naming the line."""
    try:
        return read_revlog(path)
    except RevlogError as error:
        raise click.ClickException(f"{path}: {error}") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{path}: not a UTF-8 text file") from None


def _number(value: float | None) -> float | None:
    """JSON-safe float: NaN becomes null."""
    return None if value is None or math.isnan(value) else value


@click.group("srs")
def srs() -> None:
    """Spaced repetition: evaluate schedulers and fit personal FSRS parameters."""


@srs.command("evaluate")
@click.argument("revlog", type=REVLOG)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@DAY_START
def evaluate_command(revlog: Path, as_json: bool, day_start_hour: int | None) -> None:
    """Predict recall before each review a day or more after the last; score each model."""
    records = _load(revlog)
    try:
        report = evaluate_log(records, day_start_hour=day_start_hour)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        payload = {
            "revlog": str(revlog),
            "reviews": len(records),
            "day_start_hour": report.day_start_hour,
            "split": "5-fold time series (fsrs-rs layout); all models scored on the test folds",
            "models": [
                {
                    "model": s.model,
                    "log_loss": s.log_loss,
                    "rmse_bins": s.rmse_bins,
                    "auc": _number(s.auc),
                    "predicted_reviews": s.reviews,
                }
                for s in report.scores
            ],
            "fsrs_rs_time_series_log_loss": _number(report.fsrs_rs_log_loss),
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(
        f"{revlog}: {len(records)} reviews, day starts {report.day_start_hour:02d}:00 UTC"
    )
    click.echo(f"{'model':<16} {'log loss':>9} {'RMSE(bins)':>11} {'AUC':>7} {'predicted':>10}")
    for s in report.scores:
        click.echo(
            f"{s.model:<16} {s.log_loss:>9.4f} {s.rmse_bins:>11.4f} {s.auc:>7.4f} {s.reviews:>10}"
        )
    click.echo(f"fsrs-rs evaluate_with_time_series_splits log loss: {report.fsrs_rs_log_loss:.4f}")


@srs.command("optimize")
@click.argument("revlog", type=REVLOG)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write the parameters to use (fitted if adopted, else defaults) as JSON.",
)
@DAY_START
def optimize_command(
    revlog: Path, as_json: bool, output: Path | None, day_start_hour: int | None
) -> None:
    """Fit personal FSRS-6 parameters; adopt them only if they predict later reviews better."""
    records = _load(revlog)
    hour = resolve_day_start(records, day_start_hour)
    result = optimize_for_learner(records, day_start_hour=hour)
    payload = {
        "parameters": list(result.parameters),
        "adopted": result.adopted,
        "reason": result.reason,
        "log_loss_before": result.old_log_loss,
        "log_loss_after": result.new_log_loss,
        "training_reviews": result.training_items,
        "holdout_reviews": result.holdout_items,
        "day_start_hour": hour,
    }
    if output is not None:
        output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if as_json:
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"{'adopted' if result.adopted else 'kept defaults'}: {result.reason}")
    click.echo("parameters: " + ", ".join(f"{p:.4f}" for p in result.parameters))
    if result.old_log_loss is not None and result.new_log_loss is not None:
        click.echo(
            f"log loss on the later {result.holdout_items} reviews: "
            f"{result.old_log_loss:.4f} before, {result.new_log_loss:.4f} after"
        )
    if output is not None:
        click.echo(f"written to {output}")


@srs.command("optimize-users")
@click.option("--user", "usernames", multiple=True,
              help="Only this learner (repeatable). Default: every learner who is due.")
@click.option("--force", is_flag=True,
              help="Fit even when not due (still adopted only if it predicts better).")
@with_appcontext
def optimize_users_command(usernames: tuple[str, ...], force: bool) -> None:
    """Fit each due learner's FSRS-6 parameters; adopt them only if they predict better."""
    session = db.session
    if usernames:
        rows = session.execute(db.select(User.id, User.username)
                               .where(User.username.in_([u.lower() for u in usernames]))).all()
        missing = set(u.lower() for u in usernames) - {name for _, name in rows}
        if missing:
            raise click.ClickException(f"No user named {', '.join(sorted(missing))}.")
        user_ids = [user_id for user_id, _ in rows]
    else:
        user_ids = study_optimize.users_due(session)
    session.commit()
    if not user_ids:
        click.echo("No learner is due for an optimisation.")
        return
    for user_id in user_ids:
        report = study_optimize.optimize_user(session, user_id, now=utcnow(), force=force)
        if report is None:
            click.echo(f"user {user_id}: not due")
            continue
        losses = ""
        if report.old_log_loss is not None and report.new_log_loss is not None:
            losses = f" (log loss {report.old_log_loss:.4f} -> {report.new_log_loss:.4f})"
        verdict = "adopted" if report.adopted else "kept current parameters"
        click.echo(f"user {user_id}: {verdict} — {report.reason}; "
                   f"{report.reviews} cross-day reviews{losses}")


if __name__ == "__main__":
    srs()
