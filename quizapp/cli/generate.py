"""`quizapp generate`: articles (.txt, .md, .html or -) to question banks; `generate
feedback`: the teachers' decisions on generated drafts, as labelled rows."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from quizapp.core import bank as core_bank
from quizapp.core.generate import slugify
from quizapp.core.generate.reading import KIND_OF_SUFFIX
from quizapp.extensions import db
from quizapp.services.authoring import feedback


def dump(bank: dict[str, Any], fmt: str, *, source_text: str | None = None) -> str:
    """Validate a generated bank with the bank-format validator (the same rules as
    `quizapp import`, including the source offsets when `source_text` is given) and
    serialise it as YAML or JSON text with the bank module's writer."""
    parsed = core_bank.parse_bank(json.dumps(bank, ensure_ascii=False), f"{bank['id']}.json",
                                  source_text=source_text)
    return core_bank.dump_bank(parsed, fmt)


def _one(
    article: str, out_dir: Path, fmt: str, max_n: int | None, title: str | None
) -> Path:
    """Generate and write the bank for one input; raise ValueError/OSError on failure."""
    if article == "-":
        text = sys.stdin.read()
        kind, stem, source_file = "txt", (slugify(title) if title else "stdin"), None
    else:
        path = Path(article)
        kind_opt = KIND_OF_SUFFIX.get(path.suffix.lower())
        if kind_opt is None:
            raise ValueError(f"unsupported file type {path.suffix or '(none)'!r}; "
                             "expected .txt, .md or .html")
        kind = kind_opt
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        stem = path.stem
        target_dir = out_dir.resolve()
        try:
            source_file = str(Path(*_relpath(path.resolve(), target_dir)))
        except ValueError:
            source_file = str(path)
    if not text.strip():
        raise ValueError("the article is empty")
    bank_id = slugify(stem)
    from quizapp.core.generate import generate_bank  # the pipeline, loaded when used

    bank = generate_bank(text, bank_id=bank_id, title=title, kind=kind,
                         source_file=source_file, max_questions=max_n)
    if not bank["questions"]:
        raise ValueError("no question could be generated (no fact-bearing sentence found)")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{stem if article != '-' else bank_id}.{fmt}"
    target.write_text(dump(bank, fmt, source_text=text), encoding="utf-8")
    return target


def _relpath(path: Path, start: Path) -> list[str]:
    """Parts of `path` relative to `start` (with '..' steps)."""
    import os

    return Path(os.path.relpath(path, start)).parts  # type: ignore[return-value]


class _ArticlesByDefault(click.Group):
    """`generate ARTICLE...` runs `generate articles`; `generate feedback` its own command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route anything that is not a subcommand (or --help) to `articles`."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["articles", *args]
        return super().parse_args(ctx, args)


@click.group("generate", cls=_ArticlesByDefault)
def generate_command() -> None:
    """Generate question banks from articles (`quizapp generate ARTICLE...`), or export
    the teachers' decisions on generated drafts (`quizapp generate feedback -o FILE`)."""


@generate_command.command("articles")
@click.argument("articles", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Directory the banks are written to.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml",
              show_default=True, help="Bank file format.")
@click.option("--max", "max_n", type=click.IntRange(min=1), default=None,
              help="At most N questions per bank (best first).")
@click.option("--title", default=None,
              help="Bank title (and id for standard input); it also names the article's "
                   "subject, asked about after the facts about it in a short text.")
def articles_command(
    articles: tuple[str, ...], out_dir: str, fmt: str, max_n: int | None, title: str | None
) -> None:
    """Generate one question bank per ARTICLE (.txt, .md, .html, or - for stdin)."""
    failed = 0
    items = tqdm(articles, desc="generate", unit="file", file=sys.stderr,
                 disable=len(articles) < 2)
    for article in items:
        try:
            target = _one(article, Path(out_dir), fmt, max_n, title)
        except (OSError, ValueError) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            click.echo(f"{article}: {reason}", err=True)
            continue
        click.echo(str(target))
    if failed:
        raise SystemExit(1)


@generate_command.command("feedback")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="JSON Lines file to write ('-' for standard output).")
@with_appcontext
def feedback_command(output: Path) -> None:
    """Export every decided draft (kept, edited, rejected) as a labelled JSON line, to
    refit the generator's ranker on (see docs/generation.md)."""
    rows = [json.dumps(row, ensure_ascii=False, sort_keys=True)
            for row in feedback.decision_rows(db.session)]
    text = "".join(line + "\n" for line in rows)
    if str(output) == "-":
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(rows)} decision(s) to {output}.")
