"""quizapp: a self-hosted quiz and flashcard learning app."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: configuration, extensions, blueprints, CLI. No side effects
    beyond creating the instance folder (schema work lives in `quizapp init-db`)."""
    from quizapp import cli, config, database, extensions, jobs, logs, models  # noqa: F401
    from quizapp.web import register_web

    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "QUIZAPP_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        template_folder=str(config.TEMPLATE_FOLDER),
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
    )
    os.makedirs(app.instance_path, exist_ok=True)
    config.load_config(app, test_config)
    logs.init_app(app)

    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(config.MIGRATIONS_FOLDER), render_as_batch=True
    )
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    database.init_app(app)
    jobs.init_app(app)
    register_web(app)
    cli.init_app(app)
    return app
