"""``/api/scenarios`` end to end on the test database: contracts, limits and linearity on
the sample's sources, 422 on bad input, permissions, persistence and audit."""

from __future__ import annotations

import io

import numpy as np
import pytest
from sqlalchemy import text

from scenarios import inputs as inp
from tests.scenarios.conftest import DISTRICT, by_station, run, unique

pytestmark = pytest.mark.db
CUT = {"select": {"district": DISTRICT}, "pollutant": "PM2_5", "fraction": 0.5}


@pytest.fixture(scope="module")
def district_cut(analyst_client):
    return run(analyst_client, {"cuts": [CUT]})


def test_the_get_contract(district_cut):
    s = district_cut
    assert {"id", "status", "progress", "stations", "districts", "tiles",
            "provenance"} <= set(s)
    assert s["status"] == "done" and s["progress"] == 1.0
    row = s["stations"][0]
    assert {"code", "pollutant", "baseline", "scenario", "delta"} <= set(row)
    assert {r["pollutant"] for r in s["stations"]} == {"PM2_5", "PM10", "SO2", "NO2"}
    assert len({r["code"] for r in s["districts"]}) == 9
    layers = s["tiles"]["layers"]
    assert set(layers) == {"baseline", "scenario", "delta"}
    assert layers["delta"]["ramp"] == "diverging"
    legend = layers["delta"]["legend"]["PM2_5"]
    assert legend["min"] == -legend["max"] < 0
    prov = s["provenance"]
    assert prov["who"] == "test-analyst"
    assert prov["model"]["version"] and len(prov["inputs_hash"]) == 64
    assert prov["params"]["cuts"] == [CUT]
    assert prov["synthetic"] is True
    # the test app serves the Hefei sample: the wind rose was drawn for it
    assert prov["climatology"] == inp.climatology_name("340100")


def test_a_district_cut_lowers_its_own_stations_most(district_cut):
    rows = by_station(district_cut)
    own = [r["delta"] for r in rows.values() if r["district"] == DISTRICT]
    others = [r["delta"] for r in rows.values() if r["district"] != DISTRICT]
    assert own and others
    assert max(d for r in rows.values() for d in [r["delta"]]) <= 0
    assert np.mean(own) < np.mean(others)
    assert min(rows.values(), key=lambda r: r["delta"])["district"] == DISTRICT
    districts = {r["code"]: r["delta"] for r in district_cut["districts"]
                 if r["pollutant"] == "PM2_5"}
    assert min(districts, key=districts.get) == DISTRICT


def test_a_zero_cut_gives_a_delta_of_exactly_zero(analyst_client):
    s = run(analyst_client, {"cuts": [{"select": {"all": True}, "pollutant": "PM2_5",
                                       "fraction": 0}]})
    assert all(r["delta"] == 0 and r["baseline"] == r["scenario"]
               for r in s["stations"] + s["districts"])
    assert s["kpi"]["delta"] == 0


def test_cutting_every_source_fully_leaves_the_background(analyst_client):
    cuts = [{"select": {"all": True}, "pollutant": p, "fraction": 1.0}
            for p in ("PM2_5", "PM10", "SO2", "NO2")]
    s = run(analyst_client, {"cuts": cuts})
    background = s["provenance"]["background"]["values"]
    for r in s["stations"]:
        assert r["scenario"] == pytest.approx(background[r["pollutant"]], abs=1e-3)
        assert r["baseline"] > r["scenario"]


def test_two_cuts_add_up(analyst_client):
    a = {"select": {"district": "340102"}, "pollutant": "NO2", "fraction": 0.4}
    b = {"select": {"industry": "非金属矿物制品业"}, "pollutant": "SO2", "fraction": 0.6}
    sa, sb = run(analyst_client, {"cuts": [a]}), run(analyst_client, {"cuts": [b]})
    both = run(analyst_client, {"cuts": [a, b]})

    def deltas(s):
        return {(r["code"], r["pollutant"]): r["delta"] for r in s["stations"]}

    da, db, dab = deltas(sa), deltas(sb), deltas(both)
    for key, value in dab.items():
        assert value == pytest.approx(da[key] + db[key], abs=2e-3)
    assert any(v < 0 for v in dab.values())


def test_a_new_source_raises_concentrations_near_it(analyst_client):
    s = run(analyst_client, {"add_sources": [{"lon": 117.196, "lat": 31.79, "height_m": 20,
                                              "emissions_t_a": {"PM2_5": 500}}]})
    rows = by_station(s)
    assert rows["1270A"]["delta"] > 0.1  # 明珠广场 is about 600 m away
    assert rows["1270A"]["delta"] == max(r["delta"] for r in rows.values())


