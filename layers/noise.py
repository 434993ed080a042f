"""Noise theme (声环境): functional zones and their monitoring stations, judged against
GB 3096-2008 Table 1 through :mod:`decision_models.noise` (no limit is written here).

The station layer shows the latest complete day before the map time: the day period
06:00–22:00 of date D and the night 22:00–06:00 after it, D being the date of the latest
hour minus 30 h, so both periods are whole. L_d and L_n are energy means of the hourly
L_Aeq; the class limits reach the SQL from :data:`decision_models.noise.LIMITS` (for the
region figures), the popup verdict from :func:`decision_models.noise.exceedance`.
"""

from __future__ import annotations

import pandas as pd

from core.i18n import t
from decision_models import noise as gb3096
from layers.spec import Field, Figure, LayerSpec, LegendItem, TimeDimension, rounded
from layers.styles import NO_DATA_COLOR, categorical, reads

#: Display colours of the functional-zone classes (quiet → loud).
ZONE_COLORS = {"0": "#1a9850", "1": "#91cf60", "2": "#fee08b", "3": "#fc8d59",
               "4a": "#d73027", "4b": "#7b3294"}
_ZONE_NAMES = {"0": ("0类 康复疗养区", "Class 0 quiet areas"),
               "1": ("1类 居住文教区", "Class 1 residential"),
               "2": ("2类 混合区", "Class 2 mixed"),
               "3": ("3类 工业区", "Class 3 industrial"),
               "4a": ("4a类 道路两侧", "Class 4a roadside"),
               "4b": ("4b类 铁路两侧", "Class 4b railway")}


def _limits_label(zone: str) -> tuple[str, str]:
    day, night = gb3096.limit(zone, "day"), gb3096.limit(zone, "night")
    zh, en = _ZONE_NAMES[zone]
    return (f"{zh}（昼{day:g}/夜{night:g} dB(A)）", f"{en} (day {day:g} / night {night:g} dB(A))")


ZONE_LABELS = {zone: _ZONE_NAMES[zone][0] for zone in gb3096.ZONE_CLASSES}

NOISE_ZONES = LayerSpec(
    id="noise_zones",
    theme="noise",
    title_zh="声环境功能区（GB 3096-2008）",
    title_en="Noise functional zones (GB 3096-2008)",
    geometry="polygon",
    sql="SELECT id, code, zone_class, town, district, geom FROM noise_zones",
    properties=("code", "zone_class", "town", "district"),
    popup=(Field("code", "编号", "Code"), Field("_class", "功能区类别", "Zone class"),
           Field("town", "城镇", "Town"), Field("district", "区县", "District")),
    legend=tuple(LegendItem(*_limits_label(z), ZONE_COLORS[z]) for z in gb3096.ZONE_CLASSES),
    style=categorical("zone_class", ZONE_COLORS, labels=ZONE_LABELS),
    fill_opacity=0.3,
    default_on=True,
    queryables=("zone_class", "district", "town"),
    figures=tuple(Figure(f"{z}类区", f"Class {z} zones",
                         f"count(*) FILTER (WHERE zone_class = '{z}')")
                  for z in gb3096.ZONE_CLASSES),
    description_zh="示例数据：按 GB/T 15190-2014 的划分方法生成的功能区（非政府公布的区划）。",
    description_en="Sample data: zones generated after the method of GB/T 15190-2014, not "
                   "the zoning published by the government.",
)

# GB 3096-2008 Table 1 as an SQL VALUES list, built from decision_models.noise.LIMITS
_LIMITS_SQL = ", ".join(f"('{z}', {gb3096.limit(z, 'day')}, {gb3096.limit(z, 'night')})"
                        for z in gb3096.ZONE_CLASSES)
_DAY_H = gb3096.DAY_START.hour
_NIGHT_H = gb3096.NIGHT_START.hour


def _energy_mean(start_h: int, end_h: int) -> str:
    return ("10 * log(avg(power(10, h.leq_dba / 10)) FILTER (WHERE h.time >= d.day + "
            f"interval '{start_h} hours' AND h.time < d.day + interval '{end_h} hours'))")


