"""The synthetic supervision samples: deterministic, inside Hefei, labelled, and telling
the stories they are for (planted waste anomalies, a consistent carbon inventory)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from decision_models import biodiversity as bio
from decision_models import carbon as co2
from decision_models import hazardous_waste as hw
from decision_models import noise, radiation
from samplegen import supervision
from samplegen._base import LABEL
from store.manifest import count_records

ROOT = Path(__file__).resolve().parents[2]
CITY = shape(json.loads((ROOT / "data_samples/admin/hefei_city.geojson").read_text(
    encoding="utf-8"))["features"][0]["geometry"])
LAKE = shape(json.loads((ROOT / "data_samples/hydro/chaohu_lake_gshhs_f.geojson").read_text(
    encoding="utf-8"))["features"][0]["geometry"])


def _fc(out: Path, name: str) -> list[dict]:
    return json.loads((out / name).read_text(encoding="utf-8"))["features"]


def _csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, keep_default_na=False, na_values=[""])


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


def test_every_file_of_the_manifest_is_written(supervision_out, supervision_report):
    manifest = json.loads((supervision_report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["label"] == LABEL and manifest["synthetic"] is True
    systems = {v["system"] for v in manifest["files"].values()}
    assert systems == {"hazardous_waste", "radiation", "mobile", "carbon", "biodiversity",
                       "noise"}
    for name, info in manifest["files"].items():
        assert (supervision_out / name).exists(), name
        assert info["records"] > 0, name


def test_same_seed_same_bytes_other_seed_other_data(supervision_out, tmp_path):
    supervision.generate(tmp_path / "again")
    assert _digest(tmp_path / "again") == _digest(supervision_out)
    region = supervision.load_region()
    a = supervision.hazardous_waste(np.random.default_rng([supervision.SEED, 0]), region)
    b = supervision.hazardous_waste(np.random.default_rng([supervision.SEED + 1, 0]), region)
    assert [(u.lon, u.lat) for u in a["units"]] != [(u.lon, u.lat) for u in b["units"]]


def test_every_record_is_labelled_synthetic(supervision_out):
    for path in sorted(supervision_out.glob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["metadata"]["label"] == LABEL
        for f in doc["features"]:
            assert f["properties"]["synthetic"] is True, path.name
            assert f["properties"]["label"] == LABEL, path.name
    for path in sorted(supervision_out.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, path.name
        assert all(r["synthetic"] == "true" and r["label"] == LABEL for r in rows), path.name


def test_the_output_folder_holds_only_data_files(supervision_out, supervision_report):
    """Every file written where the data goes is one the data folder's manifest can count
    (a FeatureCollection or a CSV): the run's manifest and anomaly list go elsewhere."""
    names = sorted(p.name for p in supervision_out.iterdir())
    assert not {"manifest.json", "hw_anomalies.json"} & set(names)
    for name in names:
        assert count_records(supervision_out / name) is not None, name
    assert sorted(p.name for p in supervision_report.iterdir()) == [
        "hw_anomalies.json", "manifest.json"]


def test_every_polygon_is_valid_as_written(supervision_out):
    """Rounding to 1e-6° must not leave invalid polygons (the noise zones did)."""
    for path in sorted(supervision_out.glob("*.geojson")):
        bad = [f["properties"].get("id") for f in _fc(supervision_out, path.name)
               if not shape(f["geometry"]).is_valid]
        assert not bad, f"{path.name}: invalid {bad}"


def test_everything_is_inside_the_outline(supervision_out):
    inside = CITY.buffer(1e-6)  # coordinates are rounded to 1e-6°
    for path in sorted(supervision_out.glob("*.geojson")):
        geoms = [shape(f["geometry"]) for f in _fc(supervision_out, path.name)]
        outside = [g for g in geoms if not inside.covers(g)
                   and not (g.geom_type == "LineString"
                            and all(inside.covers(shapely.Point(c)) for c in g.coords))]
        assert not outside, f"{path.name}: {len(outside)} outside the Hefei outline"


