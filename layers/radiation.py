"""Nuclear and radiation (核与辐射) under the emergency theme: users of sealed radioactive
sources by category I–V, the ambient gamma dose-rate stations against each station's
own investigation level, and the electromagnetic facilities (电磁: mobile base stations by
band, substations by voltage; the public exposure limits of GB 8702-2014 apply around
them, the facilities themselves carry no measurement here).

The categories are those of 放射源分类办法 (:data:`decision_models.radiation.CATEGORIES`);
a station's reading is "normal", "rain" or "investigate" by
:func:`decision_models.radiation.classify_readings` against the level computed at load from
its own background (``gamma_stations.investigation_level_ngy_h``).
"""

from __future__ import annotations

import pandas as pd

from core.i18n import t
from decision_models import radiation as rad
from layers.spec import Field, Figure, LayerSpec, LegendItem, TimeDimension
from layers.styles import NO_DATA_COLOR, categorical, reads

#: Category I (most dangerous) … V, dark red → green.
CATEGORY_COLORS = {"1": "#7f0000", "2": "#d7301f", "3": "#fc8d59", "4": "#fdcc8a",
                   "5": "#78c679"}
_CATEGORY_LABELS = {str(c.category): f"{c.roman}类 {c.name_zh}" for c in rad.CATEGORIES.values()}

SOURCE_USERS = LayerSpec(
    id="radiation_source_users",
    theme="emergency",
    title_zh="放射源使用单位（I–V类）",
    title_en="Sealed radioactive source users (category I–V)",
    geometry="point",
    sql="SELECT id, code, name, kind, kind_zh, kind_en, CAST(category AS text) AS category, "
        "category_roman, n_sources, district, sources, geom FROM radiation_source_users",
    properties=("code", "name", "kind", "kind_zh", "kind_en", "category", "category_roman",
                "n_sources", "district", "sources"),
    popup=(Field("name", "单位名称", "Name"), Field("kind_zh", "用途", "Use"),
           Field("_class", "最高类别", "Highest category"),
           Field("n_sources", "放射源数", "Sources"), Field("sources", "放射源", "Sources held"),
           Field("district", "区县", "District")),
    legend=tuple(LegendItem(f"{c.roman}类 {c.name_zh}", f"Category {c.roman}: {c.name_en}",
                            CATEGORY_COLORS[str(c.category)]) for c in rad.CATEGORIES.values()),
    style=categorical("category", CATEGORY_COLORS, labels=_CATEGORY_LABELS),
    queryables=("category", "kind", "district"),
    figures=tuple(Figure(f"{c.roman}类单位", f"Category {c.roman} users",
                         f"count(*) FILTER (WHERE category = '{c.category}')")
                  for c in rad.CATEGORIES.values()),
)

GAMMA_COLORS = {"normal": "#2e7d32", "rain": "#1e88e5", "investigate": "#c62828"}

GAMMA_SQL = f"""
    SELECT s.id, s.code, s.name, s.district, s.geom, s.background_ngy_h,
           s.investigation_level_ngy_h, o.time AS obs_time, o.dose_rate_ngy_h,
           (SELECT coalesce(sum(r.rain_mm), 0) FROM gamma_hourly r
            WHERE r.station_code = s.code AND r.time <= o.time
              AND r.time >= o.time - interval '{rad.RAIN_WINDOW_HOURS} hours') AS rain_mm_window
    FROM gamma_stations s
    LEFT JOIN LATERAL (
        SELECT h.time, h.dose_rate_ngy_h FROM gamma_hourly h
        WHERE h.station_code = s.code AND h.time <= :t AND h.dose_rate_ngy_h IS NOT NULL
        ORDER BY h.time DESC LIMIT 1) o ON true
"""


def reading_class(dose_rate: float | None, level: float | None, rain_mm: float | None
                  ) -> str | None:
    """"normal", "rain" or "investigate" of one reading; None without a reading or level.

    ``rain_mm`` is the rain of the reading's hour and the
    :data:`~decision_models.radiation.RAIN_WINDOW_HOURS` before it, so the window is 0 here.
    """
    if dose_rate is None or level is None or pd.isna(dose_rate) or pd.isna(level):
        return None
    rain = [0.0 if rain_mm is None or pd.isna(rain_mm) else float(rain_mm)]
    return str(rad.classify_readings([float(dose_rate)], float(level), rain,
                                     rain_window_h=0)[0])


@reads("dose_rate_ngy_h", "investigation_level_ngy_h", "rain_mm_window")
def _gamma_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    classes = [reading_class(d, lv, r) for d, lv, r in zip(
        pd.to_numeric(out["dose_rate_ngy_h"], errors="coerce"),
        pd.to_numeric(out["investigation_level_ngy_h"], errors="coerce"),
        pd.to_numeric(out["rain_mm_window"], errors="coerce"), strict=True)]
    out["_color"] = [GAMMA_COLORS[c] if c else NO_DATA_COLOR for c in classes]
    out["_class"] = [f"{t(f'supervision.gamma.{c}', 'zh')} {t(f'supervision.gamma.{c}', 'en')}"
                     if c else None for c in classes]
    return out


