"""Biodiversity (生物多样性) under the ecological-redline theme: species observations with
their national protection class, priority conservation areas and monitoring devices.

Protection classes are those of :data:`decision_models.biodiversity.PROTECTION_CLASSES`
(2021 national lists); the "protected species in a region" figure counts the species that
:func:`decision_models.biodiversity.protected_in_region` lists for the same region.
"""

from __future__ import annotations

from decision_models import biodiversity as bio
from layers.mobile import graduated
from layers.spec import Field, Figure, LayerSpec, LegendItem, rounded
from layers.styles import categorical

PROTECTION_COLORS = {"一级": "#b71c1c", "二级": "#ef6c00", "": "#558b2f"}

BIO_OBSERVATIONS = LayerSpec(
    id="bio_observations",
    theme="redline",
    title_zh="物种观测记录（保护等级）",
    title_en="Species observations (protection class)",
    geometry="point",
    sql="SELECT id, code, species, scientific, name_en, \"group\", "
        "coalesce(protection, '') AS protection, count, date, method, device_code, district, "
        "geom FROM bio_observations",
    properties=("code", "species", "scientific", "name_en", "group", "protection", "count",
                "date", "method", "device_code", "district"),
    popup=(Field("species", "物种", "Species"), Field("scientific", "学名", "Scientific name"),
           Field("name_en", "英文名", "English name"), Field("_class", "保护等级", "Protection"),
           Field("count", "数量", "Count"), Field("date", "日期", "Date"),
           Field("method", "方法", "Method"), Field("device_code", "设备", "Device")),
    legend=tuple(LegendItem(zh, en, PROTECTION_COLORS[key])
                 for key, (zh, en) in bio.PROTECTION_CLASSES.items()),
    style=categorical("protection", PROTECTION_COLORS,
                      labels={k: zh for k, (zh, _en) in bio.PROTECTION_CLASSES.items()}),
    cluster=True,
    queryables=("species", "group", "protection", "method"),
    figures=(Figure("物种数", "Species", "count(DISTINCT species)"),
             Figure("重点保护物种", "Protected species",
                    "count(DISTINCT species) FILTER (WHERE protection IN ('一级', '二级'))"),
             Figure("一级保护物种", "Class I species",
                    "count(DISTINCT species) FILTER (WHERE protection = '一级')"),
             Figure("保护物种记录", "Records of protected species",
                    "count(*) FILTER (WHERE protection IN ('一级', '二级'))")),
    # the same for every region served: the species list (decision_models.biodiversity)
    # is of the middle and lower Yangtze, whichever region the records are drawn in
    description_zh="示例数据：长江中下游真实物种的模拟观测记录（2025-11 至 2026-10）。",
    description_en="Sample data: simulated records (2025-11 … 2026-10) of real species of the "
                   "middle and lower Yangtze.",
)

_AREA_COLORS = {"lake": "#0277bd", "wetland": "#00897b", "forest": "#2e7d32"}

BIO_PRIORITY_AREAS = LayerSpec(
    id="bio_priority_areas",
    theme="redline",
    title_zh="生物多样性优先保护区域",
    title_en="Biodiversity priority conservation areas",
    geometry="polygon",
    sql="SELECT id, code, name, kind, based_on, "
        f"{rounded('ST_Area(geom::geography) / 1e6')} AS area_km2, geom "
        "FROM bio_priority_areas",
    properties=("code", "name", "kind", "based_on", "area_km2"),
    popup=(Field("name", "名称", "Name"), Field("_class", "类型", "Kind"),
           Field("area_km2", "面积", "Area", "km²"), Field("based_on", "依据", "Based on")),
    legend=(LegendItem("湖泊及湖滨带", "Lake and shore belt", _AREA_COLORS["lake"]),
            LegendItem("湿地", "Wetland", _AREA_COLORS["wetland"]),
            LegendItem("森林", "Forest", _AREA_COLORS["forest"])),
    style=categorical("kind", _AREA_COLORS,
                      labels={"lake": "湖泊及湖滨带", "wetland": "湿地", "forest": "森林"}),
    fill_opacity=0.15,
    queryables=("kind",),
)

_DEVICE_COLORS = {"infrared_camera": "#6a1b9a", "acoustic": "#00838f"}

