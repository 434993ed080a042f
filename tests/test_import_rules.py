"""The direction of imports (ARCHITECTURE.md): pages → api → domain → store/decision_models → core.

Read from the source with ``ast`` (nothing is imported), so a rule broken in a module
that no test imports is still caught. Lazy imports inside functions count, and so do
``importlib.import_module("…")`` calls with a literal name. Only ``core`` may name app
types in an ``if TYPE_CHECKING:`` block (annotations, never run).
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the workspace packages: every package with a REST API of its own (tiles is a service)
DOMAINS = tuple(sorted(p.parent.name for p in ROOT.glob("*/api.py")
                       if p.parent.name != "tiles" and (p.parent / "__init__.py").exists()))


def _tracked() -> list[str]:
    # tracked and new (not ignored) files: a rule also holds for work not yet committed
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          "*.py"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    return [p for p in out if (ROOT / p).exists()]


FILES = _tracked()
# first-party names: the top-level packages and modules of the repository
FIRST_PARTY = {p.split("/")[0].removesuffix(".py") for p in FILES}


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    module: str  # the full dotted name imported
    type_checking: bool

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _package_of(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")


def _imports(path: str) -> Iterator[Import]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"), filename=path)

    def visit(node: ast.AST, guarded: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, True)
            for child in node.orelse:
                yield from visit(child, guarded)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name, guarded)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = _package_of(path).split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield Import(path, node.lineno, module, guarded)
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name)
                       and node.func.id in ("import_module", "__import__")))):
            yield Import(path, node.lineno, node.args[0].value, guarded)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, guarded)

    yield from visit(tree, False)


def _imports_of(package: str) -> list[Import]:
    return [imp for path in FILES if path.startswith(f"{package}/") for imp in _imports(path)]


def test_the_scan_sees_the_known_imports():
    """Guard against a scanner that finds nothing (and so passes every rule)."""
    found = {(imp.path, imp.module) for imp in _imports_of("layers")}
    assert ("layers/query.py", "core.clock") in found
    assert {"core", "layers", "store", "tiles", "pages", "decision_models"} <= FIRST_PARTY
    guarded = [imp for imp in _imports("core/context.py") if imp.type_checking]
    assert [imp.module for imp in guarded] == ["layers.registry"]


def test_decision_models_import_nothing_of_the_app():
    bad = [imp for imp in _imports_of("decision_models")
           if imp.top in FIRST_PARTY and imp.top != "decision_models"]
    assert not bad, "decision_models must stay pure:\n" + "\n".join(map(str, bad))


def test_core_imports_nothing_above_it():
    bad = [imp for imp in _imports_of("core")
           if imp.top in FIRST_PARTY and imp.top != "core" and not imp.type_checking]
    assert not bad, "core must not import the app (TYPE_CHECKING only):\n" + "\n".join(
        map(str, bad))


@pytest.mark.parametrize("package", ["layers", "tiles", *DOMAINS])
def test_no_pages_import(package):
    bad = [imp for imp in _imports_of(package) if imp.top == "pages"]
    assert not bad, f"{package} must not import pages:\n" + "\n".join(map(str, bad))


def test_tests_import_in_repo_modules_plainly():
    """``pytest.importorskip`` on an in-repo module would turn an import error into a skip."""
    bad = []
    for path in FILES:
        if not path.startswith("tests/"):
            continue
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"), filename=path)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "importorskip" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).split(".")[0] in FIRST_PARTY):
                bad.append(f"{path}:{node.lineno} importorskip({node.args[0].value!r})")
    assert not bad, "import in-repo modules plainly:\n" + "\n".join(bad)
