"""Air theme: the 10 national monitoring stations with a replayed live feed.

The real hourly data (2020-03-26..04-08) is replayed in a cycle shifted to the present,
so the map is never empty; every popup shows the original observation time as well.
Observations posted to the live feed (``feeds``, ``source = 'feed'``) take precedence over
the replay for their station and hours (:func:`latest_observation`); their QC-flagged
values are left out and the popup says "已标记 flagged".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd
from sqlalchemy import text

from core.i18n import t
from core.region import Region
from decision_models import aqi as aqi_std
from decision_models.standards_tables.gb3095 import UNITS
from decision_models.standards_tables.hj633 import LEVELS as AQI_LEVELS
from layers.spec import Field, LayerSpec, LegendItem, TimeDimension
from layers.styles import NO_DATA_COLOR, reads
from store.db import connection
from store.models import FEED_SOURCE, valid_value

HOUR = timedelta(hours=1)
# A station shows its latest observation no older than this (the real series has gaps;
# 包河区 misses single hours). Used by the station layer and the surface station values.
OBSERVATION_WINDOW = "3 hours"


REPLAY_EPOCH = datetime(2026, 1, 1)
#: Value columns of an observation; a QC-flagged value reads as NULL (never in AQI,
#: surfaces or panels' numbers: the ``qc`` property says which and why).
VALUE_COLUMNS = ("pm2_5", "pm10", "so2", "no2", "co", "o3_1h", "o3_8h")


@dataclass(frozen=True)
class ReplayClock:
    """Maps each present hour onto one of the real observed hours, in a cycle.

    The real series has gaps (up to 62 h), so the replay steps through the *observed*
    hours: every present hour shows a real hour of data, and consecutive present hours
    show consecutive observed hours.
    """

    hours: tuple[datetime, ...]

    def to_source(self, t: datetime) -> datetime:
        t = t.replace(minute=0, second=0, microsecond=0, tzinfo=None)
        index = int((t - REPLAY_EPOCH) // HOUR) % len(self.hours)
        return self.hours[index]


@lru_cache(maxsize=8)
def _clock_for(url: str, engine: Any) -> ReplayClock:
    with connection(engine) as conn:
        hours = conn.execute(text("SELECT DISTINCT time FROM air_observations "
                                  "WHERE source = 'sample' ORDER BY time"))
        observed = tuple(row[0] for row in hours)
    if not observed:
        raise LookupError("no air observations loaded")
    return ReplayClock(observed)


def replay_clock(engine: Any) -> ReplayClock | None:
    """The replay clock of the store's air observations (derived once per database)."""
    try:
        return _clock_for(str(engine.url), engine)
    except LookupError:  # not cached: a later load is picked up
        return None


def _replay_params(engine: Any, t: datetime) -> dict[str, Any]:
    t = t.replace(minute=0, second=0, microsecond=0, tzinfo=None)
    clock = replay_clock(engine)
    return {"t": t, "src_t": clock.to_source(t) if clock else t}


def latest_observation(columns: str = "o.*", having: str | None = None) -> str:
    """Body of a ``LATERAL`` subquery: the observation station ``s`` shows at the present
    hour ``:t``. A fed one (``source = 'feed'``, no older than the window) takes precedence;
    otherwise the replayed one at the observed hour ``:src_t`` (:func:`_replay_params`).
    ``having``: an SQL expression of ``o`` that must not be NULL (the latest row with it)."""
    window = f"interval '{OBSERVATION_WINDOW}'"
    also = f" AND {having} IS NOT NULL" if having else ""
    return f"""
            SELECT {columns} FROM (
              (SELECT o.*, 0 AS _rank FROM air_observations o
               WHERE o.station_code = s.code AND o.source = '{FEED_SOURCE}'
                 AND o.time <= :t AND o.time > CAST(:t AS timestamp) - {window}{also}
               ORDER BY o.time DESC LIMIT 1)
              UNION ALL
              (SELECT o.*, 1 AS _rank FROM air_observations o
               WHERE o.station_code = s.code AND o.time <= :src_t
                 AND o.time > CAST(:src_t AS timestamp) - {window}{also}
               ORDER BY o.time DESC LIMIT 1)) o
            ORDER BY o._rank LIMIT 1"""


