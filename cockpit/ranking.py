"""The ranking panel: stations and the region's children by their PM2.5 24-hour mean
against the GB 3095 limit (:mod:`decision_models.kpi_ranking`), on the live replay of the
hourly feed.

The children are those of the served region (``admin_districts``: the districts and
counties of a city, the cities of a province); a station belongs to the child holding it
(``air_stations.adcode``, set at load). A child's hours are the hourly means of its stations
(each hour, the mean of the stations that reported); the data time is the latest hour in
the window. Only QC-valid values count (:func:`store.models.valid_value`): an hour flagged by
quality control is kept in the store but not in the ranking.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, text

from decision_models import kpi_ranking
from store.models import valid_value

HOUR = dt.timedelta(hours=1)


def _entries(ranked: list[kpi_ranking.RankEntry]) -> list[dict[str, Any]]:
    return [{"name": e.name, "mean": None if e.mean is None else round(e.mean, 1),
             "hours": e.hours, "ratio": e.ratio, "rank": e.rank, "exceeds": e.exceeds}
            for e in ranked]


def ranking_panel(conn: Connection, now: dt.datetime) -> dict[str, Any]:
    """Stations and districts ranked by PM2.5 over the 24 hours to ``now`` (replayed)."""
    from cockpit.kpis import _age_flags
    from layers.air import replay_clock

    hour = now.replace(minute=0, second=0, microsecond=0)
    clock = replay_clock(conn.engine)
    # the 24 hours the wall has shown up to now: on the replay, the 24 observed hours up to
    # the one shown now (the real series has gaps, which the replay steps over)
    hours = [clock.to_source(hour - k * HOUR) for k in range(24)] if clock else \
        [hour - k * HOUR for k in range(24)]
    src = hours[0]
    rows = conn.execute(text(
        "SELECT s.name, coalesce(d.name, s.district, s.name) AS district, o.time, "
        f"{valid_value('pm2_5')} AS pm2_5 "
        "FROM air_observations o JOIN air_stations s ON s.code = o.station_code "
        "LEFT JOIN admin_districts d ON d.adcode = s.adcode "
        "WHERE o.time = ANY(:hours) AND o.time <= :src ORDER BY o.time"),
        {"hours": hours, "src": src}).mappings().all()
    if not rows:
        return {"empty": True, "source": "cockpit.src.air_hourly", "stale": True,
                "replay": False}
    stations: dict[str, list[float | None]] = defaultdict(list)
    by_hour: dict[tuple[str, dt.datetime], list[float]] = defaultdict(list)
    for r in rows:
        stations[r["name"]].append(r["pm2_5"])
        if r["pm2_5"] is not None:
            by_hour[(r["district"], r["time"])].append(r["pm2_5"])
    districts: dict[str, list[float | None]] = defaultdict(list)
    for (district, _), values in by_hour.items():
        districts[district].append(sum(values) / len(values))
    latest = max(r["time"] for r in rows)
    # the present hour at which the replay shows the source hour ``latest``
    shown = hour - hours.index(latest) * HOUR if latest in hours else hour
    return {
        "empty": False, "data_time": shown.isoformat(sep=" ", timespec="minutes"),
        "source": "cockpit.src.air_hourly", "limit": kpi_ranking.PM25_24H_LIMIT,
        "stations": _entries(kpi_ranking.rank_against_limit(stations)),
        "districts": _entries(kpi_ranking.rank_against_limit(districts)),
        **_age_flags("air_hourly", shown, now, None),
    }
