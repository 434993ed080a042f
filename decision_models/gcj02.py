"""GCJ-02 (国测局坐标, "Mars coordinates") ↔ WGS 84, for coordinates copied from web maps.

GCJ-02 is WGS 84 with a deliberate, non-linear offset of a few hundred metres inside
mainland China (高德, 腾讯 and Google's China maps use it). The offset function used here
is the publicly documented approximation of the official one (the ``eviltransform``
family of implementations); the official algorithm is not published.

:func:`gcj02_to_wgs84` inverts it by fixed-point iteration: the result, sent back through
:func:`wgs84_to_gcj02`, reproduces the input to better than :data:`INVERSE_TOLERANCE_DEG`
(≈ 0.01 m). The accuracy a user can rely on is that of the forward approximation against
the official offset, commonly stated as about 1–2 m: :data:`STATED_ACCURACY_M`.

Outside mainland China (the rectangle of :func:`outside_china`) both functions are the
identity, as in the reference implementations.

References
----------
.. [1] googollee/eviltransform, ``transform.py`` and its tests (Shanghai, Shenzhen and
   Beijing worked cases), https://github.com/googollee/eviltransform
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from decision_models.errors import ModelInputError

#: Semi-major axis of the Krasovsky 1940 ellipsoid the offset is defined on [m].
KRASOVSKY_A = 6378245.0
#: Its first eccentricity squared [-].
KRASOVSKY_EE = 0.00669342162296594323
#: Iterations stop when the forward image is this close to the input [degrees].
INVERSE_TOLERANCE_DEG = 1e-7
MAX_ITERATIONS = 30
#: Accuracy stated for GCJ-02 → WGS 84 (forward approximation vs. the official offset) [m].
STATED_ACCURACY_M = 2.0
ACCURACY_NOTE = ("GCJ-02 → WGS 84 by iterative inverse of the public approximation of the "
                 "offset: inverse residual < 0.01 m, overall accuracy about 1–2 m")


def outside_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Whether points lie outside the rectangle where GCJ-02 applies an offset.

    Parameters
    ----------
    lon, lat
        Longitude and latitude [degrees].
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _offset(lon: NDArray[np.float64], lat: NDArray[np.float64]
            ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The GCJ-02 offset (dlon, dlat) at WGS 84 positions [degrees]."""
    x, y = lon - 105.0, lat - 35.0
    pi = np.pi
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
            + 0.2 * np.sqrt(np.abs(x)))
    dlat += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad = lat / 180.0 * pi
    magic = 1.0 - KRASOVSKY_EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * pi)
    dlon = dlon * 180.0 / (KRASOVSKY_A / sqrt_magic * np.cos(rad) * pi)
    outside = outside_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def _checked(lon: ArrayLike, lat: ArrayLike
             ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if lon_a.shape != lat_a.shape:
        raise ModelInputError("lon/lat", f"shapes differ: {lon_a.shape} and {lat_a.shape}")
    finite = np.isfinite(lon_a) & np.isfinite(lat_a)
    if np.any(finite & ((np.abs(lon_a) > 180) | (np.abs(lat_a) > 90))):
        raise ModelInputError("lon/lat", "not geographic degrees (|lon| ≤ 180, |lat| ≤ 90)")
    return lon_a, lat_a


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """WGS 84 → GCJ-02.

    Parameters
    ----------
    lon, lat
        WGS 84 longitude and latitude [degrees], scalars or arrays of one shape.

    Returns
    -------
    lon, lat
        GCJ-02 longitude and latitude [degrees] (unchanged outside China).

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(121.5272106, 31.1774276)   # Shanghai, [1]_
    >>> round(float(lon), 6), round(float(lat), 6)
    (121.531542, 31.175304)
    """
    lon_a, lat_a = _checked(lon, lat)
    dlon, dlat = _offset(lon_a, lat_a)
    return lon_a + dlon, lat_a + dlat


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """GCJ-02 → WGS 84 by fixed-point iteration of :func:`wgs84_to_gcj02`.

    Parameters
    ----------
    lon, lat
        GCJ-02 longitude and latitude [degrees].

    Returns
    -------
    lon, lat
        WGS 84 longitude and latitude [degrees]; the forward transform of the result
        matches the input to :data:`INVERSE_TOLERANCE_DEG`. See :data:`STATED_ACCURACY_M`
        for the accuracy against the official offset.
    """
    g_lon, g_lat = _checked(lon, lat)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(MAX_ITERATIONS):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if np.nanmax(np.abs(np.concatenate([np.ravel(e_lon), np.ravel(e_lat), [0.0]]))
                     ) < INVERSE_TOLERANCE_DEG / 10:
            break
    return w_lon, w_lat