FLAGGED = f"{t('feeds.flagged', 'zh')} {t('feeds.flagged', 'en')}"
# "已标记 flagged — pm2_5: pm25_gt_pm10; …" for a row with QC flags, else NULL
_QC_TEXT = (f"CASE WHEN o.qc_flags <> '{{}}'::jsonb THEN '{FLAGGED} — ' || (SELECT "
            "string_agg(f.key || ': ' || array_to_string(ARRAY(SELECT "
            "jsonb_array_elements_text(f.value)), ','), '; ' ORDER BY f.key) "
            "FROM jsonb_each(o.qc_flags) f) END")


@reads("aqi")
def _aqi_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    values = pd.to_numeric(out["aqi"], errors="coerce")
    levels = [aqi_std.level_of(v) if pd.notna(v) else None for v in values]
    out["_color"] = [aqi_std.color_of(lv) if lv else NO_DATA_COLOR for lv in levels]
    out["_class"] = [aqi_std.category_of(lv) if lv else None for lv in levels]
    return out


def aqi_legend() -> tuple[LegendItem, ...]:
    """The six AQI levels with their standard colours (HJ 633 Appendix A)."""
    return tuple(LegendItem(row.category, row.category_en.capitalize(), row.color)
                 for row in AQI_LEVELS)


REPLAY_SUFFIX = {"zh": "（实时回放）", "en": " (live replay)"}


def _served_region() -> Region | None:
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    return None if context is None else context.settings.region


def station_title(base: str, lang: str, region: Region | None) -> str:
    """The station layer's title: with 实时回放 / live replay only where ``region`` has an
    hourly series to replay (:attr:`core.region.Region.has_live_air`; the Hefei sample);
    a region pack without one has plain station positions. Outside a running app
    (``region`` None) the default sample's title."""
    return base + (REPLAY_SUFFIX[lang] if region is None or region.has_live_air else "")


class _StationTitle:
    """``title_zh`` / ``title_en`` of the station layer, read for the served region."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return station_title(obj.__dict__[self.slot], self.lang, _served_region())

    def __set__(self, obj: Any, value: str) -> None:  # a copy (dataclasses.replace) too
        obj.__dict__[self.slot] = value.removesuffix(REPLAY_SUFFIX[self.lang])


class StationLayerSpec(LayerSpec):
    """A :class:`LayerSpec` whose title names the live replay only where there is one."""

    title_zh = _StationTitle("zh")
    title_en = _StationTitle("en")


AIR_STATIONS = StationLayerSpec(
    id="air_stations",
    theme="air",
    title_zh="国控空气监测站",
    title_en="National air stations",
    geometry="point",
    sql=f"""
        SELECT s.id, s.code, s.name, s.geom, CAST(:t AS timestamp) AS obs_time,
               o.time AS source_time, o.aqi,
               {", ".join(f"{valid_value(c)} AS {c}" for c in VALUE_COLUMNS)},
               o.source, {_QC_TEXT} AS qc
        FROM air_stations s
        LEFT JOIN LATERAL ({latest_observation()}) o ON true
    """,
    properties=("code", "name", "obs_time", "source_time", "aqi", "pm2_5", "pm10", "so2",
                "no2", "co", "o3_1h", "o3_8h", "source", "qc"),
    popup=(
        Field("name", "站点", "Station"), Field("code", "编码", "Code"),
        Field("obs_time", "时间", "Time"), Field("aqi", "AQI", "AQI"),
        Field("_class", "等级", "Category"),
        Field("pm2_5", "PM2.5", "PM2.5", UNITS["PM2.5"]),
        Field("pm10", "PM10", "PM10", UNITS["PM10"]),
        Field("o3_1h", "O₃ 1小时", "O3 1-h", UNITS["O3"]), Field("no2", "NO₂", "NO2", UNITS["NO2"]),
        Field("so2", "SO₂", "SO2", UNITS["SO2"]), Field("co", "CO", "CO", UNITS["CO"]),
        Field("source_time", "原始观测时间", "Original observation time"),
        Field("qc", "质控", "QC"),
    ),
    legend=aqi_legend(),
    style=_aqi_style,
    time=TimeDimension("hour", _replay_params),
    synthetic=False,
    default_on=True,
    queryables=("code",),
    figures=(),
    description_zh="真实数据：中国环境监测总站发布的国控站小时数据（经 pm25.in 转载）。",
    description_en="Real data: CNEMC national-station hourly releases (via pm25.in).",
)

LAYERS = (AIR_STATIONS,)
