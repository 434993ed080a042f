"""Generic feature queries over a layer's SQL source, done in PostGIS.

A layer source is a ``SELECT`` that yields ``id``, ``geom`` (SRID 4326) and property
columns. These functions wrap it with the bbox filter (index-assisted ``&&``), property
filters, paging, zoom-dependent simplification and grid clustering.

Serialisation is PostgreSQL's job: a page comes back as JSON *text* per feature (the id
with ``to_json``, the geometry with ``ST_AsGeoJSON``, the properties with ``row_to_json``),
so Python never converts the typed values one by one. Measured on 10,000 pollution
sources with 19 properties, building the properties in Python from typed columns
(pandas + a converter per value) took 0.7–1.6 s in-process; PostgreSQL's JSON plus
string assembly takes about a third of that (``bench/results/features.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class FeatureRow:
    """One feature as JSON fragments: ``id`` and ``geometry`` are JSON literals,
    ``properties`` a JSON object of the requested columns, ``extra`` one of the
    ``extra_columns`` (``None`` when none were asked)."""

    id: str
    geometry: str | None
    properties: str
    extra: str | None = None


@dataclass(frozen=True)
class FeaturePage:
    rows: list[FeatureRow]
    matched: int


@dataclass(frozen=True)
class Cell:
    """A grid cell holding ``count`` features; ``x``/``y`` is their mean position
    [degrees], ``member`` the id of one of them (the only one when ``count == 1``)."""

    col: int
    row: int
    count: int
    x: float
    y: float
    member: Any


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain column name: {name!r}")
    return f'"{name}"'


def _where(bbox: BBox | None, filters: Mapping[str, Any], params: dict[str, Any],
           feature_id: Any = None, feature_ids: Sequence[Any] | None = None) -> str:
    clauses = []
    if bbox is not None:
        clauses.append("src.geom && ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, 4326)")
        params.update(minx=bbox[0], miny=bbox[1], maxx=bbox[2], maxy=bbox[3])
    for i, (column, value) in enumerate(filters.items()):
        clauses.append(f"src.{_quote(column)}::text = :f{i}")
        params[f"f{i}"] = str(value)
    if feature_id is not None:
        clauses.append("src.id::text = :fid")
        params["fid"] = str(feature_id)
    if feature_ids is not None:  # ids as the store typed them (from cluster_cells)
        clauses.append("src.id = ANY(:fids)")
        params["fids"] = list(feature_ids)
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
    feature_ids: Sequence[Any] | None = None,
    flip_axes: bool = False,
    extra_columns: Sequence[str] | None = None,
) -> FeaturePage:
    """One page of features of a layer source, ordered by id, as JSON fragments.

    ``simplify`` is a tolerance in degrees (0 = none) applied with
    ``ST_SimplifyPreserveTopology``; ``feature_id`` selects a single feature (compared
    as text), ``feature_ids`` a set of ids as the store types them; ``flip_axes``
    writes latitude first (EPSG:4490 axis order); ``extra_columns`` adds a second JSON
    object per row (e.g. the inputs of a style rule that are not returned). ``matched``
    counts every feature the filters match; it costs a second ``count(*)`` only when the
    page is full or empty.
    """
    sql_params: dict[str, Any] = dict(params or {})
    where = _where(bbox, filters or {}, sql_params, feature_id, feature_ids)
    geom = "ST_SimplifyPreserveTopology(src.geom, :tol)" if simplify > 0 else "src.geom"
    if flip_axes:
        geom = f"ST_FlipCoordinates({geom})"
    sql_params.update(tol=simplify, limit=limit, offset=offset)
    props, lateral = _json_object(properties, "p")
    if extra_columns is not None:
        extra, more = _json_object(extra_columns, "e")
        props, lateral = f"{props}, {extra}", lateral + more
    query = text(
        f"WITH src AS ({source_sql}) "
        f"SELECT to_json(src.id)::text, ST_AsGeoJSON({geom}, 6), {props} FROM src{lateral} "
        f"{where} ORDER BY src.id LIMIT :limit OFFSET :offset"
    )
    rows = [FeatureRow(*row) for row in conn.execute(query, sql_params).all()] if limit else []
    if 0 < len(rows) < limit or (not rows and not offset and limit):
        matched = offset + len(rows)
    else:
        matched = _count(conn, source_sql, where, sql_params)
    return FeaturePage(rows, matched)


def _json_object(columns: Sequence[str], alias: str) -> tuple[str, str]:
    """SQL for a JSON object of ``columns`` (compact, in order) and its LATERAL join."""
    names = ", ".join(f"src.{_quote(c)}" for c in columns if c != "id")
    if not names:
        return "'{}'", ""
    return f"row_to_json({alias})::text", f", LATERAL (SELECT {names}) {alias}"


def _count(conn: Connection, source_sql: str, where: str, params: Mapping[str, Any],
           upto: int | None = None) -> int:
    inner = f"SELECT 1 FROM src {where}" + (f" LIMIT {int(upto)}" if upto is not None else "")
    query = text(f"WITH src AS ({source_sql}) SELECT count(*) FROM ({inner}) n")
    return int(conn.execute(query, dict(params)).scalar_one())


def count_features(
    conn: Connection,
    source_sql: str,
    *,
    params: Mapping[str, Any] | None = None,
    bbox: BBox | None = None,
    filters: Mapping[str, Any] | None = None,
    upto: int | None = None,
) -> int:
    """How many features match, counting no further than ``upto`` (cheap threshold test)."""
    sql_params: dict[str, Any] = dict(params or {})
    where = _where(bbox, filters or {}, sql_params)
    return _count(conn, source_sql, where, sql_params, upto)


def cluster_cells(
    conn: Connection,
    source_sql: str,
    cell: float,
    *,
    params: Mapping[str, Any] | None = None,
    bbox: BBox | None = None,
    filters: Mapping[str, Any] | None = None,
) -> list[Cell]:
    """Point features aggregated on a world-aligned grid of ``cell`` degrees.

    Cells are ``floor(lon / cell), floor(lat / cell)``, so the same zoom always gives
    the same cells whatever the bbox (clusters do not jump when the map pans). Only
    the id and the geometry of the source are read, so PostgreSQL drops joins that
    only feed other columns.
    """
    sql_params: dict[str, Any] = dict(params or {})
    where = _where(bbox, filters or {}, sql_params)
    sql_params["cell"] = cell
    query = text(
        f"WITH src AS ({source_sql}) "
        "SELECT floor(ST_X(src.geom) / :cell)::bigint AS col, "
        "floor(ST_Y(src.geom) / :cell)::bigint AS row, count(*) AS n, "
        "avg(ST_X(src.geom)) AS x, avg(ST_Y(src.geom)) AS y, min(src.id) AS member "
        f"FROM src {where} GROUP BY 1, 2 ORDER BY 2, 1"
    )
    return [Cell(int(r.col), int(r.row), int(r.n), float(r.x), float(r.y), r.member)
            for r in conn.execute(query, sql_params)]


def cluster_inputs(
    conn: Connection,
    source_sql: str,
    cell: float,
    columns: Sequence[str],
    *,
    params: Mapping[str, Any] | None = None,
    bbox: BBox | None = None,
    filters: Mapping[str, Any] | None = None,
) -> list[tuple[int, int, int, str]]:
    """``(col, row, count, inputs)`` per grid cell (as :func:`cluster_cells`) and distinct
    combination of ``columns``, the latter as a JSON object text: what a style rule needs
    to say which classes a cluster holds."""
    sql_params: dict[str, Any] = dict(params or {})
    where = _where(bbox, filters or {}, sql_params)
    sql_params["cell"] = cell
    pairs = ", ".join(f"'{name}', src.{_quote(name)}" for name in columns)
    query = text(
        f"WITH src AS ({source_sql}) "
        "SELECT floor(ST_X(src.geom) / :cell)::bigint AS col, "
        "floor(ST_Y(src.geom) / :cell)::bigint AS row, count(*) AS n, "
        f"json_build_object({pairs})::text AS inputs "
        f"FROM src {where} GROUP BY 1, 2, 4"
    )
    return [(int(r.col), int(r.row), int(r.n), r.inputs)
            for r in conn.execute(query, sql_params)]


def extent(conn: Connection, source_sql: str, params: Mapping[str, Any] | None = None
           ) -> BBox | None:
    """The bounding box of a layer source, or ``None`` when it is empty."""
    row = conn.execute(text(
        f"WITH src AS ({source_sql}) SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        f"FROM (SELECT ST_Extent(src.geom) AS e FROM src) x"), dict(params or {})).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])


def column_types(conn: Connection, source_sql: str, columns: Sequence[str],
                 params: Mapping[str, Any] | None = None) -> dict[str, int]:
    """PostgreSQL type OIDs of ``columns`` of a layer source (a ``LIMIT 0`` query)."""
    if not columns:
        return {}
    names = ", ".join(f"src.{_quote(c)}" for c in columns)
    result = conn.execute(text(f"WITH src AS ({source_sql}) SELECT {names} FROM src LIMIT 0"),
                          dict(params or {}))
    return {name: column.type_code
            for name, column in zip(columns, result.cursor.description, strict=True)}


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
