"""Which database the app uses is decided in one place: store.cluster.resolve_database_url."""

from __future__ import annotations

import ast
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.settings import Settings
from store.cluster import LocalCluster, free_port, private_cluster, resolve_database_url

ROOT = Path(__file__).resolve().parents[2]
# the settings module defines the value; the cluster module is the one that interprets it
OWNERS = {"core/settings.py", "store/cluster.py"}


@pytest.mark.parametrize("start", [False, True])
def test_database_url_wins_and_starts_nothing(tmp_path, start):
    settings = Settings(database_url="postgresql://u@db.example:5432/onemap", var_dir=tmp_path)
    assert resolve_database_url(settings, start=start) == settings.database_url
    assert not (tmp_path / "pg").exists()


def test_without_database_url_the_private_cluster_is_named_not_started(tmp_path):
    port = free_port()
    settings = Settings(database_url="", var_dir=tmp_path, local_pg_port=port)
    url = resolve_database_url(settings, start=False)
    assert url == LocalCluster((tmp_path / "pg").resolve(), port).url
    assert f":{port}/" in url
    assert not (tmp_path / "pg").exists()  # the app's engine connects lazily
    assert private_cluster(settings).root == (tmp_path / "pg").resolve()


@pytest.mark.db
def test_start_brings_up_the_private_cluster():
    # not under pytest's tmp root: as root the server runs as ``postgres`` and must reach it
    var = Path(tempfile.mkdtemp(prefix="onemap-test-var-"))
    var.chmod(0o755)
    settings = Settings(database_url="", var_dir=var, local_pg_port=free_port())
    try:
        url = resolve_database_url(settings, start=True)
        assert url == resolve_database_url(settings, start=False)
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT postgis_lib_version()")).scalar_one()
        finally:
            engine.dispose()
        assert (var / "pg" / "data" / "PG_VERSION").exists()
    finally:
        private_cluster(settings).stop()
        shutil.rmtree(var, ignore_errors=True)


def _sources() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return [p for p in listed if not p.startswith(("tests/", "data_samples/"))]


def test_only_the_cluster_module_reads_database_url():
    readers = []
    for path in _sources():
        if path in OWNERS or not (ROOT / path).exists():
            continue
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        readers += [f"{path}:{node.lineno}" for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and node.attr == "database_url"]
    assert readers == [], f"use store.cluster.resolve_database_url instead: {readers}"


def test_each_region_has_its_own_private_database(tmp_path):
    """The Hefei sample keeps ``onemap``; a region pack (ONEMAP_DATA_DIR) gets a database of
    its own in the same private cluster, so two regions never share tables."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "region.toml").write_text(
        'adcode = "320100"\nname = "南京市"\nlevel = "city"\n'
        "bbox = [118.36, 31.23, 119.24, 32.62]\n", encoding="utf-8")
    port = free_port()
    sample = Settings(database_url="", var_dir=tmp_path, local_pg_port=port)
    nanjing = Settings(database_url="", var_dir=tmp_path, local_pg_port=port, data_dir=pack)
    assert resolve_database_url(sample, start=False).endswith(f":{port}/onemap")
    assert resolve_database_url(nanjing, start=False).endswith(f":{port}/onemap_320100")
    assert private_cluster(nanjing).root == private_cluster(sample).root
    assert nanjing.region.name == "南京市" and sample.region.adcode == "340100"
