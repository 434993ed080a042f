"""Turn a layer spec plus request parameters into GeoJSON features or region figures.

Vector data at scale — what the map asks for and why (numbers in
``bench/results/features.md``, 100,000 pollution sources over Hefei):

* **Property selection** (``properties``): the map asks only for what it draws and the
  tooltip shows (``id,code,name`` plus the style columns ``_color``/``_class``, which
  are always kept); the side panel fetches the full record by id (:func:`get_feature`).
  A pollution source shrinks from ≈ 610 to ≈ 200 bytes.
* **Server-side grid clustering** (``cluster=True``, the map's ``cluster=auto``): when
  more than :data:`CLUSTER_THRESHOLD` points of a point layer fall in the bbox below
  :data:`CLUSTER_MAX_ZOOM`, PostGIS aggregates them on a world-aligned grid of
  :data:`CLUSTER_CELL_PX` screen pixels at the requested zoom, and the response holds one
  cluster feature per occupied cell (single features where a cell holds one). A whole-city
  view of 100,000 sources is then 50–500 features (≤ 0.11 MB) instead of 10,000
  truncated features (≈ 6.1 MB with every property), and the count stays exact:
  ``numberMatched`` is the real number of features and the ``point_count`` of clusters plus
  the singles add up to it. Below the threshold the response is plain features and the
  browser's supercluster groups them, as before.
* Cluster features carry ``grid_cluster: true``, ``point_count`` and
  ``point_count_abbreviated`` (supercluster's names), ``_colors`` (style colour -> count
  of the members, when the layer's style rule declares its inputs: the map draws a donut
  of the classes a cluster holds), but **not** ``cluster: true``:
  dash-leaflet treats ``cluster``-flagged features as its own supercluster nodes (keyed by
  ``cluster_id``, expanded through its index on click), which server clusters are not. The
  JS point function draws them with the cluster icon and zooms in on click.
* Vector tiles (``ST_AsMVT``) were not added: dash-leaflet's GeoJSON layer, the side
  panel and the OGC API all speak GeoJSON, and with selection plus clustering no map
  request exceeds ≈ 0.11 MB, so a second encoding would not pay for itself.

Style rules receive the properties as JSON-typed values (numbers, strings, booleans,
objects; dates and times as ISO-8601 strings), parsed from PostgreSQL's JSON. Parsing is
the main cost of a large response, so a rule may declare the columns it reads as an
``inputs`` attribute (``rule.inputs = ("online_status",)``): only those are parsed
(10,000 sources: ≈ 330 instead of ≈ 530 ms with every property).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from core.clock import beijing_now
from core.errors import BadRequest, StoreUnavailable
from layers.spec import LayerSpec
from store.features import (
    BBox,
    Cell,
    FeatureRow,
    aggregate_in_region,
    cluster_cells,
    cluster_inputs,
    count_features,
    fetch_features,
)

STYLE_COLUMNS = ("_color", "_class")
ID_PROPERTY = "id"  # selectable: copies the feature id into the properties (dash-leaflet keys)
CLUSTER_THRESHOLD = 2000  # cluster when more points than this fall in the bbox
CLUSTER_CELL_PX = 64  # grid cell [screen pixels at the requested zoom]
CLUSTER_MAX_ZOOM = 17  # from this zoom on, features are never clustered
CLUSTER_MAX_CELLS = 10_000  # the grid is coarsened until the bbox spans at most this many
TILE_PX = 256


@dataclass(frozen=True)
class FeatureRequest:
    """Validated parameters of a feature query.

    ``properties`` selects the properties returned (``None`` = all of the spec's; the
    style columns are always returned); ``cluster`` allows server-side clustering.
    """

    bbox: BBox | None = None
    time: datetime | None = None
    limit: int = 1000
    offset: int = 0
    zoom: int | None = None
    filters: Mapping[str, str] | None = None
    feature_id: str | None = None
    flip_axes: bool = False  # latitude first, for EPSG:4490 output
    properties: tuple[str, ...] | None = None
    cluster: bool = False


@dataclass(frozen=True)
class FeatureResult:
    """Features of a query as GeoJSON text fragments, plus the counts."""

    features: list[str]
    matched: int
    clustered: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {"numberMatched": self.matched,
                                   "numberReturned": len(self.features)}
        if self.clustered:
            members["clustered"] = True
        return members

    def to_json(self, **extra: Any) -> str:
        """The FeatureCollection as JSON text; ``extra`` adds members (e.g. ``links``)."""
        head = {"type": "FeatureCollection", **self.members(), **extra}
        text = json.dumps(head, ensure_ascii=False, default=str, separators=(",", ":"))
        return text[:-1] + ',"features":[' + ",".join(self.features) + "]}"

    def to_dict(self, **extra: Any) -> dict[str, Any]:
        return json.loads(self.to_json(**extra))


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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def time_params(spec: LayerSpec, engine: Engine, t: datetime | None) -> dict[str, Any]:
    if spec.time is None:
        return {}
    return dict(spec.time.sql_params(engine, t or beijing_now()))


def check_properties(spec: LayerSpec, names: tuple[str, ...] | None) -> None:
    """Refuse property names the layer does not have (naming them all)."""
    if names is None:
        return
    known = {*spec.properties, *STYLE_COLUMNS, ID_PROPERTY}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BadRequest(f"layer {spec.id!r} has no properties {', '.join(map(repr, unknown))}; "
                         f"properties: {', '.join((*spec.properties, *STYLE_COLUMNS))}")


def abbreviate(count: int) -> str:
    """Supercluster's ``point_count_abbreviated``: 950, 1.2k, 12k."""
    if count >= 10000:
        return f"{round(count / 1000)}k"
    if count >= 1000:
        return f"{round(count / 100) / 10:g}k"
    return str(count)


