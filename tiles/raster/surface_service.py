"""Air-quality surfaces: station values → IDW grid → GeoTIFF on disk, cached per hour.

The GeoTIFF (``var/surfaces/{pollutant}_{hour}_{digest}.tif``) has band 1 = the interpolated
value in the pollutant's unit and band 2 = its IAQI (AQI scale), so the same file is the
download and the source of the tiles (coloured by the AQI level colours of HJ 633).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.transform import from_origin
from shapely.geometry.base import BaseGeometry

from core.errors import BadRequest, DataError, NotFound
from tiles.raster.cache import LRUCache
from tiles.raster.colormaps import ClassColoursUnavailableError
from tiles.surfaces import interpolate_surface

log = logging.getLogger(__name__)

StationSource = Callable[[str, datetime], pd.DataFrame]

# Pollutant ids = the columns of the hourly station data; units as published by CNEMC.
POLLUTANTS: dict[str, str] = {
    "aqi": "AQI",
    "pm2_5": "µg/m³",
    "pm10": "µg/m³",
    "so2": "µg/m³",
    "no2": "µg/m³",
    "co": "mg/m³",
    "o3_1h": "µg/m³",
    "o3_8h": "µg/m³",
}
RESOLUTION_DEG = 0.005
POWER = 2.0
MAX_FILES = 500
TTL_SECONDS = 300.0  # re-query the stations of an hour after this long (late data)


def parse_pollutant(raw: str) -> str:
    pollutant = raw.lower()
    if pollutant not in POLLUTANTS:
        raise NotFound(f"pollutant: unknown {raw!r}; expected one of {', '.join(POLLUTANTS)}")
    return pollutant


# Pollutant id → (decision_models.aqi pollutant, averaging period) of an hourly surface.
IAQI_OF: dict[str, tuple[str, str]] = {
    "pm2_5": ("PM2.5", "1h"),
    "pm10": ("PM10", "1h"),
    "so2": ("SO2", "1h"),
    "no2": ("NO2", "1h"),
    "co": ("CO", "1h"),
    "o3_1h": ("O3", "1h"),
    "o3_8h": ("O3", "8h"),
}


def iaqi(pollutant: str, values: np.ndarray, when: datetime) -> np.ndarray:
    """IAQI of a grid of concentrations, by :func:`decision_models.aqi.iaqi`.

    The standard (HJ 633-2012 or -2026) follows ``when``. Concentrations are rounded to
    0.1 µg/m³ (0.01 mg/m³ for CO), far below what stations report, so the exact scalar model
    runs once per distinct value instead of once per cell.

    Parameters
    ----------
    pollutant
        A key of :data:`POLLUTANTS`; ``"aqi"`` is returned unchanged.
    values
        Concentrations [µg/m³; CO mg/m³], NaN outside the region.
    when
        Time of the data (chooses the standard version).

    Returns
    -------
    numpy.ndarray
        IAQI [-] (float32, NaN where undefined).
    """
    if pollutant == "aqi":
        return values.astype("float32")
    try:
        aqi = importlib.import_module("decision_models.aqi")
    except ImportError as exc:
        raise ClassColoursUnavailableError(f"IAQI needs decision_models.aqi: {exc}") from exc
    name, period = IAQI_OF[pollutant]
    decimals = 2 if pollutant == "co" else 1
    finite = np.isfinite(values)
    rounded = np.round(np.where(finite, values, 0.0), decimals)
    unique, inverse = np.unique(rounded, return_inverse=True)
    table = np.array(
        [np.nan if (r := aqi.iaqi(name, float(u), period=period, when=when)) is None else r
         for u in unique],
        dtype="float32",
    )
    return np.where(finite, table[inverse.reshape(values.shape)], np.nan).astype("float32")


class SurfaceService:
    """Build and cache air-quality surfaces.

    Parameters
    ----------
    station_source
        ``(pollutant, hour) -> DataFrame[lon, lat, value]``.
    region_path
        GeoJSON of the clip polygon (Hefei city).
    out_dir
        Folder for the surface GeoTIFFs.
    """

    def __init__(self, station_source: StationSource, region_path: Path, out_dir: Path) -> None:
        self._source = station_source
        self._region_path = region_path
        self._out_dir = out_dir
        self._cache: LRUCache[tuple[Path, float]] = LRUCache(256)
        self._build_lock = threading.Lock()

    @cached_property
    def region(self) -> BaseGeometry:
        try:
            collection = json.loads(self._region_path.read_text(encoding="utf-8"))
            geoms = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(f"region {self._region_path.name}: unreadable ({exc})") from exc
        return shapely.union_all(geoms)

    def surface(self, pollutant: str, hour: datetime) -> Path:
        """The GeoTIFF of ``pollutant`` at ``hour`` (built on first use, then cached)."""
        key = (pollutant, hour)
        hit = self._cache.get(key)
        if hit is not None and time.monotonic() - hit[1] < TTL_SECONDS:
            return hit[0]
        stations = self._source(pollutant, hour)
        if stations is None or stations.empty or stations["value"].notna().sum() == 0:
            raise NotFound(f"no station values of {pollutant} at {hour:%Y-%m-%dT%H:00}")
        digest = hashlib.sha1(
            pd.util.hash_pandas_object(stations[["lon", "lat", "value"]], index=False).values
        ).hexdigest()[:12]
        path = self._out_dir / f"{pollutant}_{hour:%Y%m%dT%H}_{digest}.tif"
        with self._build_lock:  # concurrent tiles of a new surface: build it once
            if not path.exists():
                grid = interpolate_surface(
                    stations, self.region, resolution=RESOLUTION_DEG, power=POWER,
                    name=pollutant,
                )
                self._write(path, pollutant, hour, grid.values, grid.lon.values,
                            grid.lat.values)
        self._cache.put(key, (path, time.monotonic()))
        return path

    def _write(
        self, path: Path, pollutant: str, hour: datetime, values: np.ndarray,
        lons: np.ndarray, lats: np.ndarray,
    ) -> None:
        self._out_dir.mkdir(parents=True, exist_ok=True)
        try:
            index = iaqi(pollutant, values, hour)
            bands = [values, index]
        except ClassColoursUnavailableError as exc:
            log.warning("surface %s without IAQI band: %s", path.name, exc.message)
            bands = [values]
        transform = from_origin(
            lons[0] - RESOLUTION_DEG / 2, lats[0] + RESOLUTION_DEG / 2,
            RESOLUTION_DEG, RESOLUTION_DEG,
        )
        profile = {
            "driver": "GTiff", "width": values.shape[1], "height": values.shape[0],
            "count": len(bands), "dtype": "float32", "crs": "EPSG:4326",
            "transform": transform, "nodata": float("nan"), "compress": "deflate",
            "tiled": True, "blockxsize": 256, "blockysize": 256,
        }
        # not *.tif until complete, so _prune and readers never see a partial file
        fd, tmp = tempfile.mkstemp(suffix=".tif.part", dir=self._out_dir)
        os.close(fd)
        with rasterio.open(tmp, "w", **profile) as dst:
            for i, band in enumerate(bands, start=1):
                dst.write(band.astype("float32"), i)
            dst.set_band_description(1, f"{pollutant} [{POLLUTANTS[pollutant]}]")
            if len(bands) == 2:
                dst.set_band_description(2, f"IAQI of {pollutant} (HJ 633)")
            dst.update_tags(
                POLLUTANT=pollutant, UNITS=POLLUTANTS[pollutant],
                TIME=f"{hour:%Y-%m-%dT%H:00:00}+08:00", METHOD=f"IDW power {POWER}",
            )
        os.replace(tmp, path)
        self._prune()

    def _prune(self) -> None:
        stamped = []
        for candidate in self._out_dir.glob("*.tif"):
            try:
                stamped.append((candidate.stat().st_mtime, candidate))
            except FileNotFoundError:  # removed by another process meanwhile
                continue
        for _, old in sorted(stamped)[:-MAX_FILES]:
            old.unlink(missing_ok=True)

    @staticmethod
    def require_iaqi_band(path: Path) -> None:
        with rasterio.open(path) as ds:
            if ds.count < 2:
                raise ClassColoursUnavailableError(
                    "AQI-coloured tiles need decision_models.aqi.iaqi (see the server log)"
                )


def check_time(hour: datetime) -> datetime:
    if not 2000 <= hour.year <= 2100:
        raise BadRequest(f"time: year {hour.year} is out of range")
    return hour
