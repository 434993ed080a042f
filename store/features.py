"""Generic feature queries over a layer's SQL source, done in PostGIS.

A layer source is a ``SELECT`` that yields ``id``, ``geom`` (SRID 4326) and property
columns. These functions wrap it with the bbox filter (index-assisted ``&&``), property
filters, paging and zoom-dependent simplification, and return plain rows with the
geometry as GeoJSON text (serialised by PostGIS, never parsed in Python).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class FeaturePage:
    rows: pd.DataFrame  # property columns + "id" + "geometry" (GeoJSON text)
    matched: int


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain column name: {name!r}")
    return f'"{name}"'


def _where(bbox: BBox | None, filters: Mapping[str, Any], params: dict[str, Any]) -> str:
    clauses = []
    if bbox is not None:
        clauses.append("src.geom && ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, 4326)")
        params.update(minx=bbox[0], miny=bbox[1], maxx=bbox[2], maxy=bbox[3])
    for i, (column, value) in enumerate(filters.items()):
        clauses.append(f"src.{_quote(column)}::text = :f{i}")
        params[f"f{i}"] = str(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def fetch_features(
    conn: Connection,
    source_sql: str,
    properties: Sequence[str],
    *,
    params: Mapping[str, Any] | None = None,
    bbox: BBox | None = None,
    filters: Mapping[str, Any] | None = None,
    limit: int = 1000,
    offset: int = 0,
    simplify: float = 0.0,
    feature_id: Any = None,
    flip_axes: bool = False,
) -> FeaturePage:
    """One page of features of a layer source.

    ``simplify`` is a tolerance in degrees (0 = none) applied with
    ``ST_SimplifyPreserveTopology``; ``feature_id`` selects a single feature;
    ``flip_axes`` writes latitude first (EPSG:4490 axis order).
    """
    sql_params: dict[str, Any] = dict(params or {})
    where = _where(bbox, filters or {}, sql_params)
    if feature_id is not None:
        where += (" AND " if where else "WHERE ") + "src.id::text = :fid"
        sql_params["fid"] = str(feature_id)
    geom = "ST_SimplifyPreserveTopology(src.geom, :tol)" if simplify > 0 else "src.geom"
    if flip_axes:
        geom = f"ST_FlipCoordinates({geom})"
    sql_params.update(tol=simplify, limit=limit, offset=offset)
    columns = ", ".join(f"src.{_quote(c)}" for c in properties if c != "id")
    sep = ", " if columns else ""
    query = text(
        f"WITH src AS ({source_sql}) "
        f"SELECT src.id{sep}{columns}, ST_AsGeoJSON({geom}, 6) AS geometry, "
        f"count(*) OVER () AS _matched "
        f"FROM src {where} ORDER BY src.id LIMIT :limit OFFSET :offset"
    )
    frame = pd.read_sql_query(query, conn, params=sql_params)
    matched = int(frame["_matched"].iloc[0]) if len(frame) else _count(
        conn, source_sql, where, sql_params) if offset else 0
    return FeaturePage(frame.drop(columns="_matched"), matched)


def _count(conn: Connection, source_sql: str, where: str, params: Mapping[str, Any]) -> int:
    query = text(f"WITH src AS ({source_sql}) SELECT count(*) FROM src {where}")
    return int(conn.execute(query, dict(params)).scalar_one())


def extent(conn: Connection, source_sql: str, params: Mapping[str, Any] | None = None
           ) -> BBox | None:
    """The bounding box of a layer source, or ``None`` when it is empty."""
    row = conn.execute(text(
        f"WITH src AS ({source_sql}) SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        f"FROM (SELECT ST_Extent(src.geom) AS e FROM src) x"), dict(params or {})).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])


def aggregate_in_region(
    conn: Connection,
    source_sql: str,
    region_wkt: str,
    aggregates: Mapping[str, str],
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Count the features intersecting a region (WKT, EPSG:4326) plus named aggregates."""
    sql_params = dict(params or {})
    sql_params["region"] = region_wkt
    extra = "".join(f", {expr} AS {_quote(name)}" for name, expr in aggregates.items())
    query = text(
        f"WITH src AS ({source_sql}), r AS (SELECT ST_GeomFromText(:region, 4326) AS g) "
        f"SELECT count(*) AS count{extra} FROM src, r "
        f"WHERE src.geom && r.g AND ST_Intersects(src.geom, r.g)"
    )
    return dict(conn.execute(query, sql_params).mappings().one())
