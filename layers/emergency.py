"""Emergency theme: risk sources, sensitive receptors, resources and teams, road network."""

from __future__ import annotations

from layers.spec import Field, Figure, LayerSpec, LegendItem
from layers.styles import categorical

_RISK_COLORS = {"重大": "#b71c1c", "较大": "#ef6c00", "一般": "#fbc02d"}
_RECEPTOR_COLORS = {"school": "#1e88e5", "hospital": "#e53935", "water_intake": "#00acc1",
                    "residential": "#7cb342", "nursing_home": "#8e24aa"}
_ROAD_COLORS = {"expressway": "#e65100", "arterial": "#f9a825", "county": "#8d6e63"}
_RECEPTOR_KINDS = (("school", "学校", "School"), ("hospital", "医院", "Hospital"),
                   ("water_intake", "饮用水取水口", "Drinking-water intake"),
                   ("residential", "居民区", "Residential area"),
                   ("nursing_home", "养老院", "Nursing home"))
_ROAD_KINDS = (("expressway", "高速公路", "Expressway"), ("arterial", "干线公路", "Arterial"),
               ("county", "县乡道路", "County road"))

RISK_SOURCES = LayerSpec(
    id="risk_sources",
    theme="emergency",
    title_zh="环境风险源（危化品企业）",
    title_en="Environmental risk sources (hazardous chemicals)",
    geometry="point",
    sql="SELECT id, code, name, park, chemicals, max_storage_t, risk_level, geom "
        "FROM risk_sources",
    properties=("code", "name", "park", "chemicals", "max_storage_t", "risk_level"),
    popup=(Field("name", "企业", "Enterprise"), Field("park", "园区", "Park"),
           Field("chemicals", "风险物质", "Hazardous substances"),
           Field("max_storage_t", "最大储量", "Max storage", "t"),
           Field("risk_level", "风险等级", "Risk level")),
    legend=tuple(LegendItem(zh, en, _RISK_COLORS[zh]) for zh, en in (
        ("重大", "Major"), ("较大", "Large"), ("一般", "General"))),
    style=categorical("risk_level", _RISK_COLORS),
    default_on=True,
    queryables=("risk_level", "park"),
    figures=(Figure("重大风险源", "Major risk", "count(*) FILTER (WHERE risk_level = '重大')"),),
)

RECEPTORS = LayerSpec(
    id="receptors",
    theme="emergency",
    title_zh="环境敏感目标",
    title_en="Sensitive receptors",
    geometry="point",
    sql="SELECT id, code, name, type, population, capacity, geom FROM receptors",
    properties=("code", "name", "type", "population", "capacity"),
    popup=(Field("name", "名称", "Name"), Field("_class", "类型", "Type"),
           Field("population", "人口", "Population"), Field("capacity", "规模", "Capacity")),
    legend=tuple(LegendItem(zh, en, _RECEPTOR_COLORS[key]) for key, zh, en in _RECEPTOR_KINDS),
    style=categorical("type", _RECEPTOR_COLORS,
                      labels={key: zh for key, zh, _ in _RECEPTOR_KINDS}),
    cluster=True,
    queryables=("type",),
    figures=(Figure("人口", "Population", "coalesce(sum(population), 0)"),),
)

RESOURCE_DEPOTS = LayerSpec(
    id="resource_depots",
    theme="emergency",
    title_zh="应急物资库",
    title_en="Emergency resource depots",
    geometry="point",
    sql="SELECT id, code, name, items, geom FROM resource_depots",
    properties=("code", "name", "items"),
    popup=(Field("name", "物资库", "Depot"), Field("items", "物资", "Stock")),
    color="#00695c",
    legend=(LegendItem("应急物资库", "Resource depot", "#00695c"),),
)

RESPONSE_TEAMS = LayerSpec(
    id="response_teams",
    theme="emergency",
    title_zh="应急队伍",
    title_en="Response teams",
    geometry="point",
    sql="SELECT id, code, name, specialty, members, phone, vehicles, geom FROM response_teams",
    properties=("code", "name", "specialty", "members", "phone", "vehicles"),
    popup=(Field("name", "队伍", "Team"), Field("specialty", "专业", "Specialty"),
           Field("members", "人数", "Members"), Field("phone", "电话", "Phone"),
           Field("vehicles", "车辆", "Vehicles")),
    color="#283593",
    legend=(LegendItem("应急队伍", "Response team", "#283593"),),
    figures=(Figure("人数", "Members", "coalesce(sum(members), 0)"),),
)

ROADS = LayerSpec(
    id="roads",
    theme="emergency",
    title_zh="应急路网",
    title_en="Road network for response routing",
    geometry="line",
    sql="SELECT id, name, road_class, speed_kmh, length_m, geom FROM roads",
    properties=("name", "road_class", "speed_kmh", "length_m"),
    popup=(Field("name", "道路", "Road"), Field("_class", "道路等级", "Road class"),
           Field("speed_kmh", "设计速度", "Speed", "km/h"),
           Field("length_m", "长度", "Length", "m")),
    legend=tuple(LegendItem(zh, en, _ROAD_COLORS[key]) for key, zh, en in _ROAD_KINDS),
    style=categorical("road_class", _ROAD_COLORS, labels={key: zh for key, zh, _ in _ROAD_KINDS}),
    min_zoom=9,
    queryables=("road_class",),
    figures=(Figure("里程", "Length", "sum(length_m)/1000", "km"),),
)

LAYERS = (RISK_SOURCES, RECEPTORS, RESOURCE_DEPOTS, RESPONSE_TEAMS, ROADS)
