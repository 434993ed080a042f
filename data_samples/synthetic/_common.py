"""Shared helpers of the synthetic-data generator: base geometries, shapes, writers.

Everything here is deterministic: no set iteration over strings, no wall clock, and every
random draw comes from a :class:`numpy.random.Generator` passed in by the caller.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, mapping, shape
from shapely.ops import nearest_points
from shapely.prepared import PreparedGeometry, prep

SEED = 20261101
DATA_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent

# Local equirectangular frame (km) around the lake; good to < 0.5 % over the city. A region
# pack moves it to the pack's centre (:func:`frame`) for the time of its run.
LON0, LAT0 = 117.3, 31.7
KX = 111.320 * math.cos(math.radians(31.75))
KY = 110.85


@contextmanager
def frame(lon0: float, lat0: float) -> Iterator[None]:
    """Use a km frame centred on (lon0, lat0) inside the ``with`` block, then restore
    Hefei's (which the sample's bytes depend on)."""
    global LON0, LAT0, KX
    saved = LON0, LAT0, KX
    LON0, LAT0, KX = lon0, lat0, 111.320 * math.cos(math.radians(lat0))
    try:
        yield
    finally:
        LON0, LAT0, KX = saved


def km_apart(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance [km] in the current frame."""
    return math.hypot((lon1 - lon2) * KX, (lat1 - lat2) * KY)


def to_km(geom):
    """Degrees → local km frame."""
    return shapely.transform(geom, lambda c: np.column_stack(
        ((c[:, 0] - LON0) * KX, (c[:, 1] - LAT0) * KY)))


def to_deg(geom):
    """Local km frame → degrees."""
    return shapely.transform(geom, lambda c: np.column_stack(
        (c[:, 0] / KX + LON0, c[:, 1] / KY + LAT0)))


def buffer_m(geom, metres: float, quad_segs: int = 6):
    """Buffer by ``metres`` (in the local metric frame)."""
    return to_deg(to_km(geom).buffer(metres / 1000.0, quad_segs=quad_segs))


def area_km2(geom) -> float:
    return float(to_km(geom).area)


def length_km(geom) -> float:
    return float(to_km(geom).length)


