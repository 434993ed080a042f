"""``/api/datasets``: the data catalogue (samples, derived layers and uploads), uploads
with their validation report, replace, delete, publish, style and downloads
(:mod:`datasets.api`)."""

from __future__ import annotations

from typing import Any

from apidocs.operations import CSV, GEOJSON, MAX_ID, Operation, ok, path_param, query_param
from apidocs.schemas import BOOL, INSTANT, INT, NUM, STR, list_of, obj, ref

TAG = "Datasets"
PREFIX = "/api/datasets"
ANY: dict[str, Any] = {"type": "object"}
NULL_STR = {**STR, "nullable": True}
GPKG = "application/geopackage+sqlite3"
TIFF = "image/tiff"

DATASET_ID = path_param("dataset_id", "The uploaded dataset's number.")
LAYER_ID = path_param("layer_id", "A sample layer's id (e.g. `air_stations`).", integer=False)
DRY_RUN = query_param("dry_run", "`true`: read and validate the file, answer the report, "
                      "store nothing.", {**STR, "enum": ["true", "false"]})
VECTOR_FORMAT = query_param("format", "geojson (default), csv (WKT geometry, UTF-8 with "
                            "BOM) or gpkg.", {**STR, "enum": ["geojson", "csv", "gpkg"]})
ANY_FORMAT = query_param("format", "Vector: geojson (default), csv or gpkg; raster: tif.",
                         {**STR, "enum": ["geojson", "csv", "gpkg", "tif"]})
UPLOAD_NOTE = (" The body is `multipart/form-data`: `file` (GeoJSON, zipped shapefile, "
               "GeoPackage, KML/KMZ, CSV/XLSX with coordinate columns, GeoTIFF/COG), `name`, "
               "`theme`, optional `encoding` (UTF-8/GBK/GB18030), `crs` (`EPSG:4527`, or "
               "`GCJ-02` to state web-map coordinates), `lon_column`, `lat_column`, `layer`, "
               "`source`, `licence`, `description`, `synthetic`.")


def operations() -> list[Operation]:
    return [
        Operation("datasets_api.index", "GET", PREFIX, "listDatasets",
                  "The data catalogue: uploads the caller may see, sample and derived layers",
                  TAG, ok("Entries, newest uploads first.", schema=ref("DatasetList")),
                  parameters=(
                      query_param("theme", "Only this theme (air, water, soil, redline, "
                                  "enforcement, emergency, basemap).", STR),
                      query_param("kind", "vector or raster.",
                                  {**STR, "enum": ["vector", "raster"]}),
                      query_param("origin", "sample, upload or derived.",
                                  {**STR, "enum": ["sample", "upload", "derived"]}),
                      query_param("q", "Text in the title, source, licence, description "
                                  "or owner.", STR)),
                  errors=("403", "422")),
        Operation("datasets_api.upload", "POST", PREFIX, "uploadDataset",
                  "Upload a dataset (validated; `dry_run` answers the report only)." +
                  UPLOAD_NOTE, TAG,
                  ok("Stored: the new dataset's id, its OGC collection (vector) or tile set "
                     "(raster) and the report.", schema=ref("DatasetStored")), "201",
                  parameters=(DRY_RUN,), body="DatasetUploadForm",
                  errors=("400", "403", "422")),
        Operation("datasets_api.show", "GET", f"{PREFIX}/{{dataset_id}}", "getDataset",
                  "One uploaded dataset: provenance, quality, fields, style, links", TAG,
                  ok("The entry (ETag: its version).", schema=ref("DatasetEntry")),
                  parameters=(DATASET_ID,), errors=("403", "404")),
        Operation("datasets_api.replace", "PUT", f"{PREFIX}/{{dataset_id}}", "replaceDataset",
                  "Replace a dataset's data with a new file (owner or data admin)." +
                  UPLOAD_NOTE, TAG, ok("The updated entry and the report.", schema=obj(
                      {"dataset": ref("DatasetEntry"), "report": ref("UploadReport")})),
                  parameters=(DATASET_ID,), body="DatasetUploadForm",
                  errors=("400", "403", "404", "422")),
        Operation("datasets_api.remove", "DELETE", f"{PREFIX}/{{dataset_id}}",
                  "deleteDataset", "Delete a dataset (owner or data admin)", TAG,
                  {"description": "Deleted (no body)."}, "204", parameters=(DATASET_ID,),
                  errors=("403", "404")),
        Operation("datasets_api.download", "GET", f"{PREFIX}/{{dataset_id}}/download",
                  "downloadDataset", "Download an uploaded dataset", TAG,
                  {"description": "The data as a file.", "content": {
                      GEOJSON: {"schema": ANY}, CSV: {"schema": STR},
                      GPKG: {"schema": {**STR, "format": "binary"}},
                      TIFF: {"schema": {**STR, "format": "binary"}}}},
                  parameters=(DATASET_ID, ANY_FORMAT), errors=("403", "404", "422")),
        Operation("datasets_api.publish", "POST", f"{PREFIX}/{{dataset_id}}/publish",
                  "publishDataset", "Publish a dataset to every user (data admins)", TAG,
                  ok("The published entry.", schema=ref("DatasetEntry")),
                  parameters=(DATASET_ID,), body="DatasetPublish",
                  errors=("403", "404", "409")),
        Operation("datasets_api.style", "PUT", f"{PREFIX}/{{dataset_id}}/style",
                  "styleDataset", "Style a vector dataset: single colour, categories by a "
                  "field, graduated (quantiles) by a numeric field", TAG,
                  ok("The entry with its new style.", schema=ref("DatasetEntry")),
                  body="DatasetStyle", parameters=(DATASET_ID,),
                  errors=("400", "403", "404", "422")),
        Operation("datasets_api.show_sample", "GET", f"{PREFIX}/layers/{{layer_id}}",
                  "getSampleDataset", "A sample layer's catalogue entry (provenance from "
                  "data_samples)", TAG, ok("The entry.", schema=ref("DatasetEntry")),
                  parameters=(LAYER_ID,), errors=("403", "404")),
        Operation("datasets_api.download_sample", "GET",
                  f"{PREFIX}/layers/{{layer_id}}/download", "downloadSampleDataset",
                  "Download a sample layer", TAG,
                  {"description": "The layer as a file.", "content": {
                      GEOJSON: {"schema": ANY}, CSV: {"schema": STR},
                      GPKG: {"schema": {**STR, "format": "binary"}}}},
                  parameters=(LAYER_ID, VECTOR_FORMAT), errors=("403", "404", "422")),
    ]


