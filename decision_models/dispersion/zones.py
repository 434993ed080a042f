"""Red/orange/yellow threat zones of a gas release in WGS84, ALOHA-style.

Zone boundaries traced exactly from the separable ground-level plume/puff field, the
wind-direction uncertainty wedge with its confidence lines, the warnings for regimes
where the Gaussian model is unreliable, and an optional concentration grid.

References
----------
.. [1] NOAA/EPA (2013). *ALOHA Technical Documentation* (Levels of Concern, threat zones,
   confidence lines). NOAA Technical Memorandum NOS OR&R 43.
.. [2] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*. US EPA AP-26.
.. [3] Briggs, G. A. (1973). *Diffusion estimation for small emissions*. ATDL-106, NOAA.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import xarray as xr
from pyproj import Transformer
from shapely import make_valid
from shapely.geometry import LineString, Point, Polygon, mapping

from decision_models.dispersion._common import _vertical
from decision_models.dispersion.scenario import Release, Weather
from decision_models.dispersion.stability import sigmas
from decision_models.dispersion.substances import SUBSTANCES
from decision_models.errors import ModelInputError
from decision_models.units import mg_m3_to_ppm
from decision_models.validation import finite_scalar

__all__ = ["ModelWarning", "ThreatZones", "threat_zones"]


@dataclass(frozen=True)
class ModelWarning:
    """A regime where the model is unreliable; ``code`` is stable, ``message`` is English."""

    code: str
    message: str


_LEVEL_COLOURS = ("red", "orange", "yellow")


@dataclass(frozen=True)
class ThreatZones:
    """Result of :func:`threat_zones`.

    Attributes
    ----------
    polygons : dict
        Level → shapely Polygon in WGS84 lon/lat (empty if never exceeded).
    thresholds_mg_m3 : dict
        Level → threshold [mg/m³], ordered most severe (highest) first.
    colours : dict
        Level → "red" / "orange" / "yellow" (then "grey").
    max_distance_m : dict
        Level → furthest downwind distance where the threshold is exceeded [m] (0 if never).
    wedge : Polygon
        Wind-direction uncertainty area (lon/lat) around the outermost zone.
    confidence_lines : tuple of LineString
        The wedge's two bounding rays (lon/lat); empty when the wedge is a full circle.
    warnings : tuple of ModelWarning
        Regimes in which the result is unreliable.
    field : xarray.DataArray or None
        Concentration [mg/m³] on a local azimuthal-equidistant grid (``east_m``,
        ``north_m`` from the source), with the proj string in ``attrs["crs"]``.
    stability : str
        Stability class used.
    """

    polygons: dict[str, Polygon]
    thresholds_mg_m3: dict[str, float]
    colours: dict[str, str]
    max_distance_m: dict[str, float]
    wedge: Polygon
    confidence_lines: tuple[LineString, ...]
    warnings: tuple[ModelWarning, ...]
    field: xr.DataArray | None
    stability: str
    release: Release
    weather: Weather
    meta: dict[str, Any] = field(default_factory=dict)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection (lon/lat): zones (outermost first), wedge, lines, source.

        Warnings are carried in the collection's ``"warnings"`` member.
        """
        feats: list[dict[str, Any]] = []
        for level in reversed(list(self.thresholds_mg_m3)):
            poly = self.polygons[level]
            if poly.is_empty:
                continue
            props = {
                "kind": "zone",
                "level": level,
                "colour": self.colours[level],
                "threshold_mg_m3": self.thresholds_mg_m3[level],
                "max_distance_m": self.max_distance_m[level],
            }
            if self.release.mw is not None:
                props["threshold_ppm"] = float(
                    mg_m3_to_ppm(self.thresholds_mg_m3[level], self.release.mw)
                )
            feats.append({"type": "Feature", "geometry": mapping(poly), "properties": props})
        if not self.wedge.is_empty:
            feats.append(
                {
                    "type": "Feature",
                    "geometry": mapping(self.wedge),
                    "properties": {"kind": "wedge"},
                }
            )
        for i, line in enumerate(self.confidence_lines):
            feats.append(
                {
                    "type": "Feature",
                    "geometry": mapping(line),
                    "properties": {"kind": "confidence_line", "side": ("left", "right")[i]},
                }
            )
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(Point(self.release.lon, self.release.lat)),
                "properties": {
                    "kind": "source",
                    "substance": self.release.substance,
                    "stability": self.stability,
                },
            }
        )
        return {
            "type": "FeatureCollection",
            "features": feats,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


@lru_cache(maxsize=64)
def _local_transformer(lon: float, lat: float) -> tuple[Transformer, str]:
    proj = (
        f"+proj=aeqd +lat_0={lat:.8f} +lon_0={lon:.8f} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    )
    return Transformer.from_crs(proj, "EPSG:4326", always_xy=True), proj


def _default_uncertainty_deg(u: float) -> float:
    """Half-angle [deg] of the wind-direction wedge: ≈ 1.96 σθ with σθ = 40°/u in [10°, 90°].

    A heuristic standing in for ALOHA's (unpublished here) rule: the wedge widens as the
    wind weakens and becomes a full circle below ≈ 0.45 m/s.
    """
    sigma_theta = min(max(40.0 / u, 10.0), 90.0)
    return min(1.96 * sigma_theta, 180.0)


def _zone_profile(
    release: Release,
    u: float,
    stability: str,
    terrain: str,
    x: np.ndarray,
    z: float,
    averaging: str,
    exposure_s: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Centreline concentration C(x, 0, z) [mg/m³] and σy(x) [m]; C(x,y) = C·exp(−y²/2σy²)."""
    sy, sz = sigmas(x, stability, terrain)
    h = release.height_m
    vert = _vertical(z, h, sz)
    if release.instantaneous:
        m = float(release.mass_g)
        if averaging == "peak":  # puff centre passing the receptor, σx = σy
            c = m / ((2 * np.pi) ** 1.5 * sy * sy * sz) * vert
        else:  # dose over the exposure window
            c = m / (2 * np.pi * u * sy * sz) * vert / exposure_s
    else:
        c = float(release.rate_g_s) / (2 * np.pi * u * sy * sz) * vert
        if averaging == "exposure" and release.duration_s is not None:
            c = c * min(1.0, release.duration_s / exposure_s)
    return c * 1000.0, sy  # g/m³ → mg/m³


def threat_zones(
    release: Release,
    weather: Weather,
    thresholds: Mapping[str, float] | None = None,
    grid: int | None = 200,
    *,
    averaging: Literal["peak", "exposure"] = "peak",
    exposure_s: float | None = None,
    receptor_height_m: float = 0.0,
    max_distance_m: float = 50_000.0,
) -> ThreatZones:
    """Red/orange/yellow threat zones of a gas release, in WGS84, ALOHA-style.

    The ground-level field of both the plume and the puff is separable,
    ``C(x, y) = C(x, 0)·exp(−y²/2σy(x)²)``, so each zone boundary is traced exactly:
    the half-width is ``σy·√(2 ln(C(x,0)/threshold))`` along a fine downwind sampling.
    Zones are built in local azimuthal-equidistant metres centred on the release and
    projected to lon/lat with pyproj.

    Parameters
    ----------
    release : Release
        Location, amount (rate or mass), height, substance.
    weather : Weather
        Wind speed and direction (from), stability (or inputs), terrain.
    thresholds : mapping, optional
        Level name → concentration [mg/m³]. Default: the substance's AEGL-3/2/1.
        Levels are ordered from the highest threshold (red) down.
    grid : int or None
        Cells per side of the concentration field returned in ``field`` (None: none).
        The square grid spans 1.1 × the outermost zone's reach.
    averaging : {"peak", "exposure"}
        Compare thresholds with the peak concentration (default) or with the mean over
        the exposure window (``dose/exposure_s`` for a puff; the plume scaled by
        ``min(1, duration/exposure_s)`` for a finite continuous release).
    exposure_s : float, optional
        Exposure window [s]; default the substance's (60 min AEGL), else 3600 s.
    receptor_height_m : float
        Receptor height [m] (ALOHA uses ground level).
    max_distance_m : float
        Furthest distance evaluated [m].

    Returns
    -------
    ThreatZones
        Polygons, maximum distances, wedge, confidence lines, warnings and field.

    Notes
    -----
    Warnings (codes): ``low_wind`` (u < 1 m/s), ``very_stable`` (class F or E at night),
    ``near_source`` (a zone ends within 100 m: the Gaussian model is not valid there),
    ``beyond_10km`` (Briggs σ extrapolated), ``dense_gas`` (molecular weight > 29 g/mol:
    a heavy-gas model may be needed). The wedge half-angle is ``direction_uncertainty_deg``
    or 1.96·σθ with σθ = 40°/u clipped to [10°, 90°] (a heuristic, not ALOHA's exact rule),
    widened by the zone's own angular half-width; a full circle when ≥ 180°.

    References
    ----------
    .. [1] NOAA/EPA (2013). *ALOHA Technical Documentation*, §4 (threat zones, confidence
       lines, Levels of Concern).
    .. [2] Turner (1970), AP-26; Briggs (1973), ATDL-106.
    """
    if not isinstance(release, Release):
        raise ModelInputError("release", "must be a Release")
    if not isinstance(weather, Weather):
        raise ModelInputError("weather", "must be a Weather")
    if averaging not in ("peak", "exposure"):
        raise ModelInputError("averaging", f"must be 'peak' or 'exposure', got {averaging!r}")
    substance = SUBSTANCES.get(release.substance) if release.substance else None
    if thresholds is None:
        if substance is None:
            raise ModelInputError("thresholds", "required when the release has no substance")
        thresholds = substance.levels_mg_m3("AEGL")
    if not isinstance(thresholds, Mapping) or not thresholds:
        raise ModelInputError("thresholds", "must be a non-empty mapping level → mg/m³")
    thr: dict[str, float] = {}
    for level, value in thresholds.items():
        thr[str(level)] = finite_scalar(value, f"thresholds[{level}]", positive=True)
    thr = dict(sorted(thr.items(), key=lambda kv: -kv[1]))
    if exposure_s is None:
        exposure_s = substance.exposure_s if substance else 3600.0
    exposure_s = finite_scalar(exposure_s, "exposure_s", positive=True)
    z = finite_scalar(receptor_height_m, "receptor_height_m", nonneg=True)
    xmax = finite_scalar(max_distance_m, "max_distance_m", positive=True)
    if grid is not None and (not isinstance(grid, int | np.integer) or grid < 2):
        raise ModelInputError("grid", f"must be an int ≥ 2 or None, got {grid!r}")

    u = float(weather.wind_speed_m_s)
    stab = weather.resolved_stability()
    terrain = weather.terrain

    # 1. Downwind profile on a fine log grid.
    xs = np.geomspace(1.0, max(xmax, 2.0), 4000)
    c_cl, _ = _zone_profile(release, u, stab, terrain, xs, z, averaging, exposure_s)
    log_c = np.log(np.maximum(c_cl, 1e-300))

    # Local frame: x downwind, y to the left of the wind; rotate to east/north.
    to = math.radians(weather.wind_from_deg + 180.0)
    sin_t, cos_t = math.sin(to), math.cos(to)
    transformer, proj = _local_transformer(round(release.lon, 8), round(release.lat, 8))

    def to_lonlat(xl: np.ndarray, yl: np.ndarray) -> np.ndarray:
        east = xl * sin_t - yl * cos_t
        north = xl * cos_t + yl * sin_t
        lon, lat = transformer.transform(east, north)
        return np.column_stack([lon, lat])

    polygons: dict[str, Polygon] = {}
    reach: dict[str, float] = {}
    local_polys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for level, value in thr.items():
        lv = math.log(value)
        above = np.nonzero(log_c >= lv)[0]
        if above.size == 0:
            polygons[level] = Polygon()
            reach[level] = 0.0
            continue
        i0, i1 = int(above[0]), int(above[-1])

        def crossing(i_in: int, i_out: int, lv: float = lv) -> float:
            a, b = log_c[i_in], log_c[i_out]
            f = (a - lv) / (a - b) if a != b else 0.0
            return float(np.exp(np.log(xs[i_in]) + f * (np.log(xs[i_out]) - np.log(xs[i_in]))))

        x0 = crossing(i0, i0 - 1) if i0 > 0 else float(xs[0])
        x1 = crossing(i1, i1 + 1) if i1 < xs.size - 1 else float(xs[-1])
        xp = np.geomspace(x0, x1, 256) if x1 > x0 else np.array([x0, x0 * 1.001])
        cp, syp = _zone_profile(release, u, stab, terrain, xp, z, averaging, exposure_s)
        w = syp * np.sqrt(2.0 * np.maximum(np.log(np.maximum(cp, 1e-300)) - lv, 0.0))
        w[0] = w[-1] = 0.0
        xl = np.concatenate([xp, xp[::-1]])
        yl = np.concatenate([w, -w[::-1]])
        local_polys[level] = (xl, yl)
        poly = Polygon(to_lonlat(xl, yl))
        if not poly.is_valid:
            poly = make_valid(poly)
        polygons[level] = poly
        reach[level] = x1

    # 2. Wedge around the outermost (lowest-threshold) zone.
    outer = list(thr)[-1]
    r_max = reach[outer]
    lines: tuple[LineString, ...] = ()
    if r_max <= 0:
        wedge = Polygon()
    else:
        xl, yl = local_polys[outer]
        spread = float(np.max(np.abs(np.degrees(np.arctan2(yl, np.maximum(xl, 1e-9))))))
        base = (
            weather.direction_uncertainty_deg
            if weather.direction_uncertainty_deg is not None
            else _default_uncertainty_deg(u)
        )
        half = min(base + spread, 180.0)
        ang = np.radians(np.linspace(-half, half, 181))
        ax = r_max * np.cos(ang)
        ay = r_max * np.sin(ang)
        if half >= 180.0:
            wedge = Polygon(to_lonlat(ax[:-1], ay[:-1]))
        else:
            wx = np.concatenate([[0.0], ax])
            wy = np.concatenate([[0.0], ay])
            wedge = Polygon(to_lonlat(wx, wy))
            ends = to_lonlat(np.array([0.0, ax[-1], ax[0]]), np.array([0.0, ay[-1], ay[0]]))
            lines = (LineString([ends[0], ends[1]]), LineString([ends[0], ends[2]]))

    # 3. Warnings.
    warns: list[ModelWarning] = []
    if u < 1.0:
        warns.append(
            ModelWarning("low_wind", f"wind {u:.2f} m/s < 1 m/s: Gaussian model unreliable")
        )
    night = weather.daytime is False
    if stab == "F" or (stab == "E" and night):
        warns.append(
            ModelWarning(
                "very_stable",
                f"very stable air (class {stab}): plume meander and terrain channelling "
                "make the Gaussian result uncertain",
            )
        )
    exceeded = [lv for lv in thr if reach[lv] > 0]
    if any(reach[lv] < 100.0 for lv in exceeded):
        warns.append(
            ModelWarning(
                "near_source",
                "a zone ends within 100 m of the source, where the Gaussian model is not valid",
            )
        )
    if r_max > 10_000.0:
        warns.append(
            ModelWarning("beyond_10km", "zones beyond 10 km: Briggs σ extrapolated, low confidence")
        )
    mw = release.mw
    if mw is not None and mw > 29.0:
        warns.append(
            ModelWarning(
                "dense_gas",
                f"molecular weight {mw:g} g/mol > air (29): near the source a heavy-gas model "
                "may be needed",
            )
        )

    # 4. Concentration field on a square local grid.
    fld = None
    if grid is not None:
        half_w = 1.1 * max(r_max, 100.0)
        coords = np.linspace(-half_w, half_w, int(grid))
        east = coords[np.newaxis, :]
        north = coords[:, np.newaxis]
        xd = east * sin_t + north * cos_t
        yc = -east * cos_t + north * sin_t
        down = xd > 0
        # C(x, 0) and σy(x) are smooth in x: tabulate them on a fine log grid and
        # interpolate in log–log space (rel. error < 1e-5), then apply the crosswind term.
        xg = np.geomspace(1.0, half_w * 1.5, 2048)
        cg, syg = _zone_profile(release, u, stab, terrain, xg, z, averaging, exposure_s)
        lxg = np.log(xg)
        lx = np.log(np.maximum(xd[down], 1.0))
        with np.errstate(divide="ignore"):
            lcg = np.log(cg)
        log_c = np.interp(lx, lxg, lcg)
        half_inv_var = 0.5 * np.exp(np.interp(lx, lxg, -2.0 * np.log(syg)))  # 1/(2σy²)
        values = np.zeros(xd.shape)
        with np.errstate(under="ignore"):
            values[down] = np.exp(log_c - yc[down] ** 2 * half_inv_var)
        fld = xr.DataArray(
            values,
            dims=("north_m", "east_m"),
            coords={"north_m": coords, "east_m": coords},
            name="concentration",
            attrs={"units": "mg/m3", "crs": proj, "averaging": averaging},
        )

    colours = {
        lv: (_LEVEL_COLOURS[i] if i < len(_LEVEL_COLOURS) else "grey") for i, lv in enumerate(thr)
    }
    return ThreatZones(
        polygons=polygons,
        thresholds_mg_m3=thr,
        colours=colours,
        max_distance_m=reach,
        wedge=wedge,
        confidence_lines=lines,
        warnings=tuple(warns),
        field=fld,
        stability=stab,
        release=release,
        weather=weather,
        meta={"exposure_s": exposure_s, "averaging": averaging, "crs_local": proj},
    )
