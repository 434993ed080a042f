"""Base layers, placement helpers and writers shared by the sample generators.

Everything is deterministic: every random draw comes from the
:class:`numpy.random.Generator` passed in, iteration follows sorted or file order, and
the writers give byte-identical files for the same seed.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

DATA_DIR = Path(__file__).resolve().parent.parent / "data_samples"
LABEL = "示例数据"
#: Properties every synthetic record carries.
SYNTHETIC = {"synthetic": True, "label": LABEL}


@dataclass
class Region:
    """The real base layers of the sample region, read from the data folder.

    ``outline`` is the city (admin/), ``districts`` a list of (adcode, name, geometry),
    ``towns`` the GeoNames places inside the outline as (name, lon, lat), ``lake`` the
    lake polygon clipped to the outline, ``rivers`` and ``roads`` lists of
    (properties, LineString), ``junctions`` the expressway junction points (OSM).
    """

    outline: BaseGeometry
    districts: list[tuple[str, str, BaseGeometry]]
    towns: list[tuple[str, float, float]]
    lake: BaseGeometry
    rivers: list[tuple[dict, BaseGeometry]]
    roads: list[tuple[dict, BaseGeometry]]
    junctions: list[tuple[float, float]]
    reserves: list[tuple[dict, BaseGeometry]]
    #: Hefei place name → (the pack's place name, lon, lat): where the generators name a
    #: place of the Hefei sample (合肥市, 店埠, 上派, 巢湖市, 庐城), a region pack has its own
    aliases: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    #: the unit's name and short name (合肥市, 合肥; the pack's for a pack)
    name: str = "合肥市"
    short: str = "合肥"

    def __post_init__(self) -> None:
        self._outline = prep(self.outline)
        self._lake = prep(self.lake)
        self.land = self.outline.difference(self.lake)
        self.lon0, self.lat0 = self.outline.centroid.x, self.outline.centroid.y
        self.kx = 111.320 * math.cos(math.radians(self.lat0))  # km per degree of lon
        self.ky = 110.85  # km per degree of lat

    # -- tests of position -------------------------------------------------------------
    def on_land(self, lon: float, lat: float) -> bool:
        p = Point(lon, lat)
        return self._outline.contains(p) and not self._lake.intersects(p)

    def in_lake(self, lon: float, lat: float) -> bool:
        p = Point(lon, lat)
        return self._outline.contains(p) and self._lake.contains(p)

    def district_of(self, lon: float, lat: float) -> tuple[str, str]:
        p = Point(lon, lat)
        for code, name, geom in self.districts:
            if geom.covers(p):
                return code, name
        code, name, _ = min(self.districts, key=lambda d: d[2].distance(p))
        return code, name

    def district(self, name_or_code: str) -> BaseGeometry:
        for code, name, geom in self.districts:
            if name_or_code in (code, name):
                return geom
        raise KeyError(name_or_code)

    def town(self, name: str) -> tuple[float, float]:
        if name in self.aliases:
            return self.aliases[name][1:]
        for n, lon, lat in self.towns:
            if n == name:
                return lon, lat
        raise KeyError(name)

    def town_name(self, name: str) -> str:
        """The name to write for the place the generators call ``name``."""
        return self.aliases[name][0] if name in self.aliases else name

    # -- metric frame ------------------------------------------------------------------
    def offset(self, lon: float, lat: float, dx_km: float, dy_km: float) -> tuple[float, float]:
        return lon + dx_km / self.kx, lat + dy_km / self.ky

    def km(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        return math.hypot((a[0] - b[0]) * self.kx, (a[1] - b[1]) * self.ky)

    def buffer_km(self, geom: BaseGeometry, km: float) -> BaseGeometry:
        def to_km(c):
            return np.column_stack(((c[:, 0] - self.lon0) * self.kx,
                                    (c[:, 1] - self.lat0) * self.ky))

        def to_deg(c):
            return np.column_stack((c[:, 0] / self.kx + self.lon0,
                                    c[:, 1] / self.ky + self.lat0))
        return shapely.transform(shapely.transform(geom, to_km).buffer(km, quad_segs=6),
                                 to_deg)

    # -- placement ---------------------------------------------------------------------
    def near(self, rng: np.random.Generator, lon: float, lat: float, sigma_km: float, *,
             where: str = "land", tries: int = 200) -> tuple[float, float]:
        """A point around (lon, lat), Gaussian with ``sigma_km``, on land or in the lake."""
        test = self.on_land if where == "land" else self.in_lake
        for _ in range(tries):
            dx, dy = rng.normal(0.0, sigma_km, 2)
            p = self.offset(lon, lat, float(dx), float(dy))
            if test(*p):
                return round(p[0], 6), round(p[1], 6)
        return self.inside(rng, self.land if where == "land" else self.lake)

    def inside(self, rng: np.random.Generator, geom: BaseGeometry, *,
               tries: int = 5000) -> tuple[float, float]:
        """A uniform point inside ``geom`` ∩ the outline (and on land unless in the lake)."""
        w, s, e, n = geom.bounds
        pg = prep(geom)
        for _ in range(tries):
            lon, lat = rng.uniform(w, e), rng.uniform(s, n)
            p = Point(lon, lat)
            if pg.contains(p) and self._outline.contains(p):
                return round(float(lon), 6), round(float(lat), 6)
        raise RuntimeError("no point found inside the geometry")

    def along(self, rng: np.random.Generator, line: BaseGeometry,
              offset_km: float = 0.0) -> tuple[float, float] | None:
        """A point at a random position along ``line``, moved up to ``offset_km`` aside."""
        p = line.interpolate(float(rng.uniform(0, 1)), normalized=True)
        dx, dy = rng.uniform(-offset_km, offset_km, 2) if offset_km else (0.0, 0.0)
        q = self.offset(p.x, p.y, float(dx), float(dy))
        return (round(q[0], 6), round(q[1], 6)) if self.on_land(*q) else None


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def load_region(data_dir: Path = DATA_DIR) -> Region:
    """Read the base layers of the region from ``data_dir``, by the roles of its
    ``region.toml``: the Hefei sample (its main lake and OSM junctions), or a region pack
    (its lakes, and the junctions of the synthetic expressways, since a pack has no OSM).
    Rivers, roads and parks are the data folder's ``synthetic/`` files, so the synthetic
    layers are generated first."""
    from core.region import read_region

    info = read_region(data_dir)
    city = shape(_features(info.path("admin_region"))[0]["geometry"])
    districts = [(f["properties"]["adcode"], f["properties"]["name"], shape(f["geometry"]))
                 for f in _features(info.path("admin_children"))]
    districts.sort(key=lambda d: d[0])
    pc = prep(city)
    towns = []
    for f in _features(info.path("places_geonames")):
        p = shape(f["geometry"])
        if pc.contains(p):
            towns.append((f["properties"].get("name_zh") or f["properties"]["name"], p.x, p.y))
    main_lake = info.path("main_lake")
    if main_lake is not None:
        lake = shape(_features(main_lake)[0]["geometry"])
    else:
        parts = [shape(f["geometry"]) for f in _features(info.path("lakes"))]
        lake = polygonal(shapely.union_all(parts)) if parts else shapely.Polygon()
    lake = polygonal(lake.intersection(city)) if main_lake is None else lake.intersection(city)
    rivers = [(f["properties"], shape(f["geometry"]))
              for f in _features(data_dir / "synthetic" / "rivers.geojson")]
    roads = [(f["properties"], shape(f["geometry"]))
             for f in _features(data_dir / "synthetic" / "roads.geojson")]
    junctions = []
    if info.path("roads_junctions") is not None:
        for f in _features(info.path("roads_junctions")):
            p = shape(f["geometry"])
            if pc.contains(p):
                junctions.append((p.x, p.y))
    else:
        junctions = _road_ends(roads, "expressway", pc) or _road_ends(roads, "arterial", pc)
    reserves = [(f["properties"], shape(f["geometry"]))
                for f in _features(data_dir / "synthetic" / "nature_reserves.geojson")]
    region = Region(city, districts, towns, lake, rivers, roads, junctions, reserves)
    if main_lake is None:
        region.name, region.short = info.name, _short(info.name)
        region.aliases = _aliases(region, info)
    return region


HEFEI_PLACES = ("合肥市", "店埠", "上派", "巢湖市", "庐城")


def _short(name: str) -> str:
    for suffix in ("自治区", "自治州", "自治县", "省", "市", "县", "区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _road_ends(roads: list[tuple[dict, BaseGeometry]], cls: str, pc: Any
               ) -> list[tuple[float, float]]:
    """The distinct end points of the roads of class ``cls`` inside the outline."""
    seen: dict[tuple[float, float], None] = {}
    for p, g in roads:
        if p.get("road_class") != cls:
            continue
        for c in (g.coords[0], g.coords[-1]):
            if pc.contains(Point(c)):
                seen.setdefault((round(c[0], 6), round(c[1], 6)))
    return list(seen)


def _aliases(region: Region, info: Any) -> dict[str, tuple[str, float, float]]:
    """The pack's stand-ins for the sample's five places: its seat (label point), then the
    children's label points farthest from the seat and from each other, then GeoNames
    places, then points 15 km round the seat."""
    labels = {f["properties"]["adcode"]: (f["properties"]["name"],
                                          *f["geometry"]["coordinates"][:2])
              for f in _features(info.path("places"))}
    if info.adcode in labels:
        seat = labels[info.adcode]
    else:
        p = region.outline.representative_point()
        seat = (info.name, p.x, p.y)

    def land(c: tuple[str, float, float]) -> tuple[str, float, float] | None:
        if region.on_land(c[1], c[2]):
            return c
        return None

    seat = land(seat) or (seat[0], *region.inside(np.random.default_rng(0), region.land))
    cands = [labels[code] for code, _n, _g in region.districts
             if code in labels and code != info.adcode]
    cands += list(region.towns)
    for k in range(8):
        a = 2 * math.pi * k / 8
        q = region.offset(seat[1], seat[2], 15 * math.cos(a), 15 * math.sin(a))
        cands.append((f"{_short(info.name)}示例片区{k + 1}", *q))
    cands = [c for c in (land(c) for c in cands) if c is not None]
    chosen = [seat]
    while len(chosen) < len(HEFEI_PLACES) and cands:
        far = [c for c in cands if min(region.km(c[1:], q[1:]) for q in chosen) >= 3.0]
        if not far:
            break
        best = max(far, key=lambda c: (min(region.km(c[1:], q[1:]) for q in chosen), c[0]))
        chosen.append(best)
    while len(chosen) < len(HEFEI_PLACES):  # a tiny unit: reuse the seat
        chosen.append(seat)
    return dict(zip(HEFEI_PLACES, chosen, strict=True))


def feature(geom: Any, props: dict[str, Any]) -> dict[str, Any]:
    g = geom if isinstance(geom, dict) else mapping(geom)
    return {"type": "Feature", "geometry": g, "properties": {**props, **SYNTHETIC}}


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _round_coords(geom: dict[str, Any]) -> dict[str, Any]:
    def r(c):
        return [round(float(v), 6) for v in c] if isinstance(c[0], (int, float)) else [
            r(x) for x in c]
    if "coordinates" in geom:
        return {**geom, "coordinates": r(geom["coordinates"])}
    return geom


def _valid_rounded(geom: dict[str, Any]) -> dict[str, Any]:
    """``geom`` with coordinates rounded to 1e-6°, still valid.

    Rounding can turn a thin part of a valid polygon into a self-touching sliver; such a
    polygon is snapped to the 1e-6° grid and made valid (polygonal parts kept), so that
    the file holds only valid geometries. Valid ones are written as they are.
    """
    out = _round_coords(geom)
    if out.get("type") not in ("Polygon", "MultiPolygon"):
        return out
    g = shape(out)
    if g.is_valid:
        return out
    fixed = polygonal(shapely.set_precision(shape(geom), 1e-6))
    if not fixed.is_valid:  # pragma: no cover - set_precision returns valid polygons
        raise ValueError(f"cannot make a valid polygon ({shapely.is_valid_reason(fixed)})")
    return _round_coords(mapping(fixed))


def write_geojson(path: Path, name: str, features: Sequence[dict[str, Any]], *,
                  seed: int, description: str) -> int:
    fc = {"type": "FeatureCollection", "name": name,
          "metadata": {**SYNTHETIC, "generator": "samplegen.supervision", "seed": seed,
                       "description": description, "crs": "EPSG:4326"},
          "features": [{**f, "geometry": _valid_rounded(f["geometry"])} for f in features]}
    path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return len(features)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([*columns, "synthetic", "label"])
        for row in rows:
            w.writerow([_cell(v) for v in row] + ["true", LABEL])
            n += 1
    return n


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.12g}"
    if v is None:
        return ""
    return v


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of ``geom`` (an intersection can leave slivers of lines)."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom))
             if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p)]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
