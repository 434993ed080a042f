"""Loading ``data_samples/``: counts, idempotence, validation before any change, rollback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from core.errors import DataError
from store import load as load_mod
from store import migrate
from store.models import Base
from store.sample_files import FILES, TABLES, expected_counts, read_all, read_region_rows

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def engine(module_db_url, module_engine, data_samples):
    migrate.upgrade(module_db_url)
    load_mod.load_samples(module_engine, data_samples)
    return module_engine


def snapshot(engine) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of the ordered content of every table."""
    out = {}
    with engine.connect() as conn:
        for name in TABLES:
            # the hourly series are keyed by (station_code, time), every other table by id
            order = ", ".join(c.name for c in Base.metadata.tables[name].primary_key.columns)
            out[name] = tuple(conn.execute(text(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY {order}), '')) "
                f"FROM {name} t")).one())
    return out


def test_counts_match_files(engine, data_samples):
    want = expected_counts(data_samples)
    got = {name: n for name, (n, _md5) in snapshot(engine).items()}
    assert got == want
    assert got["pollution_sources"] >= 2000
    assert got["complaints"] >= 500
    assert got["water_sections"] >= 25
    assert got["air_observations"] > 1000


def test_synthetic_flags(engine):
    real = {"admin_city", "admin_districts", "air_stations", "air_observations",
            "air_city_daily", "osm_expressway_bridges", "places"}
    mixed = {"lakes", "rivers"}
    with engine.connect() as conn:
        for name in TABLES:
            flags = set(conn.execute(text(f"SELECT DISTINCT synthetic FROM {name}")).scalars())
            if name == "admin_counties":  # a province pack's only: empty for Hefei
                assert flags == set(), name
            elif name in real:
                assert flags == {False}, name
            elif name in mixed:
                assert flags == {False, True}, name
            else:
                assert flags == {True}, name


def test_geometries_valid_and_wgs84(engine):
    with engine.connect() as conn:
        bad = conn.execute(text(
            "SELECT count(*) FROM pollution_sources WHERE NOT ST_Within(geom, "
            "(SELECT geom FROM admin_city))")).scalar_one()
        invalid = conn.execute(text(
            "SELECT count(*) FROM soil_plots WHERE NOT ST_IsValid(geom)")).scalar_one()
    assert bad == 0
    assert invalid == 0


def test_load_twice_gives_same_database(engine, data_samples):
    before = snapshot(engine)
    load_mod.load_samples(engine, data_samples)
    assert snapshot(engine) == before


def test_if_empty_skips(engine, data_samples):
    assert load_mod.load_samples(engine, data_samples, if_empty=True) is None
    assert not load_mod.is_empty(engine)


