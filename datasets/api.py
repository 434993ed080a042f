"""REST under ``/api/datasets``: the data catalogue and uploads.

=============================================  ==============  ==================================
``GET /api/datasets?theme=&kind=&q=&origin=``  data:read       catalogue: samples + uploads
``GET /api/datasets/{id}``                     data:read       one uploaded dataset
``GET /api/datasets/{id}/download?format=``    data:read       geojson | csv | gpkg | tif
``GET /api/datasets/layers/{layer_id}``        data:read       a sample layer's entry
``GET /api/datasets/layers/{layer_id}/download``  data:read    geojson | csv | gpkg
``POST /api/datasets[?dry_run=true]``          upload:own      multipart: ``file``, ``name``,
                                                               ``theme``, ``encoding``, ``crs``…
``PUT /api/datasets/{id}``                     upload:own      replace the data (own/admin)
``DELETE /api/datasets/{id}``                  upload:own      delete (own/admin) → 204
``POST /api/datasets/{id}/publish``            admin:data      publish to everyone
``PUT /api/datasets/{id}/style``               upload:own      single | categories | graduated
=============================================  ==============  ==================================

An upload is streamed to a temporary file (bounded memory), read and validated
(:mod:`datasets.reading`); ``dry_run`` answers the report and stores nothing, otherwise a
valid file is stored (201 ``{"id", "collection" | "tileset", "report"}``) and an invalid one
answered 422 ``{"code", "description", "report"}``. Unpublished uploads are seen by their
owner and the data administrators only (others get 404).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, request, send_file
from sqlalchemy import text
from werkzeug.exceptions import RequestEntityTooLarge

from auth.roles import ADMIN_DATA, DATA_READ, UPLOAD_OWN
from auth.web import current_actor, current_principal, require
from core.context import current_context
from core.errors import NotFound, Unprocessable
from core.web.rest import ID, json_body
from core.web.rest import json_response as _json
from datasets import catalogue, service
from datasets.crs import region_from_extent
from datasets.reading import Inspected, Limits, Options, UploadRefused, inspect_upload
from layers.query import time_params
from layers.uploaded import current_viewer, layer_id
from tiles.errors import register_error_handlers

CHUNK = 1 << 20
FORM_SLACK = 1 << 20  # the other form fields besides the file
FORMATS = {"geojson": ("application/geo+json", "geojson"), "csv": ("text/csv", "csv"),
           "gpkg": ("application/geopackage+sqlite3", "gpkg"), "tif": ("image/tiff", "tif")}


def _engine():
    return current_context().engine


def _region() -> tuple[float, float, float, float]:
    """The bureau's region: the city outline in the store (a default box without it)."""
    try:
        with _engine().connect() as conn:
            row = conn.execute(text(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
                "(SELECT ST_Extent(geom) AS e FROM admin_city) x")).first()
    except Exception:
        row = None
    return region_from_extent(tuple(row) if row and row[0] is not None else None)


def _limits() -> Limits:
    settings = current_context().settings
    return Limits(settings.upload_max_mb * 2**20, settings.upload_max_features, _region())


def _options() -> Options:
    form = request.form

    def opt(name: str) -> str | None:
        value = (form.get(name) or "").strip()
        return value or None

    return Options(name=form.get("name", ""), encoding=opt("encoding"), crs=opt("crs"),
                   lon_column=opt("lon_column"), lat_column=opt("lat_column"),
                   layer=opt("layer"))


def _meta() -> service.Meta:
    form = request.form
    return service.Meta(title=(form.get("name") or "").strip(),
                        theme=(form.get("theme") or "").strip(),
                        source=(form.get("source") or "").strip(),
                        licence=(form.get("licence") or "").strip(),
                        description=(form.get("description") or "").strip(),
                        synthetic=(form.get("synthetic") or "").lower() in ("1", "true", "yes"))


def _too_large() -> UploadRefused:
    mb = current_context().settings.upload_max_mb
    return UploadRefused(f"the file is larger than the limit of {mb} MB", {}, "file_too_large")


def _check_announced() -> None:
    """Refuse a body announced larger than the limit before reading any of it."""
    if request.content_length and request.content_length > _max_body():
        raise _too_large()
    request.max_content_length = _max_body()


