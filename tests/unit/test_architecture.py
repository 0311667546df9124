"""The layering rules of architecture.md, read from the source with `ast`."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "quizapp" / "core"
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_migrate",
             "sqlalchemy", "wtforms", "werkzeug")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import statement in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def violations(path: Path) -> list[str]:
    """Framework imports, or quizapp imports from outside the core, in one file."""
    bad = []
    for line, module in imported_modules(path):
        top = module.split(".")[0]
        if top in FORBIDDEN or top.startswith("flask_"):
            bad.append(f"{path.name}:{line}: imports {module}")
        elif top == "quizapp" and not module.startswith("quizapp.core"):
            bad.append(f"{path.name}:{line}: imports {module} from outside the core")
    return bad


def test_core_is_framework_free() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 3
    problems = [v for f in files for v in violations(f)]
    assert problems == []


@pytest.mark.parametrize("source, expected", [
    ("import flask\n", 1),
    ("from sqlalchemy.orm import Session\n", 1),
    ("from wtforms import Form\n", 1),
    ("import werkzeug.utils\n", 1),
    ("from quizapp.models import User\n", 1),
    ("from quizapp.core.bank import Bank\nimport yaml\nfrom . import x\n", 0),
])
def test_the_check_catches_framework_imports(tmp_path: Path, source: str, expected: int) -> None:
    module = tmp_path / "mod.py"
    module.write_text(source)
    assert len(violations(module)) == expected
