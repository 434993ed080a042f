"""What reading an upload takes and gives: options, limits, the inspected result, the
refusal, and the accepted formats (:mod:`datasets.reading`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd

from core.errors import Unprocessable
from datasets import crs as crsmod

Kind = Literal["vector", "raster"]

VECTOR_EXT = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML",
              ".kmz": "KMZ", ".shp": "ESRI Shapefile"}
TABLE_EXT = {".csv": "CSV", ".txt": "CSV", ".xlsx": "XLSX"}
RASTER_EXT = {".tif": "GTiff", ".tiff": "GTiff"}
ID_FIELDS = ("id", "fid", "objectid", "code", "bsm", "编号", "编码", "代码", "标识码")
LIST_CAP = 50  # rows listed per problem in the report
SAMPLE_ROWS = 5
PREVIEW_FEATURES = 500
PREVIEW_FIELDS = 6
ZIP_EXPANSION = 10  # a zip may expand to at most this many times the upload limit


class UploadRefused(Unprocessable):
    """A file that cannot be taken; carries the report so far (422)."""

    code = "upload_refused"

    def __init__(self, message: str, report: dict[str, Any], code: str | None = None) -> None:
        super().__init__(message)
        report.setdefault("errors", []).append(message)
        report["valid"] = False
        self.report = report
        if code:
            self.code = code


@dataclass(frozen=True)
class Options:
    """What the user said about the file (all optional but the name)."""

    name: str = ""
    encoding: str | None = None
    crs: str | None = None  # "EPSG:4527", "4527", WKT, or "GCJ-02"
    lon_column: str | None = None
    lat_column: str | None = None
    layer: str | None = None


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_features: int
    region: tuple[float, float, float, float] = crsmod.DEFAULT_REGION


@dataclass
class Inspected:
    kind: Kind
    report: dict[str, Any]
    frame: gpd.GeoDataFrame | None = None  # vector, EPSG:4326
    raster_path: Path | None = None  # raster: a COG in the work folder
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.report.get("errors")