BIO_DEVICES = LayerSpec(
    id="bio_devices",
    theme="redline",
    title_zh="生物多样性监测设备",
    title_en="Biodiversity monitoring devices",
    geometry="point",
    sql="SELECT id, code, kind, kind_zh, area_code, installed, geom FROM bio_devices",
    properties=("code", "kind", "kind_zh", "area_code", "installed"),
    popup=(Field("code", "设备编号", "Device"), Field("_class", "类型", "Kind"),
           Field("area_code", "所在区域", "Area"), Field("installed", "安装日期", "Installed")),
    legend=(LegendItem("红外相机", "Infrared camera", _DEVICE_COLORS["infrared_camera"]),
            LegendItem("声纹监测仪", "Acoustic monitor", _DEVICE_COLORS["acoustic"])),
    style=categorical("kind", _DEVICE_COLORS,
                      labels={"infrared_camera": "红外相机", "acoustic": "声纹监测仪"}),
    queryables=("kind", "area_code"),
    figures=(Figure("红外相机", "Infrared cameras", "count(*) FILTER (WHERE kind = "
                    "'infrared_camera')"),
             Figure("声纹监测仪", "Acoustic monitors",
                    "count(*) FILTER (WHERE kind = 'acoustic')")),
)

#: The richness grid: cells of RICHNESS_CELL degrees from (RICHNESS_X0, RICHNESS_Y0), the
#: grid of :func:`decision_models.biodiversity.richness_grid` (0.02° ≈ 1.9 × 2.2 km).
RICHNESS_X0, RICHNESS_Y0, RICHNESS_CELL = 116.0, 30.5, 0.02
# a cell index as richness_grid computes it (1e-9 of a cell: a point on an inner edge
# goes east/north)
_IX = f"CAST(floor((ST_X(geom) - {RICHNESS_X0}) / {RICHNESS_CELL} + 1e-9) AS integer)"
_IY = f"CAST(floor((ST_Y(geom) - {RICHNESS_Y0}) / {RICHNESS_CELL} + 1e-9) AS integer)"
RICHNESS_BREAKS = (3, 6, 10)
RICHNESS_COLORS = ("#edf8e9", "#bae4b3", "#74c476", "#238b45")
RICHNESS_LABELS = ("1–2", "3–5", "6–9", "≥10")

BIO_RICHNESS = LayerSpec(
    id="bio_richness",
    theme="redline",
    title_zh="物种丰富度网格（每格物种数）",
    title_en="Species richness grid (species per cell)",
    geometry="polygon",
    sql=f"""
        SELECT iy * 100000 + ix AS id, ix, iy, count(DISTINCT species) AS richness,
               count(*) AS observations,
               count(DISTINCT species) FILTER (WHERE protection IN ('一级', '二级'))
                 AS protected_species,
               ST_Multi(ST_MakeEnvelope({RICHNESS_X0} + ix * {RICHNESS_CELL},
                                        {RICHNESS_Y0} + iy * {RICHNESS_CELL},
                                        {RICHNESS_X0} + (ix + 1) * {RICHNESS_CELL},
                                        {RICHNESS_Y0} + (iy + 1) * {RICHNESS_CELL}, 4326))
                 AS geom
        FROM (SELECT species, protection, {_IX} AS ix, {_IY} AS iy FROM bio_observations) o
        GROUP BY ix, iy
    """,
    properties=("ix", "iy", "richness", "observations", "protected_species"),
    popup=(Field("richness", "物种数", "Species"), Field("observations", "记录数", "Records"),
           Field("protected_species", "重点保护物种数", "Protected species")),
    legend=tuple(LegendItem(f"{lb} 种", f"{lb} species", c)
                 for lb, c in zip(RICHNESS_LABELS, RICHNESS_COLORS, strict=True)),
    style=graduated("richness", RICHNESS_BREAKS, RICHNESS_COLORS, RICHNESS_LABELS),
    fill_opacity=0.6,
    figures=(Figure("最高丰富度", "Highest richness", "max(richness)"),),
    description_zh="示例数据：0.02°网格内观测到的物种数"
                   "（decision_models.biodiversity.richness_grid 的网格）。",
    description_en="Sample data: species observed per 0.02° cell (the grid of "
                   "decision_models.biodiversity.richness_grid).",
)

LAYERS = (BIO_OBSERVATIONS, BIO_RICHNESS, BIO_PRIORITY_AREAS, BIO_DEVICES)
