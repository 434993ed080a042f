"""Synthetic soil and ecology data: plots, farmland, enterprises, redlines, parks, changes.

Anchors: ``hefei_region.md`` §5 (parks, 庐江 mining), §6 (wetland/forest parks, the lake
redline with a ~1 km shore belt), GB 36600-2018 / GB 15618-2018 screening values for the
contaminant levels.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union
from shapely.prepared import prep

from ._common import (
    Base,
    area_km2,
    blob_with_area,
    buffer_m,
    feature,
    km_apart,
    offset_km,
    pick,
    r,
    rect,
)

# --- contaminated plots (GB 36600) ---------------------------------------------------

# former use: elevated items (factor × background)
FORMER_USES: dict[str, dict[str, float]] = {
    "化工厂": {"苯": 60, "三氯乙烯": 40, "氯乙烯": 30, "As": 3, "Hg": 8},
    "农药厂": {"As": 6, "Hg": 10, "苯": 30, "氯乙烯": 20},
    "电镀厂": {"Cr6": 40, "Ni": 8, "Cu": 10, "Cd": 15},
    "焦化厂": {"苯并[a]芘": 60, "苯": 50},
    "制革厂": {"Cr6": 25, "Pb": 3},
    "铅蓄电池厂": {"Pb": 12, "Cd": 12},
    "加油站": {"苯": 80, "苯并[a]芘": 10},
    "钢铁厂": {"Pb": 4, "Cd": 6, "苯并[a]芘": 20, "Ni": 3},
    "印染厂": {"Cr6": 8, "Cu": 4, "苯": 10},
    "机械加工厂": {"Ni": 3, "Cu": 4, "三氯乙烯": 50},
    "油库": {"苯": 70, "苯并[a]芘": 8},
    "垃圾填埋场": {"Hg": 5, "Pb": 4, "Cd": 6, "As": 2},
}
# background values mg/kg (Hefei yellow-brown soil, plausible)
SOIL_BG = {"As": 9.0, "Cd": 0.15, "Cr6": 0.4, "Cu": 25.0, "Pb": 28.0, "Hg": 0.07, "Ni": 30.0,
           "苯": 0.02, "三氯乙烯": 0.01, "氯乙烯": 0.005, "苯并[a]芘": 0.03}
SOIL_ITEMS = list(SOIL_BG)
PLOT_STATUS = ["疑似", "调查中", "风险管控", "修复中", "已修复"]
PLOT_CENTRES = [  # (lon, lat, sigma km, weight): old industrial east city, parks, counties
    (117.35, 31.88, 3.0, 0.30), (117.21, 31.77, 3.0, 0.15), (117.52, 31.81, 2.0, 0.15),
    (117.37, 31.90, 2.5, 0.10), (117.88, 31.61, 3.0, 0.10), (117.28, 31.25, 3.0, 0.10),
    (117.13, 31.83, 3.0, 0.10)]
PLOT_STEMS = ["东郊", "红旗", "新华", "合钢", "曙光", "长江", "友谊", "光明", "前进", "胜利",
              "东风", "和平", "红星", "星火", "建设", "解放", "人民", "团结", "朝阳", "跃进"]


def soil_plot_features(rng: np.random.Generator, base: Base, n: int = 45, *,
                       centres: list | None = None, prefix: str = "合肥"
                       ) -> list[dict[str, Any]]:
    """Plots around ``centres`` (lon, lat, sigma km, weight; default Hefei's), named
    原{prefix}…地块."""
    centres = PLOT_CENTRES if centres is None else centres
    feats = []
    uses = list(FORMER_USES)
    used_names: list[str] = []
    for i in range(n):
        lon0, lat0, sig, _w = centres[int(rng.choice(len(centres),
                                                     p=[c[3] for c in centres]))]
        lon, lat = base.sample_near(rng, lon0, lat0, sig)
        use = pick(rng, uses)
        stem = pick(rng, PLOT_STEMS)
        name = f"原{prefix}{stem}{use}地块"
        if name in used_names:
            name = f"原{prefix}{stem}{use}地块({used_names.count(name) + 1}号)"
        used_names.append(name)
        status = pick(rng, PLOT_STATUS, [0.2, 0.25, 0.2, 0.15, 0.2])
        hot = FORMER_USES[use]
        severity = math.exp(rng.normal(0, 0.8)) * (0.3 if status == "已修复" else 1.0)
        items = {}
        for key in SOIL_ITEMS:
            v = SOIL_BG[key] * math.exp(rng.normal(0, 0.35))
            if key in hot:
                v *= hot[key] * severity
            items[key] = r(v, 3 if v < 10 else 1)
        w, h = rng.uniform(0.12, 0.45), rng.uniform(0.10, 0.35)
        poly = rect(lon, lat, w, h, float(rng.uniform(0, 90)))
        poly = poly.intersection(base.land)
        sampled = dt.date(2022, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1700)))
        feats.append(feature({
            "code": f"SP{i + 1:03d}", "name": name, "former_use": use,
            "land_class": int(pick(rng, [1, 2], [0.55, 0.45])), "status": status,
            "sampled_on": sampled.isoformat(), "area_ha": r(area_km2(poly) * 100, 2),
            "adcode": base.adcode(lon, lat), "items": items}, poly))
    return feats


# --- farmland (GB 15618) -----------------------------------------------------------

FARM_COUNTIES = {  # adcode: (name, cluster centres)
    "340121": ("长丰县", [(117.12, 32.30), (117.30, 32.18)]),
    "340122": ("肥东县", [(117.62, 31.92), (117.45, 32.05)]),
    "340123": ("肥西县", [(116.90, 31.62), (117.08, 31.58)]),
    "340124": ("庐江县", [(117.33, 31.16), (117.45, 31.35), (117.12, 31.30)]),
    "340181": ("巢湖市", [(117.70, 31.78), (117.66, 31.45)]),
}
MINING = [(117.33, 31.14), (117.20, 31.18)]  # 庐江 mining belt (泥河/罗河 area, P3)
FARM_BG = {"Cd": 0.17, "Hg": 0.06, "As": 9.0, "Pb": 28.0, "Cr": 65.0, "Cu": 26.0, "Ni": 30.0,
           "Zn": 75.0}


def farmland_features(rng: np.random.Generator, base: Base, per_cluster: int = 18, *,
                      counties: dict | None = None, mining: list | None = None
                      ) -> list[dict[str, Any]]:
    """Grid parcels (≈ 0.9 × 0.8 km, jittered shared corners) around cluster centres of
    ``counties`` (default Hefei's); Cd hot spots near the ``mining`` points."""
    counties = FARM_COUNTIES if counties is None else counties
    mining = MINING if mining is None else mining
    feats = []
    n = 0
    step_x, step_y = 0.0095, 0.0072
    for adcode, (cname, centres) in counties.items():
        county = base.district_geom(adcode)
        cp = prep(county)
        for cx, cy in centres:
            nx, ny = 6, 5
            x0, y0 = cx - nx / 2 * step_x, cy - ny / 2 * step_y
            jit = rng.normal(0, 0.0012, (nx + 1, ny + 1, 2))
            cells = []
            for i in range(nx):
                for j in range(ny):
                    poly = Polygon([(x0 + a * step_x + jit[a, b, 0], y0 + b * step_y + jit[a, b, 1])
                                    for a, b in ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1))])
                    c = poly.centroid
                    if cp.contains(poly) and base.land_p.contains(poly):
                        cells.append((float(rng.random()), poly, c))
            cells.sort(key=lambda t: t[0])
            for _k, poly, c in sorted(cells[:per_cluster], key=lambda t: (t[2].y, t[2].x)):
                n += 1
                use = pick(rng, ["paddy", "orchard", "other"], [0.65, 0.12, 0.23])
                ph = r(rng.normal(6.0 if use == "paddy" else 6.4, 0.5), 2)
                vals = {k: v * math.exp(rng.normal(0, 0.25)) for k, v in FARM_BG.items()}
                dmin = min((km_apart(c.x, c.y, mx, my) for mx, my in mining), default=99.0)
                if dmin < 12:  # Cd (and some Pb, As, Zn) hot spots near the mines
                    boost = 1 + 7 * math.exp(-dmin / 3.5) * math.exp(rng.normal(0, 0.3))
                    vals["Cd"] *= boost
                    vals["Pb"] *= 1 + (boost - 1) * 0.25
                    vals["Zn"] *= 1 + (boost - 1) * 0.3
                    vals["As"] *= 1 + (boost - 1) * 0.15
                props = {"code": f"FL{n:04d}", "adcode": adcode, "county": cname,
                         "land_use": use, "area_ha": r(area_km2(poly) * 100, 1), "ph": ph}
                for k, v in vals.items():
                    props[k] = r(v, 3)
                feats.append(feature(props, poly))
    return feats


