"""The dataset services: store an inspected upload, replace, delete, publish, style, read.

Every write runs in one transaction with its audit row (:func:`auth.audit.record`): the
catalogue entry, all its features (``COPY`` into ``dataset_features``) and the audit row
commit together or not at all. A raster's COG is moved into
``settings.var_dir/uploads`` inside that transaction and removed again if it fails.

Who may do what: uploading needs ``upload:own``; the owner may replace, restyle and
delete their own dataset, a data administrator (``admin:data``) any; only a data
administrator publishes (an unpublished upload is seen by its owner and the
administrators only).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import Connection, Engine, delete, insert, select, text, update

from auth import audit
from auth.audit import Actor
from core.clock import beijing_now
from core.errors import Conflict, Forbidden, NotFound, Unprocessable
from datasets.models import DATASETS
from datasets.reading import Inspected
from layers.spec import THEMES
from layers.uploaded import (
    CATEGORY_COLORS,
    DEFAULT_COLOR,
    GRADUATED_COLORS,
    Viewer,
    layer_id,
)
from store.db import connection, transaction

OBJECT_TYPE = "dataset"
UPLOAD_DIR = "uploads"
THEME_COLORS = {"air": "#3182bd", "water": "#08519c", "soil": "#8c510a", "redline": "#de2d26",
                "enforcement": "#e6550d", "emergency": "#d7301f"}
MAX_CATEGORIES = 12
GRADUATED_CLASSES = 5
COPY_BATCH = 5000


@dataclass(frozen=True)
class Meta:
    title: str
    theme: str
    source: str = ""
    licence: str = ""
    description: str = ""
    synthetic: bool = False


def check_meta(meta: Meta) -> None:
    if not meta.title.strip():
        raise Unprocessable("name: give the dataset a name")
    if len(meta.title) > 200:
        raise Unprocessable("name: at most 200 characters")
    if meta.theme not in THEMES:
        raise Unprocessable(f"theme: one of {', '.join(THEMES)}, got {meta.theme!r}")


# -- reading -----------------------------------------------------------------------------------
def _row(conn: Connection, dataset_id: int, lock: bool = False) -> dict[str, Any]:
    query = select(DATASETS).where(DATASETS.c.id == dataset_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"no dataset {dataset_id}")
    return dict(row)


def get(engine: Engine, viewer: Viewer, dataset_id: int) -> dict[str, Any]:
    """The catalogue row of a dataset the viewer may see (else 404: private ones are not
    revealed)."""
    with connection(engine) as conn:
        row = _row(conn, dataset_id)
    if not viewer.sees(row):
        raise NotFound(f"no dataset {dataset_id}")
    return row


def list_rows(engine: Engine, viewer: Viewer) -> list[dict[str, Any]]:
    with connection(engine) as conn:
        rows = [dict(r) for r in conn.execute(select(DATASETS).order_by(DATASETS.c.id.desc()))
                .mappings()]
    return [r for r in rows if viewer.sees(r)]


def _may_change(row: dict[str, Any], viewer: Viewer) -> None:
    if not (viewer.admin or row["owner_id"] == viewer.user_id):
        raise Forbidden(f"dataset {row['id']} belongs to {row['owner']}; only its owner or a "
                        "data administrator may change it")


# -- writing -----------------------------------------------------------------------------------
def _quality(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "invalid_repaired": (report.get("invalid") or {}).get("count", 0),
        "invalid_rows": (report.get("invalid") or {}).get("rows", [])[:20],
        "empty_geometries": (report.get("empty") or {}).get("count", 0),
        "duplicate_ids": (report.get("duplicate_ids") or {}).get("count", 0),
        "duplicate_id_field": (report.get("duplicate_ids") or {}).get("field"),
        "outside_region": (report.get("region") or {}).get("outside", 0),
        "warnings": report.get("warnings", []),
    }


def _provenance(inspected: Inspected, filename: str) -> dict[str, Any]:
    report = inspected.report
    out = {"file": filename, "format": report.get("format"), "layer": report.get("layer"),
           "crs": report.get("crs"), **inspected.provenance}
    if "encoding" in report:
        enc = report["encoding"]
        out["encoding"] = {"used": enc.get("encoding"), "source": enc.get("source"),
                           "guess": enc.get("guess"), "declared": enc.get("declared")}
    if "coordinate_columns" in report:
        out["coordinate_columns"] = report["coordinate_columns"]
    return out


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _values(inspected: Inspected, meta: Meta, filename: str) -> dict[str, Any]:
    report = inspected.report
    span = report.get("time_span") or [None, None]
    return {
        "title": meta.title.strip(), "theme": meta.theme, "kind": inspected.kind,
        "geometry": report.get("geometry"), "synthetic": meta.synthetic,
        "source": meta.source or f"upload: {filename}", "licence": meta.licence,
        "description": meta.description, "extent": report.get("extent"),
        "crs_of_origin": (report.get("crs") or {}).get("used") or "",
        "time_start": _time(span[0]), "time_end": _time(span[1]),
        "count": int(report.get("count") or 0),
        "fields": report.get("fields", []), "quality": _quality(report),
        "provenance": audit.jsonable(_provenance(inspected, filename)),
    }


def _copy_features(conn: Connection, dataset_id: int, frame: gpd.GeoDataFrame) -> None:
    """All features in one ``COPY`` (EWKB hex geometry, JSON properties)."""
    geoms = shapely.set_srid(frame.geometry.values.to_numpy() if hasattr(
        frame.geometry.values, "to_numpy") else np.asarray(frame.geometry.values), 4326)
    wkb = shapely.to_wkb(geoms, hex=True, include_srid=True)
    props = frame.drop(columns=[frame.geometry.name])
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(
            "COPY dataset_features (dataset_id, fid, geom, properties) FROM STDIN") as copy:
        for start in range(0, len(frame), COPY_BATCH):
            part = props.iloc[start:start + COPY_BATCH]
            lines = part.to_json(orient="records", lines=True, date_format="iso",
                                 force_ascii=False).splitlines() if len(part.columns) else \
                ["{}"] * len(part)
            for i, line in enumerate(lines):
                copy.write_row((dataset_id, start + i + 1, wkb[start + i], line))


def _place_raster(settings, dataset_id: int, cog: Path, version: int = 1) -> str:
    """Copy the COG of ``version`` into the uploads folder under a name of its own
    (``upload_<id>.tif``, then ``upload_<id>.v<version>.tif``): a replacement never
    overwrites the file the stored row names (the tile catalogue serves the highest
    version of an id)."""
    folder = settings.var_dir / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{layer_id(dataset_id)}.tif" if version <= 1 else \
        f"{layer_id(dataset_id)}.v{version}.tif"
    tmp = folder / f".{name}.part"
    shutil.copyfile(cog, tmp)
    tmp.replace(folder / name)
    return f"{UPLOAD_DIR}/{name}"


def store(engine: Engine, settings, actor: Actor, owner_id: int, inspected: Inspected,
          meta: Meta, filename: str) -> dict[str, Any]:
    """Store a valid inspected upload as a new, unpublished dataset of ``owner_id``."""
    check_meta(meta)
    if not inspected.valid:
        raise Unprocessable("the upload has errors: " + "; ".join(inspected.report["errors"]))
    now = beijing_now()
    placed: Path | None = None
    try:
        with transaction(engine) as conn:
            values = _values(inspected, meta, filename)
            row = conn.execute(insert(DATASETS).values(
                **values, style={"mode": "single", "color": THEME_COLORS.get(
                    meta.theme, DEFAULT_COLOR)},
                owner_id=owner_id, owner=actor.name, published=False, created_at=now,
                updated_at=now, version=1).returning(DATASETS)).mappings().one()
            row = dict(row)
            if inspected.kind == "vector":
                _copy_features(conn, row["id"], inspected.frame)
            else:
                path = _place_raster(settings, row["id"], inspected.raster_path)
                placed = settings.var_dir / path
                conn.execute(update(DATASETS).where(DATASETS.c.id == row["id"])
                             .values(file_path=path))
                row["file_path"] = path
            audit.record(conn, actor, "dataset.upload", object_type=OBJECT_TYPE,
                         object_id=row["id"], after=_summary(row),
                         detail=f"{filename}: {row['count']} {row['kind']} "
                                f"{'features' if row['kind'] == 'vector' else 'cells'}")
    except BaseException:
        if placed is not None:
            placed.unlink(missing_ok=True)
        raise
    return row


def replace(engine: Engine, settings, actor: Actor, viewer: Viewer, dataset_id: int,
            inspected: Inspected, filename: str) -> dict[str, Any]:
    """Replace a dataset's data (same id, title, theme, style); version + 1.

    A raster's new COG is written under a new name; the old file is removed only once the
    row names the new one (committed), so a failed replacement loses nothing stored.
    """
    if not inspected.valid:
        raise Unprocessable("the upload has errors: " + "; ".join(inspected.report["errors"]))
    placed: Path | None = None
    try:
        with transaction(engine) as conn:
            row = _row(conn, dataset_id, lock=True)
            if not viewer.sees(row):
                raise NotFound(f"no dataset {dataset_id}")
            _may_change(row, viewer)
            if row["kind"] != inspected.kind:
                raise Unprocessable(f"dataset {dataset_id} is {row['kind']}; the new file is "
                                    f"{inspected.kind}")
            values = _values(inspected, Meta(row["title"], row["theme"], row["source"],
                                             row["licence"], row["description"],
                                             row["synthetic"]), filename)
            values["source"] = row["source"]
            conn.execute(text("DELETE FROM dataset_features WHERE dataset_id = :i"),
                         {"i": dataset_id})
            if inspected.kind == "vector":
                _copy_features(conn, dataset_id, inspected.frame)
            else:
                values["file_path"] = _place_raster(settings, dataset_id,
                                                    inspected.raster_path, row["version"] + 1)
                placed = settings.var_dir / values["file_path"]
            new = conn.execute(update(DATASETS).where(DATASETS.c.id == dataset_id).values(
                **values, updated_at=beijing_now(), version=row["version"] + 1)
                .returning(DATASETS)).mappings().one()
            audit.record(conn, actor, "dataset.replace", object_type=OBJECT_TYPE,
                         object_id=dataset_id, before=_summary(row), after=_summary(dict(new)),
                         detail=filename)
    except BaseException:
        if placed is not None:
            placed.unlink(missing_ok=True)
        raise
    if placed is not None and row["file_path"] and row["file_path"] != new["file_path"]:
        (settings.var_dir / row["file_path"]).unlink(missing_ok=True)
    return dict(new)


def remove(engine: Engine, settings, actor: Actor, viewer: Viewer, dataset_id: int) -> None:
    with transaction(engine) as conn:
        row = _row(conn, dataset_id, lock=True)
        if not viewer.sees(row):
            raise NotFound(f"no dataset {dataset_id}")
        _may_change(row, viewer)
        conn.execute(delete(DATASETS).where(DATASETS.c.id == dataset_id))
        audit.record(conn, actor, "dataset.delete", object_type=OBJECT_TYPE,
                     object_id=dataset_id, before=_summary(row))
    if row["file_path"]:
        (settings.var_dir / row["file_path"]).unlink(missing_ok=True)


def publish(engine: Engine, actor: Actor, dataset_id: int, published: bool = True
            ) -> dict[str, Any]:
    """Publish (or withdraw) a dataset: everyone sees a published one. Admins only (the
    endpoint checks ``admin:data``)."""
    with transaction(engine) as conn:
        row = _row(conn, dataset_id, lock=True)
        if row["published"] == published:
            raise Conflict(f"dataset {dataset_id} is already "
                           f"{'published' if published else 'private'}")
        new = conn.execute(update(DATASETS).where(DATASETS.c.id == dataset_id).values(
            published=published, published_by=actor.name if published else None,
            updated_at=beijing_now(), version=row["version"] + 1)
            .returning(DATASETS)).mappings().one()
        audit.record(conn, actor, "dataset.publish" if published else "dataset.withdraw",
                     object_type=OBJECT_TYPE, object_id=dataset_id,
                     before={"published": row["published"]}, after={"published": published})
    return dict(new)


def set_style(engine: Engine, actor: Actor, viewer: Viewer, dataset_id: int,
              body: dict[str, Any]) -> dict[str, Any]:
    """Single colour, categories by a field, or graduated (quantiles) by a numeric field."""
    mode = body.get("mode", "single")
    color = body.get("color") or DEFAULT_COLOR
    if not (isinstance(color, str) and len(color) == 7 and color.startswith("#")):
        raise Unprocessable("color: a colour like #e6550d")
    with transaction(engine) as conn:
        row = _row(conn, dataset_id, lock=True)
        if not viewer.sees(row):
            raise NotFound(f"no dataset {dataset_id}")
        _may_change(row, viewer)
        if row["kind"] != "vector":
            raise Unprocessable("only vector datasets have a style")
        fields = {f["name"]: f["type"] for f in row["fields"]}
        column = body.get("field")
        if mode == "single":
            style: dict[str, Any] = {"mode": "single", "color": color}
        elif mode in ("categories", "graduated"):
            if column not in fields:
                raise Unprocessable(f"field: one of {', '.join(fields) or '(none)'}")
            if mode == "graduated" and fields[column] not in ("integer", "real"):
                raise Unprocessable(f"field: {column!r} is not numeric; graduated needs numbers")
            style = (_categories if mode == "categories" else _graduated)(
                conn, dataset_id, column, color)
        else:
            raise Unprocessable("mode: single, categories or graduated")
        new = conn.execute(update(DATASETS).where(DATASETS.c.id == dataset_id).values(
            style=style, updated_at=beijing_now(), version=row["version"] + 1)
            .returning(DATASETS)).mappings().one()
        audit.record(conn, actor, "dataset.style", object_type=OBJECT_TYPE,
                     object_id=dataset_id, before=row["style"], after=style)
    return dict(new)


def _categories(conn: Connection, dataset_id: int, column: str, color: str) -> dict[str, Any]:
    rows = conn.execute(text(
        "SELECT properties->>:c AS v, count(*) AS n FROM dataset_features "
        "WHERE dataset_id = :i AND properties->>:c IS NOT NULL GROUP BY 1 "
        "ORDER BY n DESC, v LIMIT :k"), {"c": column, "i": dataset_id,
                                         "k": MAX_CATEGORIES + 1}).all()
    classes = [{"value": v, "color": CATEGORY_COLORS[i % len(CATEGORY_COLORS)], "count": n}
               for i, (v, n) in enumerate(rows[:MAX_CATEGORIES])]
    return {"mode": "categories", "field": column, "classes": classes, "color": color,
            "other": "#9e9e9e", "more": len(rows) > MAX_CATEGORIES}


def _graduated(conn: Connection, dataset_id: int, column: str, color: str) -> dict[str, Any]:
    qs = [i / GRADUATED_CLASSES for i in range(1, GRADUATED_CLASSES)]
    breaks = conn.execute(text(
        "SELECT percentile_cont(CAST(:q AS double precision[])) WITHIN GROUP "
        "(ORDER BY (properties->>:c)::double precision) FROM dataset_features "
        "WHERE dataset_id = :i AND properties->>:c IS NOT NULL"),
        {"q": qs, "c": column, "i": dataset_id}).scalar_one()
    breaks = sorted({float(b) for b in (breaks or []) if b is not None})
    if not breaks:
        raise Unprocessable(f"field: {column!r} has no values")
    return {"mode": "graduated", "field": column, "breaks": breaks, "color": color,
            "colors": list(GRADUATED_COLORS[: len(breaks) + 1]), "method": "quantiles"}


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    keep = ("title", "theme", "kind", "count", "crs_of_origin", "published", "owner",
            "file_path", "version")
    return audit.jsonable({k: row.get(k) for k in keep})


# -- export ------------------------------------------------------------------------------------
def feature_rows(engine: Engine, sql: str, params: dict[str, Any] | None = None
                 ) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(GeoJSON geometry text, properties) of every row of a layer's SQL, streamed."""
    query = text(f"WITH src AS ({sql}) SELECT ST_AsGeoJSON(src.geom, 7) AS g, "
                 "to_jsonb(src) - 'geom' AS p FROM src ORDER BY src.id")
    with engine.connect().execution_options(stream_results=True, yield_per=2000) as conn:
        yield from conn.execute(query, dict(params or {}))


def export_frame(engine: Engine, sql: str, params: dict[str, Any] | None = None
                 ) -> gpd.GeoDataFrame:
    rows = list(feature_rows(engine, sql, params))
    geoms = [shapely.from_geojson(g) if g else None for g, _ in rows]
    props = [p for _, p in rows]
    frame = gpd.GeoDataFrame(props, geometry=geoms, crs=4326) if rows else gpd.GeoDataFrame(
        geometry=[], crs=4326)
    for col in frame.columns:  # nested JSON (lists, objects) as text for GPKG/CSV
        if col != "geometry" and frame[col].map(lambda v: isinstance(v, dict | list)).any():
            frame[col] = frame[col].map(lambda v: json.dumps(v, ensure_ascii=False)
                                        if isinstance(v, dict | list) else v)
    return frame