def offset_km(lon: float, lat: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    return lon + dx_km / KX, lat + dy_km / KY


def blob(rng: np.random.Generator, lon: float, lat: float, r_km: float, *, n: int = 28,
         rough: float = 0.22, aspect: float = 1.0, rot_deg: float = 0.0) -> Polygon:
    """An irregular closed shape of mean radius ``r_km`` (smoothed polar noise)."""
    ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
    noise = rng.normal(0, rough, n)
    noise = (noise + np.roll(noise, 1) + np.roll(noise, -1)) / 3
    rad = r_km * (1 + noise)
    x = rad * np.cos(ang) * aspect
    y = rad * np.sin(ang) / aspect
    t = math.radians(rot_deg)
    xr, yr = x * math.cos(t) - y * math.sin(t), x * math.sin(t) + y * math.cos(t)
    cx, cy = (lon - LON0) * KX, (lat - LAT0) * KY
    return to_deg(Polygon(np.column_stack((xr + cx, yr + cy)))).buffer(0)


def blob_with_area(rng: np.random.Generator, lon: float, lat: float, target_km2: float,
                   clip=None, **kw) -> Polygon:
    """A :func:`blob` scaled so that its area (after ``clip``) is close to ``target_km2``."""
    state = rng.bit_generator.state
    r = math.sqrt(target_km2 / math.pi)
    shp = None
    for _ in range(8):
        rng.bit_generator.state = state
        shp = blob(rng, lon, lat, r, **kw)
        if clip is not None:
            shp = shp.intersection(clip)
        got = area_km2(shp)
        if got <= 0:
            r *= 1.5
            continue
        if abs(got - target_km2) / target_km2 < 0.03:
            break
        r *= math.sqrt(target_km2 / got)
    return shp


def rect(lon: float, lat: float, w_km: float, h_km: float, rot_deg: float) -> Polygon:
    """A rotated rectangle centred on (lon, lat)."""
    t = math.radians(rot_deg)
    pts = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * w_km / 2, sy * h_km / 2
        pts.append((x * math.cos(t) - y * math.sin(t), x * math.sin(t) + y * math.cos(t)))
    cx, cy = (lon - LON0) * KX, (lat - LAT0) * KY
    return to_deg(Polygon([(cx + x, cy + y) for x, y in pts]))


def chaikin(points: Sequence[tuple[float, float]], iterations: int = 4) -> np.ndarray:
    """Chaikin corner cutting; keeps both end points."""
    pts = np.asarray(points, dtype=float)
    for _ in range(iterations):
        q = 0.75 * pts[:-1] + 0.25 * pts[1:]
        r = 0.25 * pts[:-1] + 0.75 * pts[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2], mid[1::2] = q, r
        pts = np.vstack([pts[:1], mid, pts[-1:]])
    return pts


def meander(rng: np.random.Generator, line: LineString, amp_km: float, step_km: float = 0.3,
            ) -> LineString:
    """Densify ``line`` and add smooth lateral wiggles tapering to zero at both ends."""
    km = to_km(line)
    n = max(int(km.length / step_km), 8)
    d = np.linspace(0, km.length, n)
    pts = np.array([km.interpolate(x).coords[0] for x in d])
    noise = rng.normal(0, 1, n)
    kernel = np.hanning(15)
    kernel /= kernel.sum()
    smooth = np.convolve(noise, kernel, mode="same")
    smooth /= max(np.abs(smooth).max(), 1e-9)
    taper = np.minimum(1.0, np.minimum(d, km.length - d) / 3.0)
    tang = np.gradient(pts, axis=0)
    tang /= np.linalg.norm(tang, axis=1, keepdims=True) + 1e-12
    normal = np.column_stack((-tang[:, 1], tang[:, 0]))
    pts = pts + normal * (smooth * amp_km * taper)[:, None]
    return to_deg(LineString(pts))


@dataclass
class Base:
    """The real geometries the synthetic data is placed against."""

    city: Any
    lake: Polygon
    districts: list[tuple[str, str, Any]]  # (adcode, name, geometry)
    land: Any = None
    land_p: PreparedGeometry | None = None
    district_p: list[tuple[str, str, PreparedGeometry]] = field(default_factory=list)
    water: list[Any] = field(default_factory=list)  # extra water bodies (reservoirs)

    def __post_init__(self) -> None:
        self.district_p = [(a, n, prep(g)) for a, n, g in self.districts]
        self.set_water([])

    def set_water(self, extra: list[Any]) -> None:
        """Land = city minus the lake and ``extra`` water bodies."""
        self.water = list(extra)
        land = self.city.difference(self.lake)
        for w in extra:
            land = land.difference(w)
        self.land = land
        self.land_p = prep(land)
        self.land_inner = land.buffer(-0.004)

    def adcode(self, lon: float, lat: float) -> str | None:
        pt = Point(lon, lat)
        for code, _name, g in self.district_p:
            if g.contains(pt):
                return code
        return None

    def district_name(self, code: str | None) -> str | None:
        for a, n, _g in self.districts:
            if a == code:
                return n
        return None

    def district_geom(self, code: str):
        for a, _n, g in self.districts:
            if a == code:
                return g
        raise KeyError(code)

    def on_land(self, lon: float, lat: float) -> bool:
        return bool(self.land_p.contains(Point(lon, lat)))

    def nudge_to_land(self, lon: float, lat: float) -> tuple[float, float]:
        """The point itself if on land, else the nearest point well inside the land."""
        if self.on_land(lon, lat):
            return lon, lat
        p = nearest_points(self.land_inner, Point(lon, lat))[0]
        return p.x, p.y

    def sample_near(self, rng: np.random.Generator, lon: float, lat: float, sigma_km: float,
                    within=None, tries: int = 200) -> tuple[float, float]:
        """A Gaussian point around (lon, lat) on land (and inside ``within`` if given)."""
        wp = prep(within) if within is not None else None
        for _ in range(tries):
            x, y = offset_km(lon, lat, *rng.normal(0, sigma_km, 2))
            if self.on_land(x, y) and (wp is None or wp.contains(Point(x, y))):
                return x, y
        return self.nudge_to_land(lon, lat)

    def sample_in(self, rng: np.random.Generator, geom, tries: int = 2000) -> tuple[float, float]:
        """A uniform random point on land inside ``geom``."""
        minx, miny, maxx, maxy = geom.bounds
        gp = prep(geom)
        for _ in range(tries):
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if gp.contains(Point(x, y)) and self.on_land(x, y):
                return x, y
        raise RuntimeError("no land point found in geometry")


def load_base(data_dir: Path = DATA_DIR) -> Base:
    """Read the real admin and lake polygons the synthetic data is anchored on."""
    def feats(rel: str) -> list[dict]:
        return json.loads((data_dir / rel).read_text(encoding="utf-8"))["features"]

    city = shape(feats("admin/hefei_city.geojson")[0]["geometry"])
    lake = shape(feats("hydro/chaohu_lake_gshhs_f.geojson")[0]["geometry"])
    districts = [(f["properties"]["adcode"], f["properties"]["name"], shape(f["geometry"]))
                 for f in feats("admin/hefei_districts.geojson")]
    return Base(city=city, lake=lake, districts=districts)


# --- writers ---------------------------------------------------------------------------

def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), 6) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def clean_geom(geom):
    """Snap to 1e-6° and repair, so that rounding to 6 decimals keeps it valid."""
    geom = shapely.set_precision(geom, 1e-6)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def feature(props: dict[str, Any], geom) -> dict[str, Any]:
    props = {**props, "synthetic": True}
    geo = mapping(clean_geom(geom))
    return {"type": "Feature", "properties": props,
            "geometry": {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])}}


def write_geojson(path: Path, name: str, features: Iterable[dict[str, Any]]) -> int:
    """Write a FeatureCollection, one feature a line; returns the feature count."""
    feats = list(features)
    head = {"type": "FeatureCollection", "name": name,
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "metadata": {"synthetic": True, "label": "示例数据", "seed": SEED,
                         "generator": "data_samples/synthetic/generate.py"}}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    text += ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in feats)
    text += "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(feats)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    n = 0
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
        n += 1
    path.write_text(buf.getvalue(), encoding="utf-8")
    return n


def pick(rng: np.random.Generator, options: Sequence[Any], weights: Sequence[float] | None = None
         ) -> Any:
    """One element of ``options`` (weights need not sum to 1)."""
    if weights is None:
        return options[int(rng.integers(len(options)))]
    w = np.asarray(weights, dtype=float)
    return options[int(rng.choice(len(options), p=w / w.sum()))]


def fake_phone(rng: np.random.Generator, area: str = "0551") -> str:
    """A made-up number; Hefei's area code for the sample, ``0000`` (no such code) for a
    region pack."""
    return f"{area}-6{int(rng.integers(0, 10_000_000)):07d}"


def r(x: float, nd: int) -> float:
    """Round to ``nd`` decimals as a plain float."""
    return float(round(float(x), nd))