def _receive(workdir: Path, limits: Limits) -> tuple[Path, str]:
    """Stream the ``file`` part to ``workdir`` (never more than the limit)."""
    too_large = _too_large()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise too_large from None
    if upload is None or not upload.filename:
        raise Unprocessable("file: send the dataset as the multipart field 'file'")
    name = Path(upload.filename.replace("\\", "/")).name or "upload"
    target = workdir / ("upload" + Path(name).suffix.lower())
    size = 0
    with target.open("wb") as out:
        while True:
            block = upload.stream.read(CHUNK)
            if not block:
                break
            size += len(block)
            if size > limits.max_bytes:
                raise too_large
            out.write(block)
    return target, name


def _refusal(exc: UploadRefused) -> Response:
    report = exc.report
    return _json({"code": exc.code, "description": exc.message, "report": report}, 422)


def _inspect(workdir: Path) -> tuple[Inspected, str]:
    limits = _limits()
    path, filename = _receive(workdir, limits)
    return inspect_upload(path, filename, _options(), limits, workdir), filename


def _invalid(inspected: Inspected) -> Response:
    errors = inspected.report.get("errors") or ["invalid"]
    code = "crs_required" if (inspected.report.get("crs") or {}).get("source") == "none" \
        else "invalid_upload"
    return _json({"code": code, "description": "; ".join(errors),
                  "report": inspected.report}, 422)


def _refresh() -> None:
    current_context().registry.refresh()


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return catalogue.upload_entry(row)


def _sample_spec(layer: str):
    spec = current_context().registry.get(layer)
    if spec.extra.get("uploaded"):
        raise NotFound(f"no sample layer {layer!r}; uploads are addressed by their number")
    return spec


def _entries() -> list[dict[str, Any]]:
    return catalogue.entries(current_context(), current_viewer())


def create_blueprint() -> Blueprint:
    bp = Blueprint("datasets_api", __name__, url_prefix="/api/datasets")
    register_error_handlers(bp)

    @bp.get("")
    @require(DATA_READ)
    def index() -> Response:
        args = request.args
        theme, kind, q = args.get("theme") or None, args.get("kind") or None, args.get("q")
        origin = args.get("origin") or None
        if kind not in (None, "vector", "raster"):
            raise Unprocessable("kind: vector or raster")
        if origin not in (None, "sample", "upload", "derived"):
            raise Unprocessable("origin: sample, upload or derived")
        found = [e for e in _entries() if catalogue.matches(e, theme, kind, q, origin)]
        return _json({"datasets": found, "count": len(found)})

    @bp.get(f"/<{ID}:dataset_id>")
    @require(DATA_READ)
    def show(dataset_id: int) -> Response:
        row = service.get(_engine(), current_viewer(), dataset_id)
        return _json(_entry(row), headers={"ETag": f'"{row["version"]}"'})

    @bp.get("/layers/<layer_id>")
    @require(DATA_READ)
    def show_sample(layer_id: str) -> Response:
        spec = _sample_spec(layer_id)
        return _json(catalogue.sample_entry(spec, current_context().settings.data_dir))

    @bp.get(f"/<{ID}:dataset_id>/download")
    @require(DATA_READ)
    def download(dataset_id: int) -> Response:
        row = service.get(_engine(), current_viewer(), dataset_id)
        fmt = _format(row["kind"])
        if row["kind"] == "raster":
            path = current_context().settings.var_dir / row["file_path"]
            return send_file(path, mimetype=FORMATS["tif"][0], as_attachment=True,
                             download_name=f"{layer_id(dataset_id)}.tif")
        spec = current_context().registry.get(layer_id(dataset_id))
        return _export(spec.sql, {}, fmt, layer_id(dataset_id))

    @bp.get("/layers/<layer_id>/download")
    @require(DATA_READ)
    def download_sample(layer_id: str) -> Response:
        spec = _sample_spec(layer_id)
        fmt = _format("vector")
        return _export(spec.sql, dict(time_params(spec, _engine(), None)), fmt, spec.id)

    @bp.post("")
    @require(UPLOAD_OWN)
    def upload() -> Response:
        dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
        try:
            _check_announced()
        except UploadRefused as exc:
            return _refusal(exc)
        meta = _meta()
        if not dry_run:
            service.check_meta(meta)
        with tempfile.TemporaryDirectory(prefix="onemap-upload-") as tmp:
            try:
                inspected, filename = _inspect(Path(tmp))
            except UploadRefused as exc:
                return _refusal(exc)
            if not inspected.valid:
                return _invalid(inspected)
            if dry_run:
                return _json({"report": inspected.report, "stored": False})
            principal = current_principal()
            row = service.store(_engine(), current_context().settings, current_actor(),
                                principal.user_id, inspected, meta, filename)
        _refresh()
        key = "collection" if row["kind"] == "vector" else "tileset"
        report = dict(inspected.report)
        report.pop("preview", None)
        return _json({"id": row["id"], key: _entry(row)["links"]["collection" if key ==
                                                                 "collection" else "tileset"],
                      "layer": layer_id(row["id"]), "title": row["title"], "report": report},
                     201,
                     {"Location": f"/api/datasets/{row['id']}"})

    @bp.put(f"/<{ID}:dataset_id>")
    @require(UPLOAD_OWN)
    def replace(dataset_id: int) -> Response:
        service.get(_engine(), current_viewer(), dataset_id)  # 404 before reading a large file
        try:
            _check_announced()
        except UploadRefused as exc:
            return _refusal(exc)
        with tempfile.TemporaryDirectory(prefix="onemap-upload-") as tmp:
            try:
                inspected, filename = _inspect(Path(tmp))
            except UploadRefused as exc:
                return _refusal(exc)
            if not inspected.valid:
                return _invalid(inspected)
            row = service.replace(_engine(), current_context().settings, current_actor(),
                                  current_viewer(), dataset_id, inspected, filename)
        _refresh()
        report = dict(inspected.report)
        report.pop("preview", None)
        return _json({"dataset": _entry(row), "report": report})

    @bp.delete(f"/<{ID}:dataset_id>")
    @require(UPLOAD_OWN)
    def remove(dataset_id: int) -> Response:
        service.remove(_engine(), current_context().settings, current_actor(), current_viewer(),
                       dataset_id)
        _refresh()
        return Response(status=204)

    @bp.post(f"/<{ID}:dataset_id>/publish")
    @require(ADMIN_DATA)
    def publish(dataset_id: int) -> Response:
        row = service.publish(_engine(), current_actor(), dataset_id)
        _refresh()
        return _json(_entry(row))

    @bp.put(f"/<{ID}:dataset_id>/style")
    @require(UPLOAD_OWN)
    def style(dataset_id: int) -> Response:
        row = service.set_style(_engine(), current_actor(), current_viewer(), dataset_id,
                                json_body())
        _refresh()
        return _json(_entry(row))

    # the app's general body limit does not apply: _receive streams and checks the file
    upload.max_body_bytes = _max_body  # type: ignore[attr-defined]
    replace.max_body_bytes = _max_body  # type: ignore[attr-defined]
    return bp