def test_land_features_are_not_in_the_lake(supervision_out):
    for name in ("hw_generators.geojson", "hw_facilities.geojson",
                 "radiation_source_users.geojson", "gamma_stations.geojson",
                 "rs_points.geojson", "nonroad_sites.geojson", "co2_key_units.geojson",
                 "noise_stations.geojson", "bio_devices.geojson"):
        wet = [f for f in _fc(supervision_out, name) if LAKE.contains(shape(f["geometry"]))]
        assert not wet, name


# -- hazardous waste --------------------------------------------------------------------

def _hw_inputs(out: Path):
    ledgers = [hw.ledger_from_mapping(r) for r in
               csv.DictReader((out / "hw_ledgers.csv").open(encoding="utf-8"))]
    manifests = [hw.Manifest(p["id"], p["origin_id"], p["facility_id"], p["waste_code"],
                             p["tonnes"], dt.date.fromisoformat(p["date"]))
                 for p in (f["properties"] for f in _fc(out, "hw_manifests.geojson"))]
    licences = [hw.Licence(r["facility_id"], r["code"], float(r["capacity_t_per_year"]))
                for r in csv.DictReader((out / "hw_licences.csv").open(encoding="utf-8"))]
    return ledgers, manifests, licences


def test_every_waste_anomaly_rule_is_in_the_sample(supervision_out, supervision_report):
    ledgers, manifests, licences = _hw_inputs(supervision_out)
    found = hw.find_anomalies(ledgers, manifests, licences, supervision.HW_AS_OF)
    assert {a.rule for a in found} == set(hw.RULES)
    doc = json.loads((supervision_report / "hw_anomalies.json").read_text(encoding="utf-8"))
    assert sorted((a["rule"], a["subject"]) for a in doc["anomalies"]) == sorted(
        (a.rule, a.subject) for a in found)
    # and they are the exception: most units balance
    units = {e.unit_id for e in ledgers}
    flagged = {a.subject for a in found if a.subject_kind == "unit"}
    assert len(flagged) <= 0.15 * len(units)


def test_waste_sample_uses_the_issue_categories(supervision_out):
    cats = {f["properties"]["code"] for f in _fc(supervision_out, "hw_manifests.geojson")}
    assert {"HW08", "HW17", "HW18", "HW49"} <= cats
    fac = {f["properties"]["id"]: f["properties"]
           for f in _fc(supervision_out, "hw_facilities.geojson")}
    for lic in _hw_inputs(supervision_out)[2]:
        assert lic.code in fac[lic.facility_id]["codes"]


# -- carbon -----------------------------------------------------------------------------

def test_inventory_is_consistent_with_its_energy_mix(supervision_out):
    inv = _csv(supervision_out, "co2_inventory.csv")
    rows = [co2.InventoryRow(r.adcode, r.sector, r.fuel, r.amount, r.co2_t)
            for r in inv.itertuples()]
    mix = _csv(supervision_out, "co2_energy_mix.csv")
    claimed = dict(zip(mix["fuel"], mix["claimed_share"], strict=True))
    result = co2.check_inventory(rows, claimed)
    assert result.consistent, result.problems
    # the energy column is the activity in standard coal
    assert inv["energy_tce"].sum() == pytest.approx(supervision.TOTAL_ENERGY_TCE, rel=1e-4)
    assert set(inv["district"]) == {n for _, n, _ in supervision.load_region().districts}


def test_key_units_fit_inside_their_district_inventory(supervision_out):
    inv = _csv(supervision_out, "co2_inventory.csv")
    pool = inv.groupby(["adcode", "sector", "fuel"])["amount"].sum()
    units = _csv(supervision_out, "co2_key_unit_fuels.csv")
    used = units.groupby(["adcode", "sector", "fuel"])["amount"].sum()
    for key, amount in used.items():
        assert amount <= pool[key] + 0.1, key
    per_unit = units.groupby("unit_id")["co2_t"].sum()
    assert (per_unit >= supervision.KEY_UNIT_THRESHOLD_T).all()
    for row in units.itertuples():
        assert row.co2_t == pytest.approx(co2.emission(row.fuel, row.amount), abs=0.1)


