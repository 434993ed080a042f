"""River networks: reaches, targets on them, and the tree they form.

:class:`RiverNetwork` holds the reaches (each with uniform hydraulics), their
topological order and upstream links, and the channel path between two points;
:func:`network_from_geodataframe` builds one from digitised lines.

References
----------
.. [1] Chapra, S. C. (1997). *Surface Water-Quality Modeling*. McGraw-Hill, lecture 21.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_models.errors import ModelInputError
from decision_models.river.coefficients import fischer_dispersion
from decision_models.validation import finite_scalar

__all__ = ["Reach", "RiverNetwork", "Target", "network_from_geodataframe"]


@dataclass(frozen=True)
class Reach:
    """A river reach with uniform hydraulics.

    Attributes
    ----------
    id : str
        Unique identifier.
    length_m : float
        [m], > 0.
    velocity_m_s : float
        Mean velocity [m/s], > 0.
    area_m2 : float
        Mean cross-section [m²], > 0.
    flow_m3_s : float, optional
        Discharge [m³/s] including upstream tributaries; default ``velocity × area``.
    decay_1_s : float
        First-order decay [1/s].
    downstream_id : str, optional
        The reach this one flows into (None at the outlet).
    D : float, optional
        Longitudinal dispersion [m²/s]; default Fischer's formula from ``width_m`` and
        ``slope`` (depth = area/width).
    width_m, slope : float, optional
        For the default D.
    """

    id: str
    length_m: float
    velocity_m_s: float
    area_m2: float
    flow_m3_s: float | None = None
    decay_1_s: float = 0.0
    downstream_id: str | None = None
    D: float | None = None
    width_m: float | None = None
    slope: float | None = None

    def __post_init__(self) -> None:
        p = f"reach {self.id}"
        finite_scalar(self.length_m, f"{p}.length_m", positive=True)
        finite_scalar(self.velocity_m_s, f"{p}.velocity_m_s", positive=True)
        finite_scalar(self.area_m2, f"{p}.area_m2", positive=True)
        if self.flow_m3_s is not None:
            finite_scalar(self.flow_m3_s, f"{p}.flow_m3_s", positive=True)
        finite_scalar(self.decay_1_s, f"{p}.decay_1_s", nonneg=True)
        if self.D is not None:
            finite_scalar(self.D, f"{p}.D", positive=True)
        elif self.width_m is None or self.slope is None:
            raise ModelInputError(f"{p}.D", "give D or both width_m and slope (Fischer)")
        else:
            finite_scalar(self.width_m, f"{p}.width_m", positive=True)
            finite_scalar(self.slope, f"{p}.slope", positive=True)

    @property
    def flow(self) -> float:
        """Discharge [m³/s]."""
        return (
            float(self.flow_m3_s)
            if self.flow_m3_s is not None
            else (self.velocity_m_s * self.area_m2)
        )

    @property
    def dispersion(self) -> float:
        """Longitudinal dispersion [m²/s]."""
        if self.D is not None:
            return float(self.D)
        depth = self.area_m2 / float(self.width_m)
        return float(fischer_dispersion(self.velocity_m_s, depth, self.width_m, self.slope))


@dataclass(frozen=True)
class Target:
    """A point of interest on the network (monitoring section, drinking-water intake)."""

    reach_id: str
    distance_along_m: float
    name: str


class RiverNetwork:
    """A tree of reaches draining to one or more outlets (no loops, no bifurcations).

    Parameters
    ----------
    reaches : iterable of Reach
        Ids must be unique; ``downstream_id`` must name a reach of the network or be None.
    """

    def __init__(self, reaches: Iterable[Reach]) -> None:
        self.reaches: dict[str, Reach] = {}
        for r in reaches:
            if not isinstance(r, Reach):
                raise ModelInputError("reaches", f"items must be Reach, got {type(r).__name__}")
            if r.id in self.reaches:
                raise ModelInputError("reaches", f"duplicate reach id {r.id!r}")
            self.reaches[r.id] = r
        if not self.reaches:
            raise ModelInputError("reaches", "the network is empty")
        for r in self.reaches.values():
            if r.downstream_id is not None and r.downstream_id not in self.reaches:
                raise ModelInputError(
                    f"reach {r.id}.downstream_id", f"unknown reach {r.downstream_id!r}"
                )
        self.upstream: dict[str, list[str]] = {rid: [] for rid in self.reaches}
        for r in self.reaches.values():
            if r.downstream_id is not None:
                self.upstream[r.downstream_id].append(r.id)
        self.order = self._topological_order()

    def _topological_order(self) -> list[str]:
        indeg = {rid: len(ups) for rid, ups in self.upstream.items()}
        stack = [rid for rid, n in indeg.items() if n == 0]
        order: list[str] = []
        while stack:
            rid = stack.pop()
            order.append(rid)
            down = self.reaches[rid].downstream_id
            if down is not None:
                indeg[down] -= 1
                if indeg[down] == 0:
                    stack.append(down)
        if len(order) != len(self.reaches):
            raise ModelInputError("reaches", "the network has a loop")
        return order

    def path_to_outlet(self, reach_id: str) -> list[str]:
        """Reach ids from ``reach_id`` down to its outlet."""
        self._check_id(reach_id, "reach_id")
        path = [reach_id]
        while (nxt := self.reaches[path[-1]].downstream_id) is not None:
            path.append(nxt)
        return path

    def _check_id(self, reach_id: str, name: str) -> Reach:
        if reach_id not in self.reaches:
            raise ModelInputError(name, f"unknown reach {reach_id!r}")
        return self.reaches[reach_id]

    def _check_position(self, reach_id: str, distance: float, name: str) -> tuple[Reach, float]:
        r = self._check_id(reach_id, f"{name}.reach_id")
        d = finite_scalar(distance, f"{name}.distance_along_m", nonneg=True)
        if d > r.length_m * (1 + 1e-9):
            raise ModelInputError(
                f"{name}.distance_along_m", f"{d} m beyond reach {reach_id!r} ({r.length_m} m)"
            )
        return r, min(d, r.length_m)

    def segments(
        self, from_reach: str, from_m: float, to_reach: str, to_m: float
    ) -> list[tuple[Reach, float]] | None:
        """Reaches and lengths [m] travelled from one point to another downstream point.

        None if the second point is not downstream of (or at) the first.
        """
        path = self.path_to_outlet(from_reach)
        if to_reach not in path:
            return None
        j = path.index(to_reach)
        r0 = self.reaches[from_reach]
        if j == 0:
            return None if to_m < from_m else [(r0, to_m - from_m)]
        segs = [(r0, r0.length_m - from_m)]
        segs += [(self.reaches[rid], self.reaches[rid].length_m) for rid in path[1:j]]
        segs.append((self.reaches[to_reach], to_m))
        return segs

    def __len__(self) -> int:
        return len(self.reaches)

    def __repr__(self) -> str:
        return f"RiverNetwork({len(self.reaches)} reaches)"


def network_from_geodataframe(
    gdf: Any,
    *,
    id_col: str | None = "id",
    downstream_col: str | None = "downstream_id",
    length_col: str | None = None,
    velocity_col: str = "velocity_m_s",
    area_col: str = "area_m2",
    flow_col: str = "flow_m3_s",
    decay_col: str = "decay_1_s",
    dispersion_col: str = "D_m2_s",
    width_col: str = "width_m",
    slope_col: str = "slope",
    defaults: Mapping[str, float] | None = None,
    snap_tolerance_m: float = 5.0,
) -> RiverNetwork:
    """Build a :class:`RiverNetwork` from a GeoDataFrame of (Multi)LineStrings.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        One row per reach, lines digitised downstream (first vertex upstream).
    id_col : str or None
        Reach id column; None or missing → the row index.
    downstream_col : str or None
        Column with the downstream reach id; None or missing → topology inferred: a
        reach flows into the reach whose first vertex is within ``snap_tolerance_m`` of
        its last vertex.
    length_col : str, optional
        Length column [m]; default the geodesic (WGS84) or planar (projected CRS) length.
    velocity_col, area_col, flow_col, decay_col, dispersion_col, width_col, slope_col : str
        Attribute columns; missing columns or NaN values take ``defaults``.
    defaults : mapping, optional
        Fallbacks keyed ``velocity_m_s``, ``area_m2``, ``flow_m3_s``, ``decay_1_s``,
        ``D``, ``width_m``, ``slope``.
    snap_tolerance_m : float
        Endpoint snapping distance for inferred topology [m].

    Returns
    -------
    RiverNetwork

    References
    ----------
    .. [1] Chapra (1997), lecture 21 (segmentation of river networks).
    """
    from pyproj import CRS, Geod

    if not hasattr(gdf, "geometry"):
        raise ModelInputError("gdf", "must be a GeoDataFrame with line geometry")
    defaults = dict(defaults or {})
    crs = CRS.from_user_input(gdf.crs) if gdf.crs is not None else None
    geographic = crs is None or crs.is_geographic
    geod = Geod(ellps="WGS84")

    ids = (
        [str(v) for v in gdf[id_col]]
        if id_col and id_col in gdf.columns
        else [str(v) for v in gdf.index]
    )
    geoms = list(gdf.geometry)

    def ends(geom) -> tuple[tuple[float, float], tuple[float, float]]:
        if geom.geom_type == "MultiLineString":
            parts = list(geom.geoms)
            return parts[0].coords[0][:2], parts[-1].coords[-1][:2]
        if geom.geom_type != "LineString":
            raise ModelInputError("gdf.geometry", f"expected lines, got {geom.geom_type}")
        return geom.coords[0][:2], geom.coords[-1][:2]

    def dist(p, q) -> float:
        if geographic:
            return geod.inv(p[0], p[1], q[0], q[1])[2]
        return math.hypot(p[0] - q[0], p[1] - q[1])

    if downstream_col and downstream_col in gdf.columns:
        downs = [
            None if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v)
            for v in gdf[downstream_col]
        ]
    else:
        endpoints = [ends(g) for g in geoms]
        starts = np.array([e[0] for e in endpoints])
        downs = []
        for i, (_, last) in enumerate(endpoints):
            # cheap prefilter in coordinate units, then exact distance
            cand = np.argsort(np.hypot(starts[:, 0] - last[0], starts[:, 1] - last[1]))[:5]
            best = None
            for j in cand:
                if j != i and dist(last, tuple(starts[j])) <= snap_tolerance_m:
                    best = ids[j]
                    break
            downs.append(best)

    def value(row: Any, col: str, key: str) -> float | None:
        v = row.get(col) if col in gdf.columns else None
        if v is None or (isinstance(v, float) and math.isnan(v)):
            v = defaults.get(key)
        return None if v is None else float(v)

    reaches = []
    for i, (idx, row) in enumerate(gdf.iterrows()):
        if length_col and length_col in gdf.columns:
            length = float(row[length_col])
        elif geographic:
            length = float(geod.geometry_length(geoms[i]))
        else:
            length = float(geoms[i].length)
        vel = value(row, velocity_col, "velocity_m_s")
        area = value(row, area_col, "area_m2")
        if vel is None:
            raise ModelInputError(velocity_col, f"missing for reach {ids[i]!r} (row {idx})")
        if area is None:
            raise ModelInputError(area_col, f"missing for reach {ids[i]!r} (row {idx})")
        reaches.append(
            Reach(
                id=ids[i],
                length_m=length,
                velocity_m_s=vel,
                area_m2=area,
                flow_m3_s=value(row, flow_col, "flow_m3_s"),
                decay_1_s=value(row, decay_col, "decay_1_s") or 0.0,
                downstream_id=downs[i],
                D=value(row, dispersion_col, "D"),
                width_m=value(row, width_col, "width_m"),
                slope=value(row, slope_col, "slope"),
            )
        )
    return RiverNetwork(reaches)