def _max_body() -> int:
    return current_context().settings.upload_max_mb * 2**20 + FORM_SLACK


def _format(kind: str) -> str:
    fmt = (request.args.get("format") or ("tif" if kind == "raster" else "geojson")).lower()
    allowed = catalogue.DOWNLOAD_FORMATS[kind]
    if fmt not in allowed:
        raise Unprocessable(f"format: one of {', '.join(allowed)} for a {kind} dataset")
    return fmt


def _export(sql: str, params: dict[str, Any], fmt: str, name: str) -> Response:
    engine = _engine()
    media, ext = FORMATS[fmt]
    headers = {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}
    if fmt == "geojson":
        # every row is read before the answer starts: a database error is a clean error
        # status, never a 200 with a truncated body (the rows are bounded by the upload
        # limits and the sample layers' sizes)
        rows = list(service.feature_rows(engine, sql, params))

        def features():
            yield '{"type":"FeatureCollection","features":['
            for i, (geom, props) in enumerate(rows):
                text_ = json.dumps({"type": "Feature", "id": props.get("id"),
                                    "properties": props}, ensure_ascii=False, default=str)
                piece = text_[:-1] + f',"geometry":{geom or "null"}}}'
                yield piece if i == 0 else "," + piece
            yield "]}"
        return Response(features(), content_type=f"{media}; charset=utf-8", headers=headers)
    frame = service.export_frame(engine, sql, params)
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads UTF-8 with the BOM
        columns = [c for c in frame.columns if c != "geometry"]
        writer = csv.writer(out)
        writer.writerow([*columns, "wkt"])
        for row, geom in zip(frame[columns].itertuples(index=False), frame.geometry,
                             strict=True):
            writer.writerow([*("" if v is None else v for v in row),
                             geom.wkt if geom is not None else ""])
        return Response(out.getvalue(), content_type=f"{media}; charset=utf-8",
                        headers=headers)
    import pyogrio

    with tempfile.TemporaryDirectory(prefix="onemap-export-") as tmp:
        path = Path(tmp) / f"{name}.gpkg"
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
        data = path.read_bytes()
    return Response(data, content_type=media, headers=headers)