# --- ecology -------------------------------------------------------------------------

# (code, name, category, lon, lat, km², aspect, rotation); the lake belt is built separately.
REDLINES = [
    ("HX02", "董铺—大房郢水库水源涵养生态保护红线", "水源涵养", None, None, None, 1, 0),
    ("HX03", "大蜀山生物多样性维护生态保护红线", "生物多样性维护", 117.17, 31.845, 8.0, 1.2, 0),
    ("HX04", "紫蓬山水源涵养生态保护红线", "水源涵养", 117.04, 31.69, 18.0, 1.4, 30),
    ("HX05", "巢湖半岛湿地生态保护红线", "湿地", 117.59, 31.67, 10.5, 1.6, 20),
    ("HX06", "三河湿地生态保护红线", "湿地", 117.25, 31.505, 7.0, 1.5, 10),
    ("HX07", "冶父山水土保持生态保护红线", "水土保持", 117.30, 31.18, 22.0, 1.3, -20),
    ("HX08", "滨湖湿地森林生态保护红线", "湿地", 117.36, 31.725, 9.0, 1.6, 35),
    ("HX09", "汤池山地水源涵养生态保护红线", "水源涵养", 117.10, 31.15, 45.0, 1.4, 40),
    ("HX10", "浮槎山水土保持生态保护红线", "水土保持", 117.63, 31.98, 20.0, 1.2, 0),
    ("HX11", "银屏山生物多样性维护生态保护红线", "生物多样性维护", 117.78, 31.44, 25.0, 1.3, 60),
    ("HX12", "白石天河—黄陂湖湿地生态保护红线", "湿地", 117.43, 31.17, 12.0, 1.5, 0),
]

