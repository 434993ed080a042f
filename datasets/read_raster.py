"""Raster uploads: a GeoTIFF checked and rewritten as a COG in EPSG:4326 or its own CRS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyproj import CRS
from shapely.geometry import box, mapping

from datasets import crs as crsmod
from datasets.read_types import (
    Inspected,
    Limits,
    Options,
    UploadRefused,
)


# -- raster -----------------------------------------------------------------------------------
def inspect_raster(path: Path, options: Options, limits: Limits, workdir: Path,
                    report: dict[str, Any]) -> Inspected:
    import rasterio
    from rasterio.errors import RasterioIOError
    from rasterio.warp import transform_bounds

    report.update(kind="raster", format="GeoTIFF")
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        raise UploadRefused(f"the GeoTIFF cannot be read: {str(exc).splitlines()[0]}", report,
                            "corrupt_file") from exc
    with src:
        report.update(width=src.width, height=src.height, bands=src.count,
                      dtype=src.dtypes[0], nodata=src.nodata,
                      count=src.width * src.height)
        chosen = crsmod.parse_crs(options.crs)
        if chosen == crsmod.GCJ02:
            raise UploadRefused("GCJ-02 applies to coordinates copied from web maps, not to "
                                "rasters", report, "bad_crs")
        georef = not src.transform.is_identity
        declared = CRS.from_user_input(src.crs) if src.crs else None
        report["crs"] = {"declared": crsmod.crs_code(declared),
                         "declared_name": crsmod.crs_label(declared)}
        if not georef and not src.gcps[0]:
            raise UploadRefused("the GeoTIFF has no georeferencing (no geotransform): it "
                                "cannot be placed on the map", report, "no_georeference")
        used = chosen or declared
        if used is None:
            b = src.bounds
            cands = crsmod.guess_crs((b.left, b.bottom, b.right, b.top), limits.region)
            report["crs"].update(source="none", candidates=[c.to_dict() for c in cands],
                                 suggested=cands[0].code if cands else None)
            raise UploadRefused("the GeoTIFF has no coordinate system (no CRS in its GeoTIFF "
                                "keys and no .prj/.aux.xml); choose one, e.g. EPSG:4490",
                                report, "no_crs")
        report["crs"].update(used=crsmod.crs_code(used), name=crsmod.crs_label(used),
                             source="chosen" if chosen else "file")
        west, south, east, north = transform_bounds(used, "EPSG:4326", *src.bounds)
        report["extent"] = [west, south, east, north]
        report["resolution"] = [abs(src.transform.a), abs(src.transform.e)]
        region = limits.region
        m = crsmod.REGION_MARGIN_DEG
        overlaps = not (east < region[0] - m or west > region[2] + m or north < region[1] - m
                        or south > region[3] + m)
        report["region"] = {"bbox": list(region), "outside": 0 if overlaps else 1, "rows": []}
        if not overlaps:
            report["warnings"].append("the raster lies outside the bureau's region after "
                                      "transformation — a wrong coordinate system?")
        report["preview"] = {"type": "FeatureCollection", "features": [{
            "type": "Feature", "geometry": mapping(box(west, south, east, north)),
            "properties": {"extent": True}}], "truncated": False}
        cog = workdir / "upload.cog.tif"
        _write_cog(src, cog, used if chosen else None)
    report["valid"] = not report["errors"]
    return Inspected("raster", report, None, cog, {"crs_of_origin": report["crs"]["used"]})


def _write_cog(src, target: Path, assign_crs: CRS | None) -> None:
    import rasterio
    from rasterio.shutil import copy as rio_copy

    if assign_crs is None:
        rio_copy(src, target, driver="COG", compress="DEFLATE", overview_resampling="nearest")
        return
    tmp = target.with_suffix(".tmp.tif")
    rio_copy(src, tmp, driver="GTiff")
    with rasterio.open(tmp, "r+") as dst:
        dst.crs = assign_crs
    with rasterio.open(tmp) as fixed:
        rio_copy(fixed, target, driver="COG", compress="DEFLATE", overview_resampling="nearest")
    tmp.unlink()
