"""Read an uploaded file with the field's libraries and write its validation report.

Formats (by extension, then by content): GeoJSON, zipped shapefile (``.shp``/``.shx``/
``.dbf``/``.prj``, ``.cpg`` optional), GeoPackage, KML/KMZ (pyogrio/GDAL), CSV and XLSX
with coordinate columns (pandas, openpyxl), GeoTIFF/COG (rasterio). Nothing is stored
here: :func:`inspect_upload` returns the data in EPSG:4326 (a GeoDataFrame, or a COG in
the work folder) and the report; the service stores them when the report has no errors.

A refusal that makes the rest of the report meaningless (a corrupt zip, a shapefile
without its ``.shx``, too many features) raises :class:`UploadRefused` carrying the
report so far; problems that still leave a report (no CRS, no coordinate columns) are
listed in ``report["errors"]``.

The readers live in their own modules: :mod:`datasets.read_zip` (archives),
:mod:`datasets.read_vector` (vector files and tables), :mod:`datasets.read_raster`
(GeoTIFF → COG); :mod:`datasets.read_types` holds what they share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyogrio

from datasets.read_raster import inspect_raster
from datasets.read_types import (
    RASTER_EXT,
    TABLE_EXT,
    VECTOR_EXT,
    Inspected,
    Limits,
    Options,
    UploadRefused,
)
from datasets.read_vector import finish_vector, read_table, read_vector
from datasets.read_zip import suffix, unzip


# -- the entry point ----------------------------------------------------------------------------
def inspect_upload(path: Path, filename: str, options: Options, limits: Limits,
                   workdir: Path) -> Inspected:
    """Read ``path`` (uploaded as ``filename``) and write its validation report.

    Raises
    ------
    UploadRefused
        The file cannot be read at all (the message says why and what to do).
    """
    report: dict[str, Any] = {"file": filename, "bytes": path.stat().st_size, "errors": [],
                              "warnings": [], "notes": [], "valid": True}
    if report["bytes"] > limits.max_bytes:
        raise UploadRefused(f"the file is {report['bytes'] / 2**20:.1f} MB; the limit is "
                            f"{limits.max_bytes // 2**20} MB", report, "file_too_large")
    if report["bytes"] == 0:
        raise UploadRefused("the file is empty", report, "corrupt_file")
    ext = suffix(filename)
    with path.open("rb") as fh:
        magic = fh.read(4)
    if ext == ".zip" or (magic == b"PK\x03\x04" and ext not in (".xlsx", ".kmz")):
        path = unzip(path, workdir, limits, report)
        ext = suffix(path.name)
    elif ext == ".shp":
        raise UploadRefused("a shapefile is several files: zip the .shp, .shx, .dbf and .prj "
                            "(and .cpg) together and upload the zip", report, "missing_shx")
    try:
        if ext in RASTER_EXT:
            return inspect_raster(path, options, limits, workdir, report)
        if ext in TABLE_EXT:
            frame, declared = read_table(path, TABLE_EXT[ext], options, limits, report)
        elif ext in VECTOR_EXT:
            frame, declared = read_vector(path, VECTOR_EXT[ext], options, limits, report)
        else:
            raise UploadRefused(
                f"files of type {ext or '(none)'} are not accepted; upload GeoJSON, a zipped "
                "shapefile, GeoPackage, KML/KMZ, CSV/XLSX with coordinates or GeoTIFF",
                report, "unsupported_format")
    except UploadRefused:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError, pyogrio.errors.GeometryError) as exc:
        raise UploadRefused(f"the file cannot be read as {report.get('format', ext)}: "
                            f"{str(exc).splitlines()[0]}", report, "corrupt_file") from exc
    return finish_vector(frame, declared, options, limits, report)


__all__ = ["Inspected", "Limits", "Options", "UploadRefused", "inspect_upload"]
