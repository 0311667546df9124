"""`quizapp users ...`: create accounts, change roles, disable, list."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import ServiceError, accounts


@click.group("users")
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["learner", "teacher", "admin"]), default="learner")
@click.password_option(help="Prompted for when not given.")
@with_appcontext
def users_create(username: str, role: str, password: str) -> None:
    """Create an account (admins can only be made here or with set-role)."""
    try:
        accounts.register(db.session, username=username, password=password,
                          role="teacher" if role == "admin" else role, now=utcnow())
        if role == "admin":
            accounts.set_role(db.session, username, "admin")
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {accounts.normalise_username(username)} ({role}).")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["learner", "teacher", "admin"]))
@with_appcontext
def users_set_role(username: str, role: str) -> None:
    """Change an account's role."""
    try:
        user = accounts.set_role(db.session, username, role)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{user.username} is now a {user.role}.")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Re-enable instead.")
@with_appcontext
def users_disable(username: str, enable: bool) -> None:
    """Disable an account (ending its sessions), or re-enable it."""
    try:
        user = accounts.set_disabled(db.session, username, not enable)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{user.username} is now {'disabled' if user.is_disabled else 'enabled'}.")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """List accounts with their role and number of open sessions."""
    rows = accounts.list_users(db.session)
    if not rows:
        click.echo("No accounts yet. Sign up in the app, or use 'quizapp users create'.")
    for username, role, disabled, sessions in rows:
        click.echo(f"{username:<24} {role:<8} {'disabled' if disabled else 'active':<9} "
                   f"{sessions} session(s)")
