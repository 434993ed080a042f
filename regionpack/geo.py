"""Geometry helpers and the GeoJSON writer of the packs (the style of ``data_samples/``)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiLineString, MultiPolygon, mapping

CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
KM_PER_DEG_LAT = 110.85  # mean meridian degree at 20–45° N [km]


def km_per_deg_lon(lat: float) -> float:
    """Length of one degree of longitude at ``lat`` [km]."""
    return 111.320 * math.cos(math.radians(lat))


def deg_for_km(km: float, lat: float) -> float:
    """A distance in degrees that is at least ``km`` in every direction at ``lat``."""
    return km / min(km_per_deg_lon(lat), KM_PER_DEG_LAT)


def clean(geom: Any) -> Any:
    """Snap to 1e-6° (the 6 decimals written) and repair."""
    geom = shapely.set_precision(geom, 1e-6)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def as_multipolygon(geom: Any) -> MultiPolygon:
    """The polygonal part of ``geom`` (repaired) as a MultiPolygon (maybe empty)."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]
    out = []
    for g in polys:
        out.extend(shapely.get_parts(g) if g.geom_type == "MultiPolygon" else [g])
    return MultiPolygon(out)


def as_lines(geom: Any) -> list[Any]:
    """The LineString parts of ``geom`` (a clip result)."""
    parts = []
    for g in shapely.get_parts(geom):
        if g.geom_type == "LineString" and not g.is_empty:
            parts.append(g)
        elif g.geom_type == "MultiLineString":
            parts.extend(p for p in g.geoms if not p.is_empty)
    return parts


def _rounded(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), 6) for v in obj]
        return [_rounded(v) for v in obj]
    return obj


def feature(props: dict[str, Any], geom: Any) -> dict[str, Any]:
    geo = mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": geo["type"], "coordinates": _rounded(geo["coordinates"])}}


def write_geojson(path: Path, name: str, features: Iterable[dict[str, Any]],
                  metadata: dict[str, Any] | None = None) -> int:
    """A FeatureCollection in EPSG:4326, one feature a line; returns the feature count."""
    feats = list(features)
    head: dict[str, Any] = {"type": "FeatureCollection", "name": name, "crs": CRS84}
    if metadata:
        head["metadata"] = metadata
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    text += ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in feats)
    text += "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(feats)


__all__ = ["MultiLineString", "as_lines", "as_multipolygon", "clean", "deg_for_km",
           "feature", "km_per_deg_lon", "write_geojson"]
