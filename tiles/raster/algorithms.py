"""Pure algorithms: arrays or ``ImageData`` in, the same out (no I/O, no Flask).

Terrain shading for the derived basemaps, and the value → colour step of tile rendering.
"""

from __future__ import annotations

import numpy as np
from rio_tiler.colormap import apply_cmap
from rio_tiler.models import ImageData
from scipy import ndimage

from core.errors import BadRequest
from tiles.raster import colormaps
from tiles.raster.params import RenderParams

# Hypsometric tint stops [m] → RGB, a muted lowland-green to upland-brown ramp.
HYPSOMETRIC_STOPS: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.0, (112, 153, 89)),
    (30.0, (148, 182, 110)),
    (80.0, (196, 208, 138)),
    (200.0, (226, 214, 150)),
    (500.0, (196, 160, 110)),
    (1000.0, (160, 120, 90)),
    (1500.0, (235, 230, 225)),
)


def geographic_spacing(
    lats: np.ndarray, res_x_deg: float, res_y_deg: float
) -> tuple[np.ndarray, float]:
    """Ground size of a geographic pixel.

    Parameters
    ----------
    lats
        Latitude of each row [degrees].
    res_x_deg, res_y_deg
        Pixel size [degrees].

    Returns
    -------
    dx, dy
        E–W size per row [m] (shape of ``lats``) and N–S size [m].

    Examples
    --------
    30 arc-seconds at 31.8°N is about 789 m E–W and 924 m N–S:

    >>> dx, dy = geographic_spacing(np.array([31.8]), 1 / 120, 1 / 120)
    >>> round(float(dx[0])), round(dy)
    (789, 924)

    References
    ----------
    Series expansions of the WGS 84 meridian and parallel arc lengths per degree, e.g.
    Osborne, P. (2013), *The Mercator Projections*, §5.
    """
    phi = np.deg2rad(np.asarray(lats, dtype="float64"))
    m_per_deg_lon = 111_412.84 * np.cos(phi) - 93.5 * np.cos(3 * phi) + 0.118 * np.cos(5 * phi)
    mid = float(np.mean(phi)) if np.size(phi) else 0.0
    m_per_deg_lat = 111_132.954 - 559.822 * np.cos(2 * mid) + 1.175 * np.cos(4 * mid)
    return np.abs(res_x_deg) * m_per_deg_lon, abs(res_y_deg) * m_per_deg_lat


def upsample(elevation: np.ndarray, factor: int) -> np.ndarray:
    """Smooth (cubic spline) upsampling of a coarse grid by an integer factor."""
    if factor <= 1:
        return elevation.astype("float32")
    return ndimage.zoom(elevation.astype("float64"), factor, order=3, mode="nearest").astype(
        "float32"
    )


def hillshade(
    elevation: np.ndarray,
    dx: np.ndarray | float,
    dy: float,
    azimuth: float = 315.0,
    altitude: float = 45.0,
    z_factor: float = 1.0,
) -> np.ndarray:
    """Analytical hillshade (Horn's slope and aspect), 0 (dark) … 1 (lit).

    Parameters
    ----------
    elevation
        Heights [m], rows from north to south.
    dx
        Pixel width [m]: a scalar, or one value per row (geographic grids).
    dy
        Pixel height [m].
    azimuth, altitude
        Sun position [degrees]; 315/45 is the cartographic convention (light from NW).
    z_factor
        Vertical exaggeration [-].

    References
    ----------
    Horn, B. K. P. (1981). Hill shading and the reflectance map. Proc. IEEE 69(1), 14–47.
    """
    z = np.asarray(elevation, dtype="float64") * z_factor
    padded = np.pad(z, 1, mode="edge")
    kx = (padded[:-2, 2:] + 2 * padded[1:-1, 2:] + padded[2:, 2:]) - (
        padded[:-2, :-2] + 2 * padded[1:-1, :-2] + padded[2:, :-2]
    )
    ky = (padded[2:, :-2] + 2 * padded[2:, 1:-1] + padded[2:, 2:]) - (
        padded[:-2, :-2] + 2 * padded[:-2, 1:-1] + padded[:-2, 2:]
    )
    dx_arr = np.asarray(dx, dtype="float64")
    if dx_arr.ndim == 1:
        dx_arr = dx_arr[:, None]
    dzdx = kx / (8.0 * dx_arr)
    dzdy = -ky / (8.0 * dy)  # rows run north → south; make +y point north
    slope = np.arctan(np.hypot(dzdx, dzdy))
    aspect = np.arctan2(-dzdx, -dzdy)  # direction the slope faces, clockwise from north
    zenith = np.deg2rad(90.0 - altitude)
    sun = np.deg2rad(azimuth)
    shade = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(
        sun - aspect
    )
    return np.clip(shade, 0.0, 1.0).astype("float32")


