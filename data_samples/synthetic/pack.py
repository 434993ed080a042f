"""The synthetic layers of a region pack: the Hefei generators fed with the pack's geometry.

A pack (``regionpack``) holds real data only: the unit's outline and children, their label
points, GeoNames places, GSHHG lakes, WDB II rivers and a 30″ DEM. Everything synthetic is
placed against those, never against a Hefei constant:

* the km frame is centred on the pack (:func:`._common.frame`);
* rivers are the pack's WDB II lines inside the outline (named 示例河流 NN, since WDB II
  has no names), with sections and outfalls along them; the largest lake inside the
  outline (if any) carries the lake points; reservoirs are the other lakes, or, where the
  pack has none, small synthetic reservoirs below the DEM's hills;
* parks, towns, industrial parks, depots and teams sit at the children's label points
  (``places``) and are named after them; hills (forest parks, redlines, mining) are the
  DEM's highest points;
* names start with the pack's name; telephone numbers use the code ``0000`` (none exists).

Every file has the name and the columns of the Hefei sample's; a region without lakes or
rivers gets empty (or shorter) files instead of an error. Seeded like the sample: the same
pack and seed give the same bytes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.ops import unary_union
from shapely.prepared import prep

from core.region import Region

from . import emergency, industry, land, roads, water
from ._common import (
    Base,
    area_km2,
    blob_with_area,
    buffer_m,
    feature,
    km_apart,
    length_km,
    offset_km,
    r,
)

FAKE_AREA_CODE = "0000"  # no Chinese area code is 0000: clearly made up
MAIN_LAKE_MIN_KM2 = 20.0  # a lake this large inside the unit gets lake sections
RESERVOIR_KM2 = (0.3, 60.0)  # lakes of this size (inside the unit) stand for reservoirs
MAX_RIVERS = 10
MIN_RIVER_KM = 3.0
# enterprise-name characters with no place name in them (the sample's list has 庐肥巢皖徽)
STEM_CHARS = ("恒泰华信瑞丰金鼎永盛新源鑫达宏图中诚远航安科天润佳禾明辉德凯"
              "汇通联创博正国宇晟昌隆兴益嘉富美东方明光成和顺祥云海川广利亚众")
STREETS = ["人民", "解放", "建设", "和平", "朝阳", "幸福", "文化", "青年", "团结", "胜利",
           "光明", "新华", "友谊", "红旗", "东风", "迎宾", "振兴", "繁荣", "兴业", "育才",
           "花园", "明珠", "玉兰", "香樟", "梧桐", "银杏", "锦绣", "新城", "东湖", "西苑"]


@dataclass
class Place:
    """A named point of the pack: a label (region or child) or a GeoNames place."""

    name: str
    lon: float
    lat: float
    adcode: str = ""


@dataclass
class Pack:
    """What the generators need from a pack, read once."""

    region: Region
    base: Base
    short: str  # the name without its 市/县/区/省 suffix
    seat: Place  # the region's own label point
    children: list[Place]  # one per child, at its label point
    towns: list[Place]  # GeoNames places inside the outline (not near a label)
    lakes: list[Any]  # lake polygons inside the outline, largest first
    rivers: list[LineString]  # WDB II lines inside the outline, longest first
    hills: list[tuple[float, float, float]]  # (lon, lat, elevation m), highest first


def short_name(name: str) -> str:
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市", "县", "区",
                   "盟", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _features(path: Path | None) -> list[dict]:
    if path is None or not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _polygonal(geom: Any) -> Any:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    return unary_union(parts) if parts else Polygon()


def _hills(region: Region, outline: Any, lake: Any, n: int = 12, apart_km: float = 12.0
           ) -> list[tuple[float, float, float]]:
    """The highest DEM cells inside the outline (off the lakes), at least ``apart_km``
    apart; the outline's label points if the pack has no DEM."""
    path = region.path("dem")
    if path is None or not path.is_file():
        return []
    import rasterio  # the app's geo stack; read only here
    from rasterio import features as rfeatures

    with rasterio.open(path) as src:
        z = src.read(1).astype(float)
        mask = rfeatures.geometry_mask([outline.difference(lake)], z.shape, src.transform,
                                       invert=True, all_touched=False)
        z[(~mask) | (z == src.nodata) | (z < -1000)] = np.nan
        if not np.isfinite(z).any():
            return []
        order = np.argsort(np.where(np.isfinite(z), -z, np.inf), axis=None, kind="stable")
        out: list[tuple[float, float, float]] = []
        inner = prep(outline.buffer(-0.01) if not outline.buffer(-0.01).is_empty
                     else outline)
        for k in order[: 20000]:
            row, col = divmod(int(k), z.shape[1])
            if not np.isfinite(z[row, col]):
                break
            lon, lat = src.xy(row, col)
            if not inner.contains(Point(lon, lat)):
                continue
            if all(km_apart(lon, lat, x, y) >= apart_km for x, y, _z in out):
                out.append((float(lon), float(lat), float(z[row, col])))
                if len(out) == n:
                    break
    return out


