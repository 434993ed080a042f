"""The numbers of the cockpit's panels, read from the store.

Every panel is a plain dict (JSON-able, small): its figures, the time its data is for
(``data_time``), where it comes from (``source``: a key of the text catalogue), whether it
is a replay of past data (``replay``) and whether it is past its expected update period
(``stale``). The arithmetic is :mod:`decision_models.kpi`; targets come from the
``cockpit_targets`` table (rules as data).

Replay and staleness: a panel whose data time is older than its update period is *stale*
when it is presented as current, and a *replay* when the wall was asked for a past date
(``asof``) or the store only holds past data (the sample). A replay is labelled as such,
never as stale-but-live: two different moments are never presented as one.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from cockpit import enforcement_panel, incidents, ranking
from core.settings import load_settings
from decision_models import kpi
from decision_models.water_quality import classify, tli
from store.models import COLUMN_ITEMS

#: Expected update period of each feed; older data shown as current is stale.
UPDATE_PERIOD: dict[str, dt.timedelta] = {
    "air_daily": dt.timedelta(days=1, hours=12),  # yesterday's daily value, published ~noon
    "air_hourly": dt.timedelta(hours=2),
    "water_monthly": dt.timedelta(days=45),
    "complaints": dt.timedelta(days=1),
    "forecast": dt.timedelta(days=1, hours=12),
}
#: Data older than this is not a late feed but past data shown on purpose (the sample).
REPLAY_AFTER = dt.timedelta(days=30)
_AIR_COLUMNS = {"pm2_5": "PM2.5", "pm10": "PM10", "so2": "SO2", "no2": "NO2", "co": "CO",
                "o3_8h_max": "O3_8h"}


def age_flags(period: dt.timedelta, data_time: dt.datetime | None, now: dt.datetime,
              asof: dt.date | None) -> dict[str, Any]:
    """``stale`` (later than the feed's update ``period``) and ``replay`` (past data shown
    on purpose: an ``asof`` day asked, or data older than :data:`REPLAY_AFTER`)."""
    asked_past = asof is not None and asof < now.date()
    if data_time is None:
        return {"stale": True, "replay": asked_past}
    late = now - data_time > period
    replay = asked_past or (late and now - data_time > REPLAY_AFTER)
    return {"stale": late and not replay, "replay": replay}


def _age_flags(feed: str, data_time: dt.datetime | None, now: dt.datetime,
               asof: dt.date | None) -> dict[str, Any]:
    return age_flags(UPDATE_PERIOD[feed], data_time, now, asof)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1)  # end of the day


# --------------------------------------------------------------------------- targets


def served_region(conn: Connection) -> str | None:
    """GB/T 2260 code of the region loaded in the store (its outline, ``admin_city``);
    None before any load. Targets and forecasts are the served region's only."""
    return conn.execute(text("SELECT adcode FROM admin_city ORDER BY id LIMIT 1")).scalar()


def targets(conn: Connection, year: int, region: str | None = None
            ) -> dict[str, dict[str, Any]]:
    """The targets of ``year`` (and the standing rules, year 0) of ``region`` (default: the
    served region), keyed by ``key``. The example targets are Hefei's (``cockpit/targets.csv``
    of the sample): another region has none until it sets its own, and the panels say so."""
    region = region or served_region(conn)
    if region is None:
        return {}
    rows = conn.execute(text(
        "SELECT key, year, kind, value, unit, title_zh, title_en, source, synthetic "
        "FROM cockpit_targets WHERE region = :r AND year IN (:y, 0)"),
        {"r": region, "y": year}).mappings().all()
    return {row["key"]: dict(row) for row in rows}


# --------------------------------------------------------------------------- air


def latest_air_day(conn: Connection) -> dt.date | None:
    return conn.execute(text("SELECT max(date) FROM air_city_daily")).scalar()


def _outlook_dict(o: kpi.TargetOutlook, target: dict[str, Any]) -> dict[str, Any]:
    return {"key": target["key"], "kind": o.kind, "target": o.target, "current": o.current,
            "remaining_days": o.remaining_days, "status": o.status, "required": o.required,
            "on_track": o.on_track, "unit": target["unit"], "title_zh": target["title_zh"],
            "title_en": target["title_en"], "example": bool(target["synthetic"])}