NOISE_STATIONS_SQL = f"""
    SELECT s.id, s.code, s.name, s.zone_class, s.district, s.geom,
           d.day AS obs_date, {rounded("v.ld")} AS ld_dba, {rounded("v.ln")} AS ln_dba,
           lim.day_limit, lim.night_limit
    FROM noise_stations s
    JOIN (VALUES {_LIMITS_SQL}) AS lim(zone_class, day_limit, night_limit)
      ON lim.zone_class = s.zone_class
    LEFT JOIN LATERAL (
        SELECT CAST(CAST(max(h.time) - interval '30 hours' AS date) AS timestamp) AS day
        FROM noise_hourly h WHERE h.station_code = s.code AND h.time <= :t) d ON true
    LEFT JOIN LATERAL (
        SELECT {_energy_mean(_DAY_H, _NIGHT_H)} AS ld,
               {_energy_mean(_NIGHT_H, 24 + _DAY_H)} AS ln
        FROM noise_hourly h WHERE h.station_code = s.code AND h.time >= d.day
          AND h.time < d.day + interval '{24 + _DAY_H} hours') v ON true
"""

_VERDICT_COLORS = {"compliant": "#2e7d32", "night_over": "#f9a825", "day_over": "#ef6c00",
                   "both_over": "#c62828"}


def verdict(zone_class: str, ld: float | None, ln: float | None) -> str | None:
    """"compliant", "day_over", "night_over" or "both_over" of one day; None without data.

    The limits and the comparison are :func:`decision_models.noise.exceedance`'s (≤ 0
    complies)."""
    if ld is None or ln is None or pd.isna(ld) or pd.isna(ln):
        return None
    day_over = gb3096.exceedance(zone_class, "day", float(ld)) > 0
    night_over = gb3096.exceedance(zone_class, "night", float(ln)) > 0
    if day_over and night_over:
        return "both_over"
    return "day_over" if day_over else "night_over" if night_over else "compliant"


@reads("zone_class", "ld_dba", "ln_dba")
def _station_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    verdicts = [verdict(z, ld, ln) for z, ld, ln in
                zip(out["zone_class"], pd.to_numeric(out["ld_dba"], errors="coerce"),
                    pd.to_numeric(out["ln_dba"], errors="coerce"), strict=True)]
    out["_color"] = [_VERDICT_COLORS[v] if v else NO_DATA_COLOR for v in verdicts]
    out["_class"] = [f"{t(f'supervision.noise.{v}', 'zh')} {t(f'supervision.noise.{v}', 'en')}"
                     if v else None for v in verdicts]
    return out


NOISE_STATIONS = LayerSpec(
    id="noise_stations",
    theme="noise",
    title_zh="声环境功能区监测点（昼夜达标）",
    title_en="Noise monitoring stations (day/night compliance)",
    geometry="point",
    sql=NOISE_STATIONS_SQL,
    properties=("code", "name", "zone_class", "district", "obs_date", "ld_dba", "ln_dba",
                "day_limit", "night_limit"),
    popup=(Field("name", "监测点", "Station"), Field("zone_class", "功能区类别", "Zone class"),
           Field("obs_date", "监测日", "Day"),
           Field("ld_dba", "昼间等效声级 Ld", "Day level Ld", "dB(A)"),
           Field("day_limit", "昼间限值", "Day limit", "dB(A)"),
           Field("ln_dba", "夜间等效声级 Ln", "Night level Ln", "dB(A)"),
           Field("night_limit", "夜间限值", "Night limit", "dB(A)"),
           Field("_class", "达标情况", "Compliance")),
    legend=tuple(LegendItem(t(f"supervision.noise.{v}", "zh"), t(f"supervision.noise.{v}", "en"),
                            c) for v, c in _VERDICT_COLORS.items()),
    style=_station_style,
    time=TimeDimension("day"),
    default_on=True,
    queryables=("zone_class", "district"),
    figures=(
        Figure("昼间达标率", "Day compliance", "CAST(100.0 * count(*) FILTER (WHERE ld_dba <= "
               "day_limit) / NULLIF(count(ld_dba), 0) AS float)", "%"),
        Figure("夜间达标率", "Night compliance", "CAST(100.0 * count(*) FILTER (WHERE ln_dba <= "
               "night_limit) / NULLIF(count(ln_dba), 0) AS float)", "%"),
    ),
    description_zh="示例数据：功能区监测点小时等效声级；按 GB 3096-2008 表1 "
                   "判定最近一个完整日的昼、夜达标情况。",
    description_en="Sample data: hourly L_Aeq of functional-zone stations; day and night of the "
                   "latest whole day judged against GB 3096-2008 Table 1.",
)

LAYERS = (NOISE_ZONES, NOISE_STATIONS)
