"""Ranking of stations and districts: the pure ranking (worked cases) and the panel read
from the store's hourly replay."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_models import kpi_ranking as r
from decision_models.errors import ModelInputError


def test_a_24_hour_mean_needs_20_hours_gb3095_table4():
    assert r.mean_24h([40.0] * 20 + [None] * 4) == (40.0, 20)
    assert r.mean_24h([40.0] * 19 + [float("nan")] * 5) == (None, 19)
    with pytest.raises(ModelInputError):
        r.mean_24h([-1.0] * 24)


def test_worst_first_ties_share_a_rank_and_short_series_come_last():
    # 24 h of 90 → 1.2 × the grade II limit 75 (GB 3095-2012 Table 1); 60 and 60 tie
    ranked = r.rank_against_limit({
        "甲": [60.0] * 24, "乙": [90.0] * 24, "丙": [60.0] * 22, "丁": [300.0] * 10})
    assert [(e.name, e.rank) for e in ranked] == [("乙", 1), ("丙", 2), ("甲", 2), ("丁", None)]
    assert ranked[0].ratio == pytest.approx(1.2) and ranked[0].exceeds
    assert not ranked[1].exceeds and ranked[3].mean is None and ranked[3].hours == 10
    assert r.PM25_24H_LIMIT == 75
    with pytest.raises(ModelInputError):
        r.rank_against_limit({"甲": [1.0] * 24}, limit=0)


@pytest.mark.db
def test_ranking_panel_reads_the_last_24_replayed_hours(app_engine):
    from cockpit.ranking import ranking_panel
    from layers.air import replay_clock
    from store.db import connection

    now = dt.datetime(2026, 11, 26, 10, 20)
    with connection(app_engine) as conn:
        panel = ranking_panel(conn, now)
        clock = replay_clock(app_engine)
        hours = [clock.to_source(now.replace(minute=0) - dt.timedelta(hours=k))
                 for k in range(24)]
        from sqlalchemy import text

        expected = conn.execute(text(
            "SELECT s.name, avg(o.pm2_5), count(o.pm2_5) FROM air_observations o "
            "JOIN air_stations s ON s.code = o.station_code WHERE o.time = ANY(:h) "
            "GROUP BY s.name"), {"h": hours}).all()
    assert not panel["empty"] and panel["limit"] == 75
    by_name = {e["name"]: e for e in panel["stations"]}
    assert set(by_name) == {name for name, _, _ in expected}
    for name, mean, count in expected:
        assert by_name[name]["hours"] == count
        if count >= 20:
            assert by_name[name]["mean"] == pytest.approx(mean, abs=0.05)
    means = [e["mean"] for e in panel["stations"] if e["mean"] is not None]
    assert means == sorted(means, reverse=True) and means  # worst first
    assert panel["districts"] and panel["data_time"].startswith("2026-11-26")
    assert panel["source"] == "cockpit.src.air_hourly"
