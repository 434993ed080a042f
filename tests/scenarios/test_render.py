"""Scenario tiles: the separable bilinear sampler gives the values of
``scipy.ndimage.map_coordinates`` (the reference), and the colour look-up table the ramp."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import ndimage

from scenarios import render

BOUNDS = (116.7, 31.0, 118.3, 32.6)


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def _reference(grid, bounds, z, x, y):
    """The sampler as map_coordinates computes it (three passes over the tile)."""
    w, s, e, n = bounds
    ny, nx = grid.shape
    lon, lat = render._tile_lonlat(z, x, y)
    ci = (lon - w) / (e - w) * nx - 0.5
    rj = (lat - s) / (n - s) * ny - 0.5
    cols, rows = np.meshgrid(ci, rj)
    inside = (cols >= -0.5) & (cols <= nx - 0.5) & (rows >= -0.5) & (rows <= ny - 0.5)
    valid = np.isfinite(grid)
    coords = np.array([rows.clip(0, ny - 1), cols.clip(0, nx - 1)])
    num = ndimage.map_coordinates(np.where(valid, grid, 0.0), coords, order=1, mode="nearest")
    den = ndimage.map_coordinates(valid.astype(float), coords, order=1, mode="nearest")
    near = ndimage.map_coordinates(valid.astype(float), coords, order=0, mode="nearest")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[(~inside) | (near < 0.5) | (den <= 0)] = np.nan
    return out


@pytest.mark.parametrize(("z", "lon", "lat"), [(9, 117.25, 31.8), (11, 117.0, 31.3),
                                               (8, 117.5, 32.0), (12, 116.72, 32.58)])
def test_sampler_matches_map_coordinates(z, lon, lat):
    rng = np.random.default_rng(z)
    grid = rng.random((60, 80)) * 50
    grid[:7, :9] = np.nan  # cells outside the city
    grid[30, 40] = np.nan
    x, y = _tile_of(lon, lat, z)
    got = render.sample(grid, BOUNDS, z, x, y)
    want = _reference(grid, BOUNDS, z, x, y)
    assert np.isfinite(want).any()
    # the nearest-cell test may differ on an exact half-way pixel only
    same_mask = np.isfinite(got) == np.isfinite(want)
    assert same_mask.mean() > 0.999
    both = np.isfinite(got) & np.isfinite(want)
    np.testing.assert_allclose(got[both], want[both], rtol=1e-9, atol=1e-9)


def test_a_tile_off_the_grid_is_empty():
    grid = np.ones((60, 80))
    assert not np.isfinite(render.sample(grid, BOUNDS, 9, 0, 0)).any()


def test_colour_table_follows_the_ramp():
    colors = render.SEQUENTIAL
    values = np.array([[0.0, 50.0, 100.0, np.nan, -5.0, 500.0]])
    rgba = render.colorize(values, 0.0, 100.0, colors)
    rgb = render._rgb(colors)
    assert tuple(rgba[0, 0, :3]) == tuple(rgb[0].astype(int))
    assert tuple(rgba[0, 2, :3]) == tuple(rgb[-1].astype(int))
    assert tuple(rgba[0, 1, :3]) == tuple(rgb[3].astype(int))  # the middle of 7 colours
    assert rgba[0, 3, 3] == 0 and rgba[0, 0, 3] == render.ALPHA
    assert tuple(rgba[0, 4]) == tuple(rgba[0, 0]) and tuple(rgba[0, 5]) == tuple(rgba[0, 2])
