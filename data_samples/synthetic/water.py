"""Synthetic water data: rivers, sections, monthly samples, reservoirs, source zones, outfalls.

Anchors: ``shared/reference/hefei_region.md`` §1.2 (river waypoints, lengths, flows), §2.2
(section names/positions, lake points), §2.3 (classes, lake TP/TN/Chl-a/SD, TLI ≈ 56) and
§3 (drinking-water sources).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points, unary_union

from ._common import (
    Base,
    area_km2,
    blob_with_area,
    buffer_m,
    chaikin,
    feature,
    length_km,
    meander,
    offset_km,
    pick,
    r,
)

# name: (waypoints upstream → mouth, mean flow m³/s, width m, depth m, downstream,
#        meander amplitude km)
RIVERS: dict[str, tuple[list[tuple[float, float]], float, float, float, str, float]] = {
    "南淝河": ([(117.064, 31.989), (117.12, 31.935), (117.17, 31.90), (117.23, 31.885),
              (117.29, 31.87), (117.31, 31.84), (117.34, 31.80), (117.37, 31.76),
              (117.405, 31.698)], 16.49, 45, 2.2, "巢湖", 0.25),
    "十五里河": ([(117.19, 31.82), (117.23, 31.795), (117.27, 31.77), (117.30, 31.745),
               (117.335, 31.720)], 2.6, 22, 1.4, "巢湖", 0.15),
    "派河": ([(117.00, 31.78), (117.07, 31.755), (117.17, 31.72), (117.23, 31.69),
            (117.293, 31.672)], 6.8, 35, 2.0, "巢湖", 0.2),
    "杭埠河": ([(116.406, 31.007), (116.474, 31.018), (116.668, 31.272), (117.000, 31.439),
             (117.167, 31.504), (117.25, 31.516), (117.31, 31.535), (117.3628, 31.55)],
            45.35, 120, 1.6, "巢湖", 0.35),
    "丰乐河": ([(116.541, 31.401), (116.781, 31.462), (117.000, 31.535), (117.107, 31.539),
             (117.219, 31.513), (117.25, 31.516)], 24.0, 80, 1.5, "杭埠河", 0.3),
    "白石天河": ([(117.28, 31.27), (117.33, 31.34), (117.38, 31.40), (117.42, 31.45),
               (117.44, 31.48)], 6.0, 30, 1.6, "巢湖", 0.2),
    "兆河": ([(117.4264, 31.1606), (117.45, 31.23), (117.47, 31.30), (117.51, 31.37),
            (117.5514, 31.4292)], 5.5, 40, 2.5, "巢湖", 0.2),
    "柘皋河": ([(117.66, 31.92), (117.70, 31.86), (117.74, 31.79), (117.75, 31.71),
             (117.757, 31.637)], 5.0, 30, 1.5, "巢湖", 0.2),
    "双桥河": ([(117.905, 31.675), (117.885, 31.65), (117.86, 31.625), (117.84, 31.60)],
            1.2, 15, 1.2, "巢湖", 0.05),
    "裕溪河": ([(117.87, 31.60), (117.94, 31.585), (118.00, 31.55), (118.08, 31.45),
             (118.13, 31.43), (118.22, 31.40), (118.287, 31.383), (118.32, 31.39),
             (118.35, 31.38)], 150.0, 135, 5.5, "长江", 0.3),
}

# Item profiles (annual means, mg/L) by typical class. TN is not assessed for rivers but is
# reported; fecal coliform in MPN/L.
PROFILES: dict[str, dict[str, float]] = {
    "II": {"CODMn": 3.2, "COD": 12.0, "BOD5": 2.4, "NH3-N": 0.30, "TP": 0.08, "TN": 1.2,
           "fecal_coliform": 900},
    "II-III": {"CODMn": 3.6, "COD": 14.0, "BOD5": 2.8, "NH3-N": 0.42, "TP": 0.10, "TN": 1.4,
               "fecal_coliform": 1500},
    "III": {"CODMn": 4.3, "COD": 16.5, "BOD5": 3.2, "NH3-N": 0.62, "TP": 0.14, "TN": 1.8,
            "fecal_coliform": 2500},
    "III-IV": {"CODMn": 5.2, "COD": 19.0, "BOD5": 3.8, "NH3-N": 0.85, "TP": 0.18, "TN": 2.4,
               "fecal_coliform": 4500},
    "IV": {"CODMn": 6.2, "COD": 23.0, "BOD5": 4.6, "NH3-N": 1.25, "TP": 0.24, "TN": 4.0,
           "fecal_coliform": 8000},
    "lake-W": {"CODMn": 4.6, "COD": 18.0, "BOD5": 3.4, "NH3-N": 0.35, "TP": 0.10, "TN": 1.4,
               "fecal_coliform": 600, "chla": 28.0, "SD": 0.30},
    "lake-Wbay": {"CODMn": 4.9, "COD": 19.0, "BOD5": 3.6, "NH3-N": 0.55, "TP": 0.12,
                  "TN": 1.7, "fecal_coliform": 1200, "chla": 34.0, "SD": 0.27},
    "lake-E": {"CODMn": 4.0, "COD": 15.0, "BOD5": 2.9, "NH3-N": 0.25, "TP": 0.065,
               "TN": 1.05, "fecal_coliform": 400, "chla": 14.0, "SD": 0.40},
}

# code order: river sections of §2.2, extra river sections, then the 10 lake points.
# (name, river, lon, lat, level, target, profile)
RIVER_SECTIONS: list[tuple[str, str, float, float, str, str, str]] = [
    ("施口", "南淝河", 117.400, 31.702, "国控", "IV", "IV"),
    ("希望桥", "十五里河", 117.30, 31.76, "国控", "IV", "III-IV"),
    ("肥西化肥厂下游", "派河", 117.20, 31.71, "国控", "IV", "III-IV"),
    ("派河口", "派河", 117.29, 31.675, "省控", "III", "III"),
    ("三河镇", "杭埠河", 117.25, 31.52, "国控", "III", "II-III"),
    ("丰乐河大桥", "丰乐河", 117.22, 31.515, "国控", "III", "II-III"),
    ("白石天河入湖口", "白石天河", 117.44, 31.48, "国控", "III", "III"),
    ("兆河入湖口", "兆河", 117.55, 31.43, "省控", "III", "III"),
    ("柘皋河入湖口", "柘皋河", 117.757, 31.64, "省控", "III", "III"),
    ("双桥河入湖口", "双桥河", 117.84, 31.60, "省控", "IV", "III-IV"),
    ("巢湖闸", "裕溪河", 117.87, 31.60, "国控", "III", "III-IV"),
    ("裕溪口", "裕溪河", 118.32, 31.39, "国控", "III", "II-III"),
    ("董铺水库出口", "南淝河", 117.19, 31.89, "市控", "III", "III"),
    ("当涂路桥", "南淝河", 117.30, 31.86, "省控", "IV", "IV"),
    ("大蜀山下游", "十五里河", 117.22, 31.80, "市控", "IV", "III-IV"),
    ("上派镇", "派河", 117.15, 31.727, "市控", "III", "III"),
    ("杭埠河舒城段", "杭埠河", 116.90, 31.40, "省控", "II", "II"),
    ("丰乐河桃溪", "丰乐河", 116.98, 31.53, "省控", "III", "II"),
    ("庐江县城下游", "白石天河", 117.35, 31.36, "市控", "III", "III"),
    ("白湖", "兆河", 117.47, 31.30, "市控", "III", "III"),
    ("柘皋镇", "柘皋河", 117.74, 31.79, "省控", "III", "III"),
    ("东关", "裕溪河", 118.00, 31.55, "省控", "III", "III"),
    ("巢湖城区", "双桥河", 117.87, 31.64, "市控", "IV", "IV"),
]
LAKE_POINTS: list[tuple[str, float, float, str, str, str]] = [
    ("南淝河入湖区", 117.400, 31.675, "西", "国控", "lake-Wbay"),
    ("十五里河入湖区", 117.340, 31.700, "西", "国控", "lake-Wbay"),
    ("派河入湖区", 117.310, 31.655, "西", "国控", "lake-Wbay"),
    ("新河入湖区", 117.375, 31.565, "西", "国控", "lake-W"),
    ("西半湖湖心", 117.430, 31.600, "西", "国控", "lake-W"),
    ("湖心", 117.580, 31.550, "东", "国控", "lake-E"),
    ("黄麓", 117.640, 31.620, "东", "国控", "lake-E"),
    ("兆河入湖区", 117.550, 31.445, "东", "国控", "lake-E"),
    ("东半湖湖心", 117.700, 31.560, "东", "国控", "lake-E"),
    ("巢湖船厂", 117.830, 31.595, "东", "省控", "lake-E"),
]

ITEM_KEYS = ["pH", "DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "Cu", "Zn", "F", "Se",
             "As", "Hg", "Cd", "Cr6", "Pb", "CN", "phenol", "petroleum", "LAS", "sulfide",
             "fecal_coliform", "temperature", "chla", "SD"]
DECIMALS = {"pH": 2, "DO": 2, "CODMn": 2, "COD": 1, "BOD5": 2, "NH3-N": 3, "TP": 3, "TN": 2,
            "Cu": 4, "Zn": 4, "F": 3, "Se": 5, "As": 5, "Hg": 6, "Cd": 5, "Cr6": 4, "Pb": 5,
            "CN": 4, "phenol": 5, "petroleum": 3, "LAS": 3, "sulfide": 4, "fecal_coliform": 0,
            "temperature": 1, "chla": 1, "SD": 2}
# Trace items: (median, log-sd); typical values well below the class III limits.
TRACE = {"Cu": (0.004, 0.5), "Zn": (0.02, 0.5), "F": (0.45, 0.25), "Se": (0.0004, 0.3),
         "As": (0.0018, 0.4), "Hg": (0.00002, 0.4), "Cd": (0.0002, 0.5), "Cr6": (0.004, 0.3),
         "Pb": (0.0015, 0.5), "CN": (0.002, 0.4), "phenol": (0.0008, 0.5),
         "petroleum": (0.02, 0.5), "LAS": (0.05, 0.4), "sulfide": (0.008, 0.5)}

FIRST_MONTH = (2023, 11)
N_MONTHS = 36  # 2023-11 … 2026-10 (the month before 2026-11)


def make_rivers(rng: np.random.Generator, base: Base) -> dict[str, LineString]:
    """Smoothed, meandering centre-lines; inflows end on the lake shore."""
    shore = base.lake.exterior
    lines: dict[str, LineString] = {}
    for name, (pts, *_rest, amp) in RIVERS.items():
        pts = list(pts)
        if name == "裕溪河":
            p0 = Point(pts[0])
            pts[0] = shore.interpolate(shore.project(p0)).coords[0]
        elif name != "丰乐河":
            p1 = Point(pts[-1])
            pts[-1] = shore.interpolate(shore.project(p1)).coords[0]
        line = meander(rng, LineString(chaikin(pts)), amp)
        if name == "丰乐河":  # join the 杭埠河 line exactly
            hb = lines["杭埠河"]
            end = nearest_points(hb, Point(line.coords[-1]))[0]
            line = LineString([*line.coords[:-1], end.coords[0]])
        cut = line.difference(base.lake.buffer(-1e-6))
        if cut.geom_type == "MultiLineString":  # keep the longest dry part
            cut = max(cut.geoms, key=lambda g: g.length)
        lines[name] = cut.simplify(0.0002)
    return lines


def river_features(lines: dict[str, LineString]) -> list[dict[str, Any]]:
    feats = []
    for name, line in lines.items():
        _pts, flow, width, depth, down, _amp = RIVERS[name]
        feats.append(feature({
            "name": name, "length_km": r(length_km(line), 2), "mean_flow_m3s": flow,
            "velocity_m_s": r(flow / (width * depth), 3), "width_m": float(width),
            "depth_m": float(depth), "downstream": down}, line))
    return feats


def section_features(base: Base, lines: dict[str, LineString]
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """Sections snapped onto their river; returns features and (code, profile, water)."""
    feats, meta = [], []
    n = 0
    for name, river, lon, lat, level, target, prof in RIVER_SECTIONS:
        n += 1
        code = f"WS{n:02d}"
        line = lines[river]
        p = nearest_points(line, Point(lon, lat))[0]
        if base.lake.buffer(0.002).contains(p):  # keep mouth sections on the river side
            p = line.interpolate(max(line.project(p) - 0.003, 0.0))
        feats.append(feature({"code": code, "name": name, "river": river, "waterbody": "river",
                              "level": level, "target_class": target, "lake_half": None,
                              "adcode": base.adcode(p.x, p.y)}, p))
        meta.append((code, prof, "river"))
    for name, lon, lat, half, level, prof in LAKE_POINTS:
        n += 1
        code = f"WS{n:02d}"
        feats.append(feature({"code": code, "name": name, "river": "巢湖", "waterbody": "lake",
                              "level": level, "target_class": "III", "lake_half": half,
                              "adcode": None}, Point(lon, lat)))
        meta.append((code, prof, "lake"))
    return feats, meta


def _months() -> list[tuple[int, int]]:
    y, m = FIRST_MONTH
    out = []
    for _ in range(N_MONTHS):
        out.append((y, m))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def sample_rows(rng: np.random.Generator, meta: list[tuple[str, str, str]]
                ) -> list[list[Any]]:
    """Monthly samples with seasonality, a mild improving trend and a few gaps."""
    rows = []
    for code, prof, water in meta:
        base = PROFILES[prof]
        bias = rng.normal(0, 0.08)  # persistent per-section offset
        for i, (y, m) in enumerate(_months()):
            season = math.sin(2 * math.pi * (m - 4) / 12)  # +1 in July, -1 in January
            years = i / 12
            trend = 1 - 0.045 * years
            temp = 17.5 + 11.5 * season + rng.normal(0, 1.2)
            temp = max(temp, 3.0)
            do_sat = 14.62 - 0.3898 * temp + 0.006969 * temp**2
            dirt = {"II": 0.95, "II-III": 0.92, "III": 0.88, "III-IV": 0.8, "IV": 0.7}
            vals: dict[str, float | None] = {}
            vals["temperature"] = temp
            vals["DO"] = do_sat * dirt.get(prof, 0.95 if water == "lake" else 0.9) * \
                math.exp(rng.normal(0, 0.06))
            vals["pH"] = (8.1 if water == "lake" else 7.5) + 0.25 * season * (
                1 if water == "lake" else 0.4) + rng.normal(0, 0.15)
            for key in ("CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "fecal_coliform"):
                f = 1.0
                if key == "NH3-N":
                    f = 1 - 0.3 * season  # higher in winter
                elif key == "TP" and water == "lake":
                    f = 1 + 0.25 * season  # internal loading in summer
                elif key in ("CODMn", "COD", "BOD5") and water == "lake":
                    f = 1 + 0.12 * season
                elif key == "fecal_coliform":
                    f = 1 + 0.5 * season
                sd = 0.35 if key == "fecal_coliform" else 0.2
                vals[key] = base[key] * f * trend * math.exp(bias + rng.normal(0, sd))
            for key, (med, sd) in TRACE.items():
                vals[key] = med * math.exp(rng.normal(0, sd))
            if water == "lake":
                bloom = max(0.0, season) ** 1.5
                vals["chla"] = base["chla"] * (0.55 + 1.9 * bloom) * trend * \
                    math.exp(rng.normal(0, 0.3))
                vals["SD"] = base["SD"] * (1.15 - 0.3 * bloom) * math.exp(rng.normal(0, 0.12))
            else:
                vals["chla"] = vals["SD"] = None
            for key in ITEM_KEYS:  # about 2 % gaps, more for the rare trace items
                gap = 0.05 if key in ("Se", "Hg", "sulfide", "LAS") else 0.015
                if vals[key] is not None and rng.random() < gap:
                    vals[key] = None
            day = int(rng.integers(5, 16))
            row: list[Any] = [code, dt.date(y, m, day).isoformat()]
            for key in ITEM_KEYS:
                v = vals[key]
                row.append(None if v is None else (
                    round(v) if DECIMALS[key] == 0 else r(v, DECIMALS[key])))
            rows.append(row)
    return rows


# --- drinking-water sources ----------------------------------------------------------

# (name, lon, lat, target km², aspect, rotation, supplies, target class)
RESERVOIRS = [
    ("董铺水库", 117.172, 31.897, 12.0, 1.9, 20, "合肥市二水厂、三水厂", "II"),
    ("大房郢水库", 117.238, 31.935, 7.5, 1.6, -30, "合肥市三水厂、六水厂", "II"),
    ("众兴水库", 117.585, 32.015, 3.0, 1.5, 10, "肥东县城", "III"),
    ("磨墩水库", 116.985, 31.605, 2.5, 1.4, 50, "合肥市七水厂 (龙河口引水调蓄)", "II"),
    ("果树园山水库", 117.175, 31.225, 1.6, 1.3, 0, "庐江县城", "III"),
]


def make_reservoirs(rng: np.random.Generator, base: Base) -> list[tuple[str, Any]]:
    out = []
    for name, lon, lat, km2, aspect, rot, *_ in RESERVOIRS:
        shp = blob_with_area(rng, lon, lat, km2, clip=base.city, n=30, rough=0.18,
                             aspect=aspect, rot_deg=rot)
        out.append((name, shp.simplify(0.0003)))
    return out


def reservoir_features(reservoirs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [feature({"name": n, "kind": "reservoir", "area_km2": r(area_km2(g), 2)}, g)
            for n, g in reservoirs]


def source_zone_features(rng: np.random.Generator, base: Base,
                         reservoirs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Level 1 = water body + 300 m; level 2 = a 2.5 km belt (董铺+大房郢 combined)."""
    feats = []
    info = {row[0]: row for row in RESERVOIRS}
    l1 = {n: buffer_m(g, 300).intersection(base.city) for n, g in reservoirs}
    for n, g in l1.items():
        feats.append(feature({"source_name": n, "level": 1, "zone_name": f"{n}一级保护区",
                              "water_type": "reservoir", "supplies": info[n][6],
                              "target_class": info[n][7], "area_km2": r(area_km2(g), 2)},
                             g.simplify(0.0002)))
    all_l1 = unary_union(list(l1.values()))
    groups = [("董铺水库、大房郢水库", ["董铺水库", "大房郢水库"], 2500),
              ("众兴水库", ["众兴水库"], 2000), ("磨墩水库", ["磨墩水库"], 2000),
              ("果树园山水库", ["果树园山水库"], 1500)]
    res = dict(reservoirs)
    for label, names, dist in groups:
        g = unary_union([buffer_m(res[n], dist) for n in names]).intersection(base.city)
        g = g.difference(all_l1).simplify(0.0003)
        feats.append(feature({"source_name": label, "level": 2, "zone_name": f"{label}二级保护区",
                              "water_type": "reservoir", "supplies": info[names[0]][6],
                              "target_class": "III", "area_km2": r(area_km2(g), 2)}, g))
    # 巢湖市三水厂 lake intake: published zone area 82.445 km² (levels 1 + 2).
    intake = Point(117.80, 31.58)
    lake_belt = base.lake.union(buffer_m(base.lake, 200).intersection(base.city))
    z1 = buffer_m(intake, 1000).intersection(base.lake)
    radius, z2 = 5.0, None
    for _ in range(12):
        z2 = buffer_m(intake, radius * 1000).intersection(lake_belt)
        got = area_km2(z2)
        if abs(got - 82.445) < 0.4:
            break
        radius *= math.sqrt(82.445 / got)
    z2 = z2.difference(z1)
    for lvl, g in ((1, z1), (2, z2)):
        cn = "一" if lvl == 1 else "二"
        feats.append(feature({"source_name": "巢湖市三水厂", "level": lvl,
                              "zone_name": f"巢湖市三水厂取水口{cn}级保护区",
                              "water_type": "lake", "supplies": "巢湖市城区",
                              "target_class": "III", "area_km2": r(area_km2(g), 2)},
                             g.simplify(0.0003)))
    return feats