def cluster_grid(bbox: BBox | None, zoom: int | None) -> tuple[int, float]:
    """The grid zoom and cell size [degrees] for clustering a bbox at a map zoom.

    The cell is :data:`CLUSTER_CELL_PX` pixels at the zoom, coarsened (zoom lowered)
    until the bbox spans at most :data:`CLUSTER_MAX_CELLS` cells, which bounds the size
    of a clustered response whatever the bbox and zoom a client sends.
    """
    minx, miny, maxx, maxy = bbox or (-180.0, -90.0, 180.0, 90.0)
    area = max(maxx - minx, 1e-9) * max(maxy - miny, 1e-9)
    grid_zoom = CLUSTER_MAX_ZOOM if zoom is None else zoom
    while True:
        cell = CLUSTER_CELL_PX * 360.0 / (TILE_PX * 2 ** grid_zoom)
        if grid_zoom <= 0 or area / cell ** 2 <= CLUSTER_MAX_CELLS:
            return grid_zoom, cell
        grid_zoom -= 1


def style_inputs(spec: LayerSpec) -> tuple[str, ...]:
    """The columns the layer's style rule reads: those it declares (an ``inputs``
    attribute on the rule function), else every property; none without a rule."""
    if spec.style is None:
        return ()
    declared = getattr(spec.style, "inputs", None)
    return tuple(declared) if declared is not None else spec.properties


def _columns(spec: LayerSpec, selected: tuple[str, ...] | None
             ) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """Output columns, and the style inputs when they must come as a second JSON object."""
    out = spec.properties if selected is None else tuple(
        name for name in selected if name in spec.properties)
    inputs = style_inputs(spec)
    return out, (None if not inputs or inputs == out else inputs)


def _styles(spec: LayerSpec, texts: list[str]) -> list[tuple[Any, Any]]:
    """``(_color, _class)`` per row from the spec's style rule, given each row's inputs
    as a JSON object."""
    if spec.style is None or not texts:
        return [(spec.color, None)] * len(texts)
    rows = json.loads("[" + ",".join(texts) + "]")
    # row_to_json writes every column in the same order: transpose in C, not per value
    names = list(rows[0])
    columns = list(zip(*[tuple(r.values()) for r in rows], strict=True))
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)), columns=names)
    styled = spec.apply_style(frame)
    return list(zip(_plain(styled["_color"].tolist()), _plain(styled["_class"].tolist()),
                    strict=True))


def _plain(values: list[Any]) -> list[Any]:
    return [v if v is None or isinstance(v, str) else _jsonable(v) for v in values]


def _render(spec: LayerSpec, rows: list[FeatureRow], with_id: bool) -> list[str]:
    """GeoJSON Feature texts: PostgreSQL's JSON fragments with the style columns (and
    the id, when asked) spliced into the properties."""
    inputs = [r.properties if r.extra is None else r.extra for r in rows]
    styles = _styles(spec, inputs)
    suffixes: dict[tuple[Any, Any], str] = {}
    features = []
    for row, style in zip(rows, styles, strict=True):
        suffix = suffixes.get(style)
        if suffix is None:
            suffix = suffixes[style] = f'"_color":{_dumps(style[0])},"_class":{_dumps(style[1])}}}'
        head = row.properties[:-1] + ("," if len(row.properties) > 2 else "")
        if with_id:
            head += f'"id":{row.id},'
        features.append(f'{{"type":"Feature","id":{row.id},"geometry":'
                        f'{row.geometry or "null"},"properties":{head}{suffix}}}')
    return features


def _cluster_feature(cell: Cell, grid_zoom: int, with_id: bool,
                     colors: Mapping[str, int] | None = None) -> str:
    fid = f"cluster-{grid_zoom}-{cell.col}-{cell.row}"
    props: dict[str, Any] = {"grid_cluster": True, "point_count": cell.count,
                             "point_count_abbreviated": abbreviate(cell.count)}
    if colors:
        props["_colors"] = dict(colors)
    if with_id:
        props[ID_PROPERTY] = fid
    geometry = {"type": "Point", "coordinates": [round(cell.x, 6), round(cell.y, 6)]}
    return _dumps({"type": "Feature", "id": fid, "geometry": geometry, "properties": props})