def test_the_kpi_compares_the_city_mean_with_the_target(district_cut):
    kpi = district_cut["kpi"]
    rows = by_station(district_cut)
    city = np.mean([r["scenario"] for r in rows.values()])
    assert kpi["scenario"] == pytest.approx(city, abs=0.01)
    assert kpi["delta"] < 0
    assert kpi["target"]["value"] > 0
    assert kpi["met_after"] == (kpi["scenario"] <= kpi["target"]["value"])


def test_top_contributors_before_and_after(district_cut):
    top = district_cut["top"]["PM2_5"]
    assert top["sectors_before"] and top["sources_after"]
    before = {x["id"]: x["value"] for x in top["sources_before"]}
    after = {x["id"]: x["value"] for x in top["sources_after"]}
    assert sum(after.values()) <= sum(before.values())


@pytest.mark.parametrize("cut", [
    pytest.param({**CUT, "fraction": 1.5}, id="fraction-above-1"),
    pytest.param({**CUT, "fraction": -0.1}, id="fraction-below-0"),
    pytest.param({**CUT, "fraction": "half"}, id="fraction-text"),
    pytest.param({**CUT, "pollutant": "CO2"}, id="pollutant"),
    pytest.param({**CUT, "select": {"district": "999999"}}, id="unknown-district"),
    pytest.param({**CUT, "select": {"industry": "no such industry"}}, id="unknown-industry"),
    pytest.param({**CUT, "select": {"ids": []}}, id="empty-ids"),
    pytest.param({**CUT, "select": {"ids": ["PS99999"]}}, id="unknown-id"),
    pytest.param({**CUT, "select": {"polygon": {"type": "Polygon", "coordinates": [[[0, 0]]]}}},
                 id="bad-polygon"),
    pytest.param({**CUT, "select": {"polygon": {"type": "Polygon", "coordinates": [
        [[100, 10], [101, 10], [101, 11], [100, 10]]]}}}, id="polygon-selects-nothing"),
    pytest.param({**CUT, "select": {"all": True, "district": DISTRICT}}, id="two-selections"),
    pytest.param({**CUT, "select": {"street": "x"}}, id="unknown-selection"),
])
def test_bad_cuts_are_422(analyst_client, cut):
    r = analyst_client.post("/api/scenarios", json={"name": unique("bad"), "cuts": [cut]})
    assert r.status_code == 422, r.get_data(as_text=True)
    assert r.get_json()["code"] == "unprocessable"


@pytest.mark.parametrize("body", [
    pytest.param({"cuts": [CUT]}, id="no-name"),
    pytest.param({"name": "x", "cuts": []}, id="no-cuts"),
    pytest.param({"name": "x", "cuts": "all"}, id="cuts-not-a-list"),
    pytest.param({"name": "x", "cuts": [CUT], "colour": 1}, id="unknown-field"),
    pytest.param({"name": "x", "kind": "soil", "cuts": [CUT]}, id="unknown-kind"),
])
def test_bad_bodies_are_422(analyst_client, body):
    r = analyst_client.post("/api/scenarios", json=body)
    assert r.status_code == 422, r.get_data(as_text=True)


def test_permissions(reader_client, anon_client, district_cut):
    r = reader_client.post("/api/scenarios", json={"name": "x", "cuts": [CUT]})
    assert r.status_code == 403
    assert reader_client.get(f"/api/scenarios/{district_cut['id']}").status_code == 200
    assert reader_client.delete(f"/api/scenarios/{district_cut['id']}").status_code == 403
    assert anon_client.get("/api/scenarios").status_code == 401


def test_saved_scenarios_persist_and_reopen_identical(analyst_client, district_cut):
    again = analyst_client.get(f"/api/scenarios/{district_cut['id']}").get_json()
    assert again == district_cut
    listed = analyst_client.get("/api/scenarios?mine=1&kind=air").get_json()["scenarios"]
    assert district_cut["id"] in [s["id"] for s in listed]
    assert all(s["owner"] == "test-analyst" for s in listed)


def _audit(app_engine, sid: int) -> list[tuple[str, str]]:
    with app_engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT action, actor FROM audit_log WHERE object_type = 'scenario' "
            "AND object_id = :id ORDER BY id"), {"id": str(sid)})]