def read_pack(region: Region) -> Pack:
    """The pack's base: outline, children (with their label points), lakes, rivers, hills."""
    city = shape(_features(region.path("admin_region"))[0]["geometry"])
    kids = _features(region.path("admin_children"))
    districts = [(f["properties"]["adcode"], f["properties"]["name"], shape(f["geometry"]))
                 for f in kids]
    lakes = []
    for f in _features(region.path("lakes")):
        g = _polygonal(shape(f["geometry"]).intersection(city))
        if not g.is_empty and area_km2(g) >= RESERVOIR_KM2[0]:
            lakes.append(g)
    lakes.sort(key=lambda g: -g.area)
    main = lakes[0] if lakes and area_km2(lakes[0]) >= MAIN_LAKE_MIN_KM2 else None
    base = Base(city=city, lake=main if main is not None else Polygon(), districts=districts)
    labels = {f["properties"]["adcode"]: Place(f["properties"]["name"],
                                               *f["geometry"]["coordinates"][:2],
                                               f["properties"]["adcode"])
              for f in _features(region.path("places"))}
    seat = labels.get(region.adcode)
    if seat is None:
        p = city.representative_point()
        seat = Place(region.name, p.x, p.y, region.adcode)
    children = []
    for code, name, geom in districts:
        lab = labels.get(code)
        if lab is None:
            p = geom.representative_point()
            lab = Place(name, p.x, p.y, code)
        lon, lat = base.nudge_to_land(lab.lon, lab.lat)
        children.append(Place(name, lon, lat, code))
    seat = Place(seat.name, *base.nudge_to_land(seat.lon, seat.lat), seat.adcode)
    towns: list[Place] = []
    for f in _features(region.path("places_geonames")):
        lon, lat = f["geometry"]["coordinates"][:2]
        name = f["properties"].get("name_zh") or f["properties"].get("name") or ""
        if not name or not base.on_land(lon, lat):
            continue
        if any(km_apart(lon, lat, q.lon, q.lat) < 3.0 for q in [seat, *children, *towns]):
            continue
        towns.append(Place(name, lon, lat, base.adcode(lon, lat) or ""))
    lines = []
    for f in _features(region.path("rivers")):
        lines.append(shape(f["geometry"]))
    rivers: list[LineString] = []
    if lines:
        merged = shapely.line_merge(unary_union(lines).intersection(city).difference(
            base.lake.buffer(-1e-6)))
        parts = [g for g in shapely.get_parts(merged) if g.geom_type == "LineString"]
        parts = [g.simplify(0.0002) for g in parts if length_km(g) >= MIN_RIVER_KM]
        parts.sort(key=lambda g: (-g.length, g.coords[0]))
        rivers = parts[:MAX_RIVERS]
    hills = _hills(region, city, base.lake)
    return Pack(region, base, short_name(region.name), seat, children, towns, lakes, rivers,
                hills)


# --- water ---------------------------------------------------------------------------