# --- outfalls ------------------------------------------------------------------------

OUTFALL_COUNTS = {"南淝河": 16, "十五里河": 10, "派河": 10, "杭埠河": 6, "丰乐河": 4,
                  "白石天河": 5, "兆河": 4, "柘皋河": 5, "双桥河": 6, "裕溪河": 6}
OUTFALL_TYPES = ["工业", "生活", "混合", "雨洪"]
OUTFALL_STATUS = ["正常", "正常", "正常", "整治中", "已封堵", "规范化整治完成"]
DISCHARGER_STEMS = ["城北", "城南", "经开区", "高新区", "滨湖", "望塘", "十五里河", "蔡田铺",
                    "小仓房", "朱砖井", "塘西河", "陶冲", "长岗", "北涝圩", "清溪", "西部组团"]


def outfall_features(rng: np.random.Generator, base: Base, lines: dict[str, LineString], *,
                     counts: dict[str, int] | None = None,
                     stems: list[str] = DISCHARGER_STEMS, city: str = "合肥市"
                     ) -> list[dict[str, Any]]:
    """Outfalls beside the rivers (``counts`` per river, default Hefei's), named after
    ``stems``; ``city`` names the municipal treatment plants."""
    feats = []
    n = 0
    for river, count in (OUTFALL_COUNTS if counts is None else counts).items():
        line = lines[river].intersection(base.city)
        if line.geom_type == "MultiLineString":
            line = max(line.geoms, key=lambda g: g.length)
        placed = tries = 0
        while placed < count and tries < 200 * count:
            tries += 1
            t = rng.uniform(0.03, 0.97)
            p = line.interpolate(t, normalized=True)
            q = line.interpolate(min(t + 0.002, 1.0), normalized=True)
            dx, dy = q.x - p.x, q.y - p.y
            norm = math.hypot(dx, dy) or 1.0
            side = 1 if rng.random() < 0.5 else -1
            lon, lat = offset_km(p.x, p.y, -dy / norm * 0.04 * side * 94.7 / 94.7,
                                 dx / norm * 0.04 * side)
            if not base.on_land(lon, lat):
                continue
            n += 1
            placed += 1
            typ = pick(rng, OUTFALL_TYPES, [0.3, 0.3, 0.25, 0.15])
            stem = pick(rng, DISCHARGER_STEMS)
            if typ == "生活":
                who = f"{city}{stem}污水处理厂" if rng.random() < 0.6 else f"{stem}片区生活污水"
                q_m3 = float(rng.choice([5000, 20000, 50000, 100000, 200000]))
            elif typ == "工业":
                who = f"{stem}工业园区污水处理厂" if rng.random() < 0.5 else \
                    f"{stem}{pick(rng, ['化工', '电镀', '食品', '印染', '制药'])}企业集中排口"
                q_m3 = float(rng.choice([800, 2000, 5000, 10000, 30000]))
            elif typ == "混合":
                who = f"{stem}雨污合流排口"
                q_m3 = float(rng.choice([1000, 3000, 8000]))
            else:
                who = f"{stem}雨水泵站"
                q_m3 = 0.0
            feats.append(feature({
                "code": f"PK{n:04d}", "name": f"{river}{stem}{typ}排污口",
                "river": river, "type": typ, "discharger": who,
                "permitted_m3_per_day": q_m3, "status": pick(rng, OUTFALL_STATUS),
                "adcode": base.adcode(lon, lat)}, Point(lon, lat)))
    return feats


def lake_point_check(base: Base) -> None:
    """Guard: the lake points of §2.2 lie inside the lake polygon."""
    for name, lon, lat, *_ in LAKE_POINTS:
        if not base.lake.contains(Point(lon, lat)):
            raise AssertionError(f"lake point {name} outside the lake polygon")
