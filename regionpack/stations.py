"""National-control air stations inside the unit, from the CNEMC snapshot.

``shared/data_raw/air_quality/cnemc_stations_national_snapshot_20180220T07.csv``: 1,495
stations, 2018-02-20 07:00 (positions WGS84 assumed, ±100 m). A station belongs to the pack
when its point lies in the unit's outline, or within :data:`TOLERANCE_KM` of it (stations
on the border, coordinates given to 3–4 decimals).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from shapely.geometry import Point
from shapely.prepared import prep

from .geo import deg_for_km

TOLERANCE_KM = 0.3
SNAPSHOT = "air_quality/cnemc_stations_national_snapshot_20180220T07.csv"
TEXT_COLUMNS = {"stationcode", "positionname", "area", "timepoint", "quality",
                "primarypollutant"}


def raw_dir() -> Path:
    """``shared/data_raw`` (``ONEMAP_DATA_RAW`` overrides; else next to the repository)."""
    env = os.environ.get("ONEMAP_DATA_RAW")
    if env:
        if not (Path(env) / SNAPSHOT).is_file():
            raise RuntimeError(f"ONEMAP_DATA_RAW={env}: {SNAPSHOT} not found there")
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    for cand in (here.parent / "shared" / "data_raw", here / "shared" / "data_raw"):
        if (cand / SNAPSHOT).is_file():
            return cand
    raise RuntimeError("shared/data_raw not found: set ONEMAP_DATA_RAW")


def read_snapshot(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or raw_dir() / SNAPSHOT
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        rec: dict[str, Any] = {}
        for k, v in row.items():
            if k in TEXT_COLUMNS:
                rec[k] = v
            else:
                rec[k] = float(v) if v not in ("", None) else None
        out.append(rec)
    return out


def inside(outline: Any, children: list[tuple[dict, Any]], rows: list[dict[str, Any]]
           ) -> list[tuple[dict[str, Any], Point]]:
    """Stations in ``outline`` (± tolerance); ``adcode``/``district`` of the child holding it."""
    tol = deg_for_km(TOLERANCE_KM, outline.centroid.y)
    minx, miny, maxx, maxy = outline.bounds
    inner = prep(outline)
    kids = [(p, prep(g)) for p, g in children]
    out = []
    for rec in rows:
        x, y = rec["lon"], rec["lat"]
        if not (minx - tol <= x <= maxx + tol and miny - tol <= y <= maxy + tol):
            continue
        pt = Point(x, y)
        if not inner.contains(pt) and outline.distance(pt) > tol:
            continue
        props = dict(rec)
        props["adcode"] = props["district"] = None
        for p, g in kids:
            if g.contains(pt):
                props["adcode"], props["district"] = p["adcode"], p["name"]
                break
        out.append((props, pt))
    out.sort(key=lambda pp: pp[0]["stationcode"])
    return out
