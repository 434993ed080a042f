"""The cockpit's optional supervision panels (无废城市, 声环境, 辐射, 碳达峰) against the
loaded sample store, each figure recomputed here from the tables (real PostGIS)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from cockpit import supervision
from cockpit.schemes import CORE_PANELS, SUPERVISION_PANELS, validate
from store.db import connection
from tests.conftest import client_as
from tests.pages.test_admin_pages import as_user

pytestmark = pytest.mark.db
NOW = dt.datetime(2026, 11, 26, 10, 0)
DATA = Path(__file__).resolve().parents[2] / "data_samples" / "supervision"


@pytest.fixture(scope="module")
def conn(app_engine):
    with connection(app_engine) as c:
        yield c


def test_waste_panel_sums_the_ledgers_and_manifests_of_the_latest_year(conn):
    p = supervision.waste_panel(conn, NOW)
    assert not p["empty"] and p["synthetic"] and p["year"] == 2025
    row = conn.execute(text(
        "SELECT sum(generated_t), sum(utilised_on_site_t), count(DISTINCT unit_code), "
        "sum(storage_end_t - storage_start_t) FROM hw_ledgers WHERE year = 2025")).one()
    moved = conn.execute(text("SELECT sum(tonnes), count(*) FROM hw_manifests "
                              "WHERE date BETWEEN '2025-01-01' AND '2025-12-31'")).one()
    assert p["generated_t"] == pytest.approx(row[0])
    assert p["utilised_on_site_t"] == pytest.approx(row[1]) and p["units"] == row[2]
    assert (p["transferred_t"], p["manifests"]) == (pytest.approx(moved[0]), moved[1])
    # transferred ≈ generated − utilised on site − storage growth, less the planted gaps
    due = row[0] - row[1] - row[3]
    assert 0.9 * due < moved[0] < due
    open_clues = conn.execute(text("SELECT count(*) FROM clues WHERE cause = 'hw_anomaly' "
                                   "AND status = 'open'")).scalar()
    assert p["anomalies_open"] == open_clues
    # the planted anomalies of the sample, one or more of every rule (PROVENANCE.md)
    assert p["anomalies"] >= 8 and p["anomaly_rules"] == sorted(
        ["hw.balance", "hw.storage_over_one_year", "hw.transfer_code_not_licensed",
         "hw.transfer_over_capacity"])
    assert p["by_code"][0][1] >= p["by_code"][-1][1] and len(p["by_code"]) <= 4


def test_noise_panel_night_compliance_of_roadside_zones_matches_an_sql_energy_mean(conn):
    p = supervision.noise_panel(conn, NOW)
    assert not p["empty"] and (p["replay"] or p["stale"])  # the sample month is past
    classes = {c["zone"]: c for c in p["classes"]}
    assert set(classes) == {"0", "1", "2", "3", "4a", "4b"}
    assert (classes["4a"]["day_limit"], classes["4a"]["night_limit"]) == (70, 55)
    # the nights (22:00–06:00, 8 whole hours) of the 4a stations, energy-averaged in SQL,
    # against 55 dB(A) (GB 3096-2008 Table 1, class 4a at night)
    start = dt.datetime.fromisoformat(p["from"] + " 06:00")
    nights = conn.execute(text("""
        SELECT h.station_code, date(h.time - interval '6 hours') AS night,
               10 * log(avg(power(10, h.leq_dba / 10))) AS ln, count(h.leq_dba) AS n
        FROM noise_hourly h JOIN noise_stations s ON s.code = h.station_code
        WHERE s.zone_class = '4a' AND h.time >= :a AND h.time <= :b
          AND (extract(hour FROM h.time) >= 22 OR extract(hour FROM h.time) < 6)
        GROUP BY 1, 2 HAVING count(h.leq_dba) = 8"""),
        {"a": start, "b": dt.datetime.fromisoformat(p["data_time"])}).all()
    ok = sum(1 for n in nights if n.ln <= 55)
    assert classes["4a"]["night_n"] == len(nights) > 0
    assert classes["4a"]["night_rate"] == pytest.approx(100 * ok / len(nights))
    # roadside nights are the hardest part of the standard in the sample
    assert classes["4a"]["night_rate"] < classes["1"]["night_rate"]


def test_radiation_panel_finds_the_planted_dry_afternoon_rise_and_not_before(conn):
    during = supervision.radiation_panel(conn, NOW, dt.date(2026, 10, 23))
    before = supervision.radiation_panel(conn, NOW, dt.date(2026, 10, 15))
    hits = {h["code"]: h for h in during["investigate_7d"]}
    assert set(hits) == {"GS05"} and hits["GS05"]["hours"] >= 3
    assert hits["GS05"]["first"].startswith("2026-10-22 14")
    assert hits["GS05"]["max"] > hits["GS05"]["level"]
    assert before["investigate_7d"] == []  # rises before it were all rain
    n = conn.execute(text("SELECT count(*) FROM gamma_stations")).scalar()
    assert during["stations"] == n and 0 < during["online"] <= n and during["replay"]
    users = dict(conn.execute(text("SELECT category_roman, count(*) FROM "
                                   "radiation_source_users GROUP BY 1")).all())
    assert {r: c for r, c in during["by_category"] if c} == users
    assert [r for r, _ in during["by_category"]] == ["I", "II", "III", "IV", "V"]


def test_carbon_panel_trajectory_against_the_peak_cap(conn):
    p = supervision.carbon_panel(conn, NOW)
    hist = dict(conn.execute(text("SELECT year, co2_t FROM co2_trajectory "
                                  "WHERE kind = 'history'")).all())
    cap_year, cap = conn.execute(text("SELECT year, co2_t FROM co2_trajectory "
                                      "WHERE kind = 'peak_cap'")).one()
    last = max(hist)
    recent = (hist[last] / hist[last - 3]) ** (1 / 3) - 1
    projected = hist[last] * (1 + recent) ** (cap_year - last)
    assert (p["last_year"], p["peak_year"]) == (last, cap_year) == (2025, 2030)
    assert p["recent_change"] == pytest.approx(recent)
    assert p["projected_mt"] == pytest.approx(projected / 1e6)
    assert p["on_track"] is (projected <= cap)
    assert p["required_change"] == pytest.approx((cap / hist[last]) ** (1 / 5) - 1)
    # the trajectory ends at the inventory's total of the same year
    assert p["inventory_mt"] == pytest.approx(p["last_mt"], rel=1e-6)
    # a wall asked for 2020 sees the history up to 2019 only
    assert supervision.carbon_panel(conn, NOW, dt.date(2020, 6, 1))["last_year"] == 2019


def test_the_loaded_inventory_is_consistent_with_the_energy_mix_it_claims(conn):
    from decision_models import carbon

    rows = carbon.rows_from_mappings(
        {"subject": r.adcode, "sector": r.sector, "fuel": r.fuel, "amount": r.amount,
         "co2_t": r.co2_t} for r in conn.execute(text(
            "SELECT adcode, sector, fuel, amount, co2_t FROM co2_inventory WHERE year = 2025")))
    with (DATA / "co2_energy_mix.csv").open(encoding="utf-8") as fh:
        claimed = {r["fuel"]: float(r["claimed_share"]) for r in csv.DictReader(fh)}
    result = carbon.check_inventory(rows, claimed)
    assert result.consistent, result.problems
    tce = conn.execute(text("SELECT sum(energy_tce) FROM co2_inventory")).scalar()
    assert tce == pytest.approx(24e6, rel=1e-6)  # the 24 Mtce the provenance states
    assert set(claimed) == set(result.mix)


def test_schemes_take_the_optional_panels_and_default_to_the_six(conn):
    screen = {"title": "其他监管", "panels": list(SUPERVISION_PANELS)}
    assert validate({"name": "x", "screens": [screen]})["screens"][0]["panels"] == \
        list(SUPERVISION_PANELS)
    assert validate({"name": "x", "screens": [{"title": "a"}]})["screens"][0]["panels"] == \
        list(CORE_PANELS)
    from core.errors import Unprocessable

    with pytest.raises(Unprocessable):
        validate({"name": "x", "screens": [{"title": "a", "panels": ["waste", "nuclear"]}]})


def _texts(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


def test_a_scheme_screen_shows_the_supervision_panels_in_both_languages(
        onemap_app, auth_service, admin_token, app_client):
    from pages.cockpit import page

    body = {"name": "supervision-panels-test", "screens": [
        {"title": "其他监管", "title_en": "Other systems", "panels": list(SUPERVISION_PANELS)},
        {"title": "空气", "panels": ["air"]}]}
    created = app_client.post("/api/cockpit/schemes", json=body)
    assert created.status_code == 201, created.get_json()
    sid = created.get_json()["scheme"]["id"]
    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        zh = _texts(page.layout(scheme=str(sid), lang="zh"))
        en = _texts(page.layout(scheme=str(sid), lang="en"))
        default = page.layout(lang="zh")
    finally:
        ctx.pop()
    assert "无废城市" in zh and "夜间达标率" in zh and "γ 自动站在线" in zh and "达峰上限" in zh
    assert "Zero-waste city" in en and "Night compliance" in en and "peak cap" in en
    assert "示例数据" in zh
    hidden = [s for s in ("waste", "noise", "radiation", "carbon")
              if f"cockpit-panel--{s} cockpit-panel--hidden" in _texts(default)]
    assert hidden == ["waste", "noise", "radiation", "carbon"]  # optional: not by default
    assert "cockpit-panel--waste cockpit-panel--hidden" not in zh


def test_snapshot_api_carries_the_supervision_panels(onemap_app, make_user):
    wall = client_as(onemap_app, make_user("sup-panels-wall", "display"))
    body = wall.get("/api/cockpit/snapshot").get_json()
    for key in ("waste", "noise", "radiation", "carbon"):
        assert body[key]["source"] == f"cockpit.src.{key}"
        assert not body[key]["empty"]


def test_the_wall_refresh_judges_the_forecast_it_showed_without_computing_it_again(
        onemap_app, auth_service, admin_token, app_engine, monkeypatch):
    """The alarm scan of a refresh takes the snapshot's forecast panel (one forecast per
    refresh, and the alarm follows the very panel the wall shows)."""
    from cockpit import alarms, kpis
    from pages.cockpit import callbacks

    issued = "2030-02-03"
    panel = {"empty": False, "replay": False, "stale": False, "warning": "orange",
             "issued": issued, "data_time": issued, "source": "cockpit.src.forecast",
             "model_version": "test", "days": [{"date": issued, "aqi": 230, "lower": 200,
                                                 "upper": 260, "level": 5,
                                                 "primary": "PM2.5"}]}
    calls = []

    def forecast(*_a, **_k):
        calls.append(1)
        return panel

    monkeypatch.setattr(kpis, "forecast_panel", forecast)
    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        callbacks.refresh_outputs(None, "zh", None, dt.datetime(2030, 2, 3, 9, 0))
    finally:
        ctx.pop()
    assert len(calls) == 1  # the snapshot's; the scan did not build its own
    keys = {a["key"]: a for a in alarms.AlarmService(app_engine).active()}
    assert f"warning:{issued}:orange" in keys
    with connection(app_engine) as conn, conn.begin():
        conn.execute(text("UPDATE cockpit_alarms SET expires_at = now() WHERE key = :k"),
                     {"k": f"warning:{issued}:orange"})
