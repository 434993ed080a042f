"""Basemaps derived from the DEM, computed once and kept as COGs under ``var/derived``.

``dem-hillshade``
    Grey analytical hillshade.
``dem-color-relief``
    Hypsometric tint × hillshade.
``dark``
    A dark, low-contrast relief for the command-centre video wall.

The 30″ DEM (≈ 789 m × 924 m pixels at 31.8°N) is upsampled ×4 with a cubic spline
before shading, so city zooms show smooth relief instead of kilometre blocks; slopes use the
true ground spacing of each row (geographic pixels are narrower than tall).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import rasterio
import rasterio.shutil
from rasterio.transform import Affine

from tiles.raster import algorithms

log = logging.getLogger(__name__)

UPSAMPLE = 4
VERSION = "1"  # bump when an algorithm changes: cached files are rebuilt
Z_FACTOR = 2.0  # the Hefei plain is flat: exaggerate so relief reads at city zooms

DERIVED_TITLES = {
    "dem-hillshade": "DEM hillshade 地形晕渲",
    "dem-color-relief": "DEM colour relief 分层设色",
    "dark": "Dark relief (video wall) 暗色底图",
}


def _renderers() -> dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]:
    def grey(_: np.ndarray, shade: np.ndarray) -> np.ndarray:
        value = np.clip(shade * 255.0, 0, 255).astype("uint8")
        return np.stack([value, value, value])

    return {
        "dem-hillshade": grey,
        "dem-color-relief": algorithms.color_relief,
        "dark": lambda _, shade: algorithms.dark_relief(shade),
    }


def ensure_derived(dem_path: Path, out_dir: Path) -> dict[str, Path]:
    """Build (if missing or stale) the derived basemaps of ``dem_path``.

    Parameters
    ----------
    dem_path
        A single-band elevation GeoTIFF [m] in a geographic CRS (degrees).
    out_dir
        Folder of the cached COGs (created).

    Returns
    -------
    dict
        Dataset id → COG path.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {name: out_dir / f"{name}.tif" for name in DERIVED_TITLES}
    dem_mtime = dem_path.stat().st_mtime
    stale = [
        name
        for name, path in targets.items()
        if not path.exists() or path.stat().st_mtime < dem_mtime or _version(path) != VERSION
    ]
    if not stale:
        return targets
    log.info("computing derived basemaps %s from %s", stale, dem_path.name)
    elevation, transform, crs = _shaded_inputs(dem_path)
    lats = transform.f + transform.e * (np.arange(elevation.shape[0]) + 0.5)
    dx, dy = algorithms.geographic_spacing(lats, transform.a, transform.e)
    shade = algorithms.hillshade(elevation, dx, dy, z_factor=Z_FACTOR)
    renderers = _renderers()
    for name in stale:
        _write_cog(targets[name], renderers[name](elevation, shade), transform, crs)
    return targets


def _shaded_inputs(dem_path: Path) -> tuple[np.ndarray, Affine, rasterio.crs.CRS]:
    with rasterio.open(dem_path) as src:
        if not src.crs or not src.crs.is_geographic:
            raise ValueError(f"{dem_path.name}: derived basemaps expect a geographic DEM")
        band = src.read(1, masked=True).astype("float64")
        filled = band.filled(float(band.mean()) if band.count() else 0.0)
        transform, crs = src.transform, src.crs
    elevation = algorithms.upsample(filled, UPSAMPLE)
    return elevation, transform @ Affine.scale(1 / UPSAMPLE), crs


def _version(path: Path) -> str | None:
    try:
        with rasterio.open(path) as ds:
            return ds.tags().get("ONEMAP_DERIVED_VERSION")
    except rasterio.errors.RasterioIOError:
        return None


def _write_cog(path: Path, rgb: np.ndarray, transform: Affine, crs) -> None:
    """Write an RGB uint8 COG atomically (a temporary file renamed into place)."""
    profile = {
        "driver": "GTiff",
        "width": rgb.shape[2],
        "height": rgb.shape[1],
        "count": 3,
        "dtype": "uint8",
        "crs": crs,
        "transform": transform,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "photometric": "RGB",
    }
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        plain = Path(tmp) / "plain.tif"
        with rasterio.open(plain, "w", **profile) as dst:
            dst.write(rgb)
            dst.update_tags(ONEMAP_DERIVED_VERSION=VERSION, SOURCE="derived from the 30in DEM")
        cog = Path(tmp) / path.name
        rasterio.shutil.copy(
            plain, cog, driver="COG", compress="DEFLATE", overview_resampling="average"
        )
        os.replace(cog, path)
