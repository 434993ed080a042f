"""Query regions: the whole region served, its units (GB/T 2260), the Chaohu basin (Hefei
only), or a drawn polygon.

A region id is ``region:<adcode>`` (the whole region served, ``admin_city``),
``district:<adcode>``, ``basin:chaohu`` or ``polygon:<lon lat,...>`` (a drawn polygon
carried in the URL, coordinates rounded to 5 decimals). The units are the region's
children (``admin_districts``: districts and counties of a city, cities of a province)
and, in a province pack, the counties of each city (``admin_counties``): the drill-down
province → city → county, listed under their city. A region's figures are broken down by
its units one level down (:func:`sub_units`): the whole region by its children, a
province's city by its counties.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely import wkt
from shapely.errors import ShapelyError
from shapely.geometry import Polygon, mapping, shape
from sqlalchemy import Engine, text

from core.errors import BadRequest, NotFound
from core.i18n import t
from store.db import connection

# The Chaohu basin approximated by the county-level units that drain to the lake: every
# Hefei unit except 长丰县 (340121, mostly Huai river). The real basin (≈ 9,130 km² to the
# lake, hefei_region.md §1.1) also reaches into 六安/舒城; its boundary is not published.
BASIN_EXCLUDED_ADCODES = ("340121",)
BASIN_REGION = "340100"  # the basin is offered only when Hefei is the region served

_UNITS = ("SELECT adcode, name, NULL AS parent_adcode FROM admin_districts "
          "UNION ALL SELECT adcode, name, parent_adcode FROM admin_counties")


@dataclass(frozen=True)
class Region:
    id: str
    name_zh: str
    name_en: str
    wkt: str


def list_regions(engine: Engine) -> list[tuple[str, str, str]]:
    """(id, Chinese name, English name) of every named region, for the selector: the whole
    region served first, then each child, followed by its counties in a province
    (``市 › 县``)."""
    with connection(engine) as conn:
        units = conn.execute(text(_UNITS + " ORDER BY adcode")).all()
        served_row = conn.execute(text("SELECT adcode, name FROM admin_city LIMIT 1")).first()
    served = served_row[0] if served_row else None
    children = [(code, name) for code, name, parent in units if parent is None]
    counties: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in units:
        if parent is not None:
            counties.setdefault(parent, []).append((code, name))
    regions = []
    if served_row is not None:
        code, name = served_row
        regions.append((f"region:{code}", t("region.whole", "zh").format(name=name),
                        f"{t('region.whole', 'en').format(name=name)} ({code})"))
    for code, name in children:
        regions.append((f"district:{code}", name, f"{name} ({code})"))
        for sub_code, sub_name in counties.pop(code, []):
            label = f"{name} › {sub_name}"
            regions.append((f"district:{sub_code}", label, f"{label} ({sub_code})"))
    for sub in counties.values():  # counties of no listed child (none in a built pack)
        regions += [(f"district:{c}", n, f"{n} ({c})") for c, n in sub]
    if served == BASIN_REGION:
        regions.append(("basin:chaohu", t("region.basin", "zh"), t("region.basin", "en")))
    return regions


def sub_units(engine: Engine, region_id: str) -> list[Region]:
    """The units a region's figures are broken down by, one level down: the children of
    the whole region served (a city's districts and counties, a province's cities:
    ``admin_districts``), the counties of a province's city (``admin_counties``); empty
    for any other region (a county, a basin, a polygon)."""
    kind, _, value = region_id.partition(":")
    if kind not in ("region", "district") or not value.isdigit():
        return []
    with connection(engine) as conn:
        if kind == "region":
            if conn.execute(text("SELECT 1 FROM admin_city WHERE adcode = :c"),
                            {"c": value}).first() is None:
                return []
            rows = conn.execute(text(
                "SELECT adcode, name, ST_AsText(ST_Multi(geom)) FROM admin_districts "
                "ORDER BY adcode")).all()
            return [Region(f"district:{code}", name, name, geom) for code, name, geom in rows]
        rows = conn.execute(text(
            "SELECT adcode, name, ST_AsText(ST_Multi(geom)) FROM admin_counties "
            "WHERE parent_adcode = :p ORDER BY adcode"), {"p": value}).all()
    return [Region(f"district:{code}", name, name, geom) for code, name, geom in rows]


def parse_polygon(text_value: str) -> Polygon:
    """Parse ``lon lat,lon lat,...`` into a valid polygon, or raise BadRequest."""
    try:
        coords = [tuple(float(v) for v in pair.split()) for pair in text_value.split(",")]
    except ValueError:
        raise BadRequest("polygon must be 'lon lat,lon lat,...'") from None
    if len(coords) < 3 or any(len(c) != 2 for c in coords):
        raise BadRequest("polygon needs at least three 'lon lat' pairs")
    if any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y in coords):
        raise BadRequest("polygon coordinates are outside the world (lon −180..180, lat −90..90)")
    polygon = Polygon(coords)
    if not polygon.is_valid or polygon.area == 0:
        raise BadRequest("polygon is self-intersecting or empty")
    return polygon


def encode_polygon(geojson_geometry: dict) -> str:
    """The URL form of a drawn polygon (from the map's draw control)."""
    try:
        geom = shape(geojson_geometry)
    except (ShapelyError, KeyError, TypeError, ValueError, AttributeError):
        raise BadRequest("drawn shape is not a valid geometry") from None
    if geom.geom_type != "Polygon":
        raise BadRequest("only polygons can be used as a query region")
    return ",".join(f"{x:.5f} {y:.5f}" for x, y in geom.exterior.coords)


def resolve_region(engine: Engine, region_id: str) -> Region:
    """The region's geometry as WKT (EPSG:4326)."""
    kind, _, value = region_id.partition(":")
    if kind == "polygon":
        polygon = parse_polygon(value)
        return Region(region_id, t("region.drawn", "zh"), t("region.drawn", "en"), polygon.wkt)
    with connection(engine) as conn:
        if kind == "region" and value.isdigit():
            row = conn.execute(text(
                "SELECT name, ST_AsText(ST_Multi(geom)) FROM admin_city WHERE adcode = :code"),
                {"code": value}).one_or_none()
            if row is None:
                raise NotFound(f"{value!r} is not the region served")
            return Region(region_id, t("region.whole", "zh").format(name=row[0]),
                          t("region.whole", "en").format(name=row[0]), row[1])
        if kind == "district" and value.isdigit():
            row = conn.execute(text(
                "SELECT name, ST_AsText(ST_Multi(geom)) FROM admin_districts WHERE adcode = :code "
                "UNION ALL SELECT name, ST_AsText(ST_Multi(geom)) FROM admin_counties "
                "WHERE adcode = :code LIMIT 1"), {"code": value}).one_or_none()
            if row is None:
                raise NotFound(f"unknown district code {value!r}")
            return Region(region_id, row[0], row[0], row[1])
        if region_id == "basin:chaohu" and conn.execute(text(
                "SELECT adcode FROM admin_city LIMIT 1")).scalar() == BASIN_REGION:
            geom = conn.execute(text(
                "SELECT ST_AsText(ST_Union(geom)) FROM admin_districts "
                "WHERE NOT (adcode = ANY(:excluded))"),
                {"excluded": list(BASIN_EXCLUDED_ADCODES)}).scalar_one()
            return Region(region_id, t("region.basin", "zh"), t("region.basin", "en"), geom)
    raise BadRequest(f"unknown region {region_id!r}: use region:<adcode>, district:<adcode>, "
                     "basin:chaohu or polygon:<lon lat,...>")


def region_geojson(region: Region) -> dict:
    return {"type": "Feature", "properties": {"id": region.id, "name": region.name_zh},
            "geometry": mapping(wkt.loads(region.wkt))}
