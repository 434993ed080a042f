"""Layers of uploaded datasets: a spec per catalogue entry, read from the store.

The registry (:mod:`layers.registry`) asks :class:`UploadedLayers` for these specs on every
lookup. The rows of ``datasets`` are read at most every :data:`CACHE_SECONDS` per
process (so every gunicorn worker sees a new upload within seconds, without a restart),
and at once after a write in the same process (:meth:`UploadedLayers.invalidate`) or when
a lookup asks for an upload id the cache does not know yet.

Who sees what: a published dataset is everyone's; an unpublished one only its owner's and
the data administrators' (``admin:data``). The features of all vector uploads live in the
one table ``dataset_features`` (JSONB properties), so every spec has the same SQL with
the dataset id and typed columns (casts from the field types of the upload report).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from flask import has_app_context
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from layers.rasters import RasterLayerSpec
from layers.spec import THEMES, Field, LayerSpec, LegendItem
from layers.styles import NO_DATA_COLOR, graduated, reads

log = logging.getLogger(__name__)

PREFIX = "upload_"
CACHE_SECONDS = 5.0
DEFAULT_COLOR = "#e6550d"
#: colours of categories (ColorBrewer Set1/Dark2, distinguishable on light and dark maps)
CATEGORY_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                   "#a6761d", "#377eb8", "#e41a1c", "#4daf4a", "#984ea3", "#ff7f00")
#: graduated classes, light → dark (ColorBrewer YlOrRd 5)
GRADUATED_COLORS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
CASTS = {"integer": "::bigint", "real": "::double precision", "boolean": "::boolean"}
MAX_POPUP_FIELDS = 12
QUERY = ("SELECT id, title, theme, kind, geometry, synthetic, fields, style, owner_id, "
         "published, description, file_path, extent FROM datasets ORDER BY id")


def layer_id(dataset_id: int) -> str:
    return f"{PREFIX}{dataset_id}"


def dataset_id_of(layer: str) -> int | None:
    """The dataset id of an upload layer id (``upload_12`` → 12), else None."""
    if layer.startswith(PREFIX) and layer[len(PREFIX):].isdigit():
        return int(layer[len(PREFIX):])
    return None


def _literal(name: str) -> str:
    return name.replace("'", "''")


def features_sql(dataset_id: int, fields: Sequence[Mapping[str, Any]]) -> str:
    """``SELECT id, geom, <typed properties>`` of one dataset (names are checked on upload:
    no quotes, colons or percent signs)."""
    cols = [f"(f.properties->>'{_literal(f['name'])}'){CASTS.get(f['type'], '')} "
            f"AS \"{f['name']}\"" for f in fields]
    return (f"SELECT f.fid AS id, f.geom{''.join(', ' + c for c in cols)} "
            f"FROM dataset_features f WHERE f.dataset_id = {int(dataset_id)}")


def style_parts(style: Mapping[str, Any]) -> tuple[Any, tuple[LegendItem, ...], str]:
    """(style rule, legend, default colour) of a stored style.

    ``{"mode": "single", "color"}``, ``{"mode": "categories", "field", "classes": [{value,
    color}], "other"}`` or ``{"mode": "graduated", "field", "breaks": [b1 … bn-1],
    "colors": [c1 … cn]}`` (class i holds ``breaks[i-1] ≤ v < breaks[i]``).
    """
    mode = style.get("mode", "single")
    color = str(style.get("color") or DEFAULT_COLOR)
    column = style.get("field")
    if mode == "categories" and column:
        classes = {str(c["value"]): c["color"] for c in style.get("classes", [])}
        other = style.get("other", NO_DATA_COLOR)

        @reads(column)
        def by_category(frame: pd.DataFrame) -> pd.DataFrame:
            out = frame.copy()
            values = [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                      for v in out[column].tolist()]
            out["_color"] = [classes.get(v, other) if v is not None else NO_DATA_COLOR
                             for v in values]
            out["_class"] = values
            return out

        legend = tuple(LegendItem(v, v, c) for v, c in classes.items())
        if style.get("more"):
            legend += (LegendItem("其他", "other", other),)
        return by_category, legend, color
    if mode == "graduated" and column and style.get("breaks"):
        breaks = [float(b) for b in style["breaks"]]
        colors = list(style.get("colors") or GRADUATED_COLORS[: len(breaks) + 1])

        rule = graduated(column, breaks, colors,
                         [_range_label(breaks, i) for i in range(len(colors))])
        legend = tuple(LegendItem(_range_label(breaks, i), _range_label(breaks, i), c)
                       for i, c in enumerate(colors))
        return rule, legend, color
    return None, (LegendItem("全部要素", "all features", color),), color


def _range_label(breaks: Sequence[float], k: int) -> str:
    def fmt(v: float) -> str:
        return f"{v:.4g}"
    if k == 0:
        return f"< {fmt(breaks[0])}"
    if k >= len(breaks):
        return f"≥ {fmt(breaks[-1])}"
    return f"{fmt(breaks[k - 1])} – {fmt(breaks[k])}"


def dataset_spec(row: Mapping[str, Any]) -> LayerSpec:
    """The layer spec of a vector dataset row of ``datasets``."""
    fields = list(row["fields"] or [])
    rule, legend, color = style_parts(row["style"] or {})
    names = tuple(f["name"] for f in fields)
    theme = row["theme"] if row["theme"] in THEMES else "enforcement"
    return LayerSpec(
        id=layer_id(row["id"]),
        theme=theme,  # type: ignore[arg-type]
        title_zh=row["title"],
        title_en=row["title"],
        geometry=row["geometry"] or "point",
        sql=features_sql(row["id"], fields),
        properties=names,
        popup=tuple(Field(n, n, n) for n in names[:MAX_POPUP_FIELDS]),
        legend=legend,
        style=rule,
        color=color,
        synthetic=bool(row["synthetic"]),
        queryables=tuple(f["name"] for f in fields if f["type"] in ("string", "integer")),
        description_zh=row.get("description") or "",
        description_en=row.get("description") or "",
        extra={"dataset_id": row["id"], "owner_id": row["owner_id"],
               "published": bool(row["published"]), "uploaded": True},
    )


def raster_spec(row: Mapping[str, Any]) -> RasterLayerSpec:
    """The tile overlay of a raster dataset row (its COG served by ``/tiles``)."""
    return RasterLayerSpec(
        id=layer_id(row["id"]),
        theme=row["theme"] if row["theme"] in THEMES else "enforcement",  # type: ignore[arg-type]
        title_zh=row["title"], title_en=row["title"],
        url=f"/tiles/{layer_id(row['id'])}/{{z}}/{{x}}/{{y}}.png",
        synthetic=bool(row["synthetic"]), default_opacity=0.7,
        extra={"dataset_id": row["id"], "owner_id": row["owner_id"],
               "published": bool(row["published"]), "uploaded": True},
    )


@dataclass(frozen=True)
class Viewer:
    """Who asks: the user id and whether they administer data (``admin:data``)."""

    user_id: int | None
    admin: bool = False

    def sees(self, row: Mapping[str, Any]) -> bool:
        """Whether this viewer may see a dataset: its row, or an upload spec's ``extra``
        (both carry ``published`` and ``owner_id``)."""
        return bool(row.get("published")) or self.admin or (
            self.user_id is not None and row.get("owner_id") == self.user_id)


def current_viewer() -> Viewer:
    """The viewer of the current request (nobody outside one or when signed out)."""
    from auth.roles import ADMIN_DATA
    from auth.web import current_principal

    principal = current_principal() if has_app_context() else None
    if principal is None:
        return Viewer(None)
    return Viewer(principal.user_id, principal.can(ADMIN_DATA))


class UploadedLayers:
    """The registry's source of upload layers (callable → the specs the viewer may see)."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS) -> None:
        self._lock = threading.Lock()
        self._specs: list[LayerSpec] = []
        self._rasters: list[RasterLayerSpec] = []
        self._read_at = float("-inf")
        self._cache_seconds = cache_seconds

    @staticmethod
    def claims(layer: str) -> bool:
        """Whether ``layer`` names an upload (a miss on it re-reads the store)."""
        return dataset_id_of(layer) is not None

    def invalidate(self) -> None:
        self._read_at = float("-inf")

    def _engine(self) -> Engine | None:
        if not has_app_context():
            return None
        from core.context import current_context

        try:
            return current_context().engine
        except KeyError:
            return None

    def all_specs(self) -> list[LayerSpec]:
        """Every upload's spec (no visibility filter), from the cache when fresh."""
        if time.monotonic() - self._read_at < self._cache_seconds:
            return self._specs
        engine = self._engine()
        if engine is None:
            return self._specs
        with self._lock:
            if time.monotonic() - self._read_at < self._cache_seconds:
                return self._specs
            try:
                with engine.connect() as conn:
                    rows = [dict(r) for r in conn.execute(text(QUERY)).mappings()]
            except DBAPIError as exc:  # store down or not migrated: no upload layers
                log.warning("upload layers unavailable: %s", str(exc).splitlines()[0])
                return self._specs
            self._specs = [dataset_spec(r) for r in rows if r["kind"] == "vector"]
            self._rasters = [raster_spec(r) for r in rows if r["kind"] == "raster"]
            self._read_at = time.monotonic()
            return self._specs

    def __call__(self) -> list[LayerSpec]:
        viewer = current_viewer()
        return [s for s in self.all_specs() if viewer.sees(s.extra)]

    def rasters(self) -> list[RasterLayerSpec]:
        """The raster uploads the viewer may see, as tile overlays."""
        self.all_specs()
        viewer = current_viewer()
        return [s for s in self._rasters if viewer.sees(s.extra)]
