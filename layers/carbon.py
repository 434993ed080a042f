"""Carbon (碳排放) under the air theme: the CO₂ inventory by district as a choropleth (by
sector and fuel in the record) and the key emitting units (重点排放单位).

Sectors and their names are :data:`decision_models.carbon.SECTORS`; the inventory was built
from the energy mix it claims (``decision_models.carbon.check_inventory``).
"""

from __future__ import annotations

from decision_models import carbon
from layers.mobile import graduated
from layers.spec import Field, Figure, LayerSpec, LegendItem, rounded
from layers.styles import categorical

_SECTOR_SUMS = ", ".join(
    f"{rounded(f'sum(co2_t) FILTER (WHERE sector = {key!r}) / 1e4')} AS co2_{key}_10kt"
    for key in carbon.SECTORS)
_SECTOR_COLUMNS = tuple(f"co2_{key}_10kt" for key in carbon.SECTORS)

#: Display classes of a district's CO₂ [Mt/a] (choropleth breaks, not targets).
CO2_BREAKS = (3.0, 6.0, 10.0)
CO2_COLORS = ("#fee5d9", "#fcae91", "#fb6a4a", "#cb181d")
CO2_LABELS = ("<3", "3–6", "6–10", "≥10")

#: The city's latest CO₂ and its peaking target (co2_trajectory, one row): the trajectory
#: is city-wide, so the region figures give it beside the region's own share of it.
TRAJECTORY_SQL = """
    SELECT max(year) FILTER (WHERE kind = 'history') AS city_year,
           (array_agg(co2_t ORDER BY year DESC) FILTER (WHERE kind = 'history'))[1]
               AS city_co2_t,
           min(year) FILTER (WHERE kind = 'peak_cap') AS peak_year,
           min(co2_t) FILTER (WHERE kind = 'peak_cap') AS peak_cap_t
    FROM co2_trajectory"""

CO2_DISTRICTS = LayerSpec(
    id="co2_districts",
    theme="air",
    title_zh="二氧化碳排放清单（按区县）",
    title_en="CO₂ inventory by district",
    geometry="polygon",
    sql=f"""
        SELECT d.id, d.adcode, d.name, c.year, {rounded("c.co2_t / 1e6", 2)} AS co2_mt,
               {rounded("c.energy_tce / 1e4")} AS energy_10ktce,
               {", ".join(f"c.{col}" for col in _SECTOR_COLUMNS)},
               tr.city_year, {rounded("tr.city_co2_t / 1e6", 2)} AS city_co2_mt,
               tr.peak_year, {rounded("tr.peak_cap_t / 1e6", 2)} AS peak_cap_mt, d.geom
        FROM admin_districts d
        JOIN (SELECT adcode, max(year) AS year, sum(co2_t) AS co2_t,
                     sum(energy_tce) AS energy_tce, {_SECTOR_SUMS}
              FROM co2_inventory GROUP BY adcode) c ON c.adcode = d.adcode
        LEFT JOIN ({TRAJECTORY_SQL}) tr ON true
    """,
    properties=("adcode", "name", "year", "co2_mt", "energy_10ktce", *_SECTOR_COLUMNS,
                "city_year", "city_co2_mt", "peak_year", "peak_cap_mt"),
    popup=(Field("name", "区县", "District"), Field("year", "年度", "Year"),
           Field("co2_mt", "CO₂排放", "CO2 emissions", "Mt"),
           Field("energy_10ktce", "能源消费", "Energy use", "10⁴ tce"),
           *(Field(f"co2_{key}_10kt", zh, en, "10⁴ t")
             for key, (zh, en) in carbon.SECTORS.items()),
           Field("city_co2_mt", "全市CO₂（最新年度）", "City CO2 (latest year)", "Mt"),
           Field("peak_year", "达峰目标年", "Peak target year"),
           Field("peak_cap_mt", "全市达峰上限（示例）", "City peak cap (illustrative)", "Mt")),
    legend=tuple(LegendItem(f"CO₂ {lb} Mt", f"CO2 {lb} Mt", c)
                 for lb, c in zip(CO2_LABELS, CO2_COLORS, strict=True)),
    style=graduated("co2_mt", CO2_BREAKS, CO2_COLORS, CO2_LABELS),
    fill_opacity=0.55,
    queryables=("adcode",),
    figures=(Figure("CO₂排放（相交区县）", "CO2 (districts intersecting)", "sum(co2_mt)", "Mt"),
             *(Figure(zh, en, f"sum(co2_{key}_10kt)", "10⁴ t")
               for key, (zh, en) in carbon.SECTORS.items()),
             # the trajectory against the peaking target (city-wide) and the region's share
             Figure("占全市排放", "Share of the city's CO2",
                    rounded("100 * sum(co2_mt) / nullif(max(city_co2_mt), 0)"), "%"),
             Figure("全市CO₂（最新年度）", "City CO2 (latest year)", "max(city_co2_mt)", "Mt"),
             Figure("达峰目标年", "Peak target year", "max(peak_year)"),
             Figure("全市达峰上限（示例）", "City peak cap (illustrative)", "max(peak_cap_mt)",
                    "Mt"),
             Figure("距达峰上限余量（全市）", "Headroom to the cap (city)",
                    rounded("max(peak_cap_mt) - max(city_co2_mt)", 2), "Mt")),
    description_zh="示例数据：2025年清单，由其声明的能源结构推算（GB/T 32150-2015 缺省排放因子）。"
                   "区域统计按与区域相交的区县整体计；达峰轨迹（2030年上限为示例值）为全市口径。",
    description_en="Sample data: the 2025 inventory, derived from the energy mix it claims "
                   "(GB/T 32150-2015 default factors). Region figures count whole districts "
                   "that intersect the region; the path to the peak (the 2030 cap is "
                   "illustrative) is city-wide.",
)

_UNIT_COLORS = {"power": "#4a148c", "industry": "#e65100"}

CO2_KEY_UNITS = LayerSpec(
    id="co2_key_units",
    theme="air",
    title_zh="重点排放单位",
    title_en="Key emitting units",
    geometry="point",
    sql="SELECT id, code, name, industry, sector, district, year, "
        f"{rounded('co2_t / 1e4')} AS co2_10kt, co2_t, fuel_amounts, "
        "co2_t_by_fuel, geom FROM co2_key_units",
    properties=("code", "name", "industry", "sector", "district", "year", "co2_10kt", "co2_t",
                "fuel_amounts", "co2_t_by_fuel"),
    popup=(Field("name", "单位名称", "Name"), Field("industry", "行业", "Industry"),
           Field("_class", "部门", "Sector"), Field("year", "年度", "Year"),
           Field("co2_10kt", "CO₂排放", "CO2 emissions", "10⁴ t"),
           Field("co2_t_by_fuel", "分燃料排放", "By fuel", "t"),
           Field("fuel_amounts", "燃料消费量", "Fuel use")),
    legend=tuple(LegendItem(carbon.SECTORS[k][0], carbon.SECTORS[k][1], c)
                 for k, c in _UNIT_COLORS.items()),
    style=categorical("sector", _UNIT_COLORS,
                      labels={k: carbon.SECTORS[k][0] for k in _UNIT_COLORS}),
    queryables=("sector", "industry", "district"),
    figures=(Figure("重点单位排放", "Key units' CO2", "sum(co2_t) / 1e4",
                    "10⁴ t"),),
)

LAYERS = (CO2_DISTRICTS, CO2_KEY_UNITS)