def air_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None
              ) -> dict[str, Any]:
    """Air quality of the year to ``asof`` (default: the latest day in the store)."""
    latest = latest_air_day(conn)
    day = min(asof, latest) if asof and latest else (asof or latest)
    if day is None:
        return {"empty": True, "source": "cockpit.src.air_daily", "stale": True,
                "replay": False}
    rows = conn.execute(text(
        "SELECT date, pm2_5, pm10, so2, no2, co, o3_8h_max FROM air_city_daily "
        "WHERE date >= :start AND date <= :day ORDER BY date"),
        {"start": dt.date(day.year, 1, 1), "day": day}).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=["date", *_AIR_COLUMNS])
    frame = frame.rename(columns=_AIR_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in _AIR_COLUMNS.values():
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    ytd = kpi.air_year_to_date(frame, day)
    goals = targets(conn, day.year)
    outlooks = []
    if "air.good_ratio" in goals:
        outlooks.append(_outlook_dict(kpi.ratio_target_outlook(
            ytd.good_days, ytd.valid_days, ytd.remaining_days,
            goals["air.good_ratio"]["value"]), goals["air.good_ratio"]))
    if "air.pm25_mean" in goals:
        outlooks.append(_outlook_dict(kpi.mean_target_outlook(
            ytd.pm25_sum, ytd.pm25_days, ytd.remaining_days,
            goals["air.pm25_mean"]["value"]), goals["air.pm25_mean"]))
    if "air.heavy_days" in goals:
        outlooks.append(_outlook_dict(kpi.count_target_outlook(
            ytd.heavy_days, ytd.remaining_days, int(goals["air.heavy_days"]["value"])),
            goals["air.heavy_days"]))
    return {
        "empty": False, "year": ytd.year, "asof": day.isoformat(),
        "data_time": day.isoformat(), "source": "cockpit.src.air_daily",
        **_age_flags("air_daily", _midnight(day), now, asof),
        "days_in_year": ytd.days_in_year, "elapsed_days": ytd.elapsed_days,
        "valid_days": ytd.valid_days, "missing_days": ytd.missing_days,
        "remaining_days": ytd.remaining_days, "good_days": ytd.good_days,
        "good_ratio": ytd.good_ratio, "heavy_days": ytd.heavy_days,
        "level_days": ytd.level_days, "primary_days": ytd.primary_days,
        "pm25_mean": ytd.pm25_mean, "pm25_reported": ytd.pm25_reported,
        "months_complete": ytd.months_complete, "outlooks": outlooks,
        "targets_example": any(o["example"] for o in outlooks),
    }


# --------------------------------------------------------------------------- water


def _grades(conn: Connection, month_start: dt.date) -> dict[str, dict[str, Any]]:
    """Class of every section sampled in the month starting ``month_start``."""
    end = (month_start + dt.timedelta(days=32)).replace(day=1)
    rows = conn.execute(text(
        "SELECT s.code, s.name, s.waterbody, s.target_class, w.* FROM water_samples w "
        "JOIN water_sections s ON s.code = w.section_code "
        "WHERE w.sampled_on >= :a AND w.sampled_on < :b ORDER BY w.sampled_on"),
        {"a": month_start, "b": end}).mappings().all()
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        sample = {COLUMN_ITEMS[c]: row[c] for c in COLUMN_ITEMS if row.get(c) is not None}
        lake = row["waterbody"] == "lake"
        result = classify(sample, waterbody="lake" if lake else "river")
        out[row["code"]] = {"name": row["name"], "grade": result.grade, "lake": lake,
                            "target": row["target_class"], "sample": sample,
                            "sampled_on": row["sampled_on"]}
    return out


def water_panel(conn: Connection, now: dt.datetime) -> dict[str, Any]:
    """Section compliance, 劣V share, Chaohu TLI and class changes, for the latest month."""
    last = conn.execute(text("SELECT max(sampled_on) FROM water_samples")).scalar()
    if last is None:
        return {"empty": True, "source": "cockpit.src.water", "stale": True, "replay": False}
    month = last.replace(day=1)
    prev_month = (month - dt.timedelta(days=1)).replace(day=1)
    current, previous = _grades(conn, month), _grades(conn, prev_month)
    result = kpi.section_compliance({k: v["grade"] for k, v in current.items()},
                                    {k: v["target"] for k, v in current.items()})
    changes = kpi.class_changes({k: v["grade"] for k, v in previous.items()},
                                {k: v["grade"] for k, v in current.items()})
    lake = [v["sample"] for v in current.values() if v["lake"]]
    trophic = None
    need = ("chla", "TP", "TN", "SD", "CODMn")
    usable = [s for s in lake if all(s.get(k) for k in need)]
    if usable:
        mean = {k: math.fsum(s[k] for s in usable) / len(usable) for k in need}
        r = tli(mean["chla"], mean["TP"], mean["TN"], mean["SD"], mean["CODMn"])
        trophic = {"value": r.value, "grade": r.grade, "points": len(usable)}
    goals = targets(conn, month.year)
    data_time = max(v["sampled_on"] for v in current.values())
    return {
        "empty": False, "month": month.strftime("%Y-%m"), "data_time": data_time.isoformat(),
        "source": "cockpit.src.water", "synthetic": True,
        **_age_flags("water_monthly", _midnight(data_time), now, None),
        "sections": result.sections, "compliant": result.compliant,
        "compliance_ratio": result.compliance_ratio, "worst_share": result.worst_share,
        "good_share": result.good_share,
        "failing": [current[k]["name"] for k in result.failing],
        "changes": [{"name": current[k]["name"], "from": a, "to": b, "change": c}
                    for k, a, b, c in changes],
        "tli": trophic,
        "target_compliance": (goals.get("water.section_compliance") or {}).get("value"),
        "target_worst": (goals.get("water.worst_v_share") or {}).get("value"),
        "targets_example": any(g["synthetic"] for g in goals.values()),
    }


# --------------------------------------------------------------------------- forecast


@functools.lru_cache(maxsize=8)
def _forecast_rows(issued: dt.date, var_dir: Path | None, region: str
                   ) -> tuple[str, list[dict[str, Any]], str]:
    from decision_models.forecast import service
    from decision_models.forecast.errors import ModelNotAvailable
    from decision_models.forecast.warning import warning_from_forecast
    from forecasting.service import model_location

    # a model retrained under var/models first, else the sample model shipped with the app
    where = model_location(region, var_dir or load_settings().var_dir)
    try:
        if where is None:
            raise ModelNotAvailable("where", f"no trained model for {region}")
        frame = service.forecast(region, issued, models_dir=where[0])
    except ModelNotAvailable:  # no trained model, or a stale one: the labelled baseline
        frame = service.baseline_forecast(region, issued, method="persistence")
    warning = warning_from_forecast(frame).level
    rows = frame[frame["pollutant"] == "AQI"].sort_values("target_date")
    out = []
    for r in rows.itertuples():
        out.append({"date": pd.Timestamp(r.target_date).date().isoformat(),
                    "aqi": None if pd.isna(r.value) else round(float(r.value)),
                    "lower": None if pd.isna(r.lower) else round(float(r.lower)),
                    "upper": None if pd.isna(r.upper) else round(float(r.upper)),
                    "level": None if pd.isna(r.level) else int(r.level),
                    "primary": r.primary or ""})
    return str(rows["model_version"].iloc[0]), out, warning


def forecast_panel(conn: Connection, now: dt.datetime, asof: dt.date | None = None,
                   var_dir: Path | None = None) -> dict[str, Any]:
    """The next 7 days of city AQI from the latest day with data (or ``asof``)."""
    latest = latest_air_day(conn)
    region = served_region(conn)
    # no daily history in the store (a region pack): nothing to forecast from, and never
    # the sample model's Hefei numbers under another region's name
    if latest is None or region is None:
        return {"empty": True, "source": "cockpit.src.forecast", "stale": True, "replay": False}
    issued = min(asof, latest) if asof else latest
    version, days, warning = _forecast_rows(issued, var_dir, region)
    return {"empty": False, "issued": issued.isoformat(), "data_time": issued.isoformat(),
            "source": "cockpit.src.forecast", "model_version": version, "days": days,
            "warning": warning, **_age_flags("forecast", _midnight(issued), now, asof)}


# --------------------------------------------------------------------------- operations


def operations_panel(conn: Connection, now: dt.datetime) -> dict[str, Any]:
    """Today's 12369 complaints, the last 7 days, and those still open; the incidents of
    the emergency workspace not yet closed (:mod:`cockpit.incidents`); the enforcement
    tasks open and overdue (:mod:`cockpit.enforcement_panel`)."""
    today = now.date()
    row = conn.execute(text(
        "SELECT count(*) FILTER (WHERE received_at >= :d0 AND received_at < :d1) AS today, "
        "count(*) FILTER (WHERE received_at >= :w0 AND received_at < :d1) AS week, "
        "count(*) FILTER (WHERE status <> '已办结') AS open, max(received_at) AS latest "
        "FROM complaints"),
        {"d0": dt.datetime.combine(today, dt.time()),
         "d1": dt.datetime.combine(today + dt.timedelta(days=1), dt.time()),
         "w0": dt.datetime.combine(today - dt.timedelta(days=6), dt.time())}).mappings().one()
    by_kind = conn.execute(text(
        "SELECT category, count(*) FROM complaints WHERE received_at >= :a "
        "GROUP BY category ORDER BY count(*) DESC"),
        {"a": (row["latest"] or now) - dt.timedelta(days=30)}).all()
    latest = row["latest"]
    flags = _age_flags("complaints", latest, now, None)
    return {"empty": latest is None, "today": row["today"], "week": row["week"],
            "open": row["open"], "data_time": latest.isoformat(sep=" ", timespec="minutes")
            if latest else None, "source": "cockpit.src.complaints", "synthetic": True,
            "last30_by_kind": [[k, n] for k, n in by_kind], **flags,
            **incidents.panel(conn.engine, now),
            "enforcement": enforcement_panel.panel(conn.engine, now)}


def snapshot(conn: Connection, now: dt.datetime, asof: dt.date | None = None,
             var_dir: Path | None = None) -> dict[str, Any]:
    """All panels at once (one connection, one moment ``now``); ``var_dir`` holds the
    retrained forecast models (default: the settings')."""
    return {"now": now.isoformat(timespec="seconds"),
            "asof": asof.isoformat() if asof else None,
            "air": air_panel(conn, now, asof), "water": water_panel(conn, now),
            "forecast": forecast_panel(conn, now, asof, var_dir),
            "operations": operations_panel(conn, now),
            "ranking": ranking.ranking_panel(conn, now)}