def test_saves_and_deletes_are_audited_and_only_owner_or_admin_delete(
        analyst_client, other_analyst_client, app_client, app_engine):
    s = run(analyst_client, {"cuts": [CUT]})
    assert _audit(app_engine, s["id"]) == [("scenario.create", "test-analyst")]
    r = other_analyst_client.delete(f"/api/scenarios/{s['id']}")
    assert r.status_code == 403
    assert analyst_client.delete(f"/api/scenarios/{s['id']}").status_code == 204
    assert analyst_client.get(f"/api/scenarios/{s['id']}").status_code == 404
    assert _audit(app_engine, s["id"]) == [("scenario.create", "test-analyst"),
                                           ("scenario.delete", "test-analyst")]
    t = run(other_analyst_client, {"cuts": [CUT]})
    assert app_client.delete(f"/api/scenarios/{t['id']}").status_code == 204  # an admin
    assert _audit(app_engine, t["id"])[-1] == ("scenario.delete", "test-admin")


def test_duplicate_and_compare(analyst_client, district_cut):
    r = analyst_client.post(f"/api/scenarios/{district_cut['id']}/duplicate",
                            json={"name": unique("copy")})
    assert r.status_code == 202
    other = run(analyst_client, {"cuts": [{**CUT, "fraction": 0.25}]})
    cmp = analyst_client.get(f"/api/scenarios/compare?a={district_cut['id']}&b={other['id']}")
    assert cmp.status_code == 200
    rows = [x for x in cmp.get_json()["stations"] if x["pollutant"] == "PM2_5"]
    for x in rows:  # a quarter cut is half of a half cut
        assert x["delta_b"] == pytest.approx(x["delta_a"] / 2, abs=2e-3)


def test_tiles_geotiff_and_csv(analyst_client, district_cut):
    import rasterio
    from PIL import Image

    sid = district_cut["id"]
    url = district_cut["tiles"]["layers"]["delta"]["url"]
    tile = url.replace("{z}/{x}/{y}", "9/422/208").replace("{pollutant}", "PM2_5")
    r = analyst_client.get(tile)
    assert r.status_code == 200 and r.content_type == "image/png"
    img = np.asarray(Image.open(io.BytesIO(r.data)))
    assert img.shape == (256, 256, 4) and img[..., 3].max() > 0  # Hefei is on this tile
    far = analyst_client.get(url.replace("{z}/{x}/{y}", "9/0/0").replace("{pollutant}",
                                                                         "PM2_5"))
    assert far.status_code == 200
    assert np.asarray(Image.open(io.BytesIO(far.data)))[..., 3].max() == 0
    assert analyst_client.get(tile.replace("pollutant=PM2_5", "pollutant=CO")).status_code \
        == 422
    r = analyst_client.get(f"/api/scenarios/{sid}/delta.tif?pollutant=PM2_5")
    assert r.status_code == 200 and r.content_type == "image/tiff"
    with rasterio.MemoryFile(r.data) as mem, mem.open() as ds:
        assert ds.crs.to_epsg() == 4326
        band = ds.read(1)
        assert np.nanmin(band) < 0 and np.nanmax(band) <= 0
    csv_text = analyst_client.get(f"/api/scenarios/{sid}/tables.csv").get_data(as_text=True)
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("table,code,name")
    assert len(lines) == 1 + len(district_cut["stations"]) + len(district_cut["districts"])


def test_water_scenario(analyst_client):
    s = run(analyst_client, {"kind": "water", "cuts": [
        {"select": {"river": "南淝河"}, "pollutant": "TP", "fraction": 0.8},
        {"select": {"catchment": "南淝河"}, "pollutant": "TP", "fraction": 0.5}]})
    sections = {x["code"]: x for x in s["sections"]}
    nanfei = [x for x in sections.values() if x["river"] == "南淝河"]
    assert nanfei and all(x["TP_after"] < x["TP_before"] for x in nanfei)
    others = [x for x in sections.values() if x["river"] not in ("南淝河",)]
    assert all(x["TP_after"] == x["TP_before"] for x in others)
    assert all(x["class_before"] in ("I", "II", "III", "IV", "V", "劣V") for x in nanfei)
    lake = s["lake"]
    assert lake["tp_load_after_kg_a"] < lake["tp_load_before_kg_a"]
    assert lake["tli_after"] <= lake["tli_before"]
    assert s["synthetic"] is True
    bad = analyst_client.post("/api/scenarios", json={"name": "w", "kind": "water", "cuts": [
        {"select": {"river": "黄河"}, "pollutant": "TP", "fraction": 0.5}]})
    assert bad.status_code == 422
    listed = analyst_client.post("/api/scenarios", json={"name": "w", "kind": "water", "cuts": [
        {"select": {"river": ["南淝河"]}, "pollutant": "TP", "fraction": 0.5}]})
    assert listed.status_code == 422  # a list where a river name belongs (was a 500)
