"""A synthetic, routable road network noded at intersections.

Nodes: the towns of :mod:`.emergency` (real GeoNames seats among them) and the real OSM
motorway junctions (``data_samples/roads/osm_motorway_junctions_hefei_region.geojson``,
ODbL) inside the city. Expressways = a minimum spanning tree over the junctions; arterials =
a spanning tree plus short Delaunay edges over the towns; county roads link every junction
to its nearest town. No edge crosses the lake. Then all lines are noded with GEOS so every
crossing is a node, and every segment carries ``from_node``/``to_node``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import LineString, MultiPoint, Point

from ._common import Base, chaikin, feature, length_km, r
from .emergency import TOWNS

SPEED = {"expressway": 100.0, "arterial": 70.0, "county": 40.0}
PRIORITY = {"expressway": 0, "arterial": 1, "county": 2}


def _junctions(base: Base, data_dir: Path) -> list[tuple[str, float, float]]:
    path = data_dir / "roads" / "osm_motorway_junctions_hefei_region.geojson"
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    feats.sort(key=lambda f: f["properties"]["osm_id"])
    out: list[tuple[str, float, float]] = []
    for f in feats:
        lon, lat = f["geometry"]["coordinates"][:2]
        if not base.city.contains(Point(lon, lat)):
            continue
        if any(math.hypot((lon - x) * 94.7, (lat - y) * 110.9) < 1.5 for _n, x, y in out):
            continue
        out.append((f["properties"].get("name") or f["properties"]["osm_id"], lon, lat))
    return out


def _mst(points: list[tuple[float, float]], edges: list[tuple[int, int]]
         ) -> list[tuple[int, int]]:
    """Kruskal over ``edges`` by length."""
    parent = list(range(len(points)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def d(e: tuple[int, int]) -> float:
        (x1, y1), (x2, y2) = points[e[0]], points[e[1]]
        return math.hypot((x1 - x2) * 94.7, (y1 - y2) * 110.9)

    out = []
    for e in sorted(edges, key=lambda e: (d(e), e)):
        a, b = find(e[0]), find(e[1])
        if a != b:
            parent[a] = b
            out.append(e)
    return out


def _delaunay_edges(points: list[tuple[float, float]], ok) -> list[tuple[int, int]]:
    tri = shapely.delaunay_triangles(MultiPoint(points), only_edges=True)
    index = {(round(x, 9), round(y, 9)): i for i, (x, y) in enumerate(points)}
    edges = set()
    for seg in tri.geoms:
        (x1, y1), (x2, y2) = seg.coords
        a, b = index[(round(x1, 9), round(y1, 9))], index[(round(x2, 9), round(y2, 9))]
        e = (min(a, b), max(a, b))
        if ok(points[e[0]], points[e[1]]):
            edges.add(e)
    return sorted(edges)


def _curve(rng: np.random.Generator, a: tuple[float, float], b: tuple[float, float]
           ) -> LineString:
    (x1, y1), (x2, y2) = a, b
    k = rng.normal(0, 0.06)
    mx, my = (x1 + x2) / 2 - (y2 - y1) * k, (y1 + y2) / 2 + (x2 - x1) * k
    return LineString(chaikin([a, (mx, my), b], iterations=2))


def road_features(rng: np.random.Generator, base: Base, data_dir: Path, *,
                  towns: list | None = None, junctions: list | None = None,
                  within=None) -> list[dict[str, Any]]:
    """The network over ``towns`` (default Hefei's) and ``junctions`` (default the OSM
    motorway junctions of the sample; a region pack gives its own nodes); with ``within``
    (a region pack's outline) no edge leaves it."""
    lake_in = base.lake.buffer(-0.003)
    towns = [(n, *base.nudge_to_land(x, y)) for n, x, y, _w in (TOWNS if towns is None
                                                                 else towns)]
    juncs = _junctions(base, data_dir) if junctions is None else junctions

    def dry(a, b) -> bool:
        line = LineString([a, b])
        return not line.intersects(lake_in) and (within is None or within.covers(line))

    lines: list[tuple[str, str, LineString]] = []

    def add(cls: str, name: str, a, b) -> None:
        line = _curve(rng, a, b)
        if line.intersects(lake_in) or (within is not None and not within.covers(line)):
            line = LineString([a, b])
        lines.append((cls, name, line))

    jp = [(x, y) for _n, x, y in juncs]
    for i, j in _mst(jp, _delaunay_edges(jp, dry)):
        add("expressway", "高速公路", jp[i], jp[j])
    tp = [(x, y) for _n, x, y in towns]
    tedges = _delaunay_edges(tp, dry)
    tree = set(_mst(tp, tedges))
    for i, j in tedges:
        (x1, y1), (x2, y2) = tp[i], tp[j]
        km = math.hypot((x1 - x2) * 94.7, (y1 - y2) * 110.9)
        if (i, j) in tree or km < 16:
            add("arterial", f"{towns[i][0]}—{towns[j][0]}公路", tp[i], tp[j])
    for name, x, y in juncs:
        order = sorted(range(len(tp)), key=lambda k: (tp[k][0] - x) ** 2 + (tp[k][1] - y) ** 2)
        for k in order[:3]:
            if dry((x, y), tp[k]):
                add("county", f"{name}连接线", (x, y), tp[k])
                break
    if within is not None:  # a region pack: bridge what water or the outline kept apart
        _bridge(lines, towns, within)
    return _noded(lines)


def _bridge(lines: list[tuple[str, str, LineString]], towns: list, within) -> None:
    """Join the parts of a network (water or a concave outline kept apart) with straight
    arterial bridges between their nearest towns, inside ``within``."""
    pts = [(x, y) for _n, x, y in towns]
    index = {p: i for i, p in enumerate(pts)}
    parent = list(range(len(pts)))

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    graph = shapely.union_all([g for _c, _n, g in lines]) if lines else LineString()
    parts = list(shapely.get_parts(shapely.line_merge(graph))) if lines else []
    for i, p in enumerate(pts):  # towns on one merged line belong together
        for j in range(i):
            if find(i) != find(j) and any(g.distance(Point(p)) < 1e-6 and
                                          g.distance(Point(pts[j])) < 1e-6 for g in parts):
                parent[find(i)] = find(j)
    for _c, _n, g in lines:
        a, b = (round(g.coords[0][0], 12), round(g.coords[0][1], 12)), \
            (round(g.coords[-1][0], 12), round(g.coords[-1][1], 12))
        ia = next((index[p] for p in pts if abs(p[0] - a[0]) + abs(p[1] - a[1]) < 1e-9), None)
        ib = next((index[p] for p in pts if abs(p[0] - b[0]) + abs(p[1] - b[1]) < 1e-9), None)
        if ia is not None and ib is not None and find(ia) != find(ib):
            parent[find(ia)] = find(ib)
    while len({find(i) for i in range(len(pts))}) > 1:
        main = find(0)
        best = None
        for i in range(len(pts)):
            for j in range(len(pts)):
                if find(i) == main and find(j) != main:
                    seg = LineString([pts[i], pts[j]])
                    d = math.hypot((pts[i][0] - pts[j][0]) * 94.7, (pts[i][1] - pts[j][1]) * 110.9)
                    if within.covers(seg) and (best is None or d < best[0]):
                        best = (d, i, j)
        if best is None:
            break
        _d, i, j = best
        lines.append(("arterial", f"{towns[i][0]}—{towns[j][0]}大桥", LineString([pts[i], pts[j]])))
        parent[find(j)] = main


def _noded(lines: list[tuple[str, str, LineString]]) -> list[dict[str, Any]]:
    geoms = [shapely.set_precision(g, 1e-6) for _c, _n, g in lines]
    noded = shapely.node(shapely.MultiLineString(geoms))
    tree = STRtree(geoms)
    node_ids: dict[tuple[float, float], int] = {}
    segs = []
    for seg in noded.geoms:
        if seg.length == 0:
            continue
        mid = seg.interpolate(0.5, normalized=True)
        cands = tree.query(mid, predicate="dwithin", distance=1e-6)
        if len(cands) == 0:
            cands = [int(tree.nearest(mid))]
        best = min((int(c) for c in cands), key=lambda c: (PRIORITY[lines[c][0]], c))
        cls, name, _g = lines[best]
        ends = []
        for pt in (seg.coords[0], seg.coords[-1]):
            key = (round(pt[0], 6), round(pt[1], 6))
            if key not in node_ids:
                node_ids[key] = len(node_ids) + 1
            ends.append(node_ids[key])
        segs.append((cls, name, seg, ends))
    feats = []
    for i, (cls, name, seg, (a, b)) in enumerate(segs):
        feats.append(feature({"id": i + 1, "from_node": a, "to_node": b, "road_class": cls,
                              "name": name, "speed_kmh": SPEED[cls],
                              "length_m": r(length_km(seg) * 1000, 1)}, seg))
    return feats


def components(feats: list[dict[str, Any]]) -> int:
    """Number of connected components of the network (1 = fully routable)."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            a = parent[a]
        return a

    for f in feats:
        a, b = find(f["properties"]["from_node"]), find(f["properties"]["to_node"])
        if a != b:
            parent[a] = b
    return len({find(k) for k in list(parent)})
