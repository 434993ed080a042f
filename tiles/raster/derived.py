"""Basemaps derived from the DEM, computed once and kept as COGs under ``var/derived``.

Which basemaps exist is declared in ``layers.basemap`` (``source="derived"``); each names
one renderer of this module:

``grey``
    Grey analytical hillshade (``dem-hillshade``).
``color_relief``
    Hypsometric tint × hillshade (``dem-color-relief``).
``dark_relief``
    A dark, low-contrast relief for the command-centre video wall (``dark``).

The 30″ DEM (≈ 789 m × 924 m pixels at 31.8°N) is upsampled ×4 with a cubic spline
before shading, so city zooms show smooth relief instead of kilometre blocks; slopes use the
true ground spacing of each row (geographic pixels are narrower than tall).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Mapping
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


def _renderers() -> dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]:
    """The renderers a derived basemap may name (``BasemapSpec.renderer``)."""
    def grey(_: np.ndarray, shade: np.ndarray) -> np.ndarray:
        value = np.clip(shade * 255.0, 0, 255).astype("uint8")
        return np.stack([value, value, value])

    return {
        "grey": grey,
        "color_relief": algorithms.color_relief,
        "dark_relief": lambda _, shade: algorithms.dark_relief(shade),
    }


RENDERERS = frozenset(_renderers())


def _source_tag(dem_path: Path) -> str:
    """Which DEM a derived file was computed from (path, size, mtime): a region pack's DEM
    replacing the sample's is a different source, whatever the file times."""
    stat = dem_path.stat()
    return f"{dem_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def ensure_derived(dem_path: Path, out_dir: Path, renderers: Mapping[str, str]
                   ) -> dict[str, Path]:
    """Build (if missing or stale) the derived basemaps of ``dem_path``.

    Parameters
    ----------
    dem_path
        A single-band elevation GeoTIFF [m] in a geographic CRS (degrees).
    out_dir
        Folder of the cached COGs (created).
    renderers
        Dataset id → renderer name (one of :data:`RENDERERS`), as declared.

    Returns
    -------
    dict
        Dataset id → COG path.
    """
    unknown = set(renderers.values()) - RENDERERS
    if unknown:
        raise ValueError(f"unknown derived renderer(s) {sorted(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {name: out_dir / f"{name}.tif" for name in renderers}
    source = _source_tag(dem_path)
    stale = [name for name, path in targets.items()
             if not path.exists() or _tags(path) != (VERSION, source)]
    if not stale:
        return targets
    log.info("computing derived basemaps %s from %s", stale, dem_path.name)
    elevation, transform, crs = _shaded_inputs(dem_path)
    lats = transform.f + transform.e * (np.arange(elevation.shape[0]) + 0.5)
    dx, dy = algorithms.geographic_spacing(lats, transform.a, transform.e)
    shade = algorithms.hillshade(elevation, dx, dy, z_factor=Z_FACTOR)
    render = _renderers()
    for name in stale:
        _write_cog(targets[name], render[renderers[name]](elevation, shade), transform, crs,
                   source)
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


def _tags(path: Path) -> tuple[str | None, str | None]:
    """(algorithm version, source DEM) a cached file was written with."""
    try:
        with rasterio.open(path) as ds:
            tags = ds.tags()
    except rasterio.errors.RasterioIOError:
        return None, None
    return tags.get("ONEMAP_DERIVED_VERSION"), tags.get("ONEMAP_DERIVED_SOURCE")


def _write_cog(path: Path, rgb: np.ndarray, transform: Affine, crs, source: str) -> None:
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
            dst.update_tags(ONEMAP_DERIVED_VERSION=VERSION, ONEMAP_DERIVED_SOURCE=source,
                            SOURCE="derived from the DEM")
        cog = Path(tmp) / path.name
        rasterio.shutil.copy(
            plain, cog, driver="COG", compress="DEFLATE", overview_resampling="average"
        )
        os.replace(cog, path)
