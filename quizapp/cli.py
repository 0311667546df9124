"""The `quizapp` command: a FlaskGroup over `create_app`, with thin click wrappers around
services (`init-db`, `import`, `export`, `users ...`). `flask --app quizapp ...` works too."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from quizapp.cli_generate import generate_command
from quizapp.cli_srs import srs
from quizapp.cli_study import optimize_users_command
from quizapp.core import bank as core_bank
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import ServiceError, accounts, banks


def init_app(app: Flask) -> None:
    """Register the project's commands on the app's CLI group."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    app.cli.add_command(users)
    app.cli.add_command(generate_command)
    if "optimize-users" not in srs.commands:
        srs.add_command(optimize_users_command)
    app.cli.add_command(srs)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (runs the migrations)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("Database is up to date.")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@with_appcontext
def import_command(paths: tuple[Path, ...]) -> None:
    """Import bank files (YAML or JSON), or every bank file in a folder."""
    failed = 0
    files = list(banks.bank_files(paths))
    if not files:
        raise click.ClickException("No bank files (.yaml, .yml, .json) found there.")
    for path in files:
        try:
            bank = core_bank.load_bank_file(path)
            report = banks.import_bank(db.session, bank, now=utcnow())
        except core_bank.BankError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
        else:
            click.echo(report.summary())
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} file(s) rejected; nothing "
                                   "was changed for them.")


@click.command("export")
@click.argument("bank_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; .json writes JSON, anything else YAML. '-' for stdout.")
@with_appcontext
def export_command(bank_id: str, output: Path) -> None:
    """Write one bank back out as a bank file, losslessly."""
    try:
        bank = banks.export_bank(db.session, bank_id)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    fmt = "json" if output.suffix.lower() == ".json" else "yaml"
    text = core_bank.dump_bank(bank, fmt)
    if str(output) == "-":
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(bank.questions)} questions to {output}.")


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


def _create_app() -> Flask:
    """The app for the command line."""
    from quizapp import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="quizapp: question banks, quizzes and study.")
