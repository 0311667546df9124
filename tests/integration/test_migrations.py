"""The committed migrations build exactly the schema the models describe."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from quizapp import create_app
from quizapp.extensions import db
from tests.conftest import PG_URL


def _check(url: str, tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_match_models_on_sqlite(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'migrated.db'}", tmp_path)


def test_migrations_match_models_on_postgresql(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL pass only: set QUIZAPP_TEST_DATABASE_URL (make test-postgres)")
    name = f"quizapp_mig_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        _check(PG_URL.rsplit("/", 1)[0] + "/" + name, tmp_path)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
