"""Fixtures of the store tests: a private database per test module on the session cluster.

The session fixture ``postgis_url`` is shared with other test packages, so these tests never
write into its database: each module gets ``test_store_<module>`` of its own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from store.db import make_engine


def _create_database(cluster_url: str, name: str) -> str:
    admin = create_engine(make_url(cluster_url).set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = make_url(cluster_url).set(database=name)
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    eng.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def module_db_url(postgis_url: str, request: pytest.FixtureRequest) -> str:
    """URL of a fresh PostGIS database for this test module."""
    name = "test_store_" + re.sub(r"\W", "_", request.module.__name__.rsplit(".", 1)[-1])
    return _create_database(postgis_url, name.lower())


@pytest.fixture(scope="module")
def module_engine(module_db_url: str) -> Iterator[Engine]:
    engine = make_engine(module_db_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def data_copy(data_samples: Path, tmp_path: Path) -> Path:
    """A private copy of ``data_samples`` (data files and ``MANIFEST.json``, no code or
    documentation) that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(data_samples, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__",
                                                                     "*.md"))
    return dst


@pytest.fixture(scope="session")
def nanjing_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Nanjing (320100) region pack, built once per worker by the real build tool in
    its own venv (as tests/regionpack does): real outline, children, stations, hydrography,
    labels; no synthetic layers and no time series."""
    from regionpack.venv import ensure_venv
    from tests.regionpack.conftest import run_tool

    out = tmp_path_factory.mktemp("packs") / "320100"
    res = run_tool(ensure_venv(), "build", "320100", "--out", str(out))
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="session")
def anhui_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Anhui province pack (340000): its 16 cities as children, their counties."""
    from regionpack.venv import ensure_venv
    from tests.regionpack.conftest import run_tool

    out = tmp_path_factory.mktemp("packs") / "340000"
    res = run_tool(ensure_venv(), "build", "340000", "--out", str(out))
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture()
def pack_copy(nanjing_pack: Path, tmp_path: Path) -> Path:
    """A private copy of the Nanjing pack that a test may change."""
    dst = tmp_path / "320100"
    shutil.copytree(nanjing_pack, dst)
    return dst
