"""Air-quality surfaces: station values → IDW grid → GeoTIFF on disk, one per observed hour.

A surface is keyed by the data it is made of: the *observed* hour its station values come
from (the map replays the real hours in a cycle, see :class:`layers.air.ReplayClock`) and,
for a pollutant's IAQI band, the HJ 633 version in force. Present times that replay the same
observed hour share one file, so the number of files is bounded by the data, not by the
times clients ask for. Times outside the station source's range are refused (400), and new
builds are bounded per client and in number at once (:mod:`tiles.raster.limits`).

The GeoTIFF (``var/surfaces/{pollutant}_{observed hour}_{standard}_{digest}.tif``) has
band 1 = the interpolated value in the pollutant's unit and band 2 = its IAQI (AQI scale),
so the same file is the download and the source of the tiles (coloured by the AQI level
colours of HJ 633).
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
from typing import Protocol

import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.transform import from_origin
from shapely.geometry.base import BaseGeometry

from core.clock import beijing_now, floor_hour
from core.errors import BadRequest, DataError, NotFound
from decision_models.standards_tables import gb3095
from tiles.raster.cache import LRUCache
from tiles.raster.colormaps import ClassColoursUnavailableError
from tiles.raster.limits import BuildBudget, BuildSlots
from tiles.surfaces import interpolate_surface

log = logging.getLogger(__name__)


class StationSource(Protocol):
    """Where the station values of the surfaces come from (see :mod:`tiles.stations`).

    Times are naive Beijing time, floored to the hour.
    """

    def time_range(self, now: datetime) -> tuple[datetime, datetime]:
        """First and last hour a client may ask for, given the present hour ``now``."""

    def source_hour(self, t: datetime) -> datetime | None:
        """The observed hour whose values the map shows at ``t`` (``None``: no data)."""

    def resolve(self, t: datetime) -> tuple[datetime | None, str]:
        """(:meth:`source_hour`, revision of the values shown at ``t``: a cache key that
        changes when they do), in one look at the source."""

    def values(self, pollutant: str, hour: datetime) -> pd.DataFrame:
        """``DataFrame[lon, lat, value]`` of every station at the observed ``hour``."""


RESOLUTION_DEG = 0.005
POWER = 2.0
MAX_FILES = 500
TTL_SECONDS = 300.0  # re-query the stations of an hour after this long (late data)
LOCK_STRIPES = 64  # per-surface build locks, hashed (bounded whatever the keys)


# Pollutant id (a column of the hourly station data) → (decision_models.aqi pollutant,
# averaging period) of an hourly surface.
IAQI_OF: dict[str, tuple[str, str]] = {
    "pm2_5": ("PM2.5", "1h"),
    "pm10": ("PM10", "1h"),
    "so2": ("SO2", "1h"),
    "no2": ("NO2", "1h"),
    "co": ("CO", "1h"),
    "o3_1h": ("O3", "1h"),
    "o3_8h": ("O3", "8h"),
}
# Surface id → unit: the AQI, then each pollutant in the unit of GB 3095 Table 1.
POLLUTANTS: dict[str, str] = {
    "aqi": "AQI",
    **{key: gb3095.UNITS[pollutant] for key, (pollutant, _) in IAQI_OF.items()},
}


def parse_pollutant(raw: str) -> str:
    pollutant = raw.lower()
    if pollutant not in POLLUTANTS:
        raise NotFound(f"pollutant: unknown {raw!r}; expected one of {', '.join(POLLUTANTS)}")
    return pollutant


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


def aqi_standard(pollutant: str, when: datetime) -> str:
    """The HJ 633 version an IAQI band of ``pollutant`` at ``when`` follows (``""``: none)."""
    if pollutant == "aqi":
        return ""  # the AQI values are taken as published, whatever the standard
    try:
        aqi = importlib.import_module("decision_models.aqi")
    except ImportError:
        return ""
    return aqi.standard_for(when)


class SurfaceService:
    """Build and cache air-quality surfaces.

    Parameters
    ----------
    stations
        The station source: range of times, replayed hours, values.
    region_path
        GeoJSON of the clip polygon (Hefei city).
    out_dir
        Folder for the surface GeoTIFFs.
    budget
        New builds per client per minute.
    slots
        Builds running at once.
    now
        The present time, naive Beijing time (injectable for tests).
    """

    def __init__(
        self, stations: StationSource, region_path: Path, out_dir: Path,
        budget: BuildBudget, slots: BuildSlots,
        now: Callable[[], datetime] = beijing_now,
    ) -> None:
        self._stations = stations
        self._region_path = region_path
        self._out_dir = out_dir
        self._budget = budget
        self._slots = slots
        self._now = now
        self._cache: LRUCache[tuple[Path, float]] = LRUCache(256)
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self.builds = 0  # surfaces built by this process (for tests and the health page)

    @cached_property
    def region(self) -> BaseGeometry:
        try:
            collection = json.loads(self._region_path.read_text(encoding="utf-8"))
            geoms = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(f"region {self._region_path.name}: unreadable ({exc})") from exc
        return shapely.union_all(geoms)

    def time_range(self) -> tuple[datetime, datetime]:
        """First and last hour served now (naive Beijing time)."""
        return self._stations.time_range(floor_hour(self._now()))

    def check_time(self, hour: datetime) -> datetime:
        """``hour`` if the surfaces cover it, else a 400 that states the valid range."""
        first, last = self.time_range()
        if not first <= hour <= last:
            raise BadRequest(
                f"time: {hour:%Y-%m-%dT%H:00} is outside the range of the air-quality "
                f"surfaces, {first:%Y-%m-%dT%H:00} to {last:%Y-%m-%dT%H:00} "
                "(Beijing time, UTC+8)"
            )
        return hour

    def surface(self, pollutant: str, hour: datetime, client: str = "") -> Path:
        """The GeoTIFF of ``pollutant`` at the present ``hour`` (built on first use).

        Parameters
        ----------
        pollutant
            A key of :data:`POLLUTANTS`.
        hour
            Naive Beijing time, floored to the hour, inside :meth:`check_time`'s range.
        client
            Who asks (an address); a new build is charged to its budget.

        Raises
        ------
        BadRequest
            ``hour`` is outside the range.
        NotFound
            No station has a value for that hour.
        tiles.raster.limits.TooManyRequests, tiles.raster.limits.Busy
            The client used its budget of builds, or every build slot stayed busy.
        """
        self.check_time(hour)
        resolve = getattr(self._stations, "resolve", None)  # one look, also on a cache hit
        source, revision = resolve(hour) if resolve else (self._stations.source_hour(hour), "")
        if source is None:
            raise NotFound(f"no air observations are loaded for {hour:%Y-%m-%dT%H:00}")
        standard = aqi_standard(pollutant, hour)
        key = (pollutant, source, standard, revision)
        hit = self._cache.get(key)
        if hit is not None and time.monotonic() - hit[1] < TTL_SECONDS:
            return hit[0]
        stations = self._stations.values(pollutant, source)
        if stations is None or stations.empty or stations["value"].notna().sum() == 0:
            raise NotFound(f"no station values of {pollutant} at {hour:%Y-%m-%dT%H:00} "
                           f"(observed hour {source:%Y-%m-%dT%H:00})")
        digest = hashlib.sha1(
            pd.util.hash_pandas_object(stations[["lon", "lat", "value"]], index=False).values
        ).hexdigest()[:12]
        tag = f"_{standard.replace(' ', '')}" if standard else ""
        path = self._out_dir / f"{pollutant}_{source:%Y%m%dT%H}{tag}_{digest}.tif"
        with self._locks[hash(key) % LOCK_STRIPES]:  # tiles of a new surface: build it once
            if not path.exists():
                self._budget.charge(client)
                with self._slots.slot():
                    grid = interpolate_surface(
                        stations, self.region, resolution=RESOLUTION_DEG, power=POWER,
                        name=pollutant,
                    )
                    self._write(path, pollutant, source, hour, grid.values,
                                grid.lon.values, grid.lat.values)
                    self.builds += 1
        self._cache.put(key, (path, time.monotonic()))
        return path

    def _write(
        self, path: Path, pollutant: str, source: datetime, when: datetime,
        values: np.ndarray, lons: np.ndarray, lats: np.ndarray,
    ) -> None:
        """Write the GeoTIFF of observed hour ``source``; ``when`` picks the IAQI standard."""
        self._out_dir.mkdir(parents=True, exist_ok=True)
        try:
            index = iaqi(pollutant, values, when)
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
                OBSERVED=f"{source:%Y-%m-%dT%H:00:00}+08:00", METHOD=f"IDW power {POWER}",
            )
            if len(bands) == 2:
                dst.update_tags(2, STANDARD=aqi_standard(pollutant, when))
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
