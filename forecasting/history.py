"""Daily air-quality history of a place, read from the store (PostGIS).

The city is the region served (``region.toml`` of the data folder: Hefei, 340100, for the
sample; a region pack names its own) and reads ``air_city_daily``, which holds that
region's series, or nothing when the region's data has none (a pack for another city):
the city is still listed, and asking for it says plainly that there is no daily history. A
station reads its hourly ``air_observations`` and turns them into daily values by the one
hourly → daily rule (:func:`decision_models.forecast.data.hourly_to_daily`, GB 3095 Table 4
validity). Nothing is filled across gaps. A frame is cached per place and per fingerprint
of its table (row count and newest time), so a new day in the store is a new history.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from core.errors import Unprocessable
from core.region import Region
from decision_models.forecast.constants import HEFEI_CODE, HOURLY_POLLUTANTS, POLLUTANTS
from decision_models.forecast.data import (
    hourly_to_daily,
    no_history_message,
    station_hourly,
    validate_daily,
)
from store.db import connection
from store.models import valid_value

#: The city of the sample (used when no region is given).
SAMPLE_CITY = (HEFEI_CODE, "合肥市", "Hefei")

_CITY_SQL = ("SELECT date, pm2_5, pm10, o3_8h_max, no2, so2, co FROM air_city_daily "
             "ORDER BY date")
_CITY_COLUMNS = {"pm2_5": "PM2.5", "pm10": "PM10", "o3_8h_max": "O3_8h", "no2": "NO2",
                 "so2": "SO2", "co": "CO"}
# QC-flagged values of the live feed read as NULL (kept in the store, never in a forecast)
_HOURLY_SQL = ("SELECT time, " + ", ".join(f"{valid_value(c)} AS {c}" for c in (
    "pm2_5", "pm10", "o3_1h", "no2", "so2", "co")) + " FROM air_observations o "
               "WHERE station_code = :code ORDER BY time")
_HOURLY_COLUMNS = {"pm2_5": "PM2.5", "pm10": "PM10", "o3_1h": "O3", "no2": "NO2",
                   "so2": "SO2", "co": "CO"}


@dataclass(frozen=True)
class Place:
    """A place the forecasts know: its code, kind (``city``/``station``) and names."""

    code: str
    kind: str
    name_zh: str
    name_en: str


def places(engine: Engine, region: Region | None = None) -> list[Place]:
    """The region's city (with or without a daily series) and the stations with
    observations, in that order."""
    with connection(engine) as conn:
        stations = conn.execute(text(
            "SELECT s.code, s.name FROM air_stations s WHERE EXISTS "
            "(SELECT 1 FROM air_observations o WHERE o.station_code = s.code) "
            "ORDER BY s.code")).all()
    code, zh, en = (region.adcode, region.name, region.name_en or region.name) \
        if region is not None else SAMPLE_CITY
    return [Place(code, "city", zh, en)] + \
        [Place(c, "station", name, f"{name} ({c})") for c, name in stations]


def place_kind(engine: Engine, where: str, region: Region | None = None,
               known: list[Place] | None = None) -> str:
    """``"city"`` or ``"station"`` for a known place; 422 naming the known ones otherwise."""
    where = (where or "").strip()
    kinds = {p.code: p.kind for p in (known if known is not None else places(engine, region))}
    if where in kinds:
        return kinds[where]
    if not where:
        raise Unprocessable("where: required (a city code such as 340100, or a station "
                            "code such as 1270A)")
    codes = ", ".join(sorted(kinds)) or "none"
    raise Unprocessable(f"where: no air-quality series for {where!r} in the store "
                        f"(known places: {codes})")


def _fingerprint(engine: Engine, where: str, kind: str) -> tuple:
    with connection(engine) as conn:
        if kind == "city":
            row = conn.execute(text("SELECT count(*), max(date) FROM air_city_daily")).one()
        else:
            row = conn.execute(text(
                "SELECT count(*), max(time), max(received_at) FROM air_observations "
                "WHERE station_code = :c"),
                {"c": where}).one()
    return tuple(row)


@dataclass(frozen=True, eq=False)
class Resolved:
    """A place resolved once for a whole answer (page render or request): its kind, the
    fingerprint of its table and its daily history."""

    where: str
    kind: str
    fingerprint: tuple
    daily: pd.DataFrame

    def history(self) -> pd.DataFrame:
        return self.daily.copy()


class NoDailyHistory(Unprocessable):
    """A city whose region's data holds no daily series (422); ``name`` and ``where`` let a
    page say so in its own language."""

    def __init__(self, name: str, where: str) -> None:
        super().__init__(f"where: {no_history_message(f'{name} ({where})')}")
        self.name, self.where = name, where


def resolve(engine: Engine, where: str, region: Region | None = None,
            known: list[Place] | None = None) -> Resolved:
    """Kind, fingerprint and daily history of ``where``, read once (422 for an unknown
    place, or a city whose region's data has no daily series)."""
    where = (where or "").strip()
    kind = place_kind(engine, where, region, known)
    fingerprint = _fingerprint(engine, where, kind)
    if kind == "city" and not fingerprint[0]:
        name = region.name if region is not None else SAMPLE_CITY[1]
        raise NoDailyHistory(name, where)
    return Resolved(where, kind, fingerprint, _daily(engine, where, kind, fingerprint))


def daily_history(engine: Engine, where: str, kind: str) -> pd.DataFrame:
    """The canonical daily frame of ``where`` [µg/m³; CO mg/m³] (a copy; gaps are NaN)."""
    return _daily(engine, where, kind, _fingerprint(engine, where, kind)).copy()


@functools.lru_cache(maxsize=32)
def _daily(engine: Engine, where: str, kind: str, fingerprint: tuple) -> pd.DataFrame:
    with connection(engine) as conn:
        if kind == "city":
            rows = conn.execute(text(_CITY_SQL)).mappings().all()
            raw = pd.DataFrame([dict(r) for r in rows],
                               columns=["date", *_CITY_COLUMNS]).rename(columns=_CITY_COLUMNS)
            if raw.empty:
                raise Unprocessable(f"where: no daily series for {where} in the store")
            raw["date"] = pd.to_datetime(raw["date"])
            return validate_daily(raw.set_index("date"))
        rows = conn.execute(text(_HOURLY_SQL), {"code": where}).mappings().all()
    hourly = pd.DataFrame([dict(r) for r in rows], columns=["time", *_HOURLY_COLUMNS])
    if hourly.empty:
        raise Unprocessable(f"where: no observations of station {where} in the store")
    hourly = hourly.rename(columns=_HOURLY_COLUMNS)
    hourly["time"] = pd.to_datetime(hourly["time"])
    hourly["station"] = where
    for col in HOURLY_POLLUTANTS:
        hourly[col] = pd.to_numeric(hourly[col], errors="coerce")
    return hourly_to_daily(station_hourly(hourly, where))


def latest_issue_day(daily: pd.DataFrame) -> dt.date | None:
    """The newest day from which a forecast can be issued: every pollutant valid that day."""
    complete = daily[list(POLLUTANTS)].notna().all(axis=1)
    valid = complete[complete].index
    return None if len(valid) == 0 else valid[-1].date()
