"""Ecological redline theme: redline areas, reserves and parks, human-activity change patches."""

from __future__ import annotations

from layers.spec import Field, Figure, LayerSpec, LegendItem
from layers.styles import categorical

_PATCH_COLORS = {"待核查": "#d32f2f", "核查中": "#f57c00", "属实": "#6a1b9a", "已整改": "#388e3c"}

REDLINE_AREAS = LayerSpec(
    id="redline_areas",
    theme="redline",
    title_zh="生态保护红线",
    title_en="Ecological conservation redline",
    geometry="polygon",
    sql="SELECT id, code, name, category, area_km2, geom FROM redline_areas",
    properties=("code", "name", "category", "area_km2"),
    popup=(Field("name", "红线单元", "Redline unit"), Field("category", "主导功能", "Function"),
           Field("area_km2", "面积", "Area", "km²")),
    color="#2e7d32",
    legend=(LegendItem("生态保护红线", "Ecological redline", "#2e7d32"),),
    default_on=True,
    queryables=("category",),
    figures=(Figure("红线面积", "Redline area", "sum(ST_Area(src.geom::geography))/1e6", "km²"),),
)

NATURE_RESERVES = LayerSpec(
    id="nature_reserves",
    theme="redline",
    title_zh="自然保护地（湿地公园、森林公园）",
    title_en="Protected areas (wetland and forest parks)",
    geometry="polygon",
    sql="SELECT id, code, name, category, level, established, area_km2, geom "
        "FROM nature_reserves",
    properties=("code", "name", "category", "level", "established", "area_km2"),
    popup=(Field("name", "名称", "Name"), Field("category", "类型", "Kind"),
           Field("level", "级别", "Level"), Field("established", "设立", "Established"),
           Field("area_km2", "面积", "Area", "km²")),
    color="#00897b",
    legend=(LegendItem("自然保护地", "Protected area", "#00897b"),),
    queryables=("category", "level"),
)

CHANGE_PATCHES = LayerSpec(
    id="change_patches",
    theme="redline",
    title_zh="人类活动变化图斑",
    title_en="Human-activity change patches",
    geometry="polygon",
    sql="SELECT id, code, redline_name, detected_on, change_type, area_ha, status, geom "
        "FROM change_patches",
    properties=("code", "redline_name", "detected_on", "change_type", "area_ha", "status"),
    popup=(Field("code", "图斑", "Patch"), Field("redline_name", "所在红线", "Redline unit"),
           Field("change_type", "变化类型", "Change type"),
           Field("detected_on", "发现日期", "Detected on"), Field("area_ha", "面积", "Area", "ha"),
           Field("status", "核查状态", "Verification")),
    legend=tuple(LegendItem(zh, en, _PATCH_COLORS[zh]) for zh, en in (
        ("待核查", "To verify"), ("核查中", "Verifying"), ("属实", "Confirmed"),
        ("已整改", "Rectified"))),
    style=categorical("status", _PATCH_COLORS),
    queryables=("status", "change_type"),
    figures=(Figure("图斑面积", "Patch area", "sum(area_ha)", "ha"),),
)

LAYERS = (REDLINE_AREAS, NATURE_RESERVES, CHANGE_PATCHES)
