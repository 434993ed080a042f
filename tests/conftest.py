"""Shared fixtures: a throwaway PostGIS cluster per test session (per xdist worker).

The cluster never touches the one ``make run`` uses (``var/pg``): it lives in a pytest
temporary folder on a free port and is stopped at the end of the session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.cluster import LocalCluster, free_port, pg_bin

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_SAMPLES = PROJECT_ROOT / "data_samples"


@pytest.fixture(scope="session")
def data_samples() -> Path:
    return DATA_SAMPLES


@pytest.fixture(scope="session")
def postgis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a fresh, empty PostGIS database (session scope)."""
    pg_bin()  # a clear error if PostgreSQL is not installed
    root = tmp_path_factory.mktemp("pg")
    cluster = LocalCluster(root, free_port())
    url = cluster.start()
    try:
        yield url
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
