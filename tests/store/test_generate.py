"""The synthetic generator is reproducible, matches the checked-in files, and places data
plausibly."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import shape

from data_samples.synthetic.generate import generate
from store import manifest
from store.models import ITEM_COLUMNS

MINIMUMS = {
    "rivers.geojson": 10, "water_sections.geojson": 25, "water_source_zones.geojson": 6,
    "sewage_outfalls.geojson": 60, "soil_plots.geojson": 40, "farmland_units.geojson": 150,
    "soil_enterprises.geojson": 30, "redline_areas.geojson": 6, "nature_reserves.geojson": 5,
    "change_patches.geojson": 40, "pollution_sources.geojson": 2000,
    "complaints.geojson": 500, "risk_sources.geojson": 60, "receptors.geojson": 300,
    "resource_depots.geojson": 15, "response_teams.geojson": 12, "roads.geojson": 100,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, data_samples: Path
              ) -> tuple[Path, dict[str, int]]:
    """The generator run into the ``synthetic/`` folder of a copy of ``data_samples`` whose
    manifest has gone stale (so the test sees the generator rewrite it)."""
    root = tmp_path_factory.mktemp("gen1") / "data"
    shutil.copytree(data_samples, root, ignore=shutil.ignore_patterns(
        "*.py", "__pycache__", "*.md", "synthetic"))
    (root / manifest.MANIFEST_NAME).write_text(
        json.dumps({"format": manifest.FORMAT, "files": {}}), encoding="utf-8")
    out = root / "synthetic"
    return out, generate(out)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.suffix in (".geojson", ".csv")}


def test_same_bytes_every_run(generated, tmp_path):
    out, _counts = generated
    generate(tmp_path)
    assert _files(tmp_path) == _files(out)


def test_checked_in_files_are_current(generated, data_samples):
    out, _counts = generated
    assert _files(data_samples / "synthetic") == _files(out)


def test_generator_rewrites_the_manifest(generated, data_samples):
    """The rewritten manifest of the copy is the checked-in one, and it verifies."""
    out, _counts = generated
    rewritten = json.loads((out.parent / manifest.MANIFEST_NAME).read_text(encoding="utf-8"))
    checked_in = json.loads((data_samples / manifest.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert rewritten == checked_in
    manifest.verify(out.parent)


def test_checked_in_manifest_is_current(data_samples):
    manifest.verify(data_samples)
    listed = set(json.loads((data_samples / manifest.MANIFEST_NAME).read_text())["files"])
    assert "synthetic/inspections.csv" in listed and "dem/dem_30arcsec_hefei_chaohu.tif" in listed


def test_minimum_counts_and_size(generated):
    out, counts = generated
    for name, minimum in MINIMUMS.items():
        assert counts[name] >= minimum, name
    assert counts["water_samples.csv"] >= 25 * 24
    assert sum(p.stat().st_size for p in out.iterdir()) < 8 * 1024 * 1024


def test_every_feature_is_flagged_synthetic(generated):
    out, _counts = generated
    for path in out.glob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["metadata"]["synthetic"] is True
        assert all(f["properties"]["synthetic"] is True for f in doc["features"]), path.name


def test_water_sample_columns_and_period(generated):
    out, _counts = generated
    with (out / "water_samples.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["section_code", "sampled_on", *ITEM_COLUMNS]
    months = sorted({r["sampled_on"][:7] for r in rows})
    assert len(months) >= 24 and months[-1] == "2026-10"
    lake = [r for r in rows if r["chla"]]
    river = [r for r in rows if not r["SD"]]
    assert lake and river
    tp_lake = sorted(float(r["TP"]) for r in lake if r["TP"])
    assert 0.05 < tp_lake[len(tp_lake) // 2] < 0.12  # median lake TP ≈ 0.08


def test_points_on_land_and_lake_points_in_lake(generated, data_samples):
    out, _counts = generated

    def geom(rel: str):
        return shape(json.loads((data_samples / rel).read_text())["features"][0]["geometry"])

    city, lake = geom("admin/hefei_city.geojson"), geom("hydro/chaohu_lake_gshhs_f.geojson")
    for name in ("pollution_sources", "receptors", "complaints", "risk_sources"):
        feats = json.loads((out / f"{name}.geojson").read_text())["features"]
        pts = [shape(f["geometry"]) for f in feats if f["properties"].get("type")
               != "water_intake"]
        assert all(city.contains(p) and not lake.contains(p) for p in pts), name
    sections = json.loads((out / "water_sections.geojson").read_text())["features"]
    for f in sections:
        inside = lake.contains(shape(f["geometry"]))
        assert inside == (f["properties"]["waterbody"] == "lake"), f["properties"]["name"]