def test_trajectory_ends_at_the_inventory(supervision_out):
    traj = _csv(supervision_out, "co2_trajectory.csv")
    hist = traj[traj["kind"] == "history"]
    total = _csv(supervision_out, "co2_inventory.csv")["co2_t"].sum()
    assert hist["co2_t"].iloc[-1] == pytest.approx(total, rel=1e-6)
    cap = traj.loc[traj["kind"] == "peak_cap", "co2_t"].item()
    t = co2.trajectory(dict(zip(hist["year"], hist["co2_t"], strict=True)),
                       supervision.PEAK_YEAR, cap)
    assert t.years_to_peak == supervision.PEAK_YEAR - supervision.CO2_YEAR
    assert 0 < t.required_change < t.recent_change  # growth must slow to meet the cap


# -- radiation --------------------------------------------------------------------------

def test_source_user_category_is_its_most_dangerous_source(supervision_out):
    src = _csv(supervision_out, "radiation_sources.csv")
    for f in _fc(supervision_out, "radiation_source_users.geojson"):
        p = f["properties"]
        mine = src[src["user_id"] == p["id"]]
        cats = [radiation.source_category(nuclide=r.nuclide, activity_bq=r.activity_bq).category
                for r in mine.itertuples()]
        assert p["category"] == min(cats) and p["n_sources"] == len(mine)
    assert {p["properties"]["category"] for p in _fc(
        supervision_out, "radiation_source_users.geojson")} == {1, 2, 3, 4, 5}


def test_gamma_excursion_is_over_the_investigation_level(supervision_out):
    g = _csv(supervision_out, "gamma_hourly.csv")
    g["time"] = pd.to_datetime(g["time"])
    station, start, hours, _ = supervision.GAMMA_EXCURSION
    split = pd.Timestamp("2026-10-01")
    investigate = {}
    for sid, grp in g.groupby("station_id"):
        level = radiation.investigation_level(grp.loc[grp["time"] < split,
                                                      "dose_rate_ngy_h"].to_numpy())
        assert 60 < level.mean < 110  # nGy/h, a plain background
        verdict = radiation.classify_readings(grp["dose_rate_ngy_h"].to_numpy(), level,
                                              grp["rain_mm"].to_numpy())
        later = (grp["time"] >= split).to_numpy()
        investigate[sid] = set(grp.loc[later & (verdict == "investigate"), "time"])
        assert (verdict[later] == "rain").sum() < 0.05 * later.sum()
    # the planted excursion is the only rise that rain does not explain
    planted = {start + pd.Timedelta(hours=h) for h in range(hours)}
    assert investigate == {sid: (planted if sid == station else set()) for sid in investigate}


# -- mobile -----------------------------------------------------------------------------

def test_remote_sensing_counts_and_rates(supervision_out):
    d = _csv(supervision_out, "rs_daily.csv")
    assert (d["gasoline_failed"] <= d["gasoline_valid"]).all()
    assert (d["gasoline_valid"] <= d["gasoline_passes"]).all()
    assert (d["diesel_failed"] <= d["diesel_valid"]).all()
    assert (d["gasoline_passes"] + d["diesel_passes"] == d["passes"]).all()
    for f in _fc(supervision_out, "rs_points.geojson"):
        p = f["properties"]
        assert 0.003 < p["exceedance_rate"] < 0.15
        mine = d[d["point_id"] == p["id"]]
        assert p["failed"] == mine["gasoline_failed"].sum() + mine["diesel_failed"].sum()