def schemas() -> dict[str, Any]:
    links = obj({"map": STR, "collection": STR, "items": STR, "tileset": STR, "tiles": STR,
                 "downloads": ANY})
    entry = obj({
        "id": {"oneOf": [{**INT, "minimum": 1, "maximum": MAX_ID}, STR]},
        "origin": {**STR, "enum": ["sample", "upload", "derived"]},
        "title": STR, "title_en": STR, "theme": STR,
        "kind": {**STR, "enum": ["vector", "raster"]},
        "geometry": NULL_STR, "synthetic": BOOL, "source": STR, "licence": STR,
        "crs_of_origin": STR, "count": {**INT, "nullable": True},
        "extent": {**list_of(NUM), "nullable": True},
        "time_span": {**list_of(NULL_STR), "nullable": True},
        "updated_at": {**INSTANT, "nullable": True}, "owner": STR, "published": BOOL,
        "quality": ANY, "provenance": ANY, "fields": list_of(ANY), "style": ANY,
        "description": STR, "links": links,
    }, ("id", "origin", "title", "theme", "kind", "synthetic", "source", "licence", "links"))
    report = obj({
        "file": STR, "format": STR, "kind": STR, "valid": BOOL, "count": INT,
        "errors": list_of(STR), "warnings": list_of(STR), "notes": list_of(STR),
        "encoding": ANY, "crs": ANY, "extent": {**list_of(NUM), "nullable": True},
        "region": ANY, "invalid": ANY, "empty": ANY, "duplicate_ids": ANY,
        "geometry_types": ANY, "fields": list_of(ANY), "sample": list_of(ANY),
        "preview": ANY,
    }, ("valid", "errors", "warnings"))
    return {
        "DatasetEntry": entry,
        "DatasetList": obj({"datasets": list_of(entry), "count": INT}, ("datasets", "count")),
        "UploadReport": report,
        "DatasetStored": obj({"id": INT, "collection": STR, "tileset": STR, "layer": STR,
                              "report": report}, ("id", "report")),
        "DatasetUploadForm": {**obj({
            "file": {**STR, "format": "binary", "description": "The dataset file."},
            "name": STR, "theme": STR, "encoding": STR, "crs": STR, "lon_column": STR,
            "lat_column": STR, "layer": STR, "source": STR, "licence": STR,
            "description": STR, "synthetic": STR},
            ("file", "name", "theme")), "description": "Sent as multipart/form-data fields."},
        "DatasetPublish": {**obj({}), "description": "No fields: the request publishes the "
                           "dataset."},
        "DatasetStyle": obj({"mode": {**STR, "enum": ["single", "categories", "graduated"]},
                             "field": STR, "color": STR}, ("mode",)),
    }



