"""Basemap context layers (vector): administrative boundaries, lakes, rivers and labels."""

from __future__ import annotations

from layers.spec import Field, LayerSpec, LegendItem

ADMIN_DISTRICTS = LayerSpec(
    id="admin_districts",
    theme="basemap",
    title_zh="区县界",
    title_en="District boundaries",
    geometry="polygon",
    sql="SELECT id, adcode, name, geom FROM admin_districts",
    properties=("adcode", "name"),
    popup=(Field("name", "区县", "District"), Field("adcode", "行政区划代码", "GB/T 2260 code")),
    color="#616161",
    fill_opacity=0.0,
    legend=(LegendItem("区县界", "District boundary", "#616161"),),
    synthetic=False,
    default_on=True,
    queryables=("adcode",),
)

LAKES = LayerSpec(
    id="lakes",
    theme="basemap",
    title_zh="湖泊",
    title_en="Lakes",
    geometry="polygon",
    sql="SELECT id, name, geom FROM lakes",
    properties=("name",),
    popup=(Field("name", "名称", "Name"),),
    color="#4fc3f7",
    fill_opacity=0.7,
    legend=(LegendItem("湖泊", "Lake", "#4fc3f7"),),
    synthetic=False,
    default_on=True,
)

RIVERS = LayerSpec(
    id="rivers",
    theme="basemap",
    title_zh="河流",
    title_en="Rivers",
    geometry="line",
    sql="SELECT id, name, synthetic, geom FROM rivers",
    properties=("name", "synthetic"),
    popup=(Field("name", "河流", "River"),),
    color="#0288d1",
    legend=(LegendItem("河流", "River", "#0288d1"),),
    default_on=True,
)

EXPRESSWAY_BRIDGES = LayerSpec(
    id="osm_expressway_bridges",
    theme="basemap",
    title_zh="高速公路桥梁（OSM）",
    title_en="Expressway bridges (OSM)",
    geometry="line",
    sql="SELECT id, name, ref, lanes, maxspeed, geom FROM osm_expressway_bridges",
    properties=("name", "ref", "lanes", "maxspeed"),
    popup=(Field("name", "名称", "Name"), Field("ref", "编号", "Route"),
           Field("lanes", "车道", "Lanes"), Field("maxspeed", "限速", "Speed limit")),
    color="#e65100",
    legend=(LegendItem("高速公路桥梁 © OpenStreetMap", "Expressway bridge © OpenStreetMap",
                       "#e65100"),),
    synthetic=False,
    min_zoom=9,
    description_zh="真实数据：OpenStreetMap 高速公路桥梁（ODbL，© OpenStreetMap 贡献者）。",
    description_en="Real data: OpenStreetMap expressway bridges (ODbL, © OpenStreetMap "
                   "contributors).",
)

PLACES = LayerSpec(
    id="places",
    theme="basemap",
    title_zh="城镇（GeoNames）",
    title_en="Towns (GeoNames)",
    geometry="point",
    sql="SELECT id, name, name_zh, population, source, geom FROM places",
    properties=("name", "name_zh", "population", "source"),
    popup=(Field("name_zh", "名称", "Name"), Field("name", "英文名", "Name (Latin)"),
           Field("population", "人口", "Population"), Field("source", "来源", "Source")),
    color="#37474f",
    legend=(LegendItem("城镇", "Town", "#37474f"),),
    synthetic=False,
)

# Label points of the vector basemap: towns (GeoNames, one per name: 合肥 and 合肥市 are one
# town, the most populous entry wins),
# districts and lakes at a point inside them, rivers at the middle of their longest part.
# Ids are offset per source so they stay unique in the union.
_LABEL_SQL = """
    SELECT * FROM (
        SELECT DISTINCT ON (regexp_replace(coalesce(name_zh, name), '市$', '')) id,
               'place' AS kind, coalesce(name_zh, name) AS name, name AS name_en, geom
        FROM places
        ORDER BY regexp_replace(coalesce(name_zh, name), '市$', ''), population DESC NULLS LAST
    ) towns
    UNION ALL
    SELECT 100000 + id, 'district', name, NULL, ST_PointOnSurface(geom) FROM admin_districts
    UNION ALL
    SELECT 200000 + id, 'lake', name, NULL, ST_PointOnSurface(geom) FROM lakes
    WHERE coalesce(name, '') <> ''
    UNION ALL
    SELECT 300000 + id, 'river', name, NULL,
           ST_LineInterpolatePoint((SELECT d.geom FROM ST_Dump(ST_LineMerge(r.geom)) d
                                    ORDER BY ST_Length(d.geom) DESC LIMIT 1), 0.5)
    FROM rivers r WHERE coalesce(name, '') <> ''
"""

LABELS = LayerSpec(
    id="basemap_labels",
    theme="basemap",
    title_zh="地名注记",
    title_en="Place names",
    geometry="point",
    sql=f"SELECT id, kind, name, name_en, geom FROM ({_LABEL_SQL}) labels",
    properties=("kind", "name", "name_en"),
    popup=(Field("name", "名称", "Name"), Field("kind", "类别", "Kind")),
    color="#263238",
    legend=(LegendItem("城镇、区县、湖泊、河流名称", "Town, district, lake and river names",
                       "#263238"),),
    synthetic=False,
    default_on=True,
    queryables=("kind",),
    extra={"labels": True},
)

LAYERS = (ADMIN_DISTRICTS, LAKES, RIVERS, EXPRESSWAY_BRIDGES, PLACES, LABELS)
