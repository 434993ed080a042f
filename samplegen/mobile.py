"""Mobile sources (示例数据): remote-sensing points, the heavy-diesel OBD density grid,
non-road machinery by construction site."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from shapely.geometry import box
from shapely.ops import unary_union
from shapely.prepared import prep

from decision_models import mobile_sources as mob
from samplegen._base import (
    Region,
    feature,
    polygonal,
    write_csv,
    write_geojson,
)
from samplegen._shared import (
    ANCHORS,
    SERIES_DAYS,
    SERIES_START,
    _anchor,
    _pt,
)

# ======================================================================================
# Mobile sources
# ======================================================================================


def _spread_pick(rng: np.random.Generator, region: Region, pts: list[tuple[float, float]],
                 n: int) -> list[tuple[float, float]]:
    """``n`` of ``pts`` spread out (greedy farthest point from a random start)."""
    pts = [p for p in pts if region.on_land(*p)]
    if not pts:
        return []
    chosen = [pts[int(rng.integers(0, len(pts)))]]
    while len(chosen) < n:
        d = [min(region.km(p, c) for c in chosen) for p in pts]
        chosen.append(pts[int(np.argmax(d))])
    return chosen


#: A region pack's OBD grid is coarsened beyond the sample's 0.025° to keep this many
#: cells at most (a province would have tens of thousands).
OBD_MAX_CELLS = 3000


def mobile(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    # remote-sensing points: 8 at expressway junctions, 6 on urban arterials
    points = []
    for lon, lat in _spread_pick(rng, region, region.junctions, 8):
        points.append({"lon": round(lon, 6), "lat": round(lat, 6), "road": "高速公路出入口"})
    arterials = [g for p, g in region.roads if p.get("road_class") == "arterial"]
    centre = region.town("合肥市")
    urban = [g for g in arterials if region.km((g.centroid.x, g.centroid.y), centre) < 14] \
        or arterials
    tries = 0
    while len(points) < 14 and urban and tries < 5000:
        tries += 1
        line = urban[int(rng.integers(0, len(urban)))]
        p = region.along(rng, line)
        if p and all(region.km(p, (q["lon"], q["lat"])) > 2.0 for q in points):
            points.append({"lon": p[0], "lat": p[1], "road": "城市主干道"})
    days = pd.date_range(SERIES_START, periods=SERIES_DAYS, freq="D")
    daily = []
    for i, p in enumerate(points):
        p["id"] = f"RS{i + 1:02d}"
        p["name"] = f"示例机动车遥感监测点{i + 1:02d}"
        mean = float(rng.uniform(900, 3200))
        diesel_share = float(rng.uniform(0.12, 0.3) if p["road"] == "高速公路出入口"
                             else rng.uniform(0.03, 0.1))
        dirt = float(rng.uniform(0.85, 1.3))  # the fleet at the point: cleaner or dirtier
        for d in days:
            n = int(rng.poisson(mean * (0.85 if d.day_of_week >= 5 else 1.0)))
            nd = int(rng.binomial(n, diesel_share))
            ng = n - nd
            vg = rng.random(ng) < 0.86
            vd = rng.random(nd) < 0.82
            high = rng.random(ng) < 0.015  # poorly maintained "high emitters"
            co = np.exp(rng.normal(math.log(0.12 * dirt), 0.9, ng)) * np.where(high, 8.0, 1.0)
            hc = np.exp(rng.normal(math.log(50 * dirt), 0.7, ng)) * np.where(high, 4.0, 1.0)
            no_g = np.exp(rng.normal(math.log(180 * dirt), 0.85, ng))
            op = np.minimum(99.0, np.exp(rng.normal(math.log(7 * dirt), 0.7, nd)))
            ring = np.floor(op / 20.0)  # Ringelmann 1 ≈ 20 % obscuration
            no_d = np.exp(rng.normal(math.log(500 * dirt), 0.55, nd))
            fg = mob.gasoline_fails(co_pct=co, hc_ppm=hc, no_ppm=no_g) if ng else np.array([])
            fd = mob.diesel_fails(opacity_pct=op, ringelmann=ring, no_ppm=no_d) if nd else \
                np.array([])
            gv, dv = int(vg.sum()), int(vd.sum())
            gf, df = int((fg & vg).sum()), int((fd & vd).sum())
            daily.append((p["id"], d.strftime("%Y-%m-%d"), n, gv + dv, ng, gv, gf, nd, dv, df))
    # heavy-diesel OBD: vehicles seen per cell and day over a 0.025° grid
    w, s, e, n = region.outline.bounds
    cell = 0.025
    fast = bool(region.aliases)  # a region pack: at most OBD_MAX_CELLS cells, whole ones kept
    if fast:
        cell = max(cell, round(math.sqrt(region.land.area / OBD_MAX_CELLS), 3))
        inner = prep(region.outline)
    expressways = unary_union([g for pr, g in region.roads
                               if pr.get("road_class") == "expressway"])
    cells = []
    for iy in range(math.ceil((n - s) / cell)):
        for ix in range(math.ceil((e - w) / cell)):
            b = box(w + ix * cell, s + iy * cell, w + (ix + 1) * cell, s + (iy + 1) * cell)
            if not b.intersects(region.land):
                continue
            c = b.centroid
            d_exp = expressways.distance(c) * region.kx if not expressways.is_empty else 50.0
            d_j = min((region.km((c.x, c.y), j) for j in region.junctions), default=50.0)
            town = sum(wt * math.exp(-region.km((c.x, c.y), region.town(t)) / 6.0)
                       for t, wt, _ in ANCHORS)
            lam = 60 * math.exp(-d_exp / 1.2) + 40 * math.exp(-d_j / 2.0) + 120 * town + 3.0
            vehicles = int(rng.poisson(lam))
            part = b if fast and inner.contains(b) else polygonal(b.intersection(region.outline))
            cells.append((part, {
                "id": f"OBD{iy:03d}{ix:03d}", "vehicles_per_day": vehicles,
                "vehicle_hours_per_day": round(vehicles * float(rng.uniform(0.25, 0.6)), 1),
                "period": SERIES_START.strftime("%Y-%m"), "cell_deg": cell}))
    # non-road machinery by construction site
    sites = []
    types = (("excavator", "挖掘机"), ("loader", "装载机"), ("bulldozer", "推土机"),
             ("roller", "压路机"), ("crane", "起重机"), ("forklift", "叉车"))
    for i in range(45):
        lon, lat = _anchor(rng, region, 1.0)
        kind = str(rng.choice(["房屋建筑", "市政道路", "轨道交通", "水利"], p=[.5, .25, .15, .1]))
        counts = {k: int(rng.poisson(lm)) for (k, _), lm in zip(
            types, (5, 2, 1, 1.5, 2, 1), strict=True)}
        total = max(1, sum(counts.values()))
        if sum(counts.values()) == 0:
            counts["excavator"] = 1
        stages = rng.multinomial(total, [0.12, 0.55, 0.33])
        registered = int(rng.binomial(total, 0.93))
        in_zone = region.km((lon, lat), region.town("合肥市")) < 10.0
        sites.append({"id": f"NRS{i + 1:03d}", "name": f"示例建设工地{i + 1:03d}",
                      "project_type": kind, "lon": lon, "lat": lat,
                      "machines": total, "by_type": counts,
                      "stage_2": int(stages[0]), "stage_3": int(stages[1]),
                      "stage_4": int(stages[2]), "registered": registered,
                      "unregistered": total - registered, "in_restricted_zone": in_zone})
    return {"points": points, "daily": daily, "cells": cells, "sites": sites}


def _write_mobile(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    agg: dict[str, list[int]] = {}
    for r in data["daily"]:
        a = agg.setdefault(r[0], [0, 0, 0])
        a[0] += r[2]
        a[1] += r[5] + r[8]
        a[2] += r[6] + r[9]
    feats = []
    for p in data["points"]:
        adcode, dname = region.district_of(p["lon"], p["lat"])
        passes, valid, failed = agg[p["id"]]
        rate = mob.exceedance_rate([True] * failed + [False] * (valid - failed)).rate
        feats.append(feature(_pt(p["lon"], p["lat"]), {
            "id": p["id"], "name": p["name"], "road": p["road"], "adcode": adcode,
            "district": dname, "passes": passes, "valid_passes": valid, "failed": failed,
            "exceedance_rate": round(rate, 4) if rate is not None else None,
            "period": f"{SERIES_START:%Y-%m-%d}/{SERIES_DAYS}d"}))
    c["rs_points.geojson"] = write_geojson(
        out / "rs_points.geojson", "rs_points", feats, seed=seed,
        description="机动车遥感监测点 (示例数据): passes and exceedance rate of the period")
    c["rs_daily.csv"] = write_csv(
        out / "rs_daily.csv",
        ["point_id", "date", "passes", "valid_passes", "gasoline_passes", "gasoline_valid",
         "gasoline_failed", "diesel_passes", "diesel_valid", "diesel_failed"], data["daily"])
    feats = [feature(g, p) for g, p in data["cells"]]
    c["obd_density.geojson"] = write_geojson(
        out / "obd_density.geojson", "obd_density", feats, seed=seed,
        description="重型柴油车远程在线监控 (示例数据): vehicles per cell and day (no tracks)")
    feats = []
    for st in data["sites"]:
        adcode, dname = region.district_of(st["lon"], st["lat"])
        feats.append(feature(_pt(st["lon"], st["lat"]), {
            **{k: v for k, v in st.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["nonroad_sites.geojson"] = write_geojson(
        out / "nonroad_sites.geojson", "nonroad_sites", feats, seed=seed,
        description="非道路移动机械 (示例数据): registered machinery by construction site")
    return c
