"""Bank commands: `init-db` (the schema), `import` (bank files into the database), `export`
(a bank back out as a file). Thin click wrappers around services."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from quizapp.core import bank as core_bank
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.services import ServiceError, banks


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
            bank, article = core_bank.load_bank_and_source(path)
            report = banks.import_bank(db.session, bank, now=utcnow(), article_text=article)
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
