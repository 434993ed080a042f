"""The cockpit's optional panels of the other supervision systems, read from the store.

- ``waste`` (无废城市): the hazardous waste of the latest ledger year: generated, transferred
  by manifest and utilised on site [t], the largest HW categories, the anomalies of the
  year by :func:`decision_models.hazardous_waste.find_anomalies` and how many are still
  open as enforcement clues (cause ``hw_anomaly``);
- ``noise`` (声环境): day and night compliance of the functional-zone stations by zone class
  over the last 30 days of data, through :func:`decision_models.noise.compliance` (GB
  3096-2008 Table 1; a period counts when it is whole, 16 day / 8 night hours, HJ 640-2012);
- ``radiation`` (辐射): gamma stations online in the latest hour, any above their own
  investigation level (now, and in the last 7 days with rain ruled out, through
  :func:`decision_models.radiation.classify_readings`), and sealed-source users by
  category I–V;
- ``carbon`` (碳达峰): the CO₂ history against the peaking target
  (:func:`decision_models.carbon.trajectory`), from ``co2_trajectory``.

Each panel is a plain dict like those of :mod:`cockpit.kpis` (``data_time``, ``source``,
``replay``, ``stale``, ``synthetic``); ``{"empty": True}`` where the store holds none of it.
A scheme shows them when a screen names them (:data:`cockpit.schemes.SUPERVISION_PANELS`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from cockpit import kpis
from decision_models import carbon
from decision_models import hazardous_waste as hw
from decision_models import noise as gb3096
from decision_models import radiation as rad
from enforcement.rules import HW_DECLARATION_DUE

#: Expected update period of each supervision feed; older data shown as current is stale.
UPDATE_PERIOD: dict[str, dt.timedelta] = {
    "waste": dt.timedelta(days=366 + 90),  # annual declaration, due 31 March of the next year
    "noise": dt.timedelta(hours=2),
    "gamma": dt.timedelta(hours=2),
    "carbon": dt.timedelta(days=366 + 365),  # the inventory of year Y is compiled in Y + 1
}
NOISE_WINDOW_DAYS = 30
#: Whole periods only (HJ 640-2012 monitoring practice): 16 day hours, 8 night hours.
NOISE_MIN_DAY_HOURS = 16
NOISE_MIN_NIGHT_HOURS = 8
GAMMA_LOOKBACK = dt.timedelta(days=7)
#: A station is online when it has a valid reading within this of the latest data hour.
GAMMA_ONLINE = dt.timedelta(hours=1)
TOP_CATEGORIES = 4


def _flags(feed: str, data_time: dt.datetime | None, now: dt.datetime,
           asof: dt.date | None) -> dict[str, Any]:
    """``stale``/``replay`` by :func:`cockpit.kpis.age_flags` (the same rule)."""
    return kpis.age_flags(UPDATE_PERIOD[feed], data_time, now, asof)


def _exists(conn: Connection, *tables: str) -> bool:
    return all(conn.execute(text("SELECT to_regclass(:t)"), {"t": t}).scalar() is not None
               for t in tables)


def _until(now: dt.datetime, asof: dt.date | None) -> dt.datetime:
    """The last moment the panel may show: the end of ``asof``, else now."""
    if asof is None:
        return now
    return min(now, dt.datetime.combine(asof, dt.time()) + dt.timedelta(days=1))


def _empty(source: str) -> dict[str, Any]:
    return {"empty": True, "source": source, "stale": True, "replay": False}


# --------------------------------------------------------------------------- waste


def waste_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None
                ) -> dict[str, Any]:
    """无废城市 indicators of the latest ledger year up to ``asof``."""
    source = "cockpit.src.waste"
    if not _exists(conn, "hw_ledgers", "hw_manifests"):
        return _empty(source)
    until = _until(now, asof)
    year = conn.execute(text("SELECT max(year) FROM hw_ledgers WHERE year <= :y"),
                        {"y": until.year}).scalar()
    if year is None:
        return _empty(source)
    row = conn.execute(text(
        "SELECT sum(generated_t) AS generated, sum(utilised_on_site_t) AS utilised, "
        "sum(storage_end_t) AS stored, count(DISTINCT unit_code) AS units "
        "FROM hw_ledgers WHERE year = :y"), {"y": year}).mappings().one()
    moved = conn.execute(text(
        "SELECT coalesce(sum(tonnes), 0) AS t, count(*) AS n, max(date) AS last "
        "FROM hw_manifests WHERE extract(year FROM date) = :y"), {"y": year}).mappings().one()
    by_code = conn.execute(text(
        "SELECT code, sum(generated_t) AS t FROM hw_ledgers WHERE year = :y "
        "GROUP BY code ORDER BY sum(generated_t) DESC, code"), {"y": year}).all()
    anomalies = _waste_anomalies(conn, year)
    clues_open = None
    if _exists(conn, "clues"):
        clues_open = conn.execute(text(
            "SELECT count(*) FROM clues WHERE cause = 'hw_anomaly' AND status = 'open'"
        )).scalar_one()
    generated = float(row["generated"] or 0.0)
    # the declaration of year Y is the data of 31 December Y
    data_time = dt.datetime(year, 12, 31, 23, 59)
    return {
        "empty": False, "year": year, "data_time": f"{year}-12-31",
        "source": source, "synthetic": True,
        **_flags("waste", data_time, now, asof),
        "units": int(row["units"]), "generated_t": generated,
        "transferred_t": float(moved["t"]), "manifests": int(moved["n"]),
        "utilised_on_site_t": float(row["utilised"] or 0.0),
        "stored_end_t": float(row["stored"] or 0.0),
        "by_code": [[code, float(t)] for code, t in by_code[:TOP_CATEGORIES]],
        "anomalies": len(anomalies), "anomaly_rules": sorted({a.rule for a in anomalies}),
        "anomalies_open": clues_open,
    }


def _waste_anomalies(conn: Connection, year: int) -> list[hw.Anomaly]:
    """The anomalies of ``year``'s ledgers and manifests as of its declaration date, by the
    rules of :func:`decision_models.hazardous_waste.find_anomalies` (those the enforcement
    loop turns into clues)."""
    month, day = HW_DECLARATION_DUE
    ledgers = [hw.ledger_from_mapping({
        **r, "unit_id": r["unit_code"],
        "oldest_stored_since": r["oldest_stored_since"] and r["oldest_stored_since"].isoformat(),
        "approved_until": r["approved_until"] and r["approved_until"].isoformat()})
        for r in conn.execute(text(
            "SELECT unit_code, code, year, generated_t, utilised_on_site_t, storage_start_t, "
            "storage_end_t, oldest_stored_since, approved_until FROM hw_ledgers "
            "WHERE year = :y ORDER BY unit_code, code"), {"y": year}).mappings()]
    manifests = [hw.Manifest(r.code, r.origin_code, r.facility_code, r.hw_code, r.tonnes,
                             r.date) for r in conn.execute(text(
        "SELECT code, origin_code, facility_code, hw_code, tonnes, date FROM hw_manifests "
        "WHERE extract(year FROM date) = :y ORDER BY date, code"), {"y": year})]
    licences = [hw.Licence(r.code, cat, float(cap)) for r in conn.execute(text(
        "SELECT code, capacity_t_by_code FROM hw_facilities ORDER BY code"))
        for cat, cap in sorted(r.capacity_t_by_code.items())]
    return hw.find_anomalies(ledgers, manifests, licences, dt.date(year + 1, month, day))


# --------------------------------------------------------------------------- noise


def noise_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None
                ) -> dict[str, Any]:
    """Day and night compliance by functional-zone class over the last 30 days of data."""
    source = "cockpit.src.noise"
    if not _exists(conn, "noise_hourly", "noise_stations"):
        return _empty(source)
    until = _until(now, asof)
    last = conn.execute(text("SELECT max(time) FROM noise_hourly WHERE time < :u "
                             "AND leq_dba IS NOT NULL"), {"u": until}).scalar()
    if last is None:
        return _empty(source)
    start = (last - dt.timedelta(days=NOISE_WINDOW_DAYS)).replace(hour=gb3096.DAY_START.hour,
                                                                  minute=0, second=0)
    rows = conn.execute(text(
        "SELECT s.code, s.zone_class, h.time, h.leq_dba FROM noise_hourly h "
        "JOIN noise_stations s ON s.code = h.station_code "
        "WHERE h.time >= :a AND h.time <= :b ORDER BY s.code, h.time"),
        {"a": start, "b": last}).all()
    frame = pd.DataFrame(rows, columns=["code", "zone", "time", "leq"])
    counts = {z: {"stations": 0, "day_ok": 0, "day_n": 0, "night_ok": 0, "night_n": 0}
              for z in gb3096.ZONE_CLASSES}
    for (_code, zone), grp in frame.groupby(["code", "zone"], sort=True):
        series = pd.Series(pd.to_numeric(grp["leq"], errors="coerce").to_numpy(),
                           index=pd.DatetimeIndex(grp["time"]))
        days = gb3096.compliance(zone, series, min_day_hours=NOISE_MIN_DAY_HOURS,
                                 min_night_hours=NOISE_MIN_NIGHT_HOURS)
        c = counts[str(zone)]
        c["stations"] += 1
        for d in days:
            if d.day_compliant is not None:
                c["day_n"] += 1
                c["day_ok"] += int(d.day_compliant)
            if d.night_compliant is not None:
                c["night_n"] += 1
                c["night_ok"] += int(d.night_compliant)

    def rate(ok: int, n: int) -> float | None:
        return None if n == 0 else 100.0 * ok / n

    classes = [{"zone": z, "stations": c["stations"],
                "day_limit": gb3096.limit(z, "day"), "night_limit": gb3096.limit(z, "night"),
                "day_rate": rate(c["day_ok"], c["day_n"]), "day_n": c["day_n"],
                "night_rate": rate(c["night_ok"], c["night_n"]), "night_n": c["night_n"]}
               for z, c in counts.items() if c["stations"]]
    total = {k: sum(c[k] for c in counts.values())
             for k in ("day_ok", "day_n", "night_ok", "night_n")}
    return {
        "empty": False, "data_time": last.isoformat(sep=" ", timespec="minutes"),
        "from": start.date().isoformat(), "source": source, "synthetic": True,
        **_flags("noise", last, now, asof),
        "day_rate": rate(total["day_ok"], total["day_n"]),
        "night_rate": rate(total["night_ok"], total["night_n"]),
        "classes": classes,
    }


# --------------------------------------------------------------------------- radiation


def radiation_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None
                    ) -> dict[str, Any]:
    """Gamma stations online and above their investigation level; source users by class."""
    source = "cockpit.src.radiation"
    if not _exists(conn, "gamma_hourly", "gamma_stations", "radiation_source_users"):
        return _empty(source)
    users = {int(c): int(n) for c, n in conn.execute(text(
        "SELECT category, count(*) FROM radiation_source_users GROUP BY category"))}
    by_category = [[cat.roman, users.get(cat.category, 0)] for cat in rad.CATEGORIES.values()]
    until = _until(now, asof)
    last = conn.execute(text("SELECT max(time) FROM gamma_hourly WHERE time < :u "
                             "AND dose_rate_ngy_h IS NOT NULL"), {"u": until}).scalar()
    stations = conn.execute(text(
        "SELECT code, name, investigation_level_ngy_h AS level FROM gamma_stations "
        "ORDER BY code")).mappings().all()
    if last is None or not stations:
        return {**_empty(source), "empty": not users, "by_category": by_category,
                "users": sum(users.values()), "stations": len(stations)}
    # rain of the hours before the window too, so that the first hours are judged right
    rows = conn.execute(text(
        "SELECT station_code, time, dose_rate_ngy_h, rain_mm FROM gamma_hourly "
        "WHERE time > :a AND time <= :b ORDER BY station_code, time"),
        {"a": last - GAMMA_LOOKBACK - dt.timedelta(hours=rad.RAIN_WINDOW_HOURS),
         "b": last}).all()
    frame = pd.DataFrame(rows, columns=["code", "time", "dose", "rain"])
    online = now_above = 0
    above_names: list[str] = []
    investigate: list[dict[str, Any]] = []
    highest = None
    for st in stations:
        grp = frame[frame["code"] == st["code"]]
        valid = grp.dropna(subset=["dose"])
        if len(valid) and valid["time"].max() >= last - GAMMA_ONLINE:
            online += 1
            latest = float(valid.iloc[-1]["dose"])
            highest = latest if highest is None else max(highest, latest)
            if st["level"] is not None and latest > st["level"]:
                now_above += 1
                above_names.append(st["name"])
        if st["level"] is None or not len(grp):
            continue
        classes = rad.classify_readings(pd.to_numeric(grp["dose"]).to_numpy(dtype=float),
                                        float(st["level"]),
                                        pd.to_numeric(grp["rain"]).to_numpy(dtype=float))
        hit = grp[(classes == "investigate") & (grp["time"] > last - GAMMA_LOOKBACK)]
        if len(hit):
            investigate.append({"code": st["code"], "name": st["name"], "hours": len(hit),
                                "first": hit["time"].min().isoformat(sep=" ",
                                                                     timespec="minutes"),
                                "max": float(hit["dose"].max()),
                                "level": float(st["level"])})
    return {
        "empty": False, "data_time": last.isoformat(sep=" ", timespec="minutes"),
        "source": source, "synthetic": True, **_flags("gamma", last, now, asof),
        "stations": len(stations), "online": online, "above_now": now_above,
        "above_names": above_names, "highest_ngy_h": highest,
        "investigate_7d": investigate, "users": sum(users.values()),
        "by_category": by_category,
    }


# --------------------------------------------------------------------------- carbon


def carbon_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None
                 ) -> dict[str, Any]:
    """CO₂ history against the peaking target (``co2_trajectory``; the inventory's year is
    the last of the history)."""
    source = "cockpit.src.carbon"
    if not _exists(conn, "co2_trajectory"):
        return _empty(source)
    rows = conn.execute(text("SELECT year, co2_t, kind FROM co2_trajectory ORDER BY year")
                        ).all()
    until = _until(now, asof)
    history = {int(y): float(v) for y, v, kind in rows if kind == "history" and y < until.year}
    caps = [(int(y), float(v)) for y, v, kind in rows if kind == "peak_cap"]
    if len(history) < 4 or not caps:
        return _empty(source)
    peak_year, cap = caps[0]
    tr = carbon.trajectory(history, peak_year, cap)
    inventory = None
    if _exists(conn, "co2_inventory"):
        inventory = conn.execute(text("SELECT sum(co2_t) FROM co2_inventory WHERE year = :y"),
                                 {"y": tr.last_year}).scalar()
    return {
        "empty": False, "data_time": str(tr.last_year), "source": source, "synthetic": True,
        **_flags("carbon", dt.datetime(tr.last_year, 12, 31, 23, 59), now, asof),
        "history": [[y, v] for y, v in sorted(history.items())],
        "last_year": tr.last_year, "last_mt": tr.last_value / 1e6,
        "peak_year": tr.peak_year, "cap_mt": None if tr.cap is None else tr.cap / 1e6,
        "recent_change": tr.recent_change, "required_change": tr.required_change,
        "projected_mt": tr.projected_at_peak / 1e6, "on_track": tr.on_track,
        "years_to_peak": tr.years_to_peak,
        "inventory_mt": None if inventory is None else float(inventory) / 1e6,
    }


# --------------------------------------------------------------------------- snapshot


def panels(conn: Connection, now: dt.datetime, asof: dt.date | None = None
           ) -> dict[str, dict[str, Any]]:
    """The supervision panels, keyed as in the snapshot."""
    return {"waste": waste_panel(conn, now, asof), "noise": noise_panel(conn, now, asof),
            "radiation": radiation_panel(conn, now, asof),
            "carbon": carbon_panel(conn, now, asof)}


def snapshot(conn: Connection, now: dt.datetime, asof: dt.date | None = None,
             var_dir: Path | None = None) -> dict[str, Any]:
    """:func:`cockpit.kpis.snapshot` and the supervision panels (one connection, one
    moment): what the wall, its refresh and ``GET /api/cockpit/snapshot`` show."""
    return {**kpis.snapshot(conn, now, asof, var_dir), **panels(conn, now, asof)}
