"""Water theme: monitoring sections classed by GB 3838, source protection zones, outfalls."""

from __future__ import annotations

import pandas as pd

from decision_models import water_quality as wq
from layers.spec import Field, Figure, LayerSpec, LegendItem, TimeDimension
from layers.styles import NO_DATA_COLOR, categorical, reads
from store.models import ITEM_COLUMNS

# GB 3838 items carried by the section layer: canonical key -> store column
_SECTION_ITEMS = {key: col for key, col in ITEM_COLUMNS.items()
                  if key not in ("temperature", "fecal_coliform", "chla", "SD")}
_GRADES = ("I", "II", "III", "IV", "V", "劣V")


@reads("sampled_on", "waterbody", *_SECTION_ITEMS.values())
def _grade_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["_color"] = NO_DATA_COLOR
    out["_class"] = None
    has_sample = out["sampled_on"].notna()
    for waterbody in ("river", "lake"):
        mask = has_sample & (out["waterbody"] == waterbody)
        if not mask.any():
            continue
        samples = out.loc[mask, list(_SECTION_ITEMS.values())]
        samples = samples.rename(columns={c: k for k, c in _SECTION_ITEMS.items()})
        grades = wq.classify_frame(samples, waterbody=waterbody)
        grade = grades["grade"] if isinstance(grades, pd.DataFrame) else grades
        out.loc[mask, "_class"] = grade.to_numpy()
        out.loc[mask, "_color"] = [wq.GRADE_COLORS.get(g, NO_DATA_COLOR) for g in grade]
    return out


_ITEM_SELECT = ", ".join(f"w.{col}" for col in _SECTION_ITEMS.values())

WATER_SECTIONS = LayerSpec(
    id="water_sections",
    theme="water",
    title_zh="地表水监测断面（GB 3838 水质类别）",
    title_en="Surface-water sections (GB 3838 class)",
    geometry="point",
    sql=f"""
        SELECT s.id, s.code, s.name, s.river, s.waterbody, s.level, s.target_class, s.geom,
               w.sampled_on, {_ITEM_SELECT}
        FROM water_sections s
        LEFT JOIN LATERAL (
            SELECT * FROM water_samples w
            WHERE w.section_code = s.code AND w.sampled_on <= :t
              AND w.sampled_on > CAST(:t AS timestamp) - interval '62 days'
            ORDER BY w.sampled_on DESC LIMIT 1) w ON true
    """,
    properties=("code", "name", "river", "waterbody", "level", "target_class", "sampled_on",
                *_SECTION_ITEMS.values()),
    popup=(
        Field("name", "断面", "Section"), Field("river", "河流/湖泊", "River / lake"),
        Field("level", "级别", "Level"), Field("_class", "水质类别", "Class"),
        Field("target_class", "目标类别", "Target class"),
        Field("sampled_on", "采样日期", "Sampled on"),
        Field("do", "溶解氧", "DO", "mg/L"), Field("codmn", "高锰酸盐指数", "CODMn", "mg/L"),
        Field("nh3_n", "氨氮", "NH3-N", "mg/L"), Field("tp", "总磷", "TP", "mg/L"),
    ),
    legend=tuple(LegendItem(f"{g}类", "Worse than class V" if g == "劣V" else f"Class {g}",
                            wq.GRADE_COLORS[g]) for g in _GRADES),
    style=_grade_style,
    time=TimeDimension("month"),
    default_on=True,
    queryables=("code", "river", "waterbody", "level"),
)

WATER_SOURCE_ZONES = LayerSpec(
    id="water_source_zones",
    theme="water",
    title_zh="饮用水水源保护区",
    title_en="Drinking-water source protection zones",
    geometry="polygon",
    sql="SELECT id, source_name, level, geom, ST_Area(geom::geography)/1e6 AS area_km2 "
        "FROM water_source_zones",
    properties=("source_name", "level", "area_km2"),
    popup=(Field("source_name", "水源地", "Source"), Field("level", "保护区级别", "Zone level"),
           Field("area_km2", "面积", "Area", "km²")),
    legend=(LegendItem("一级保护区", "Level-1 zone", "#1565c0"),
            LegendItem("二级保护区", "Level-2 zone", "#64b5f6")),
    style=categorical("level", {"1": "#1565c0", "2": "#64b5f6"}),
    queryables=("level",),
    figures=(Figure("保护区面积", "Zone area", "sum(ST_Area(src.geom::geography))/1e6", "km²"),),
)

SEWAGE_OUTFALLS = LayerSpec(
    id="sewage_outfalls",
    theme="water",
    title_zh="入河排污口",
    title_en="Sewage outfalls",
    geometry="point",
    sql="SELECT id, code, name, river, type, discharger, permitted_m3_per_day, status, geom "
        "FROM sewage_outfalls",
    properties=("code", "name", "river", "type", "discharger", "permitted_m3_per_day", "status"),
    popup=(Field("name", "排污口", "Outfall"), Field("river", "受纳水体", "Receiving water"),
           Field("type", "类型", "Type"), Field("discharger", "排污单位", "Discharger"),
           Field("permitted_m3_per_day", "许可排放量", "Permitted flow", "m³/d"),
           Field("status", "状态", "Status")),
    legend=(LegendItem("工业", "Industrial", "#6a1b9a"), LegendItem("生活", "Domestic", "#00838f"),
            LegendItem("混合", "Mixed", "#ef6c00"), LegendItem("雨洪", "Storm", "#546e7a")),
    style=categorical("type", {"工业": "#6a1b9a", "生活": "#00838f", "混合": "#ef6c00",
                               "雨洪": "#546e7a"}),
    queryables=("river", "type", "status"),
    figures=(Figure("许可排放量", "Permitted flow", "sum(permitted_m3_per_day)", "m³/d"),),
)

LAYERS = (WATER_SECTIONS, WATER_SOURCE_ZONES, SEWAGE_OUTFALLS)
