"""Configuration precedence, the generated secret key, and where the templates are."""
from __future__ import annotations

from pathlib import Path

from quizapp import create_app

ROOT = Path(__file__).resolve().parents[2]


def test_templates_are_found_at_the_project_root(app) -> None:
    assert Path(app.template_folder) == ROOT / "templates"
    assert app.jinja_env.get_template("base.html").filename == str(ROOT / "templates" / "base.html")


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    other = create_app({"INSTANCE_PATH": str(tmp_path / "elsewhere")})
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_precedence_defaults_instance_file_environment(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "config.py").write_text(
        "SQLALCHEMY_DATABASE_URI = 'sqlite:///from-file.db'\nPORT = 7000\n"
        "SECRET_KEY = 'from-file'\n")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-file.db"
    assert app.config["PORT"] == 7000 and app.config["SECRET_KEY"] == "from-file"
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("QUIZAPP_PORT", "8080")
    monkeypatch.setenv("QUIZAPP_HOST", "0.0.0.0")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("QUIZAPP_COOKIE_SECURE", "true")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-env.db"
    assert (app.config["PORT"], app.config["HOST"]) == (8080, "0.0.0.0")
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_defaults(tmp_path: Path, monkeypatch) -> None:
    for name in ("QUIZAPP_DATABASE_URL", "QUIZAPP_PORT", "QUIZAPP_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'quizapp.db'}"
    assert (app.config["HOST"], app.config["PORT"]) == ("127.0.0.1", 5000)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 3600
    assert app.config["REMEMBER_COOKIE_DURATION"].days == 14


def test_no_secret_is_committed() -> None:
    """The key lives in instance/ (git-ignored) or the environment, never in the code."""
    assert "instance/" in (ROOT / ".gitignore").read_text().split()
    source = (ROOT / "quizapp" / "config.py").read_text()
    assert '"SECRET_KEY":' not in source and "SECRET_KEY =" not in source
