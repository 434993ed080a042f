"""Noise (示例数据): GB 3096 functional zones 0–4b and stations with hourly L_Aeq."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.ops import unary_union

from samplegen._base import (
    Region,
    feature,
    polygonal,
    write_csv,
    write_geojson,
)
from samplegen._shared import (
    SERIES_DAYS,
    SERIES_START,
    _pt,
)

# ======================================================================================
# Noise
# ======================================================================================

# GB/T 15190-2014: width of a 4a strip from the road edge, by the class next to it
# (50 m next to class 1, 35 m next to class 2, 20 m next to class 3; as remembered).
STRIP_M = {"1": 50.0, "2": 35.0, "3": 20.0}
# Typical L_Aeq of a class (day, night) [dB(A)], modelled on urban 功能区 monitoring
# results (classes 0–3 mostly compliant by day, 4a often over at night).
TYPICAL_LEQ = {"0": (47.0, 38.5), "1": (52.5, 43.5), "2": (56.5, 47.5), "3": (60.5, 52.0),
               "4a": (66.5, 57.5), "4b": (65.0, 58.5)}
# Urban areas with zones: the places of the file and the radius of their built-up area
URBAN_KM = {"合肥市": 13.0, "店埠": 3.5, "上派": 3.5, "巢湖市": 4.0, "庐城": 3.0}


def _blob(rng: np.random.Generator, region: Region, lon: float, lat: float,
          r_km: float) -> Polygon:
    ang = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    noise = rng.normal(0, 0.18, 24)
    noise = (noise + np.roll(noise, 1) + np.roll(noise, -1)) / 3
    rad_ = r_km * (1 + noise)
    pts = [region.offset(lon, lat, float(r * math.cos(a)), float(r * math.sin(a)))
           for r, a in zip(rad_, ang, strict=True)]
    return Polygon(pts).buffer(0)


def noise_sample(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    zones: list[tuple[Any, dict[str, Any]]] = []
    roads = unary_union([g for p, g in region.roads
                         if p.get("road_class") in ("expressway", "arterial")])
    # a railway for the 4b strips: the places 合肥市 → 店埠 → 巢湖市 joined (synthetic)
    rail = LineString([region.town("合肥市"), region.town("店埠"), region.town("巢湖市")])
    grid = 1e-7  # overlays on a fixed grid (≈ 1 cm): robust and the same on every machine

    def inter(a: Any, b: Any) -> Any:
        return polygonal(shapely.intersection(a, b, grid_size=grid))

    def minus(a: Any, b: Any) -> Any:
        return polygonal(shapely.difference(a, b, grid_size=grid))

    def union(items: list[Any]) -> Any:
        return polygonal(shapely.union_all(items, grid_size=grid))

    for town, r_km in URBAN_KM.items():
        lon, lat = region.town(town)
        urban = inter(_blob(rng, region, lon, lat, r_km), region.land)
        parts: dict[str, Any] = {}
        # residential (class 1) areas: several per town, industrial (class 3) at the edge
        one = [_blob(rng, region, *region.offset(lon, lat, *(rng.normal(0, r_km / 2.5, 2))),
                     r_km / (5.0 if town == "合肥市" else 3.5))
               for _ in range(8 if town == "合肥市" else 2)]
        three = [_blob(rng, region, *region.offset(lon, lat, *(
            r_km * 0.7 * np.array([math.cos(a), math.sin(a)]))), r_km / 4.0)
            for a in rng.uniform(0, 2 * np.pi, 2 if town == "合肥市" else 1)]
        parts["3"] = inter(union(three), urban)
        parts["1"] = minus(inter(union(one), urban), parts["3"])
        if town == "合肥市":  # one quiet area (class 0), e.g. a sanatorium
            quiet = _blob(rng, region, *region.offset(lon, lat, *(rng.normal(0, r_km / 3, 2))),
                          0.8)
            parts["0"] = minus(inter(quiet, urban), union([parts["1"], parts["3"]]))
        parts["2"] = minus(urban, union(list(parts.values())))
        strips = [inter(region.buffer_km(roads, width / 1000.0), parts[cls])
                  for cls, width in STRIP_M.items()]
        parts["4a"] = union(strips)
        parts["4b"] = minus(inter(region.buffer_km(rail, 0.035), urban), parts["4a"])
        for cls in ("0", "1", "2", "3"):
            if cls in parts:
                parts[cls] = minus(parts[cls], union([parts["4a"], parts["4b"]]))
        for cls in ("0", "1", "2", "3", "4a", "4b"):
            g = parts.get(cls)
            if g is None or g.is_empty or g.area < 1e-7:
                continue
            adcode, dname = region.district_of(lon, lat)
            zones.append((g, {"id": f"NZ{len(zones) + 1:03d}", "zone_class": cls,
                              "town": region.town_name(town), "adcode": adcode,
                              "district": dname}))
    # stations: per class, inside a zone of that class
    per_class = {"0": 2, "1": 4, "2": 5, "3": 3, "4a": 4, "4b": 2}
    stations = []
    for cls, n in per_class.items():
        geoms = [g for g, p in zones if p["zone_class"] == cls]
        if not geoms:
            continue
        g = unary_union(geoms)
        for _ in range(n):
            if cls in ("4a", "4b"):
                line = roads if cls == "4a" else rail
                for _try in range(500):
                    p = line.interpolate(float(rng.uniform(0, 1)), normalized=True)
                    if g.contains(p) and region.on_land(p.x, p.y):
                        lon, lat = round(p.x, 6), round(p.y, 6)
                        break
                else:
                    lon, lat = region.inside(rng, g)
            else:
                lon, lat = region.inside(rng, g)
            stations.append({"id": f"NS{len(stations) + 1:02d}",
                             "name": f"示例声环境功能区监测点{len(stations) + 1:02d}",
                             "zone_class": cls, "lon": lon, "lat": lat})
    t = pd.date_range(SERIES_START, periods=SERIES_DAYS * 24, freq="h")
    hours = t.hour.to_numpy()
    weekend = np.asarray(t.day_of_week >= 5)
    rows = []
    for s in stations:
        day, night = TYPICAL_LEQ[s["zone_class"]]
        off = float(rng.normal(0, 1.5))
        base = np.where((hours >= 6) & (hours < 22), day, night)
        shape_ = (-1.5 * np.exp(-((hours - 3) ** 2) / 4.0)
                  + 1.2 * np.exp(-((hours - 8) ** 2) / 2.0)
                  + 1.0 * np.exp(-((hours - 17.5) ** 2) / 3.0))
        leq = base + off + shape_ - 1.0 * (weekend & (hours >= 6) & (hours < 22)) \
            + rng.normal(0, 1.2, len(t))
        lmax = leq + rng.gamma(4.0, 3.0, len(t))
        for ts, a, b in zip(t, leq, lmax, strict=True):
            rows.append((s["id"], ts.strftime("%Y-%m-%d %H:%M"), round(float(a), 1),
                         round(float(b), 1)))
    return {"zones": zones, "stations": stations, "hourly": rows}


def _write_noise(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    c["noise_zones.geojson"] = write_geojson(
        out / "noise_zones.geojson", "noise_zones",
        [feature(g, p) for g, p in data["zones"]], seed=seed,
        description="声环境功能区 (示例数据): classes 0, 1, 2, 3, 4a, 4b")
    feats = []
    for s in data["stations"]:
        adcode, dname = region.district_of(s["lon"], s["lat"])
        feats.append(feature(_pt(s["lon"], s["lat"]), {
            **{k: v for k, v in s.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["noise_stations.geojson"] = write_geojson(
        out / "noise_stations.geojson", "noise_stations", feats, seed=seed,
        description="声环境功能区监测点 (示例数据): hourly L_Aeq")
    c["noise_hourly.csv"] = write_csv(out / "noise_hourly.csv",
                                      ["station_id", "time", "leq_dba", "lmax_dba"],
                                      data["hourly"])
    return c
