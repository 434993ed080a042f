"""The hand-written hillshade of the derived basemaps against ``gdaldem hillshade`` (GDAL's
Horn implementation) on the same DEM, and against the closed form on a plane."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from tiles.raster import algorithms

ROOT = Path(__file__).resolve().parents[2]
DEM = ROOT / "data_samples/dem/dem_30arcsec_hefei_chaohu.tif"

pytestmark = pytest.mark.skipif(shutil.which("gdaldem") is None, reason="needs gdal-bin")


def _projected_copy(elevation: np.ndarray, path: Path, pixel_m: float) -> None:
    """The DEM's heights on a square metric grid (UTM 50N), so that both implementations
    see the same pixel size in metres (gdaldem applies no latitude correction)."""
    profile = {"driver": "GTiff", "width": elevation.shape[1], "height": elevation.shape[0],
               "count": 1, "dtype": "float32", "crs": "EPSG:32650",
               "transform": from_origin(500_000, 3_600_000, pixel_m, pixel_m)}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(elevation.astype("float32"), 1)


@pytest.mark.parametrize(
    ("pixel_m", "azimuth", "altitude", "z_factor"),
    [
        pytest.param(900.0, 315.0, 45.0, 2.0, id="basemap-settings"),  # as derived.py
        pytest.param(200.0, 315.0, 45.0, 1.0, id="steep"),
        pytest.param(300.0, 135.0, 30.0, 1.5, id="sun-in-the-south-east"),
    ],
)
def test_hillshade_matches_gdaldem(tmp_path, pixel_m, azimuth, altitude, z_factor):
    with rasterio.open(DEM) as src:
        band = src.read(1, masked=True).astype("float64")
    assert band.count() == band.size  # the sample has no holes: no filling to compare
    elevation = band.filled(0.0)
    source, shaded = tmp_path / "dem.tif", tmp_path / "shade.tif"
    _projected_copy(elevation, source, pixel_m)
    subprocess.run(["gdaldem", "hillshade", "-q", "-alg", "Horn", "-az", str(azimuth),
                    "-alt", str(altitude), "-z", str(z_factor), str(source), str(shaded)],
                   check=True)
    with rasterio.open(shaded) as ds:
        reference = ds.read(1).astype("float64")
    ours = algorithms.hillshade(elevation.astype("float32"), pixel_m, pixel_m, azimuth=azimuth,
                                altitude=altitude, z_factor=z_factor)
    # gdaldem writes bytes 1 + 254·cos(incidence) (1 where unlit) and leaves the one-pixel
    # border as no data (0): compare the interior on its scale. Tolerance: its rounding to
    # an integer (0.5) plus the float32 of our heights and result (< 0.01).
    inner = (slice(1, -1), slice(1, -1))
    expected = reference[inner]
    assert (expected > 0).all()
    scaled = 1.0 + 254.0 * ours[inner].astype("float64")
    assert np.abs(scaled - expected).max() <= 0.51
    # and the comparison is not trivial: the sample has relief, lit and shaded slopes
    assert expected.std() > 5 and expected.min() < 150 < expected.max()


def test_hillshade_of_a_plane_is_the_closed_form():
    # a plane rising 1 m per metre to the east: slope 45°, facing west (aspect 270°)
    x = np.arange(8, dtype="float64") * 10.0
    plane = np.tile(x, (6, 1))
    shade = algorithms.hillshade(plane, 10.0, 10.0, azimuth=315.0, altitude=45.0)
    slope, aspect, zenith, sun = np.deg2rad([45.0, 270.0, 45.0, 315.0])
    expected = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(
        sun - aspect)
    np.testing.assert_allclose(shade[1:-1, 1:-1], expected, atol=1e-6)
    # lit from the north-west, a slope facing east (the plane mirrored) is darker
    mirrored = algorithms.hillshade(plane[:, ::-1], 10.0, 10.0)
    assert (mirrored[1:-1, 1:-1] < shade[1:-1, 1:-1]).all()
