"""The layering rules of architecture.md, read from the source with `ast`: the core imports
no framework and no other layer, and no two modules of `quizapp/` import each other, however
long the way round."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"
CORE = PACKAGE / "core"
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_migrate",
             "sqlalchemy", "wtforms", "werkzeug")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import statement in a file."""
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


# --- import circles -------------------------------------------------------------------


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file for every module of the package at `root` (a package's name is
    its `__init__.py`)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines inside `if TYPE_CHECKING:` blocks: imports there never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                for sub in ast.walk(child):
                    if hasattr(sub, "lineno"):
                        lines.add(sub.lineno)
    return lines


def import_edges(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that module `name` imports, at module level or inside a
    function, relative imports resolved; `from pkg import mod` counts as importing `mod`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_lines(tree)
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                targets.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known
                            else module)
    edges = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            edges.add(target)
    return edges


def import_circles(root: Path) -> list[list[str]]:
    """Every group of modules that import one another round a circle (Tarjan's strongly
    connected components of more than one module), each sorted."""
    modules = module_names(root)
    graph = {name: import_edges(name, path, set(modules)) for name, path in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(circles)


# --- the tests ---------------------------------------------------------------------------


def test_core_is_framework_free() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 3
    problems = [v for f in files for v in violations(f)]
    assert problems == []


def test_no_import_circles() -> None:
    assert len(module_names(PACKAGE)) > 20
    assert import_circles(PACKAGE) == []


@pytest.mark.parametrize("source, expected", [
    ("import flask\n", 1),
    ("from sqlalchemy.orm import Session\n", 1),
    ("from wtforms import Form\n", 1),
    ("import werkzeug.utils\n", 1),
    ("from quizapp.models import User\n", 1),
    ("from quizapp.services import banks\n", 1),
    ("def f():\n    from quizapp.web import sets\n", 1),
    ("from quizapp.core.bank import Bank\nimport yaml\nfrom . import x\n", 0),
])
def test_the_check_catches_framework_imports(tmp_path: Path, source: str, expected: int) -> None:
    module = tmp_path / "mod.py"
    module.write_text(source)
    assert len(violations(module)) == expected


def _plant(root: Path, files: dict[str, str]) -> Path:
    """A throwaway package `pkg` under `root` with the given modules."""
    for rel, text in files.items():
        path = root / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


@pytest.mark.parametrize("files, expected", [
    # two modules importing each other, one of them inside a function
    ({"__init__.py": "", "a.py": "from pkg import b\n",
      "b.py": "def f():\n    from pkg.a import x\n"}, [["pkg.a", "pkg.b"]]),
    # the way round is three long, through relative imports
    ({"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .c import y\n",
      "c.py": "import pkg.a\n"}, [["pkg.a", "pkg.b", "pkg.c"]]),
    # a package that imports its module, which takes a name from the package
    ({"__init__.py": "", "web/__init__.py": "from pkg.web import views\nbp = 1\n",
      "web/views.py": "from pkg.web import bp\n"}, [["pkg.web", "pkg.web.views"]]),
    # a command module importing the package root that imports it (cli.py before the move)
    ({"__init__.py": "def create():\n    from pkg import cli\n",
      "cli.py": "def main():\n    from pkg import create\n"}, [["pkg", "pkg.cli"]]),
    # no circle: modules take a name from their package, which imports none of them;
    # a type-only import does not run
    ({"__init__.py": "", "web/__init__.py": "bp = 1\n", "web/views.py": "from pkg.web import bp\n",
      "web/stats.py": "from pkg.web import bp\nfrom pkg.web.views import v\n",
      "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\n",
      "b.py": "from pkg import a\n"}, []),
])
def test_the_check_catches_import_circles(tmp_path: Path, files: dict[str, str],
                                          expected: list[list[str]]) -> None:
    assert import_circles(_plant(tmp_path, files)) == expected