PARKS = [  # (code, name, category, level, lon, lat, km², established)
    ("ZR01", "巢湖半岛国家湿地公园", "国家湿地公园", "国家级", 117.59, 31.67, 10.52, 2011),
    ("ZR02", "庐阳董铺国家湿地公园", "国家湿地公园", "国家级", 117.17, 31.90, 46.67, 2017),
    ("ZR03", "巢湖湖滨国家湿地公园", "国家湿地公园", "国家级", 117.33, 31.715, 8.0, 2015),
    ("ZR04", "滨湖国家森林公园", "国家森林公园", "国家级", 117.36, 31.725, 10.0, 2013),
    ("ZR05", "大蜀山国家森林公园", "国家森林公园", "国家级", 117.17, 31.845, 7.5, 1994),
    ("ZR06", "紫蓬山国家森林公园", "国家森林公园", "国家级", 117.04, 31.69, 17.5, 2000),
    ("ZR07", "三河国家湿地公园", "国家湿地公园", "国家级", 117.25, 31.505, 6.0, 2015),
    ("ZR08", "冶父山国家森林公园", "国家森林公园", "国家级", 117.30, 31.18, 8.0, 1998),
]

CHANGE_TYPES = ["建设用地扩张", "采矿", "农业开垦", "道路", "水利设施", "旅游设施", "光伏"]
CHANGE_STATUS = ["待核查", "核查中", "已整改", "属实"]


