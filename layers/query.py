"""Turn a layer spec plus request parameters into GeoJSON features or region figures."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from core.errors import BadRequest, StoreUnavailable
from layers.spec import LayerSpec
from store.features import BBox, aggregate_in_region, fetch_features

STYLE_COLUMNS = ("_color", "_class")


@dataclass(frozen=True)
class FeatureRequest:
    """Validated parameters of a feature query."""

    bbox: BBox | None = None
    time: datetime | None = None
    limit: int = 1000
    offset: int = 0
    zoom: int | None = None
    filters: Mapping[str, str] | None = None
    feature_id: str | None = None
    flip_axes: bool = False  # latitude first, for EPSG:4490 output


def simplify_tolerance(spec: LayerSpec, zoom: int | None) -> float:
    """Degrees of simplification for polygons/lines at a zoom (about half a pixel)."""
    if zoom is None or spec.geometry == "point":
        return 0.0
    return 360.0 / (256 * 2 ** zoom) / 2


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _jsonable(value.item())
    return value


def time_params(spec: LayerSpec, engine: Engine, t: datetime | None) -> dict[str, Any]:
    if spec.time is None:
        return {}
    return dict(spec.time.sql_params(engine, t or datetime.now()))


def query_features(engine: Engine, spec: LayerSpec, request: FeatureRequest) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (as a dict) of the layer for the request.

    Properties carry the spec's columns plus ``_color`` and ``_class`` from its style
    rule; ``numberMatched``/``numberReturned`` follow OGC API – Features.
    """
    for column in (request.filters or {}):
        if column not in spec.queryables:
            raise BadRequest(f"layer {spec.id!r} cannot be filtered by {column!r}; "
                             f"queryable properties: {', '.join(spec.queryables) or 'none'}")
    try:
        with engine.connect() as conn:
            page = fetch_features(
                conn, spec.sql, spec.properties, params=time_params(spec, engine, request.time),
                bbox=request.bbox, filters=request.filters, limit=request.limit,
                offset=request.offset, simplify=simplify_tolerance(spec, request.zoom),
                feature_id=request.feature_id, flip_axes=request.flip_axes)
    except OperationalError as exc:
        raise StoreUnavailable(f"database query failed: {exc.orig or exc}") from exc
    rows = spec.apply_style(page.rows)
    names = [c for c in rows.columns if c != "geometry"]
    features = []
    for record, geometry in zip(rows[names].itertuples(index=False, name=None),
                                rows["geometry"], strict=True):
        props = {name: _jsonable(value) for name, value in zip(names, record, strict=True)}
        fid = props.pop("id")
        features.append({"type": "Feature", "id": fid, "geometry": json.loads(geometry)
                         if geometry else None, "properties": props})
    return {"type": "FeatureCollection", "features": features,
            "numberMatched": page.matched, "numberReturned": len(features)}


def region_figures(engine: Engine, spec: LayerSpec, region_wkt: str,
                   t: datetime | None = None) -> dict[str, Any]:
    """Count and key figures of a layer inside a region polygon (WKT, EPSG:4326)."""
    aggregates = {f"f{i}": fig.sql for i, fig in enumerate(spec.figures)}
    try:
        with engine.connect() as conn:
            result = aggregate_in_region(conn, spec.sql, region_wkt, aggregates,
                                         time_params(spec, engine, t))
    except OperationalError as exc:
        raise StoreUnavailable(f"database query failed: {exc.orig or exc}") from exc
    return {"count": int(result["count"]),
            "figures": [(fig, _jsonable(result[f"f{i}"])) for i, fig in enumerate(spec.figures)]}
