"""Vector uploads: GeoJSON, shapefile, GeoPackage, KML/KMZ (pyogrio/GDAL) and CSV/XLSX with
coordinate columns; encodings, CRS (CGCS2000 zones, GCJ-02), repairs, preview."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from shapely.geometry import box, mapping

from datasets import crs as crsmod
from datasets import encoding as encmod
from datasets import tabular
from datasets.read_types import (
    ID_FIELDS,
    LIST_CAP,
    PREVIEW_FEATURES,
    PREVIEW_FIELDS,
    SAMPLE_ROWS,
    Inspected,
    Limits,
    Options,
    UploadRefused,
)
from decision_models import gcj02


# -- vector -----------------------------------------------------------------------------------
def _encoding_for(path: Path, driver: str, options: Options, report: dict[str, Any]) -> str | None:
    if driver == "ESRI Shapefile":
        cpg = path.with_suffix(".cpg")
        cpg = next((p for p in path.parent.iterdir() if p.name.lower() == cpg.name.lower()),
                   cpg)
        dbf = next((p for p in path.parent.iterdir()
                    if p.name.lower() == path.with_suffix(".dbf").name.lower()), None)
        guess = encmod.guess_dbf(dbf) if dbf else encmod.guess_bytes(b"")
        declared = encmod.read_cpg(cpg) if cpg.exists() else None
        info = guess.to_dict()
        info["declared"] = declared
        info["guess"] = guess.encoding
        if options.encoding:
            info.update(encoding=encmod.normalise(options.encoding), source="chosen")
        elif declared:
            info.update(encoding=declared, source="cpg")
        report["encoding"] = info
        return info["encoding"]
    if driver == "CSV":
        guess = encmod.guess_text_file(path)
        info = guess.to_dict()
        info["guess"] = guess.encoding
        info["declared"] = None
        if options.encoding:
            info.update(encoding=encmod.normalise(options.encoding), source="chosen")
        report["encoding"] = info
        return info["encoding"]
    return None


def read_vector(path: Path, driver: str, options: Options, limits: Limits,
                 report: dict[str, Any]) -> tuple[gpd.GeoDataFrame, CRS | None]:
    report["format"] = driver
    encoding = _encoding_for(path, driver, options, report)
    layers = pyogrio.list_layers(path)
    names = [str(n) for n in layers[:, 0]] if len(layers) else []
    if not names:
        raise UploadRefused("the file holds no layer", report, "corrupt_file")
    layer = options.layer if options.layer in names else names[0]
    if len(names) > 1:
        report["layers"] = names
        report["notes"].append(f"the file has {len(names)} layers; reading {layer!r}")
    report["layer"] = layer
    kwargs: dict[str, Any] = {"layer": layer}
    if encoding:
        kwargs["encoding"] = encoding
    info = pyogrio.read_info(path, **kwargs)
    count = int(info.get("features") or 0)
    if count < 0:  # some drivers cannot count without reading
        count = 0
    if count > limits.max_features:
        raise UploadRefused(f"the layer has {count:,} features; the limit is "
                            f"{limits.max_features:,}", report, "too_many_features")
    frame = pyogrio.read_dataframe(path, **kwargs)
    if len(frame) > limits.max_features:
        raise UploadRefused(f"the layer has {len(frame):,} features; the limit is "
                            f"{limits.max_features:,}", report, "too_many_features")
    if driver in ("KML", "KMZ"):  # LIBKML adds a column per KML element, mostly empty
        empty = [c for c in frame.columns if c != "geometry" and frame[c].isna().all()]
        frame = frame.drop(columns=empty)
    declared = frame.crs
    if declared is None and driver in ("GeoJSON", "KML", "KMZ"):
        declared = CRS.from_epsg(4326)
        report["notes"].append(f"{driver} is longitude/latitude WGS 84 by definition")
    if "encoding" in report and driver == "ESRI Shapefile":
        report["encoding"]["preview"] = _text_preview(frame)
    return frame, declared


def _text_preview(frame: pd.DataFrame) -> list[str]:
    out: list[str] = []
    for col in frame.columns:
        if col == "geometry" or frame[col].dtype.kind not in "OUT":
            continue
        for value in frame[col].dropna().astype(str).head(50):
            if not value.isascii() and value not in out:
                out.append(value[:40])
                break
        if len(out) >= 5:
            break
    return out


def read_table(path: Path, kind: str, options: Options, limits: Limits,
                report: dict[str, Any]) -> tuple[gpd.GeoDataFrame, CRS | None]:
    report["format"] = kind
    if kind == "CSV":
        encoding = _encoding_for(path, "CSV", options, report) or "UTF-8"
        table = tabular.read_csv(path, encoding, limits.max_features)
    else:
        table = tabular.read_xlsx(path, limits.max_features, options.layer)
        report["layer"] = table.sheet
    frame = table.frame
    if len(frame) > limits.max_features:
        raise UploadRefused(f"the table has more than {limits.max_features:,} rows (the limit)",
                            report, "too_many_features")
    columns = [str(c) for c in frame.columns]
    report["columns"] = columns
    lon_col = options.lon_column or tabular.find_column(columns, tabular.LON_NAMES)
    lat_col = options.lat_column or tabular.find_column(columns, tabular.LAT_NAMES)
    report["coordinate_columns"] = {"lon": lon_col, "lat": lat_col,
                                    "source": "chosen" if options.lon_column else "detected"}
    for col, what in ((lon_col, "longitude"), (lat_col, "latitude")):
        if col is None or col not in columns:
            raise UploadRefused(
                f"no {what} column found (columns: {', '.join(columns)}); name it "
                f"{'lon/经度' if what == 'longitude' else 'lat/纬度'} or choose it",
                report, "no_coordinates")
    lon = frame[lon_col].map(tabular.parse_degrees)
    lat = frame[lat_col].map(tabular.parse_degrees)
    raw = frame[lon_col].astype(str)
    dms = int((~raw.str.fullmatch(r"\s*[-+]?\d+(\.\d*)?\s*") & lon.notna()).sum())
    report["coordinate_columns"]["notation"] = "DMS" if dms else "decimal"
    if dms:
        report["notes"].append(f"{dms} longitude values in degrees-minutes-seconds were "
                               "converted to decimal degrees")
    ok = lon.notna() & lat.notna()
    geoms = [shapely.Point(x, y) if good else None
             for x, y, good in zip(lon.fillna(0), lat.fillna(0), ok, strict=True)]
    props = tabular.typed(frame.drop(columns=[lon_col, lat_col]))
    gdf = gpd.GeoDataFrame(props, geometry=geoms, crs=None)
    if ok.any() and not (lon[ok].abs().max() <= 180 and lat[ok].abs().max() <= 90):
        return gdf, None  # projected numbers in the columns: the CRS must be chosen
    report["notes"].append("coordinate columns are read as longitude/latitude WGS 84 unless "
                           "another CRS (e.g. EPSG:4490 or GCJ-02) is chosen")
    return gdf, CRS.from_epsg(4326)


# -- CRS, repair and the report -----------------------------------------------------------------
def _bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    geoms = frame.geometry[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if geoms.empty:
        return None
    b = geoms.total_bounds
    return tuple(float(v) for v in b) if np.all(np.isfinite(b)) else None  # type: ignore[return-value]


def _resolve_crs(frame: gpd.GeoDataFrame, declared: CRS | None, options: Options,
                 limits: Limits, report: dict[str, Any]) -> tuple[CRS | None, bool]:
    """The CRS to read the coordinates in, and whether they are GCJ-02."""
    chosen = crsmod.parse_crs(options.crs)
    info: dict[str, Any] = {"declared": crsmod.crs_code(declared),
                            "declared_name": crsmod.crs_label(declared)}
    report["crs"] = info
    bounds = _bounds(frame)
    if chosen == crsmod.GCJ02:
        info.update(used="EPSG:4326", source="chosen", gcj02=True,
                    accuracy=gcj02.ACCURACY_NOTE, accuracy_m=gcj02.STATED_ACCURACY_M)
        if bounds and not (abs(bounds[0]) <= 180 and abs(bounds[3]) <= 90):
            report["errors"].append("GCJ-02 was chosen but the coordinates are not degrees")
        return CRS.from_epsg(4326), True
    if chosen is not None:
        if declared is not None and not declared.equals(chosen):
            report["warnings"].append(f"the file declares {crsmod.crs_label(declared)}; "
                                      f"the chosen {crsmod.crs_label(chosen)} is used instead")
        info.update(used=crsmod.crs_code(chosen), name=crsmod.crs_label(chosen), source="chosen")
        return chosen, False
    if declared is not None:
        info.update(used=crsmod.crs_code(declared), name=crsmod.crs_label(declared),
                    source="file")
        return declared, False
    info["source"] = "none"
    info["candidates"] = [c.to_dict() for c in crsmod.guess_crs(bounds, limits.region)] \
        if bounds else []
    best = info["candidates"][0]["code"] if info["candidates"] else None
    info["suggested"] = best
    report["errors"].append(
        "the file declares no coordinate system (no .prj or embedded CRS); choose one"
        + (f" — the coordinates suggest {best}" if best else ""))
    return None, False


def _to_wgs84(frame: gpd.GeoDataFrame, source: CRS, is_gcj: bool) -> gpd.GeoDataFrame:
    frame = frame.set_crs(source, allow_override=True)
    if not (source.to_epsg() == 4326 or source.equals(CRS.from_epsg(4326))):
        frame = frame.to_crs(4326)
    if is_gcj:
        def inverse(coords: np.ndarray) -> np.ndarray:
            lon, lat = gcj02.gcj02_to_wgs84(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])
        frame = frame.set_geometry(shapely.transform(frame.geometry.values, inverse),
                                   crs=4326)
    return frame


def _id_field(columns: list[str]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    return next((lowered[n] for n in ID_FIELDS if n in lowered), None)


def _field_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "b":
        return "boolean"
    if kind in "iu" or str(series.dtype) in ("Int64", "Int32", "Int16", "Int8"):
        return "integer"
    if kind == "f":
        return "real"
    if kind == "M":
        return "datetime"
    sample = series.dropna().head(20)
    if len(sample) and all(hasattr(v, "isoformat") for v in sample):
        return "date"
    return "string"


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _geometry_kind(types: Counter) -> str:
    kinds = Counter()
    for name, n in types.items():
        if "Polygon" in name:
            kinds["polygon"] += n
        elif "Line" in name:
            kinds["line"] += n
        elif "Point" in name:
            kinds["point"] += n
    return kinds.most_common(1)[0][0] if kinds else "point"


def _repair(frame: gpd.GeoDataFrame, id_col: str | None, report: dict[str, Any]
            ) -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    present = ~(pd.isna(geoms) | shapely.is_empty(geoms))
    invalid = present & ~shapely.is_valid(geoms)
    listed = []
    if invalid.any():
        reasons = shapely.is_valid_reason(geoms[invalid])
        idx = np.flatnonzero(invalid)
        repaired = shapely.make_valid(geoms[invalid])
        dims = shapely.get_dimensions(geoms[invalid])
        fixed = []
        for g, dim in zip(repaired, dims, strict=True):
            # keep the parts of the original dimension (a bow-tie stays polygonal)
            if g is not None and g.geom_type == "GeometryCollection":
                parts = [p for p in shapely.get_parts(g) if shapely.get_dimensions(p) == dim]
                g = shapely.union_all(parts) if parts else g
            fixed.append(g)
        geoms = geoms.copy()
        geoms[invalid] = np.array(fixed, dtype=object)
        for i, reason in zip(idx[:LIST_CAP], reasons[:LIST_CAP], strict=False):
            listed.append({"row": int(i) + 1, "id": _jsonable(frame.iloc[i][id_col])
                           if id_col else None, "reason": str(reason)})
        frame = frame.set_geometry(geoms, crs=frame.crs)
    report["invalid"] = {"count": int(invalid.sum()), "repaired": int(invalid.sum()),
                         "rows": listed, "method": "shapely.make_valid"}
    empty = np.flatnonzero(~present)
    report["empty"] = {"count": len(empty), "rows": [int(i) + 1 for i in empty[:LIST_CAP]]}
    if len(empty):
        report["warnings"].append(f"{len(empty)} rows have no geometry; they are kept without "
                                  "a position (listed under empty)")
    return frame


def finish_vector(frame: gpd.GeoDataFrame, declared: CRS | None, options: Options,
                   limits: Limits, report: dict[str, Any]) -> Inspected:
    report["kind"] = "vector"
    frame = frame.rename(columns={c: _safe_name(c) for c in frame.columns
                                  if c != frame.geometry.name})
    columns = [c for c in frame.columns if c != frame.geometry.name]
    report["count"] = len(frame)
    source, is_gcj = _resolve_crs(frame, declared, options, limits, report)
    id_col = _id_field(columns)
    frame = _repair(frame, id_col, report)
    types = Counter(t for t in shapely.get_type_id(frame.geometry.values).tolist() if t >= 0)
    names = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
             5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
    geom_types = Counter({names[k]: v for k, v in types.items()})
    report["geometry_types"] = dict(geom_types)
    report["geometry"] = _geometry_kind(geom_types)
    if len(geom_types) > 1 and len({_geometry_kind(Counter({k: 1})) for k in geom_types}) > 1:
        report["warnings"].append("mixed geometry types: " + ", ".join(
            f"{k} {v}" for k, v in geom_types.items()))
    report["fields"] = [{"name": c, "type": _field_type(frame[c])} for c in columns]
    if id_col:
        values = frame[id_col].dropna()
        dup = values[values.duplicated(keep=False)]
        report["duplicate_ids"] = {"field": id_col, "count": int(dup.nunique()),
                                   "values": [_jsonable(v) for v in dup.unique()[:LIST_CAP]]}
        if len(dup):
            report["warnings"].append(f"{dup.nunique()} values of {id_col!r} occur more than "
                                      "once")
    else:
        report["duplicate_ids"] = {"field": None, "count": 0, "values": []}
    report["sample"] = [{c: _jsonable(row[c]) for c in columns}
                        for _, row in frame.head(SAMPLE_ROWS).iterrows()]
    report["time_span"] = _time_span(frame, report["fields"])
    if source is None:
        report["valid"] = False
        report["extent_source"] = list(_bounds(frame) or ())
        return Inspected("vector", report, None)
    try:
        frame = _to_wgs84(frame, source, is_gcj)
    except Exception as exc:
        report["errors"].append(f"the coordinates cannot be transformed from "
                                f"{crsmod.crs_label(source)}: {exc}")
        report["valid"] = False
        return Inspected("vector", report, None)
    bounds = _bounds(frame)
    report["extent"] = list(bounds) if bounds else None
    _region_check(frame, limits.region, report)
    report["preview"] = _preview(frame, columns)
    report["valid"] = not report["errors"]
    provenance = {"crs_of_origin": report["crs"].get("used"), "gcj02": is_gcj}
    if is_gcj:
        provenance["gcj02_accuracy"] = gcj02.ACCURACY_NOTE
        provenance["gcj02_accuracy_m"] = gcj02.STATED_ACCURACY_M
    if "encoding" in report:
        provenance["encoding"] = report["encoding"]["encoding"]
    return Inspected("vector", report, frame, provenance=provenance)


def _safe_name(name: Any) -> str:
    """A property name PostgreSQL can use as a column alias (≤ 63 bytes, no quotes)."""
    text = str(name).replace('"', "").replace("\x00", "").strip() or "field"
    while len(text.encode("utf-8")) > 60:
        text = text[:-1]
    return text


def _time_span(frame: pd.DataFrame, fields: list[dict]) -> list[str] | None:
    lo = hi = None
    for f in fields:
        if f["type"] not in ("date", "datetime"):
            continue
        values = pd.to_datetime(frame[f["name"]], errors="coerce").dropna()
        if values.empty:
            continue
        lo = min(lo, values.min()) if lo is not None else values.min()
        hi = max(hi, values.max()) if hi is not None else values.max()
    return [lo.isoformat(), hi.isoformat()] if lo is not None else None


def _region_check(frame: gpd.GeoDataFrame, region: tuple[float, float, float, float],
                  report: dict[str, Any]) -> None:
    geoms = frame.geometry.values
    present = ~(pd.isna(geoms) | shapely.is_empty(geoms))
    m = crsmod.REGION_MARGIN_DEG
    area = box(region[0] - m, region[1] - m, region[2] + m, region[3] + m)
    inside = np.zeros(len(frame), dtype=bool)
    if present.any():
        inside[present] = shapely.intersects(geoms[present], area)
    outside = np.flatnonzero(present & ~inside)
    report["region"] = {"bbox": list(region), "outside": len(outside),
                        "rows": [int(i) + 1 for i in outside[:LIST_CAP]]}
    if len(outside):
        share = len(outside) / max(1, int(present.sum()))
        report["warnings"].append(
            f"{len(outside)} of {int(present.sum())} features ({share:.0%}) fall outside the "
            "bureau's region after transformation — a wrong coordinate system or zone?")


def _preview(frame: gpd.GeoDataFrame, columns: list[str]) -> dict[str, Any]:
    """A small GeoJSON for the map preview: capped, simplified, 6 decimals."""
    part = frame.iloc[:PREVIEW_FEATURES]
    bounds = _bounds(part)
    tol = 0.0 if bounds is None else max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 2000
    keep = columns[:PREVIEW_FIELDS]
    geoms = part.geometry.values
    present = ~(pd.isna(geoms) | shapely.is_empty(geoms))
    simple = geoms.copy()
    if tol > 0 and present.any():
        simple[present] = shapely.simplify(geoms[present], tol, preserve_topology=True)
    simple = shapely.set_precision(simple, 1e-6)
    rows = part[keep].to_dict("records")
    features = []
    for g, row in zip(simple, rows, strict=True):
        if g is None or g.is_empty:
            continue
        features.append({"type": "Feature", "geometry": mapping(g), "properties": {
            c: _jsonable(v) for c, v in row.items()}})
    return {"type": "FeatureCollection", "features": features,
            "truncated": len(frame) > PREVIEW_FEATURES}