def redline_shapes(rng: np.random.Generator, base: Base, source_zones: list[Any]
                   ) -> list[tuple[str, str, str, Any]]:
    """(code, name, category, geometry); non-overlapping, lake belt first."""
    lake_belt = buffer_m(base.lake, 1000).intersection(base.city.union(base.lake))
    out = [("HX01", "巢湖湖体及滨岸带生态保护红线", "湿地", lake_belt.simplify(0.0004))]
    taken = lake_belt
    for code, name, cat, lon, lat, km2, aspect, rot in REDLINES:
        if lon is None:
            g = unary_union(source_zones)
        else:
            g = blob_with_area(rng, lon, lat, km2, clip=base.city, n=26, rough=0.2,
                               aspect=aspect, rot_deg=rot)
        g = g.intersection(base.city).difference(taken).simplify(0.0003)
        taken = taken.union(g)
        out.append((code, name, cat, g))
    return out


def redline_features(shapes: list[tuple[str, str, str, Any]]) -> list[dict[str, Any]]:
    return [feature({"code": c, "name": n, "category": cat, "area_km2": r(area_km2(g), 2)}, g)
            for c, n, cat, g in shapes]


def park_features(rng: np.random.Generator, base: Base, parks: list | None = None
                  ) -> list[dict[str, Any]]:
    feats = []
    for code, name, cat, level, lon, lat, km2, year in (PARKS if parks is None else parks):
        clip = base.city.difference(base.lake.buffer(-0.002)) if "湖" not in name[:2] else \
            base.city
        g = blob_with_area(rng, lon, lat, km2, clip=clip, n=24, rough=0.2,
                           aspect=float(rng.uniform(1.0, 1.6)),
                           rot_deg=float(rng.uniform(0, 180))).simplify(0.0003)
        feats.append(feature({"code": code, "name": name, "category": cat, "level": level,
                              "area_km2": r(area_km2(g), 2), "established": year}, g))
    return feats


def change_patch_features(rng: np.random.Generator, base: Base,
                          shapes: list[tuple[str, str, str, Any]], n: int = 48
                          ) -> list[dict[str, Any]]:
    """Small patches inside the (land part of the) redlines."""
    land_parts = [(c, nm, g.intersection(base.land)) for c, nm, _cat, g in shapes]
    land_parts = [t for t in land_parts if area_km2(t[2]) > 0.5]
    weights = np.array([math.sqrt(area_km2(g)) for _c, _n, g in land_parts])
    weights /= weights.sum()
    quarters = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30),
                dt.date(2024, 12, 31), dt.date(2025, 3, 31), dt.date(2025, 6, 30),
                dt.date(2025, 9, 30), dt.date(2025, 12, 31), dt.date(2026, 3, 31),
                dt.date(2026, 6, 30), dt.date(2026, 9, 30)]
    feats = []
    for i in range(n):
        code, name, g = land_parts[int(rng.choice(len(land_parts), p=weights))]
        for _ in range(50):
            lon, lat = base.sample_in(rng, g)
            poly = rect(lon, lat, rng.uniform(0.06, 0.3), rng.uniform(0.05, 0.2),
                        float(rng.uniform(0, 90))).intersection(g)
            if poly.area > 0 and poly.geom_type == "Polygon":
                break
        qi = int(rng.integers(len(quarters)))
        age = len(quarters) - 1 - qi
        status = pick(rng, CHANGE_STATUS, [max(0.5 - 0.1 * age, 0.05), 0.25,
                                           0.1 + 0.08 * age, 0.15])
        feats.append(feature({
            "code": f"BH{i + 1:03d}", "redline_code": code, "redline_name": name,
            "detected_on": quarters[qi].isoformat(),
            "change_type": pick(rng, CHANGE_TYPES, [0.3, 0.08, 0.22, 0.14, 0.1, 0.1, 0.06]),
            "area_ha": r(area_km2(poly) * 100, 2), "status": status}, poly))
    return feats


def offset(lon: float, lat: float, dx: float, dy: float) -> Point:
    return Point(*offset_km(lon, lat, dx, dy))
