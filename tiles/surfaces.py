"""Pure interpolation of station values onto a regular grid (numpy/xarray only).

Inverse-distance weighting (IDW) of point observations, on a lon/lat grid clipped to a
region polygon. Distances use a local equirectangular projection (exact enough over a city:
< 0.1 % error across Hefei's 1.6° × 1.3°).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
import xarray as xr
from shapely.geometry.base import BaseGeometry

from core.errors import BadRequest

EARTH_RADIUS_KM = 6371.0088


def idw(
    x: np.ndarray,
    y: np.ndarray,
    values: np.ndarray,
    grid_x: np.ndarray,
    grid_y: np.ndarray,
    power: float = 2.0,
) -> np.ndarray:
    """Inverse-distance-weighted interpolation (Shepard's method).

    Parameters
    ----------
    x, y
        Station coordinates [km] (any planar unit), shape ``(n,)``.
    values
        Station values [any unit], shape ``(n,)``; no NaN.
    grid_x, grid_y
        Target coordinates [same unit as ``x``], any (equal) shape.
    power
        Distance exponent [-]; 2 is the usual choice.

    Returns
    -------
    numpy.ndarray
        Interpolated values, shape of ``grid_x``; a target on a station takes its value.

    References
    ----------
    Shepard, D. (1968). A two-dimensional interpolation function for irregularly-spaced
    data. Proc. 23rd ACM National Conference, 517–524.

    Examples
    --------
    >>> idw(np.array([0.0, 2.0]), np.array([0.0, 0.0]), np.array([10.0, 30.0]),
    ...     np.array([1.0, 0.0]), np.array([0.0, 0.0]))
    array([20., 10.])
    """
    x, y, values = (np.asarray(a, dtype="float64").ravel() for a in (x, y, values))
    if not (x.size == y.size == values.size) or x.size == 0:
        raise BadRequest("idw: need one or more stations with x, y and value of equal length")
    if not np.all(np.isfinite(values)):
        raise BadRequest("idw: station values must be finite")
    gx = np.asarray(grid_x, dtype="float64")
    gy = np.asarray(grid_y, dtype="float64")
    dist = np.hypot(gx[..., None] - x, gy[..., None] - y)  # (..., n)
    exact = dist == 0.0
    with np.errstate(divide="ignore"):
        weights = 1.0 / dist**power
    weights[exact.any(axis=-1)] = exact[exact.any(axis=-1)].astype("float64")
    return (weights * values).sum(axis=-1) / weights.sum(axis=-1)


def lonlat_to_km(
    lon: np.ndarray, lat: np.ndarray, lat0: float
) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection about latitude ``lat0`` [degrees] → ``(x, y)`` [km]."""
    k = np.deg2rad(1.0) * EARTH_RADIUS_KM
    return np.asarray(lon) * k * np.cos(np.deg2rad(lat0)), np.asarray(lat) * k


def interpolate_surface(
    stations: pd.DataFrame,
    region: BaseGeometry,
    resolution: float = 0.005,
    power: float = 2.0,
    name: str = "value",
) -> xr.DataArray:
    """IDW surface of station values over a region, NaN outside it.

    Parameters
    ----------
    stations
        Columns ``lon``, ``lat`` [degrees, WGS 84] and ``value``; rows with NaN are dropped.
    region
        Polygon in lon/lat [degrees]; the grid covers its bounds, cells outside are NaN.
    resolution
        Cell size [degrees] (0.005° ≈ 470 m × 555 m at 31.8°N).
    power
        IDW exponent [-].
    name
        Name of the returned array.

    Returns
    -------
    xarray.DataArray
        Dims ``(lat, lon)`` with cell-centre coordinates, ``lat`` decreasing (north up);
        attrs ``crs="EPSG:4326"``, ``resolution``, ``power``, ``stations``.
    """
    missing = {"lon", "lat", "value"} - set(stations.columns)
    if missing:
        raise BadRequest(f"stations: missing column(s) {sorted(missing)}")
    valid = stations[["lon", "lat", "value"]].apply(pd.to_numeric, errors="coerce").dropna()
    if valid.empty:
        raise BadRequest("stations: no station has a value")
    if resolution <= 0:
        raise BadRequest(f"resolution: must be > 0, got {resolution}")
    west, south, east, north = region.bounds
    ncol = max(1, int(np.ceil((east - west) / resolution)))
    nrow = max(1, int(np.ceil((north - south) / resolution)))
    lons = west + (np.arange(ncol) + 0.5) * resolution
    lats = north - (np.arange(nrow) + 0.5) * resolution
    glon, glat = np.meshgrid(lons, lats)
    lat0 = (south + north) / 2.0
    sx, sy = lonlat_to_km(valid["lon"].to_numpy(), valid["lat"].to_numpy(), lat0)
    gx, gy = lonlat_to_km(glon, glat, lat0)
    grid = idw(sx, sy, valid["value"].to_numpy(), gx, gy, power=power)
    inside = shapely.contains_xy(region, glon, glat)
    grid = np.where(inside, grid, np.nan).astype("float32")
    return xr.DataArray(
        grid,
        dims=("lat", "lon"),
        coords={"lat": lats, "lon": lons},
        name=name,
        attrs={
            "crs": "EPSG:4326",
            "resolution": resolution,
            "power": power,
            "stations": len(valid),
        },
    )
