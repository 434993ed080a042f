"""Synthetic online-monitoring events (示例数据) for the sample sources.

The sample store has each monitored source's *current* status (``online_status``:
normal, exceeding, offline) but no hourly series. So that the code and the clues have
exceedance runs and offline periods with dates, a seeded generator makes 30 days of hourly
values of one main pollutant for every source whose status is ``exceeding`` and finds the
runs above its limit (:func:`decision_models.enterprise_code.exceedance_runs`); sources
that are ``offline`` get one offline period that lasts until the sample's present. The
events are flagged ``synthetic``.

The sample's present (its *anchor*) is the newest date of the synthetic series (the same
day ``store.reanchor`` moves them to on start). When the anchor moves, the synthetic
events are made again for the new anchor; events from a real feed are never touched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select, text

from decision_models.enterprise_code import exceedance_runs
from enforcement.models import ONLINE_EVENTS

SEED = 20261126
DAYS = 30
#: Illustrative emission limits for the synthetic series (a real feed brings each outlet's
#: permitted limit):
#:
#: - GB 16297-1996《大气污染物综合排放标准》表2 (sources built from 1997-01-01), 最高允许排放
#:   浓度 (one value per pollutant; the 一/二/三级 of 表2 grade the emission *rate*, not the
#:   concentration): SO2 550 mg/m³ (硫、二氧化硫、硫酸和其他含硫化合物使用; 生产 is 960),
#:   NOx 240 mg/m³ (硝酸使用和其他; 硝酸、氮肥和火炸药生产 is 1400), 颗粒物 120 mg/m³
#:   (其他), "VOCs" as 非甲烷总烃 120 mg/m³ (使用溶剂汽油或其他混合烃类物质). The 表1 values
#:   for older sources (SO2 700, NOx 420, 颗粒物 150) were checked against a reproduction of the
#:   standard; the 表2 row itself could not be seen in one and is to be checked against the
#:   text of the standard.
#: - GB 8978-1996《污水综合排放标准》表4 (第二类污染物, units built from 1998-01-01), 一级,
#:   其他排污单位: COD 100 mg/L, 氨氮 15 mg/L (checked against a reproduction of 表4).
LIMITS: dict[str, tuple[float, str]] = {
    "SO2": (550.0, "mg/m³"), "NOx": (240.0, "mg/m³"), "颗粒物": (120.0, "mg/m³"),
    "VOCs": (120.0, "mg/m³"), "COD": (100.0, "mg/L"), "氨氮": (15.0, "mg/L"),
}
OFFLINE_MIN_HOURS = 24


def anchor(conn: Connection) -> dt.datetime:
    """The sample's present: the end (08:00 next day) of the newest synthetic date."""
    from store.reanchor import newest

    day = newest(conn) or dt.date.today()
    return dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(days=1)


def _events_for(source: dict[str, Any], end: dt.datetime, rng: np.random.Generator
                ) -> list[dict[str, Any]]:
    if source["online_status"] == "offline":
        hours = int(rng.integers(OFFLINE_MIN_HOURS, 24 * 6))
        return [{"source_id": source["id"], "kind": "offline", "pollutant": None,
                 "started_at": end - dt.timedelta(hours=hours), "ended_at": end,
                 "hours": hours, "max_value": None, "limit_value": None, "unit": None,
                 "synthetic": True}]
    pollutant = next((p for p in source["main_pollutants"] or [] if p in LIMITS), "COD")
    limit, unit = LIMITS[pollutant]
    n = DAYS * 24
    times = [end - dt.timedelta(hours=n - i) for i in range(n)]
    base = limit * rng.uniform(0.35, 0.6)
    values = base * (1 + 0.15 * rng.standard_normal(n))
    # one to three episodes of 2-8 hours over the limit, the last ending at the present
    k = int(rng.integers(1, 4))
    starts = sorted(rng.choice(np.arange(24, n - 12), size=k - 1, replace=False).tolist())
    for s in [*starts, n - int(rng.integers(2, 9))]:
        length = int(rng.integers(2, 9))
        values[s:s + length] = limit * rng.uniform(1.1, 1.8, size=len(values[s:s + length]))
    runs = exceedance_runs(times, [round(float(v), 1) for v in values], limit, min_hours=2)
    return [{"source_id": source["id"], "kind": "exceedance", "pollutant": pollutant,
             "started_at": r["start"], "ended_at": r["end"], "hours": r["hours"],
             "max_value": r["max"], "limit_value": limit, "unit": unit, "synthetic": True}
            for r in runs]


def ensure_events(conn: Connection) -> int:
    """Make the synthetic events for the current anchor if they are missing or stale;
    the number of events made (0 when they were current)."""
    end = anchor(conn)
    newest_end = conn.execute(select(func.max(ONLINE_EVENTS.c.ended_at))
                              .where(ONLINE_EVENTS.c.synthetic)).scalar()
    if newest_end is not None and newest_end.date() == end.date():
        return 0
    conn.execute(text("SELECT pg_advisory_xact_lock(20261605)"))
    newest_end = conn.execute(select(func.max(ONLINE_EVENTS.c.ended_at))
                              .where(ONLINE_EVENTS.c.synthetic)).scalar()
    if newest_end is not None and newest_end.date() == end.date():
        return 0
    conn.execute(delete(ONLINE_EVENTS).where(ONLINE_EVENTS.c.synthetic))
    sources = conn.execute(text(
        "SELECT id, online_status, main_pollutants FROM pollution_sources "
        "WHERE synthetic AND online_status IN ('exceeding', 'offline') ORDER BY id")
    ).mappings().all()
    rng = np.random.default_rng(SEED)
    rows = [e for s in sources for e in _events_for(dict(s), end, rng)]
    if rows:
        conn.execute(insert(ONLINE_EVENTS), rows)
    return len(rows)
