"""Fixtures of the dataset tests: files made here with the real libraries (pyogrio/GDAL,
openpyxl, rasterio), with the truth they must come back to, and clients by role."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from tests.conftest import client_as

# Points in Hefei (lon, lat, WGS 84 / CGCS2000 — equal at the metre level here)
TRUTH = [(117.2272, 31.8206), (117.3051, 31.7412), (117.1350, 31.9035), (117.4100, 31.8600)]
NAMES = ["合肥市环境监测站", "巢湖西岸", "蜀山区", "肥东县"]


def shapefile_zip(tmp: Path, frame: gpd.GeoDataFrame, name: str, *, encoding: str = "GBK",
                  keep: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj"),
                  prj: bool = True) -> Path:
    """A zipped shapefile written by GDAL; only the parts in ``keep`` go into the zip."""
    folder = tmp / f"{name}-parts"
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / f"{name}.shp", encoding=encoding)
    target = tmp / f"{name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(folder.iterdir()):
            if part.suffix in keep and (prj or part.suffix != ".prj"):
                zf.write(part, part.name)
    return target


def projected_points(epsg: int, *, strip_zone: bool = False) -> gpd.GeoDataFrame:
    """The :data:`TRUTH` points projected with pyproj into ``epsg`` (optionally with the
    zone prefix taken off the easting, as some surveys deliver it)."""
    tr = Transformer.from_crs(4326, epsg, always_xy=True)
    xy = [tr.transform(lon, lat) for lon, lat in TRUTH]
    if strip_zone:
        xy = [(x % 1_000_000, y) for x, y in xy]
    return gpd.GeoDataFrame({"名称": NAMES, "编号": [f"P{i}" for i in range(len(NAMES))],
                             "面积": [1.5, 2.25, 3.0, 4.75]},
                            geometry=[shapely.Point(x, y) for x, y in xy],
                            crs=None if strip_zone else f"EPSG:{epsg}")


def post_file(client, path: Path, *, dry_run: bool = False, **form):
    data = {"name": form.pop("name", path.stem), "theme": form.pop("theme", "enforcement"),
            **form, "file": (io.BytesIO(path.read_bytes()), path.name)}
    url = "/api/datasets" + ("?dry_run=true" if dry_run else "")
    return client.post(url, data=data, content_type="multipart/form-data")


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(a[0], a[1], b[0], b[1])[2]


def geotiff(path: Path, crs: str | None, west: float = 117.0, north: float = 32.0,
            res: float = 0.01, size: int = 64) -> Path:
    import rasterio
    from rasterio.transform import from_origin

    data = (np.arange(size * size, dtype="float32").reshape(size, size) % 97)
    profile = {"driver": "GTiff", "width": size, "height": size, "count": 1,
               "dtype": "float32", "transform": from_origin(west, north, res, res)}
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
    return path


@pytest.fixture(scope="session")
def analyst_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-data-analyst", "analyst"))


@pytest.fixture(scope="session")
def other_analyst_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-data-analyst2", "analyst"))


@pytest.fixture(scope="session")
def reader_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-data-leader", "leader"))