def hypsometric_tint(
    elevation: np.ndarray,
    stops: tuple[tuple[float, tuple[int, int, int]], ...] = HYPSOMETRIC_STOPS,
) -> np.ndarray:
    """Elevation [m] → RGB (float 0…255, shape ``(3, rows, cols)``) by linear stops."""
    heights = np.array([s[0] for s in stops])
    colours = np.array([s[1] for s in stops], dtype="float64")
    return np.stack(
        [np.interp(elevation, heights, colours[:, band]) for band in range(3)]
    ).astype("float32")


def color_relief(elevation: np.ndarray, shade: np.ndarray, weight: float = 0.6) -> np.ndarray:
    """Hypsometric tint multiplied by a softened hillshade → RGB uint8 ``(3, rows, cols)``."""
    soft = (1.0 - weight) + weight * shade / max(float(np.median(shade)), 1e-6) * 0.8
    rgb = hypsometric_tint(elevation) * np.clip(soft, 0.0, 1.25)[None]
    return np.clip(rgb, 0, 255).astype("uint8")


def dark_relief(shade: np.ndarray) -> np.ndarray:
    """A dark, low-contrast blue-grey relief for video walls → RGB uint8 ``(3, rows, cols)``.

    The flat-terrain shade (cos 45° ≈ 0.71) maps to a near-black navy; lit and shadowed
    slopes move it only a few levels, so thematic layers stay readable on top.
    """
    base = np.array([18.0, 24.0, 34.0])[:, None, None]
    relief = (shade - 0.71)[None] * np.array([40.0, 44.0, 52.0])[:, None, None]
    return np.clip(base + relief, 0, 255).astype("uint8")


def render_values(
    img: ImageData, params: RenderParams, value_range: tuple[float, float] | None
) -> ImageData:
    """Rescale and colour an image: the last algorithm before encoding.

    Parameters
    ----------
    img
        Raw values with a mask.
    params
        ``rescale`` and ``colormap`` come from here.
    value_range
        The dataset's value range, used to stretch non-8-bit data when no ``rescale``
        is given (PNG/JPEG need 8-bit samples).

    Returns
    -------
    ImageData
        8-bit data (1–4 bands) with the same mask.
    """
    name = params.colormap
    if name and colormaps.is_class_colormap(name):
        if img.count != 1:
            raise BadRequest(f"colormap: {name!r} needs one band; choose one with ?bidx=")
        return _apply(img, colormaps.class_intervals(name))
    if params.rescale:
        ranges = params.rescale
        if len(ranges) not in (1, img.count):
            raise BadRequest(f"rescale: give one range or one per band ({img.count})")
        img = img.rescale(in_range=list(ranges) * (img.count if len(ranges) == 1 else 1))
    elif img.data.dtype != np.uint8:
        low, high = value_range or _finite_range(img)
        img = img.rescale(in_range=[(low, high)] * img.count)
    if name:
        if img.count != 1:
            raise BadRequest(f"colormap: {name!r} needs one band; choose one with ?bidx=")
        return _apply(img, colormaps.ramp(name))
    return img


def _apply(img: ImageData, cmap) -> ImageData:
    """Colour one band; the result is RGB with the colour map's alpha folded into the mask."""
    data, alpha = apply_cmap(img.array.data, cmap)
    mask = np.logical_or(img.array.mask[0], alpha == 0)
    rgb = data[:3].astype("uint8")
    array = np.ma.MaskedArray(rgb, mask=np.broadcast_to(mask, rgb.shape).copy())
    return ImageData(array, bounds=img.bounds, crs=img.crs, band_names=["r", "g", "b"])


def _finite_range(img: ImageData) -> tuple[float, float]:
    values = img.array.compressed()
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    return (low, high) if high > low else (low, low + 1.0)
