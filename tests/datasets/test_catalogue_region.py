"""The data catalogue lists the served region's own files (region.toml roles), not Hefei's."""

from __future__ import annotations

import json

from core.settings import DEFAULT_DATA_DIR
from datasets import catalogue
from layers.registry import build_registry
from tests.store.conftest import nanjing_pack  # noqa: F401  (a session fixture)


def _files(data_dir, layer: str) -> list[dict]:
    return catalogue.sample_entry(build_registry().get(layer), data_dir)["files"]


def test_a_pack_lists_its_own_files(nanjing_pack):  # noqa: F811
    manifest = json.loads((nanjing_pack / "MANIFEST.json").read_text("utf-8"))["files"]
    (stations,) = _files(nanjing_pack, "air_stations")
    assert stations["path"] == "air/aq_stations.geojson"
    assert stations["records"] == manifest["air/aq_stations.geojson"]["records"] > 0
    assert not stations["synthetic"]
    # source and licence from the pack's PROVENANCE.md (its columns: file | records | source …)
    assert stations["source"].startswith("CNEMC national snapshot")
    assert stations["licence"] == "licence unclear (CNEMC public release)"
    paths = [f["path"] for spec in build_registry().declared()
             for f in catalogue.sample_entry(spec, nanjing_pack)["files"]]
    assert "admin/children.geojson" in paths
    assert not [p for p in paths if "hefei" in p or "chaohu" in p]
    assert all((nanjing_pack / p).is_file() for p in paths)  # no file it does not hold


def test_the_sample_lists_the_hefei_files():
    paths = [f["path"] for f in _files(DEFAULT_DATA_DIR, "air_stations")]
    assert paths == ["air/hefei_aq_stations.geojson"]