GAMMA_STATIONS = LayerSpec(
    id="gamma_stations",
    theme="emergency",
    title_zh="辐射环境自动监测站（空气吸收剂量率）",
    title_en="Ambient gamma dose-rate stations",
    geometry="point",
    sql=GAMMA_SQL,
    properties=("code", "name", "district", "obs_time", "dose_rate_ngy_h", "background_ngy_h",
                "investigation_level_ngy_h", "rain_mm_window"),
    popup=(Field("name", "站点", "Station"), Field("obs_time", "时间", "Time"),
           Field("dose_rate_ngy_h", "空气吸收剂量率", "Air-absorbed dose rate", "nGy/h"),
           Field("background_ngy_h", "本底均值", "Background mean", "nGy/h"),
           Field("investigation_level_ngy_h", "调查水平", "Investigation level", "nGy/h"),
           Field("rain_mm_window", "近6小时降雨", "Rain, last 6 h", "mm"),
           Field("_class", "状态", "Status")),
    legend=tuple(LegendItem(t(f"supervision.gamma.{c}", "zh"), t(f"supervision.gamma.{c}", "en"),
                            color) for c, color in GAMMA_COLORS.items()),
    style=_gamma_style,
    time=TimeDimension("hour"),
    queryables=("district",),
    figures=(Figure("最高剂量率", "Highest dose rate", "max(dose_rate_ngy_h)", "nGy/h"),
             Figure("超调查水平站点", "Stations above the investigation level",
                    "count(*) FILTER (WHERE dose_rate_ngy_h > investigation_level_ngy_h)")),
    description_zh="示例数据：调查水平 = 站点自身本底（前31天）均值 + 3σ；"
                   "降雨后6小时内的升高记为降雨升高。",
    description_en="Sample data: investigation level = the station's own background (first "
                   "31 days) mean + 3σ; a rise within 6 h of rain counts as rain.",
)

#: Electromagnetic facilities: base stations by band, substations by voltage [kV].
EM_CLASSES = {"bs_4g": ("移动通信基站 4G", "Mobile base station 4G", "#80deea"),
              "bs_5g": ("移动通信基站 5G", "Mobile base station 5G", "#00acc1"),
              "bs_4g5g": ("移动通信基站 4G/5G 共址", "Mobile base station 4G/5G shared",
                          "#00838f"),
              "ss_110": ("110 kV 变电站", "110 kV substation", "#ffb74d"),
              "ss_220": ("220 kV 变电站", "220 kV substation", "#f57c00"),
              "ss_500": ("500 kV 变电站", "500 kV substation", "#bf360c")}

EM_SITES = LayerSpec(
    id="em_sites",
    theme="emergency",
    title_zh="电磁辐射设施（基站、变电站）",
    title_en="Electromagnetic facilities (base stations, substations)",
    geometry="point",
    sql="""
        SELECT e.id, e.code, e.name, e.kind, e.kind_zh, e.band, e.voltage_kv,
               CASE WHEN e.kind = 'substation' THEN 'ss_' || e.voltage_kv
                    ELSE 'bs_' || lower(replace(coalesce(e.band, '4G'), '/', '')) END AS em_class,
               d.adcode, d.name AS district, e.geom
        FROM em_sites e
        LEFT JOIN LATERAL (SELECT adcode, name FROM admin_districts a
                           WHERE ST_Intersects(a.geom, e.geom) LIMIT 1) d ON true
    """,
    properties=("code", "name", "kind", "kind_zh", "band", "voltage_kv", "em_class", "adcode",
                "district"),
    popup=(Field("name", "名称", "Name"), Field("_class", "类型", "Kind"),
           Field("band", "制式", "Band"), Field("voltage_kv", "电压等级", "Voltage", "kV"),
           Field("district", "区县", "District")),
    legend=tuple(LegendItem(zh, en, color) for zh, en, color in EM_CLASSES.values()),
    style=categorical("em_class", {k: v[2] for k, v in EM_CLASSES.items()},
                      labels={k: v[0] for k, v in EM_CLASSES.items()}),
    min_zoom=9,
    cluster=True,
    queryables=("kind", "band", "voltage_kv", "district"),
    figures=(Figure("移动通信基站", "Mobile base stations",
                    "count(*) FILTER (WHERE kind = 'base_station')"),
             Figure("其中含5G", "of which with 5G",
                    "count(*) FILTER (WHERE kind = 'base_station' AND band LIKE '%5G')"),
             Figure("变电站", "Substations", "count(*) FILTER (WHERE kind = 'substation')"),
             Figure("220 kV及以上变电站", "Substations of 220 kV and above",
                    "count(*) FILTER (WHERE kind = 'substation' AND voltage_kv >= 220)")),
    description_zh="示例数据：基站与变电站位置为生成数据；周边公众曝露控制限值见 GB 8702-2014。",
    description_en="Sample data: generated positions of base stations and substations; the "
                   "public exposure limits around them are those of GB 8702-2014.",
)

LAYERS = (SOURCE_USERS, GAMMA_STATIONS, EM_SITES)
