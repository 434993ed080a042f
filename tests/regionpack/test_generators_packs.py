"""Synthetic layers generated for region packs (Nanjing, Xianyang, 巢湖市): inside the unit,
free of Hefei's names, readable by the loader, reproducible; and Hefei's sample unchanged."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from core.region import read_region
from data_samples.synthetic import water
from data_samples.synthetic.roads import components
from samplegen.region import LAYERS, generate_region, set_synthetic_layers
from store import manifest
from store.sample_files import FILES, read_all, read_file

CODES = ("320100", "610400", "340181")
TOL_DEG = 1e-5  # ≈ 1 m: coordinates are rounded to 1e-6°
# Hefei's own names: the sample's river names, its places and its area code
HEFEI_WORDS = ("合肥", *water.RIVERS, "董铺", "大房郢", "店埠", "上派", "庐城", "0551-")


@pytest.fixture(scope="module")
def generated(packs, tmp_path_factory) -> dict[str, Path]:
    """A copy of each pack with its synthetic layers generated."""
    root = tmp_path_factory.mktemp("gen-packs")
    out = {}
    for code in CODES:
        dest = root / code
        shutil.copytree(packs[code].path, dest)
        generate_region(dest)
        out[code] = dest
    return out


def _layer_files(folder: Path) -> list[Path]:
    return sorted(p for layer in LAYERS for p in (folder / layer).iterdir())


def _outline(folder: Path):
    region = read_region(folder)
    return shape(json.loads(region.path("admin_region").read_text(encoding="utf-8"))
                 ["features"][0]["geometry"])


@pytest.mark.parametrize("code", CODES)
def test_every_synthetic_feature_lies_inside_the_unit(generated, code):
    folder = generated[code]
    inside = _outline(folder).buffer(TOL_DEG)
    checked = 0
    for path in _layer_files(folder):
        if path.suffix != ".geojson":
            continue
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            g = shape(f["geometry"])
            checked += 1
            if path.name == "hw_manifests.geojson":  # a flow arrow: both ends inside
                assert all(inside.covers(Point(c)) for c in g.coords), (path.name, f)
            else:
                assert inside.covers(g), (path.name, f["properties"])
    assert checked > 5000


@pytest.mark.parametrize("code", CODES)
def test_no_hefei_name_or_area_code(generated, code):
    folder = generated[code]
    seen = set()
    for path in _layer_files(folder):
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8")
        else:
            doc = json.loads(path.read_text(encoding="utf-8"))
            text = json.dumps([f["properties"] for f in doc["features"]], ensure_ascii=False)
        seen |= {w for w in HEFEI_WORDS if w in text}
    assert not seen
    teams = json.loads((folder / "synthetic/response_teams.geojson").read_text(
        encoding="utf-8"))["features"]
    assert teams and all(t["properties"]["phone"].startswith("0000-") for t in teams)
    region = read_region(folder)
    depots = json.loads((folder / "synthetic/resource_depots.geojson").read_text(
        encoding="utf-8"))["features"]
    assert depots[0]["properties"]["name"].startswith(region.name)


@pytest.mark.parametrize("code", CODES)
def test_every_file_passes_the_loaders_checks(generated, code):
    folder = generated[code]
    specs = [s for s in FILES if s.path.split("/")[0] in LAYERS]
    assert {s.path for s in specs} <= {p.relative_to(folder).as_posix()
                                       for p in _layer_files(folder)}
    for spec in specs:
        rows = read_file(spec, folder)
        path = folder / spec.path
        if path.suffix == ".geojson":
            assert len(rows) == len(json.loads(path.read_text(encoding="utf-8"))["features"])
    manifest.verify(folder)


def test_a_pack_reads_whole_with_its_synthetic_layers(generated):
    """Cross-file references too (sections of the samples, sources of the inspections)."""
    rows = read_all(generated["610400"])
    assert len(rows["pollution_sources"]) == 2200


def test_children_carry_the_places(generated):
    """Depots and teams at the children's label points, named after them."""
    folder = generated["320100"]
    region = read_region(folder)
    depots = {f["properties"]["name"] for f in json.loads(
        (folder / "synthetic/resource_depots.geojson").read_text(encoding="utf-8"))["features"]}
    assert {f"{c.name}应急物资储备库" for c in region.children} <= depots
    rivers = json.loads((folder / "synthetic/rivers.geojson").read_text(encoding="utf-8"))
    sections = json.loads((folder / "synthetic/water_sections.geojson").read_text(
        encoding="utf-8"))
    names = {f["properties"]["name"] for f in rivers["features"]}
    assert names and {f["properties"]["river"] for f in sections["features"]
                      if f["properties"]["waterbody"] == "river"} <= names
    roads = json.loads((folder / "synthetic/roads.geojson").read_text(encoding="utf-8"))
    assert components(roads["features"]) == 1


def test_region_toml_gets_only_the_layers(generated, packs):
    before = (packs["320100"].path / "region.toml").read_text(encoding="utf-8")
    after = (generated["320100"] / "region.toml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("synthetic_layers = []",
                        'synthetic_layers = ["synthetic", "supervision"]')]
    assert read_region(generated["320100"]).synthetic_layers == LAYERS


def test_setting_the_layers_adds_the_key_if_missing(tmp_path):
    text = 'adcode = "320100"\nname = "南京市"\n\n[files]\nlakes = "hydro/x.geojson"\n'
    (tmp_path / "region.toml").write_text(text, encoding="utf-8")
    set_synthetic_layers(tmp_path)
    doc = tomllib.loads((tmp_path / "region.toml").read_text(encoding="utf-8"))
    assert doc["synthetic_layers"] == list(LAYERS) and doc["files"] == {
        "lakes": "hydro/x.geojson"}


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in _layer_files(folder)}


def test_same_seed_same_bytes(generated, packs, tmp_path):
    dest = tmp_path / "again"
    shutil.copytree(packs["340181"].path, dest)
    generate_region(dest)
    assert _digests(dest) == _digests(generated["340181"])


def test_a_unit_without_lakes_or_rivers_still_generates(packs, tmp_path):
    """Empty lake and river files: fewer layers (no river, section or outfall), no error."""
    dest = tmp_path / "dry"
    shutil.copytree(packs["340181"].path, dest)
    region = read_region(dest)
    for role in ("lakes", "rivers"):
        path = region.path(role)
        doc = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**doc, "features": []}), encoding="utf-8")
    manifest.write(dest)
    out = generate_region(dest)
    assert out["synthetic"]["rivers.geojson"] == 0
    assert out["synthetic"]["sewage_outfalls.geojson"] == 0
    assert out["synthetic"]["reservoirs.geojson"] > 0  # below the DEM's hills
    assert out["supervision"]["bio_observations.geojson"] > 0
    inside = _outline(dest).buffer(TOL_DEG)
    for name in ("reservoirs.geojson", "nature_reserves.geojson", "redline_areas.geojson"):
        feats = json.loads((dest / "synthetic" / name).read_text(encoding="utf-8"))["features"]
        assert all(inside.covers(shape(f["geometry"])) for f in feats), name
    with (dest / "synthetic/water_samples.csv").open(encoding="utf-8") as fh:
        assert all(r["section_code"] for r in csv.DictReader(fh))
