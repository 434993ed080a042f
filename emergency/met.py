"""Observed wind near an incident, from the store's ``met_observations``.

The zones of an air release use, in this order: the wind the officer entered (manual
override), else the observation of the nearest station within :data:`SEARCH_RADIUS_KM`
no older than :data:`MAX_AGE_H` at the reference time, else the screening weather of
:mod:`emergency.rules`. The reference time is the clock for a live incident (so the zones
follow the hourly observations as they arrive), the closure for a closed one, and the
log entry's time in the after-action replay.

:func:`synthetic_observations` makes the sample's hourly winds (seeded, labelled
synthetic / 示例数据) at the air-quality stations; ``python -m emergency.met --sample``
loads them for the sample clock's last days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, text
from sqlalchemy.dialects.postgresql import insert

from core.clock import beijing_now
from emergency.models import MET_OBSERVATIONS

#: Farthest station whose wind stands for the incident's [km].
SEARCH_RADIUS_KM = 30.0
#: Oldest observation used, before the reference time [h].
MAX_AGE_H = 3.0
SAMPLE_SOURCE = "示例数据（合成小时风场）"


def reference_time(incident: dict[str, Any]) -> dt.datetime:
    """The time the incident's weather is for (see the module docstring)."""
    if incident.get("as_of"):
        return incident["as_of"]
    if incident.get("status") == "closed" and incident.get("closed_at"):
        return incident["closed_at"]
    return beijing_now()


def observed(conn: Connection, lon: float, lat: float, at: dt.datetime) -> dict[str, Any] | None:
    """The nearest station's latest wind at or before ``at`` (within the radius and age
    limits), as a weather dict with its provenance; None when there is none."""
    row = conn.execute(text(
        "SELECT DISTINCT ON (station_code) station_code, station_name, lon, lat, time, "
        "wind_speed_m_s, wind_from_deg, cloud_cover, source, synthetic, "
        "ST_DistanceSphere(ST_MakePoint(lon, lat), ST_MakePoint(:lon, :lat)) AS dist_m "
        "FROM met_observations WHERE time <= :at AND time >= :oldest "
        "ORDER BY station_code, time DESC"),
        {"lon": lon, "lat": lat, "at": at,
         "oldest": at - dt.timedelta(hours=MAX_AGE_H)}).mappings().all()
    near = [r for r in row if r["dist_m"] <= SEARCH_RADIUS_KM * 1000.0]
    if not near:
        return None
    r = min(near, key=lambda x: x["dist_m"])
    return {"wind_speed_m_s": max(float(r["wind_speed_m_s"]), 0.1),
            "wind_from_deg": float(r["wind_from_deg"]) % 360.0,
            "cloud_cover": r["cloud_cover"], "stability": None, "source": "observed",
            "station": r["station_code"], "station_name": r["station_name"],
            "observed_at": r["time"].isoformat(timespec="minutes"),
            "age_min": round((at - r["time"]).total_seconds() / 60.0),
            "distance_km": round(r["dist_m"] / 1000.0, 1), "feed": r["source"],
            "synthetic": bool(r["synthetic"])}


def synthetic_observations(stations: list[dict[str, Any]], start: dt.datetime, hours: int,
                           seed: int = 13) -> list[dict[str, Any]]:
    """Hourly winds at ``stations`` (``code``, ``name``, ``lon``, ``lat``): one regional
    wind that veers slowly with a diurnal speed cycle, plus small station noise.

    Speeds [m/s] 1–7, directions [deg, from], cloud [oktas] 0–8; ``synthetic`` is True."""
    rng = np.random.default_rng(seed)
    out = []
    base_dir = rng.uniform(0, 360)
    for h in range(hours):
        t = start + dt.timedelta(hours=h)
        regional_dir = (base_dir + 40.0 * math.sin(h / 17.0)) % 360.0
        regional_speed = 3.0 + 1.6 * math.sin((t.hour - 9) / 24.0 * 2 * math.pi)
        cloud = float(np.clip(round(4 + 3 * math.sin(h / 11.0)), 0, 8))
        for s in stations:
            out.append({
                "station_code": s["code"], "station_name": s["name"], "lon": s["lon"],
                "lat": s["lat"], "time": t,
                "wind_speed_m_s": round(float(np.clip(regional_speed + rng.normal(0, 0.4),
                                                      1.0, 7.0)), 1),
                "wind_from_deg": round(float((regional_dir + rng.normal(0, 12)) % 360.0)),
                "cloud_cover": cloud, "source": SAMPLE_SOURCE, "synthetic": True})
    return out


def store(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert observations (a station-hour already stored is replaced)."""
    if not rows:
        return 0
    stmt = insert(MET_OBSERVATIONS).values(rows)
    cols = {c: stmt.excluded[c] for c in ("station_name", "lon", "lat", "wind_speed_m_s",
                                          "wind_from_deg", "cloud_cover", "source",
                                          "synthetic")}
    conn.execute(stmt.on_conflict_do_update(index_elements=["station_code", "time"],
                                            set_=cols))
    return len(rows)


def load_sample(engine: Engine, days: int = 3) -> int:
    """The synthetic winds at the air-quality stations for the ``days`` before the clock."""
    now = beijing_now().replace(minute=0, second=0, microsecond=0)
    with engine.begin() as conn:
        stations = [dict(r) for r in conn.execute(text(
            "SELECT 'M' || code AS code, name || '（气象）' AS name, lon, lat "
            "FROM air_stations ORDER BY code")).mappings()]
        rows = synthetic_observations(stations, now - dt.timedelta(days=days), days * 24 + 1)
        return store(conn, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="load the synthetic winds")
    parser.add_argument("--days", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.sample:
        parser.print_help()
        return 2
    from core.settings import Settings
    from store.cluster import resolve_database_url
    from store.db import make_engine

    url = resolve_database_url(Settings(), start=True)
    n = load_sample(make_engine(url), args.days)
    print(f"{n} station-hours of synthetic wind loaded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