def river_names(pack: Pack) -> dict[str, LineString]:
    return {f"{pack.short}示例河流{k + 1:02d}": g for k, g in enumerate(pack.rivers)}


def river_features(pack: Pack, lines: dict[str, LineString]) -> list[dict[str, Any]]:
    feats = []
    names = list(lines)
    for k, (name, line) in enumerate(lines.items()):
        km = length_km(line)
        flow = r(0.08 * km ** 1.25, 2)
        width, depth = float(round(10 + 2.0 * math.sqrt(flow) * 6)), r(1.0 + 0.3 *
                                                                         math.log1p(flow), 1)
        end = Point(line.coords[-1])
        down = next((n for j, n in enumerate(names) if j != k
                     and lines[n].distance(end) < 0.002), "区外")
        feats.append(feature({
            "name": name, "length_km": r(km, 2), "mean_flow_m3s": flow,
            "velocity_m_s": r(flow / (width * depth), 3), "width_m": width,
            "depth_m": depth, "downstream": down}, line))
    return feats


def section_features(pack: Pack, lines: dict[str, LineString]
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """2–4 sections along every river, then 5 points in the main lake (if any)."""
    base = pack.base
    feats, meta = [], []
    levels = ["国控", "省控", "市控"]
    profiles = ["II-III", "III", "III-IV", "IV"]
    n = 0
    for k, (river, line) in enumerate(lines.items()):
        m = int(min(4, max(2, length_km(line) // 20)))
        for j in range(m):
            p = line.interpolate((j + 0.5) / m, normalized=True)
            n += 1
            code = f"WS{n:02d}"
            near = base.district_name(base.adcode(p.x, p.y)) or pack.region.name
            target = "III" if (k + j) % 3 else "IV"
            feats.append(feature({"code": code, "name": f"{river}{short_name(near)}断面",
                                  "river": river, "waterbody": "river",
                                  "level": levels[(k + j) % 3], "target_class": target,
                                  "lake_half": None, "adcode": base.adcode(p.x, p.y)}, p))
            meta.append((code, profiles[(k + 2 * j) % len(profiles)], "river"))
    if not base.lake.is_empty:
        lake = base.lake.buffer(-0.01)
        lake = base.lake if lake.is_empty else lake
        rng = np.random.default_rng([n, 7])
        for j in range(5):
            minx, miny, maxx, maxy = lake.bounds
            lp = prep(lake)
            for _ in range(5000):
                x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                if lp.contains(Point(x, y)):
                    break
            n += 1
            code = f"WS{n:02d}"
            feats.append(feature({"code": code, "name": f"{pack.short}主要湖泊测点{j + 1}",
                                  "river": f"{pack.short}主要湖泊", "waterbody": "lake",
                                  "level": levels[j % 2], "target_class": "III",
                                  "lake_half": None, "adcode": None}, Point(x, y)))
            meta.append((code, "lake-W" if j % 2 else "lake-E", "lake"))
    return feats, meta


def make_reservoirs(rng: np.random.Generator, pack: Pack) -> list[tuple[str, Any, str]]:
    """(name, polygon, supplies): the pack's lakes of reservoir size, else up to three
    synthetic ones a few km below the highest hills."""
    base = pack.base
    out: list[tuple[str, Any, str]] = []
    cands = [g for g in pack.lakes if not g.equals(base.lake)
             and RESERVOIR_KM2[0] <= area_km2(g) <= RESERVOIR_KM2[1]]
    used: dict[str, int] = {}
    for g in cands[:5]:
        p = g.representative_point()
        child = short_name(base.district_name(base.adcode(p.x, p.y)) or pack.region.name)
        used[child] = used.get(child, 0) + 1
        name = f"{child}示例水库" + ("" if used[child] == 1 else str(used[child]))
        out.append((name, g.simplify(0.0003), f"{child}城区"))
    if out:
        return out
    for lon, lat, _z in pack.hills[:3]:
        x, y = offset_km(lon, lat, *rng.normal(0, 3.0, 2))
        if not base.on_land(x, y):
            x, y = base.nudge_to_land(x, y)
        g = blob_with_area(rng, x, y, float(rng.uniform(1.5, 4.0)), clip=base.land, n=30,
                           rough=0.18, aspect=float(rng.uniform(1.2, 1.8)),
                           rot_deg=float(rng.uniform(0, 180)))
        g = _polygonal(g).simplify(0.0003)
        if g.is_empty or area_km2(g) < 0.2:
            continue
        child = short_name(base.district_name(base.adcode(x, y)) or pack.region.name)
        used[child] = used.get(child, 0) + 1
        name = f"{child}示例水库" + ("" if used[child] == 1 else str(used[child]))
        out.append((name, g, f"{child}城区"))
    return out


def reservoir_features(reservoirs: list[tuple[str, Any, str]]) -> list[dict[str, Any]]:
    return [feature({"name": n, "kind": "reservoir", "area_km2": r(area_km2(g), 2)}, g)
            for n, g, _s in reservoirs]


def source_zone_features(pack: Pack, reservoirs: list[tuple[str, Any, str]]
                         ) -> list[dict[str, Any]]:
    """Level 1 = water body + 300 m; level 2 = a 2 km belt around level 1."""
    city = pack.base.city
    feats = []
    l1 = [(n, _polygonal(buffer_m(g, 300).intersection(city)), s) for n, g, s in reservoirs]
    for n, g, s in l1:
        feats.append(feature({"source_name": n, "level": 1, "zone_name": f"{n}一级保护区",
                              "water_type": "reservoir", "supplies": s, "target_class": "II",
                              "area_km2": r(area_km2(g), 2)}, g.simplify(0.0002)))
    all_l1 = unary_union([g for _n, g, _s in l1]) if l1 else Polygon()
    for n, g, s in l1:
        z2 = _polygonal(buffer_m(g, 2000).intersection(city).difference(all_l1))
        if z2.is_empty:
            continue
        feats.append(feature({"source_name": n, "level": 2, "zone_name": f"{n}二级保护区",
                              "water_type": "reservoir", "supplies": s, "target_class": "III",
                              "area_km2": r(area_km2(z2), 2)}, z2.simplify(0.0003)))
    return feats


def outfall_counts(lines: dict[str, LineString]) -> dict[str, int]:
    return {n: int(min(16, max(2, length_km(g) // 8))) for n, g in lines.items()}


# --- soil and ecology --------------------------------------------------------------------

def plot_centres(pack: Pack) -> list[tuple[float, float, float, float]]:
    """The seat (30 %) and the children's label points (or, in a county, its towns)."""
    others = [c for c in pack.children if c.adcode != pack.region.adcode] or pack.towns[:6]
    pts = [(pack.seat.lon, pack.seat.lat, 3.0, 0.3 if others else 1.0)]
    for c in others:
        pts.append((c.lon, c.lat, 2.5, 0.7 / len(others)))
    return pts


def farm_counties(pack: Pack) -> dict[str, tuple[str, list[tuple[float, float]]]]:
    """Two clusters per child, 5 km either side of its label point."""
    out = {}
    for c in pack.children:
        out[c.adcode] = (c.name, [offset_km(c.lon, c.lat, -5.0, 2.0),
                                  offset_km(c.lon, c.lat, 5.0, -2.0)])
    return out


REDLINE_KINDS = [("水源涵养", "山地水源涵养"), ("水土保持", "水土保持"),
                 ("生物多样性维护", "生物多样性维护")]


def redline_shapes(rng: np.random.Generator, pack: Pack, source_zones: list[Any]
                   ) -> list[tuple[str, str, str, Any]]:
    """The main lake's shore belt (if any), the reservoirs' protection zones, then one
    redline per hill; non-overlapping."""
    base = pack.base
    out: list[tuple[str, str, str, Any]] = []
    taken: Any = Polygon()
    if not base.lake.is_empty:
        belt = _polygonal(buffer_m(base.lake, 1000).intersection(base.city.union(base.lake)))
        out.append(("HX01", f"{pack.short}主要湖泊湖体及滨岸带生态保护红线", "湿地",
                    belt.simplify(0.0004)))
        taken = belt
    if source_zones:
        g = _polygonal(unary_union(source_zones).intersection(base.city).difference(taken))
        if not g.is_empty:
            out.append((f"HX{len(out) + 1:02d}", f"{pack.short}饮用水水源水源涵养生态保护红线",
                        "水源涵养", g.simplify(0.0003)))
            taken = taken.union(g)
    for k, (lon, lat, _z) in enumerate(pack.hills[:8]):
        cat, kind = REDLINE_KINDS[k % len(REDLINE_KINDS)]
        child = base.district_name(base.adcode(lon, lat)) or pack.region.name
        g = blob_with_area(rng, lon, lat, float(rng.uniform(8.0, 30.0)), clip=base.city,
                           n=26, rough=0.2, aspect=float(rng.uniform(1.1, 1.5)),
                           rot_deg=float(rng.uniform(0, 180)))
        g = _polygonal(g.intersection(base.city).difference(taken)).simplify(0.0003)
        if g.is_empty or area_km2(g) < 1.0:
            continue
        out.append((f"HX{len(out) + 1:02d}", f"{short_name(child)}{kind}生态保护红线", cat, g))
        taken = taken.union(g)
    return out


def park_list(pack: Pack) -> list[tuple[str, str, str, str, float, float, float, int]]:
    """Forest parks on the hills, a wetland park on the main lake's shore or a reservoir."""
    base = pack.base
    out = []
    years = [1994, 2000, 2005, 2009, 2011, 2013, 2015, 2017]
    for k, (lon, lat, _z) in enumerate(pack.hills[:5]):
        child = short_name(base.district_name(base.adcode(lon, lat)) or pack.region.name)
        out.append((f"ZR{len(out) + 1:02d}", f"{child}示例森林公园", "国家森林公园"
                    if k < 2 else "省级森林公园", "国家级" if k < 2 else "省级", lon, lat,
                    float(6 + 3 * (k % 3)), years[k % len(years)]))
    if not base.lake.is_empty:
        p = base.land.boundary.intersection(base.lake.boundary)
        q = p.representative_point() if not p.is_empty else base.lake.representative_point()
        lon, lat = base.nudge_to_land(q.x, q.y)
        out.append((f"ZR{len(out) + 1:02d}", f"{pack.short}示例湿地公园", "国家湿地公园",
                    "国家级", lon, lat, 8.0, 2015))
    return out


# --- industry and emergency ----------------------------------------------------------

PARK_PROFILES = [
    dict(chem=8, petro=3, pharma=3, steel=2, metal=2, power=1),
    dict(elec=6, pharma=4, appl=3, equip=3), dict(auto=6, appl=5, metal=3, plastic=3),
    dict(elec=7, chem=2, plastic=2), dict(cement=6, food=3, textile=2),
    dict(equip=3, food=3, plastic=3, metal=2), dict(ironmine=4, cumine=3, chem=3, cement=3),
]


def clusters(pack: Pack) -> list[tuple[str, str | None, float, float, float, float, list]]:
    """An industrial park at each child's label point (the first is the chemical park),
    the seat's urban area, small towns, and the countryside."""
    w = industry._w
    out: list[tuple[str, str | None, float, float, float, float, list]] = []
    kids = [c for c in pack.children if c.adcode != pack.region.adcode] or pack.children
    for k, c in enumerate(kids[:12]):
        x, y = pack.base.nudge_to_land(*offset_km(c.lon, c.lat, 3.0, -2.0))
        park = f"{short_name(c.name)}{'化工园区' if k == 0 else '经济开发区'}"
        out.append((park, park, x, y, 2.5, 0.6 / min(len(kids), 12),
                    w(**PARK_PROFILES[k % len(PARK_PROFILES)])))
    out.append(("城区", None, pack.seat.lon, pack.seat.lat, 5.5, 0.22,
                w(repair=8, print=4, food=3, water=1)))
    for t in pack.towns[:4]:
        out.append((t.name, None, t.lon, t.lat, 3.0, 0.03, w(food=3, furn=3, equip=2)))
    out.append(("农村", None, pack.seat.lon, pack.seat.lat, 0.0, 0.08,
                w(farm=8, agro=5, cement=2)))
    return out


def towns(pack: Pack) -> list[tuple[str, float, float, int]]:
    """Road nodes and receptor anchors: the seat, the children, GeoNames places, and (in a
    small unit) points round the seat so that the network has something to join."""
    out = [(f"{pack.short}城区", pack.seat.lon, pack.seat.lat, 40)]
    for c in pack.children:
        if c.adcode != pack.region.adcode and km_apart(c.lon, c.lat, pack.seat.lon,
                                                       pack.seat.lat) > 2.0:
            out.append((c.name, c.lon, c.lat, 8))
    for t in pack.towns[:40]:
        out.append((t.name, t.lon, t.lat, 2))
    k = 0
    while len(out) < 6 and k < 12:
        a = 2 * math.pi * k / 6 + 0.3
        x, y = pack.base.nudge_to_land(*offset_km(pack.seat.lon, pack.seat.lat,
                                                  12 * math.cos(a), 12 * math.sin(a)))
        k += 1
        if all(km_apart(x, y, q[1], q[2]) > 4.0 for q in out):
            out.append((f"{pack.short}示例片区{len(out)}", x, y, 2))
    return out


def junctions(pack: Pack, nodes: list[tuple[str, float, float, int]]
              ) -> list[tuple[str, float, float]]:
    """Expressway junctions 3 km off the seat and the children (packs have no OSM)."""
    out = []
    for name, x, y, w in nodes:
        if w < 8:
            continue
        jx, jy = pack.base.nudge_to_land(*offset_km(x, y, 2.5, 1.5))
        out.append((f"{short_name(name)}互通", jx, jy))
    return out


def intakes(pack: Pack, reservoirs: list[tuple[str, Any, str]]
            ) -> list[tuple[str, float, float, int]]:
    out = []
    for n, g, _s in reservoirs:
        p = g.boundary.interpolate(0.25, normalized=True)
        x, y = pack.base.nudge_to_land(p.x, p.y)
        out.append((f"{n}取水口", x, y, 100000))
    for name, line in list(river_names(pack).items())[:3]:
        p = line.interpolate(0.4, normalized=True)
        x, y = pack.base.nudge_to_land(p.x, p.y)
        out.append((f"{name}应急取水口", x, y, 50000))
    return out


def depots(pack: Pack) -> list[tuple[str, float, float]]:
    out = [(f"{pack.region.name}环境应急物资储备库", pack.seat.lon, pack.seat.lat)]
    for c in pack.children:
        if c.adcode != pack.region.adcode:
            out.append((f"{c.name}应急物资储备库", c.lon, c.lat))
    return out


def teams(pack: Pack) -> list[tuple[str, str, float, float]]:
    out = [(f"{pack.region.name}生态环境应急监测队", "应急监测", pack.seat.lon, pack.seat.lat),
           (f"{pack.region.name}危险化学品应急救援队", "危化品处置",
            *offset_km(pack.seat.lon, pack.seat.lat, 1.5, -1.0))]
    for c in pack.children:
        if c.adcode != pack.region.adcode:
            out.append((f"{c.name}环境应急分队", "综合", c.lon, c.lat))
    return out


def clip_to(feat: dict[str, Any], outline: Any) -> dict[str, Any]:
    """``feat`` with its polygon cut to ``outline`` where simplifying a clipped shape
    pushed an edge out (by metres); other features are returned as they are."""
    g = shape(feat["geometry"])
    if g.geom_type not in ("Polygon", "MultiPolygon") or outline.covers(g):
        return feat
    cut = _polygonal(g.intersection(outline))
    props = {k: v for k, v in feat["properties"].items() if k != "synthetic"}
    return feature(props, cut) if not cut.is_empty else feat


def generate_pack(region: Region, out_dir: Path, rng_for, write_geojson, write_csv,
                  headers: dict[str, list[str]]) -> dict[str, int]:
    """Write every synthetic file of the pack into ``out_dir`` (called by
    :func:`.generate.generate` inside the pack's km frame)."""
    pack = read_pack(region)
    base = pack.base
    counts: dict[str, int] = {}

    def geo(name: str, feats: list) -> None:
        feats = [clip_to(f, base.city) for f in feats]
        counts[f"{name}.geojson"] = write_geojson(out_dir / f"{name}.geojson", name, feats)

    lines = river_names(pack)
    geo("rivers", river_features(pack, lines))
    reservoirs = make_reservoirs(rng_for(2), pack)
    geo("reservoirs", reservoir_features(reservoirs))
    base.set_water([g for _n, g, _s in reservoirs])
    sections, meta = section_features(pack, lines)
    geo("water_sections", sections)
    counts["water_samples.csv"] = write_csv(out_dir / "water_samples.csv",
                                            headers["water_samples"],
                                            water.sample_rows(rng_for(3), meta))
    zones = source_zone_features(pack, reservoirs)
    geo("water_source_zones", zones)
    stems = [short_name(c.name) for c in pack.children] + [t.name for t in pack.towns[:10]]
    geo("sewage_outfalls", water.outfall_features(
        rng_for(5), base, lines, counts=outfall_counts(lines), stems=stems,
        city=pack.region.name))

    geo("soil_plots", land.soil_plot_features(rng_for(6), base, centres=plot_centres(pack),
                                              prefix=pack.short))
    geo("farmland_units", land.farmland_features(
        rng_for(7), base, per_cluster=8, counties=farm_counties(pack),
        mining=[(x, y) for x, y, _z in pack.hills[:2]]))
    shapes = redline_shapes(rng_for(8), pack, [shape(f["geometry"]) for f in zones])
    geo("redline_areas", land.redline_features(shapes))
    geo("nature_reserves", land.park_features(rng_for(9), base, park_list(pack)))
    has_land = any(area_km2(g.intersection(base.land)) > 0.5 for _c, _n, _k, g in shapes)
    geo("change_patches", land.change_patch_features(rng_for(10), base, shapes)
        if has_land else [])

    def prefix(_adcode: str | None) -> str:
        return pack.short

    cl = clusters(pack)
    sources = industry.pollution_sources(rng_for(11), base, clusters=cl, prefix=prefix,
                                         region_code=region.adcode, stem_chars=STEM_CHARS)
    counts["inspections.csv"] = write_csv(out_dir / "inspections.csv", headers["inspections"],
                                          industry.inspections(rng_for(12), sources,
                                                               prefix=prefix))
    geo("pollution_sources", industry.source_features(sources))
    geo("complaints", industry.complaint_features(rng_for(13), base, sources,
                                                  centre=(pack.seat.lon, pack.seat.lat)))
    geo("soil_enterprises", industry.soil_enterprise_features(rng_for(14), sources))
    geo("risk_sources", industry.risk_source_features(rng_for(15), sources,
                                                      chem_park=cl[0][1] or ""))

    nodes = towns(pack)
    urban = tuple(n for n, *_ in nodes[:1]) + tuple(
        c.name for c in pack.children if c.name.endswith("区"))
    geo("receptors", emergency.receptor_features(
        rng_for(16), base, towns=nodes, urban=urban, streets=STREETS,
        intakes=intakes(pack, reservoirs), big=nodes[0][0]))
    geo("resource_depots", emergency.depot_features(rng_for(17), base, depots(pack)))
    geo("response_teams", emergency.team_features(rng_for(18), base, teams(pack),
                                                  FAKE_AREA_CODE))
    road_feats = roads.road_features(rng_for(19), base, region.data_dir, towns=nodes,
                                     junctions=junctions(pack, nodes), within=base.city)
    geo("roads", road_feats)
    return counts