def _break_json(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")


def _rename_last_column(path: Path) -> None:
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(head.rsplit(",", 1)[0] + ",renamed\n" + rest, encoding="utf-8")


def _bowtie(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][3]["geometry"] = {"type": "Polygon", "coordinates": [[
        [117.0, 31.0], [117.1, 31.1], [117.1, 31.0], [117.0, 31.1], [117.0, 31.0]]]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _web_mercator(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _missing_property(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["features"][7]["properties"]["code"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _bad_date(path: Path) -> None:
    text_ = path.read_text(encoding="utf-8").replace("2024-", "2024/", 1)
    path.write_text(text_, encoding="utf-8")


CORRUPTIONS = [
    ("synthetic/complaints.geojson", _break_json, "cannot be parsed"),
    ("synthetic/water_samples.csv", _rename_last_column, "missing column(s) SD"),
    ("synthetic/soil_plots.geojson", _bowtie, "invalid geometry"),
    ("synthetic/receptors.geojson", _web_mercator, "not WGS84"),
    ("synthetic/pollution_sources.geojson", _missing_property, "'code'"),
    ("synthetic/inspections.csv", _bad_date, "inspected_on"),
    ("air/hefei_stations_hourly_2020-03-26_2020-04-08.csv", _rename_last_column,
     "missing column(s) so2"),
    # a synthetic file may be absent from a region pack, not from a folder whose manifest
    # lists it
    ("synthetic/roads.geojson", lambda p: p.unlink(), "listed in MANIFEST.json but missing"),
]


@pytest.mark.parametrize(("rel", "corrupt", "message"), CORRUPTIONS,
                         ids=[c[0].split("/")[-1] + "-" + c[2] for c in CORRUPTIONS])
def test_corrupt_file_raises_before_touching_db(engine, data_copy, rel, corrupt, message):
    before = snapshot(engine)
    corrupt(data_copy / rel)
    with pytest.raises(DataError) as info:
        load_mod.load_samples(engine, data_copy)
    assert rel in info.value.message
    assert message in info.value.message
    assert snapshot(engine) == before


def test_failure_half_way_rolls_back(engine, data_samples, monkeypatch):
    """A constraint violation in the last table undoes the truncate and all inserts."""
    before = snapshot(engine)
    region, rows, specs = read_region_rows(data_samples)
    rows["water_samples"][-1]["section_code"] = "NOPE"  # FK violation, inserted last
    monkeypatch.setattr(load_mod, "read_region_rows", lambda _d: (region, rows, specs))
    # The injected row violates a foreign key (IntegrityError); under heavy parallel load
    # one run surfaced another database error here, so any DBAPIError counts as the
    # failure: what this test guards is that nothing of the half-done load remains.
    with pytest.raises(DBAPIError) as failure:
        load_mod.load_samples(engine, data_samples)
    if not isinstance(failure.value, IntegrityError):
        print(f"load failed with {type(failure.value).__name__}: {failure.value}")
    assert snapshot(engine) == before


def test_every_file_is_declared(data_samples):
    declared = {spec.path for spec in FILES}
    synthetic = {f"synthetic/{p.name}" for p in (data_samples / "synthetic").iterdir()
                 if p.suffix in (".geojson", ".csv")}
    assert synthetic <= declared


def test_cli_loads_into_database_url(engine, data_samples, module_db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", module_db_url)
    assert load_mod.main(["--if-empty", "--data-dir", str(data_samples)]) == 0
    assert "skipped" in capsys.readouterr().out


def _cut_at_row_boundary(path: Path, keep: float = 0.5) -> tuple[int, int]:
    """Keep the header and the first ``keep`` share of the CSV rows: still well-formed.
    Returns (rows before, rows after)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = len(lines) - 1
    kept = int(rows * keep)
    path.write_text("".join(lines[: 1 + kept]), encoding="utf-8")
    return rows, kept


def test_csv_cut_at_row_boundary_is_refused(engine, data_copy):
    """A short but well-formed file passes every content check; the manifest catches it."""
    rel = "synthetic/inspections.csv"
    before = snapshot(engine)
    rows, kept = _cut_at_row_boundary(data_copy / rel)
    assert len(read_all(data_copy)["inspections"]) == kept  # content validation passes
    with pytest.raises(DataError) as info:
        load_mod.load_samples(engine, data_copy)
    message = info.value.message
    assert rel in message
    assert f"{rows} rows expected, {kept} found" in message
    assert "SHA-256" in message
    assert snapshot(engine) == before


def test_feature_removed_from_geojson_is_refused(engine, data_copy):
    rel = "synthetic/complaints.geojson"
    before = snapshot(engine)
    doc = json.loads((data_copy / rel).read_text(encoding="utf-8"))
    n = len(doc["features"])
    doc["features"] = doc["features"][:-1]
    (data_copy / rel).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match=f"{rel}: .*{n} features expected, {n - 1} found"):
        load_mod.load_samples(engine, data_copy)
    assert snapshot(engine) == before


def test_unlisted_and_missing_files_are_refused(engine, data_copy):
    from store.manifest import MANIFEST_NAME

    before = snapshot(engine)
    (data_copy / "synthetic" / "inspections_2027.csv").write_text("a,b\n1,2\n",
                                                                  encoding="utf-8")
    (data_copy / "roads" / "osm_motorway_services_hefei_region.geojson").unlink()
    doc = json.loads((data_copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    del doc["files"]["synthetic/receptors.geojson"]
    (data_copy / MANIFEST_NAME).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_mod.load_samples(engine, data_copy)
    message = info.value.message
    assert "synthetic/inspections_2027.csv: unexpected file" in message
    assert "roads/osm_motorway_services_hefei_region.geojson: listed in MANIFEST.json but " \
           "missing" in message
    assert "synthetic/receptors.geojson: not listed in MANIFEST.json" in message
    (data_copy / MANIFEST_NAME).unlink()
    with pytest.raises(DataError, match=r"MANIFEST\.json: not found"):
        load_mod.load_samples(engine, data_copy)
    assert snapshot(engine) == before


def test_rewritten_manifest_accepts_an_intended_change(engine, data_copy, data_samples):
    from store import manifest

    rows, kept = _cut_at_row_boundary(data_copy / "synthetic" / "inspections.csv", 0.9)
    manifest.write(data_copy)
    try:
        counts = load_mod.load_samples(engine, data_copy)
        assert counts is not None and counts["inspections"] == kept < rows
    finally:
        load_mod.load_samples(engine, data_samples)


def test_gdal_sidecar_files_do_not_block_a_load(engine, data_copy):
    """Reading the DEM may leave GDAL's ``*.aux.xml`` cache next to it: not data."""
    (data_copy / "dem" / "dem_30arcsec_hefei_chaohu.tif.aux.xml").write_text(
        "<PAMDataset/>", encoding="utf-8")
    assert load_mod.load_samples(engine, data_copy) is not None


def test_a_reload_keeps_the_observations_a_feed_posted(engine, data_samples):
    """Fed rows are not the sample's: a reload puts them back, and a fed row wins over the
    sample row of the same station-hour."""
    with engine.begin() as conn:
        station, sample_time = conn.execute(text(
            "SELECT station_code, time FROM air_observations WHERE source = 'sample' "
            "ORDER BY time LIMIT 1")).one()
        conn.execute(text(
            "INSERT INTO air_observations (station_code, time, pm2_5, source, qc_flags, "
            "received_at, synthetic) VALUES (:s, '2026-11-26 10:00', 41, 'feed', '{}', now(), "
            "false)"), {"s": station})
        conn.execute(text(
            "UPDATE air_observations SET pm2_5 = 999, source = 'feed' "
            "WHERE station_code = :s AND time = :t"), {"s": station, "t": sample_time})
    try:
        load_mod.load_samples(engine, data_samples)
        with engine.connect() as conn:
            fed = dict(conn.execute(text(
                "SELECT time, pm2_5 FROM air_observations WHERE source = 'feed' "
                "AND station_code = :s ORDER BY time"), {"s": station}).all())
        assert fed == {sample_time: 999, dt.datetime(2026, 11, 26, 10): 41}
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM air_observations WHERE source = 'feed'"))
        load_mod.load_samples(engine, data_samples)
