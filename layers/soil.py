"""Soil theme: farmland units (GB 15618), construction-land plots (GB 36600), enterprises."""

from __future__ import annotations

import pandas as pd

from decision_models import soil as soil_std
from layers.spec import Field, Figure, LayerSpec, LegendItem
from layers.styles import reads

FARMLAND_ITEMS = ("Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn")
_FARMLAND_COLS = ("cd", "hg", "as_", "pb", "cr", "cu", "ni", "zn")


@reads("ph", "land_use", *_FARMLAND_COLS)
def _farmland_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    categories = []
    for row in out.itertuples(index=False):
        sample = {item: getattr(row, col) for item, col in zip(FARMLAND_ITEMS, _FARMLAND_COLS,
                                                               strict=True)
                  if pd.notna(getattr(row, col))}
        categories.append(soil_std.farmland(sample, row.ph, land_use=row.land_use))
    out["_class"] = [r.category for r in categories]
    out["_color"] = [r.color for r in categories]
    return out


FARMLAND_UNITS = LayerSpec(
    id="farmland_units",
    theme="soil",
    title_zh="农用地土壤环境质量类别（GB 15618）",
    title_en="Farmland soil quality category (GB 15618)",
    geometry="polygon",
    sql="SELECT id, code, county, land_use, ph, cd, hg, as_, pb, cr, cu, ni, zn, geom, "
        "ST_Area(geom::geography)/1e4 AS area_ha FROM farmland_units",
    properties=("code", "county", "land_use", "ph", *_FARMLAND_COLS, "area_ha"),
    popup=(Field("code", "单元", "Unit"), Field("county", "区县", "County"),
           Field("land_use", "用地类型", "Land use"), Field("_class", "类别", "Category"),
           Field("ph", "pH", "pH"), Field("cd", "镉", "Cd", "mg/kg"),
           Field("hg", "汞", "Hg", "mg/kg"), Field("as_", "砷", "As", "mg/kg"),
           Field("pb", "铅", "Pb", "mg/kg"), Field("area_ha", "面积", "Area", "ha")),
    legend=tuple(LegendItem(name, en, soil_std.FARMLAND_CATEGORY_COLORS[name]) for name, en in (
        ("优先保护类", "Priority protection"), ("安全利用类", "Safe use"),
        ("严格管控类", "Strict control"))),
    style=_farmland_style,
    min_zoom=8,
    queryables=("county", "land_use"),
    figures=(Figure("面积", "Area", "sum(area_ha)", "ha"),),
)


# GB 36600 screening outcome -> display label (zh, en)
PLOT_STATUS_LABELS = {
    "below_screening": ("低于筛选值", "Below screening"),
    "above_screening": ("超过筛选值", "Above screening"),
    "above_intervention": ("超过管制值", "Above intervention"),
}


@reads("items", "land_class")
def _plot_style(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    results = []
    for row in out.itertuples(index=False):
        items = row.items if isinstance(row.items, dict) else {}
        sample = {k: v for k, v in items.items() if v is not None}
        results.append(soil_std.construction_land(sample, int(row.land_class)))
    out["_class"] = [PLOT_STATUS_LABELS[r.status][0] for r in results]
    out["_color"] = [r.color for r in results]
    return out


SOIL_PLOTS = LayerSpec(
    id="soil_plots",
    theme="soil",
    title_zh="疑似污染/污染地块（GB 36600）",
    title_en="Suspected / contaminated plots (GB 36600)",
    geometry="polygon",
    sql="SELECT id, code, name, former_use, land_class, status, sampled_on, items, geom "
        "FROM soil_plots",
    properties=("code", "name", "former_use", "land_class", "status", "sampled_on", "items"),
    popup=(Field("name", "地块", "Plot"), Field("former_use", "原用途", "Former use"),
           Field("land_class", "用地类别", "Land class"),
           Field("status", "管理状态", "Management status"),
           Field("_class", "风险判定", "Risk screening"),
           Field("sampled_on", "采样日期", "Sampled on")),
    legend=tuple(LegendItem(zh, en, soil_std.CONSTRUCTION_STATUS_COLORS[status])
                 for status, (zh, en) in PLOT_STATUS_LABELS.items()),
    style=_plot_style,
    queryables=("status", "land_class"),
)

SOIL_ENTERPRISES = LayerSpec(
    id="soil_enterprises",
    theme="soil",
    title_zh="土壤污染重点监管单位",
    title_en="Key soil-supervised enterprises",
    geometry="point",
    sql="SELECT e.id, e.code, e.name, e.industry, e.park, e.key_pollutants, d.name AS district, "
        "e.geom FROM soil_enterprises e LEFT JOIN admin_districts d ON d.adcode = e.adcode",
    properties=("code", "name", "industry", "park", "key_pollutants", "district"),
    popup=(Field("name", "单位", "Enterprise"), Field("industry", "行业", "Industry"),
           Field("district", "区县", "District"), Field("park", "园区", "Park"),
           Field("key_pollutants", "关注污染物", "Pollutants of concern")),
    color="#8d6e63",
    legend=(LegendItem("重点监管单位", "Supervised enterprise", "#8d6e63"),),
    queryables=("industry",),
)

LAYERS = (FARMLAND_UNITS, SOIL_PLOTS, SOIL_ENTERPRISES)
