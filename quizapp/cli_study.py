"""`quizapp srs optimize-users`: fit personal FSRS parameters for learners who are due.

The lead attaches `optimize_users_command` to the `srs` group (`quizapp/cli_srs.py`).
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services.study import optimize as study_optimize


@click.command("optimize-users")
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
