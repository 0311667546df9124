"""The `quizapp` command line: one module per command group (`banks`: init-db, import,
export; `users`; `generate`; `srs`; `jobs`: worker), registered on the app's CLI by
`init_app`. The console script's FlaskGroup is in `main`."""
from __future__ import annotations

from flask import Flask

from quizapp.cli import banks, generate, jobs, srs, users


def init_app(app: Flask) -> None:
    """Register the project's commands on the app's CLI group."""
    app.cli.add_command(banks.init_db_command)
    app.cli.add_command(banks.import_command)
    app.cli.add_command(banks.export_command)
    app.cli.add_command(users.users)
    app.cli.add_command(generate.generate_command)
    app.cli.add_command(srs.srs)
    app.cli.add_command(jobs.worker_command)
