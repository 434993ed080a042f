"""The ranking counts only QC-valid hours (a review finding: flagged PM2.5 hours counted)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.db


def test_qc_flagged_hours_do_not_count(app_engine):
    from cockpit.ranking import ranking_panel
    from layers.air import replay_clock

    now = dt.datetime(2026, 11, 26, 10, 20)
    clock = replay_clock(app_engine)
    hours = [clock.to_source(now.replace(minute=0) - dt.timedelta(hours=k)) for k in range(24)]
    with app_engine.connect() as conn:
        trans = conn.begin()  # the session database is shared: undone below
        try:
            before = {e["name"]: e for e in ranking_panel(conn, now)["stations"]}
            name, code = conn.execute(text(
                "SELECT s.name, s.code FROM air_stations s JOIN air_observations o "
                "ON o.station_code = s.code WHERE o.time = ANY(:h) AND o.pm2_5 IS NOT NULL "
                "GROUP BY s.name, s.code ORDER BY count(*) DESC, s.code LIMIT 1"),
                {"h": hours}).one()
            assert before[name]["hours"] > 0
            flagged = conn.execute(text(
                "UPDATE air_observations SET qc_flags = qc_flags || "
                "'{\"pm2_5\": [\"constant\"]}'::jsonb "
                "WHERE station_code = :c AND time = ANY(:h) AND pm2_5 IS NOT NULL"),
                {"c": code, "h": hours}).rowcount
            assert flagged == before[name]["hours"]
            after = {e["name"]: e for e in ranking_panel(conn, now)["stations"]}
        finally:
            trans.rollback()
    assert after[name]["hours"] == 0 and after[name]["mean"] is None
    assert after[name]["rank"] is None  # no valid day: ranked last, not by flagged values
    others = {n: e["hours"] for n, e in after.items() if n != name}
    assert others == {n: e["hours"] for n, e in before.items() if n != name}
