"""Bank commands: `init-db` (the schema), `import` (bank files into the database), `export`
(a bank back out as a file). Thin click wrappers around services."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from quizapp.core import bank as core_bank
from quizapp.core import formats
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import ServiceError, banks
from quizapp.services.transfer import exports, imports


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (runs the migrations)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("Database is up to date.")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(sorted(formats.FORMATS)),
              help="The files' format (GIFT, Moodle XML, Anki, ...); guessed from the name "
                   "when left out. Without it, .yaml/.yml/.json files are quizapp banks.")
@click.option("--set", "set_id", help="The set to import into (created when missing); "
              "by default the file's own id or title.")
@click.option("--owner", help="A teacher's username: import into their sets, not the site's.")
@click.option("--replace", is_flag=True,
              help="Retire the set's questions that the file does not have.")
@with_appcontext
def import_command(paths: tuple[Path, ...], format_name: str | None, set_id: str | None,
                   owner: str | None, replace: bool) -> None:
    """Import question files: quizapp banks (YAML or JSON, or every one in a folder), or
    another tool's file with --format (gift, aiken, moodle_xml, anki_text, apkg, quizlet,
    csv, kahoot)."""
    foreign = format_name is not None or owner is not None or set_id is not None or any(
        p.is_file() and p.suffix.lower() not in banks.BANK_SUFFIXES for p in paths)
    if foreign:
        _import_foreign(paths, format_name, set_id, owner, replace)
        return
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


def _import_foreign(paths: tuple[Path, ...], format_name: str | None, set_id: str | None,
                    owner: str | None, replace: bool) -> None:
    owner_id = None
    if owner is not None:
        owner_id = db.session.scalar(select(User.id).where(User.username == owner))
        if owner_id is None:
            raise click.ClickException(f"No user {owner!r}.")
    failed = 0
    for path in paths:
        if path.is_dir():
            raise click.ClickException(f"{path} is a folder; give the files themselves.")
        try:
            data = path.read_bytes()
            done, parsed = imports.import_file(
                db.session, data=data, filename=str(path), format_name=format_name,
                owner_id=owner_id, slug=set_id, replace=replace, now=utcnow())
        except ServiceError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
            continue
        for note in parsed.skipped:
            click.echo(f"{path}: skipped: {note}", err=True)
        for note in parsed.notes:
            click.echo(f"{path}: note: {note}", err=True)
        click.echo(done.summary())
    if failed:
        raise click.ClickException(f"{failed} of {len(paths)} file(s) rejected; nothing "
                                   "was changed for them.")


SUFFIX_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".gift": "gift",
                  ".xml": "moodle_xml", ".apkg": "apkg", ".csv": "csv"}


@click.command("export")
@click.argument("bank_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; '-' for stdout.")
@click.option("--format", "format_name",
              type=click.Choice(sorted(f.name for f in formats.writable())),
              help="The format; by default from the file's suffix (.yaml, .json, .gift, "
                   ".xml, .apkg, .csv), else a quizapp bank in YAML.")
@with_appcontext
def export_command(bank_id: str, output: Path, format_name: str | None) -> None:
    """Write one set out as a file: losslessly as a quizapp bank, or in another tool's
    format (what that format cannot carry is listed)."""
    name = format_name or SUFFIX_FORMATS.get(output.suffix.lower(), "yaml")
    try:
        result = exports.export(db.session, bank_id, name, user_id=None)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    for note in result.exported.notes:
        click.echo(f"note: {note}", err=True)
    if str(output) == "-":
        sys.stdout.buffer.write(result.exported.data)
        sys.stdout.flush()
        return
    output.write_bytes(result.exported.data)
    click.echo(f"Wrote {bank_id} to {output} ({formats.get(name).label}).")
