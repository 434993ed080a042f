"""Biodiversity (示例数据): priority conservation areas, monitoring devices and species
observations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.ops import unary_union

from decision_models import biodiversity as bio
from samplegen._base import (
    Region,
    feature,
    polygonal,
    write_geojson,
)
from samplegen._shared import (
    _anchor,
    _pt,
)

# ======================================================================================
# Biodiversity
# ======================================================================================

_WINTER = {"小天鹅", "鸿雁", "白额雁", "青头潜鸭", "东方白鹳"}


def biodiversity(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    areas = []
    belt = polygonal(region.buffer_km(region.lake, 1.0).intersection(region.outline)) \
        if not region.lake.is_empty else shapely.Polygon()
    lake_name = "巢湖" if not region.aliases else f"{region.short}主要湖泊"
    if not belt.is_empty:
        areas.append((belt, {"id": "PCA01", "name": f"{lake_name}湖区及湖滨带优先保护区域",
                             "kind": "lake",
                             "based_on": f"{lake_name} (GSHHG lake polygon) + 1 km"}))
    for p, g in region.reserves:
        g = polygonal(g.intersection(region.outline))
        if g.is_empty or g.area < 1e-6:
            continue
        kind = "forest" if "森林" in p.get("category", "") else "wetland"
        areas.append((g, {"id": f"PCA{len(areas) + 1:02d}", "name": f"{p['name']}优先保护区域",
                          "kind": kind, "based_on": p["name"]}))
    devices = []
    for geom, props in areas:
        plan = {"forest": [("infrared_camera", 3)], "wetland": [("acoustic", 2),
                                                                ("infrared_camera", 1)],
                "lake": [("acoustic", 5)]}[props["kind"]]
        land = geom.difference(region.lake)  # devices stand on land
        for kind, n in plan:
            for _ in range(n):
                lon, lat = region.inside(rng, land)
                zh = "红外相机" if kind == "infrared_camera" else "声纹监测仪"
                devices.append({"id": f"BD{len(devices) + 1:03d}", "kind": kind, "kind_zh": zh,
                                "area_id": props["id"], "lon": lon, "lat": lat,
                                "installed": f"{2024 + int(rng.integers(0, 2))}-"
                                             f"{int(rng.integers(1, 13)):02d}-01"})
    # species by habitat and weight (protected ones rarer)
    by_hab: dict[str, list[bio.Species]] = {}
    for s in bio.SPECIES.values():
        by_hab.setdefault(s.habitat, []).append(s)
    shore = region.buffer_km(region.lake, 3.0).intersection(region.lake) \
        if not region.lake.is_empty else shapely.Polygon()
    rivers = unary_union([g for _, g in region.rivers])
    riparian = region.buffer_km(rivers, 0.8).intersection(region.land) \
        if not rivers.is_empty else shapely.Polygon()
    # a region without a lake or rivers: water species by the parks' water, or nowhere
    wet_land = [g for g in (riparian, belt.difference(region.lake)) if not g.is_empty] or \
        [polygonal(g.difference(region.lake)) for g, p in areas] or [region.land]
    obs = []
    start = dt.date(2025, 11, 1)
    protected = [s for s in bio.SPECIES.values() if s.protection]

    def place(hab: str) -> tuple[float, float, str | None]:
        if hab == "water":
            lon, lat = region.inside(rng, shore if not shore.is_empty else wet_land[0])
            return lon, lat, None
        cands = [d for d in devices if {"forest": "forest", "wetland": "wetland"}.get(hab)
                 == next(p["kind"] for _, p in areas if p["id"] == d["area_id"])
                 or (hab == "wetland" and d["area_id"] == "PCA01")]
        if cands and rng.random() < 0.5:
            d = cands[int(rng.integers(0, len(cands)))]
            return d["lon"], d["lat"], d["id"]
        if hab == "farmland":
            lon, lat = _anchor(rng, region, 2.5)
        elif hab == "forest" and any(p["kind"] == "forest" for _, p in areas):
            g = [g for g, p in areas if p["kind"] == "forest"]
            lon, lat = region.inside(rng, g[int(rng.integers(0, len(g)))])
        elif hab == "forest":
            lon, lat = _anchor(rng, region, 2.5)
        elif len(wet_land) == 2 or not region.aliases:
            lon, lat = region.inside(rng, riparian if rng.random() < 0.5 else
                                     belt.difference(region.lake))
        else:
            lon, lat = region.inside(rng, wet_land[0])
        return lon, lat, None

    def month_ok(s: bio.Species, day: dt.date) -> bool:
        return s.name_zh not in _WINTER or day.month in (11, 12, 1, 2, 3)

    habs = {"wetland": 0.45, "water": 0.2, "farmland": 0.2, "forest": 0.15}
    hk = list(habs)
    # every protected species at least twice, then the rest by habitat
    queue: list[bio.Species] = [s for s in protected for _ in range(2)]
    for _ in range(1400):
        hab = hk[int(rng.choice(len(hk), p=np.array(list(habs.values()))))]
        pool = by_hab[hab]
        w = np.array([0.15 if s.protection else 1.0 for s in pool])
        queue.append(pool[int(rng.choice(len(pool), p=w / w.sum()))])
    for s in queue:
        for _ in range(50):
            day = start + dt.timedelta(days=int(rng.integers(0, 365)))
            if month_ok(s, day):
                break
        lon, lat, dev = place(s.habitat)
        if dev:
            method = next(d["kind"] for d in devices if d["id"] == dev)
        else:
            method = "catch_survey" if s.group == "fish" else "transect"
        flock = s.name_zh in {"小天鹅", "鸿雁", "白额雁", "普通鸬鹚", "斑嘴鸭"}
        count = int(rng.integers(5, 200)) if flock else int(rng.integers(1, 8))
        obs.append({"id": f"OBS{len(obs) + 1:05d}", "species": s.name_zh,
                    "scientific": s.scientific, "name_en": s.name_en, "group": s.group,
                    "protection": s.protection, "count": count, "date": day.isoformat(),
                    "method": method, "device_id": dev, "lon": lon, "lat": lat})
    obs.sort(key=lambda o: (o["date"], o["id"]))
    return {"areas": areas, "devices": devices, "observations": obs}


def _write_bio(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    c["bio_priority_areas.geojson"] = write_geojson(
        out / "bio_priority_areas.geojson", "bio_priority_areas",
        [feature(g, p) for g, p in data["areas"]], seed=seed,
        description="生物多样性优先保护区域 (示例数据), drawn on the park polygons and the lake")
    c["bio_devices.geojson"] = write_geojson(
        out / "bio_devices.geojson", "bio_devices",
        [feature(_pt(d["lon"], d["lat"]), {k: v for k, v in d.items() if k not in ("lon", "lat")})
         for d in data["devices"]], seed=seed,
        description="生物多样性监测设备 (示例数据): infrared cameras and acoustic monitors")
    feats = []
    for o in data["observations"]:
        adcode, dname = region.district_of(o["lon"], o["lat"])
        feats.append(feature(_pt(o["lon"], o["lat"]), {
            **{k: v for k, v in o.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["bio_observations.geojson"] = write_geojson(
        out / "bio_observations.geojson", "bio_observations", feats, seed=seed,
        description="物种观测记录 (示例数据): real species of the Chaohu area, "
                    "synthetic records")
    return c
