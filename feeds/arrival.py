"""Arrival monitor of the feed: per station and day, the share of expected readings that
arrived (数据到报率), and which stations have sent nothing for a few hours.

Only fed rows count (``air_observations.source = 'feed'``, ``water_observations``): the
replayed sample is not an arrival. A network is *on the feed* once any of its stations has
posted in the last :data:`ON_FEED_DAYS` days; from then on every station of the network is
expected, and one silent for ``hours`` is stale (the wall marks it). A network that has
never posted (the sample replay) has no stale station.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, text

from store.db import connection

#: Readings expected per station and day: hourly air; automatic water stations every 4 h
#: (HJ 915-2017 practice).
EXPECTED_PER_DAY = {"air": 24, "water": 6}
ON_FEED_DAYS = 30
STALE_HOURS = 3

_TABLES = {
    "air": ("air_observations", "station_code", "air_stations", "AND o.source = 'feed'"),
    "water": ("water_observations", "section_code", "water_sections", ""),
}


def _kind(kind: str) -> tuple[str, str, str, str]:
    if kind not in _TABLES:
        raise ValueError(f"kind: use one of {', '.join(_TABLES)}, got {kind!r}")
    return _TABLES[kind]


def last_readings(engine: Engine, now: dt.datetime, kind: str = "air"
                  ) -> list[dict[str, Any]]:
    """Every station of the network with the time of its last fed reading (or None)."""
    table, key, stations, only_feed = _kind(kind)
    with connection(engine) as conn:
        rows = conn.execute(text(f"""
            SELECT s.code, s.name, max(o.time) AS last
            FROM {stations} s LEFT JOIN {table} o
              ON o.{key} = s.code AND o.time <= :now {only_feed}
            GROUP BY s.code, s.name ORDER BY s.code"""), {"now": now}).mappings().all()
    return [dict(r) for r in rows]


def stale_stations(engine: Engine, now: dt.datetime, hours: int = STALE_HOURS,
                   kind: str = "air") -> list[dict[str, Any]]:
    """Stations with no fed reading in the ``hours`` before ``now`` (naive Beijing time).

    Returns ``[{"code", "name", "last", "hours_since"}]`` (``last``/``hours_since`` None
    when the station never posted); empty when the network is not on the feed.
    """
    return _stale(last_readings(engine, now, kind), now, hours)


def _stale(rows: list[dict[str, Any]], now: dt.datetime, hours: int
           ) -> list[dict[str, Any]]:
    """The stale stations among ``rows`` (:func:`last_readings`)."""
    newest = max((r["last"] for r in rows if r["last"] is not None), default=None)
    if newest is None or newest < now - dt.timedelta(days=ON_FEED_DAYS):
        return []
    cutoff = now - dt.timedelta(hours=hours)
    return [{"code": r["code"], "name": r["name"], "last": r["last"],
             "hours_since": None if r["last"] is None
             else round((now - r["last"]).total_seconds() / 3600, 1)}
            for r in rows if r["last"] is None or r["last"] <= cutoff]


def arrival(engine: Engine, now: dt.datetime, days: int = 7, kind: str = "air",
            hours: int = STALE_HOURS) -> dict[str, Any]:
    """Per station: arrival rate per day over the last ``days`` days (today so far), last
    reading and whether it is stale.

    The rate of a day = distinct hours with a fed reading / expected readings (today: the
    hours begun so far), in percent with one decimal.
    """
    table, key, _stations, only_feed = _kind(kind)
    today = now.date()
    first = today - dt.timedelta(days=days - 1)
    with connection(engine) as conn:
        counts = conn.execute(text(f"""
            SELECT o.{key} AS code, CAST(o.time AS date) AS day,
                   count(DISTINCT date_trunc('hour', o.time)) AS n,
                   count(*) FILTER (WHERE o.qc_flags <> '{{}}'::jsonb) AS flagged
            FROM {table} o
            WHERE o.time >= :first AND o.time <= :now {only_feed}
            GROUP BY 1, 2"""), {"first": dt.datetime.combine(first, dt.time()),
                                "now": now}).mappings().all()
    per_day = EXPECTED_PER_DAY[kind]
    got = {(r["code"], r["day"]): (int(r["n"]), int(r["flagged"])) for r in counts}
    readings = last_readings(engine, now, kind)  # once: the stale set comes from the same rows
    stale = {s["code"] for s in _stale(readings, now, hours)}
    out = []
    for station in readings:
        series = []
        for i in range(days):
            day = first + dt.timedelta(days=i)
            expected = per_day if day < today else max(
                1, int(per_day * (now.hour + 1) / 24))
            n, flagged = got.get((station["code"], day), (0, 0))
            series.append({"date": day, "expected": expected, "received": n,
                           "flagged": flagged,
                           "rate": round(min(100.0, 100.0 * n / expected), 1)})
        out.append({**station, "stale": station["code"] in stale, "days": series})
    return {"kind": kind, "now": now, "stale_after_hours": hours, "stations": out}
