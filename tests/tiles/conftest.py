"""Fixtures of the raster tile tests: generated rasters with a known pattern (CRS stated),
a Flask app with only the raster blueprint, and a station source over the real Hefei data."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rasterio
from flask import Flask
from PIL import Image
from rasterio.transform import from_origin

from core.settings import Settings
from tiles.raster import create_raster_blueprint

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = PROJECT_ROOT / "data_samples"


def pattern(rows: int, cols: int) -> np.ndarray:
    """uint8 values 1…250 that differ between neighbouring pixels (0 is nodata)."""
    r, c = np.mgrid[0:rows, 0:cols]
    return ((r * 7 + c * 13) % 250 + 1).astype("uint8")


def write_raster(
    path: Path, data: np.ndarray, crs: str, west: float, north: float, res: float,
    nodata: float | None = 0,
) -> Path:
    """Write a one- or multi-band GeoTIFF with a north-up grid."""
    data = data[None] if data.ndim == 2 else data
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1],
        count=data.shape[0], dtype=str(data.dtype), crs=crs,
        transform=from_origin(west, north, res, res), nodata=nodata,
        tiled=True, blockxsize=256, blockysize=256,
    ) as dst:
        dst.write(data)
    return path


def decode(content: bytes) -> np.ndarray:
    """PNG/WebP bytes → ``(rows, cols, bands)`` uint8 array."""
    return np.asarray(Image.open(io.BytesIO(content)))


@pytest.fixture(scope="session")
def shared_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One var dir per session, so the derived basemaps are computed once."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture
def basemap_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "basemaps"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(shared_var: Path, basemap_dir: Path) -> Settings:
    return Settings(var_dir=shared_var, basemap_dir=basemap_dir, data_dir=DATA,
                    tile_cache_size=64)


@pytest.fixture(scope="session")
def hourly() -> pd.DataFrame:
    return pd.read_csv(DATA / "air" / "hefei_stations_hourly_2020-03-26_2020-04-08.csv",
                       parse_dates=["time"])


@pytest.fixture(scope="session")
def station_source(hourly: pd.DataFrame) -> Callable[[str, datetime], pd.DataFrame]:
    """Real station positions (GeoJSON) joined with real hourly values (CSV)."""
    features = json.loads((DATA / "air" / "hefei_aq_stations.geojson").read_text("utf-8"))
    positions = pd.DataFrame(
        [{"stationcode": f["properties"]["stationcode"],
          "lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
         for f in features["features"]]
    )

    def source(pollutant: str, hour: datetime) -> pd.DataFrame:
        rows = hourly[hourly["time"] == pd.Timestamp(hour)]
        merged = rows.merge(positions, on="stationcode")
        return merged[["lon", "lat", pollutant]].rename(columns={pollutant: "value"})

    return source


@pytest.fixture
def make_client(settings: Settings):
    def factory(station_source=None, **overrides):
        current = settings.model_copy(update=overrides) if overrides else settings
        app = Flask("raster-test")
        app.register_blueprint(create_raster_blueprint(current, station_source))
        return app.test_client()

    return factory


@pytest.fixture
def client(make_client):
    return make_client()