def test_obd_is_a_grid_not_tracks(supervision_out):
    cells = _fc(supervision_out, "obd_density.geojson")
    assert {shape(f["geometry"]).geom_type for f in cells} <= {"Polygon", "MultiPolygon"}
    assert all(f["properties"]["vehicles_per_day"] >= 0 for f in cells)
    sites = _fc(supervision_out, "nonroad_sites.geojson")
    for s in sites:
        p = s["properties"]
        assert p["stage_2"] + p["stage_3"] + p["stage_4"] == p["machines"]
        assert p["registered"] + p["unregistered"] == p["machines"]


# -- biodiversity -----------------------------------------------------------------------

def test_observations_are_real_species_with_their_class(supervision_out):
    obs = [f["properties"] for f in _fc(supervision_out, "bio_observations.geojson")]
    for o in obs:
        assert o["protection"] == bio.protection_class(o["species"])
        if o["species"] in {"小天鹅", "鸿雁", "白额雁", "青头潜鸭", "东方白鹳"}:
            assert dt.date.fromisoformat(o["date"]).month in (11, 12, 1, 2, 3), o
    seen = {o["species"] for o in obs}
    assert {s for s, sp in bio.SPECIES.items() if sp.protection} <= seen
    fish = [f for f in _fc(supervision_out, "bio_observations.geojson")
            if f["properties"]["group"] == "fish"]
    assert fish and all(LAKE.buffer(1e-6).covers(shape(f["geometry"])) for f in fish)


def test_protected_species_in_a_priority_area(supervision_out):
    obs = pd.DataFrame([{**f["properties"], "lon": f["geometry"]["coordinates"][0],
                         "lat": f["geometry"]["coordinates"][1]}
                        for f in _fc(supervision_out, "bio_observations.geojson")])
    lake_area = shape(_fc(supervision_out, "bio_priority_areas.geojson")[0]["geometry"])
    out = bio.protected_in_region(obs, lake_area)
    assert len(out) >= 3 and set(out["protection"]) <= {"一级", "二级"}
    devices = _fc(supervision_out, "bio_devices.geojson")
    areas = {f["properties"]["id"] for f in _fc(supervision_out, "bio_priority_areas.geojson")}
    assert {d["properties"]["area_id"] for d in devices} <= areas


# -- noise ------------------------------------------------------------------------------

def test_noise_zones_and_stations(supervision_out):
    zones = _fc(supervision_out, "noise_zones.geojson")
    assert {z["properties"]["zone_class"] for z in zones} == set(noise.ZONE_CLASSES)
    by_class = defaultdict(list)
    for z in zones:
        by_class[z["properties"]["zone_class"]].append(shape(z["geometry"]))
    for s in _fc(supervision_out, "noise_stations.geojson"):
        p = shapely.Point(s["geometry"]["coordinates"])
        cls = s["properties"]["zone_class"]
        assert any(g.buffer(1e-6).covers(p) for g in by_class[cls]), s["properties"]["id"]


def test_noise_series_judged_by_the_standard(supervision_out):
    h = _csv(supervision_out, "noise_hourly.csv")
    h["time"] = pd.to_datetime(h["time"])
    st = {f["properties"]["id"]: f["properties"]["zone_class"]
          for f in _fc(supervision_out, "noise_stations.geojson")}
    ld = {}
    night_over = {}
    for sid, grp in h.groupby("station_id"):
        days = noise.compliance(st[sid], grp.set_index("time")["leq_dba"], min_day_hours=16,
                                min_night_hours=8)
        full = [d for d in days if d.day_compliant is not None and d.night_compliant is not None]
        assert len(full) == supervision.SERIES_DAYS - 1
        ld[sid] = np.mean([d.ld for d in full])
        night_over[sid] = np.mean([not d.night_compliant for d in full])
        assert (grp["lmax_dba"] >= grp["leq_dba"]).all()
    quiet = [ld[s] for s, c in st.items() if c == "0"]
    road = [ld[s] for s, c in st.items() if c == "4a"]
    assert max(quiet) < min(road)
    # roadside nights exceed more often than residential ones
    assert np.mean([night_over[s] for s, c in st.items() if c == "4a"]) > \
        np.mean([night_over[s] for s, c in st.items() if c == "1"])