def _cell_colors(conn, spec: LayerSpec, request: FeatureRequest, params: dict[str, Any],
                 cell: float) -> dict[tuple[int, int], dict[str, int]]:
    """Style colour -> member count per grid cell, for rules that declare their inputs
    (a rule without them would be styled feature by feature: left out)."""
    inputs = getattr(spec.style, "inputs", None) if spec.style is not None else None
    if not inputs:
        return {}
    rows = cluster_inputs(conn, spec.sql, cell, inputs, params=params, bbox=request.bbox,
                          filters=request.filters)
    out: dict[tuple[int, int], dict[str, int]] = {}
    for (col, row, n, _), (color, _cls) in zip(rows, _styles(spec, [r[3] for r in rows]),
                                                strict=True):
        counts = out.setdefault((col, row), {})
        counts[str(color)] = counts.get(str(color), 0) + n
    return out


def _wants_clusters(spec: LayerSpec, request: FeatureRequest) -> bool:
    return (request.cluster and spec.geometry == "point" and request.feature_id is None
            and request.limit > 0 and (request.zoom is None or request.zoom < CLUSTER_MAX_ZOOM))


def feature_result(engine: Engine, spec: LayerSpec, request: FeatureRequest) -> FeatureResult:
    """The layer's features for the request, as GeoJSON text fragments with counts.

    Properties carry the spec's columns (or the selected ones) plus ``_color`` and
    ``_class`` from its style rule; ``matched`` follows OGC API – Features'
    ``numberMatched``. With ``request.cluster`` a point layer whose bbox holds more than
    :data:`CLUSTER_THRESHOLD` features answers grid clusters (``clustered``).
    """
    for column in (request.filters or {}):
        if column not in spec.queryables:
            raise BadRequest(f"layer {spec.id!r} cannot be filtered by {column!r}; "
                             f"queryable properties: {', '.join(spec.queryables) or 'none'}")
    check_properties(spec, request.properties)
    params = time_params(spec, engine, request.time)
    try:
        with engine.connect() as conn:
            if _wants_clusters(spec, request) and count_features(
                    conn, spec.sql, params=params, bbox=request.bbox, filters=request.filters,
                    upto=CLUSTER_THRESHOLD + 1) > CLUSTER_THRESHOLD:
                return _clustered(conn, spec, request, params)
            out, extra = _columns(spec, request.properties)
            page = fetch_features(
                conn, spec.sql, out, params=params, bbox=request.bbox,
                filters=request.filters, limit=request.limit, offset=request.offset,
                simplify=simplify_tolerance(spec, request.zoom), feature_id=request.feature_id,
                flip_axes=request.flip_axes, extra_columns=extra)
    except OperationalError as exc:
        raise StoreUnavailable(f"database query failed: {exc.orig or exc}") from exc
    return FeatureResult(_render(spec, page.rows, _with_id(request)), page.matched)


def _with_id(request: FeatureRequest) -> bool:
    return request.properties is not None and ID_PROPERTY in request.properties


def _clustered(conn, spec: LayerSpec, request: FeatureRequest, params: dict[str, Any]
               ) -> FeatureResult:
    grid_zoom, cell = cluster_grid(request.bbox, request.zoom)
    with_id = _with_id(request)
    cells = cluster_cells(conn, spec.sql, cell, params=params, bbox=request.bbox,
                          filters=request.filters)
    singles = [c.member for c in cells if c.count == 1]
    colors = _cell_colors(conn, spec, request, params, cell)
    features = [_cluster_feature(c, grid_zoom, with_id, colors.get((c.col, c.row)))
                for c in cells if c.count > 1]
    if singles:
        out, extra = _columns(spec, request.properties)
        page = fetch_features(conn, spec.sql, out, params=params, feature_ids=singles,
                              limit=len(singles), flip_axes=request.flip_axes,
                              extra_columns=extra)
        features += _render(spec, page.rows, with_id)
    return FeatureResult(features, sum(c.count for c in cells), clustered=True,
                         extra={"gridZoom": grid_zoom})


def query_features(engine: Engine, spec: LayerSpec, request: FeatureRequest) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (as a dict) of the layer for the request.

    Properties carry the spec's columns plus ``_color`` and ``_class`` from its style
    rule; ``numberMatched``/``numberReturned`` follow OGC API – Features.
    """
    result = feature_result(engine, spec, request)
    return result.to_dict(**result.extra)


def get_feature(engine: Engine, spec: LayerSpec, feature_id: Any,
                time: datetime | None = None) -> dict[str, Any] | None:
    """The full record of one feature by id (GeoJSON Feature dict), or ``None``."""
    result = query_features(engine, spec, FeatureRequest(feature_id=str(feature_id), time=time,
                                                         limit=1))
    return result["features"][0] if result["features"] else None


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
