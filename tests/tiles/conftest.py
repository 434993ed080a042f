"""Fixtures of the raster tile tests: generated rasters with a known pattern (CRS stated),
a Flask app with only the raster blueprint, and station sources over the real Hefei data
(as observed in 2020, and replayed onto the present like the map shows it)."""

from __future__ import annotations

import io
import json
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
from layers.air import ReplayClock
from tiles.raster import create_raster_blueprint
from tiles.stations import ObservedStations, ReplayedStations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = PROJECT_ROOT / "data_samples"
# Every absolute link of the services must start here, whatever Host a request names.
PUBLIC_URL = "https://onemap.test"


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
                    tile_cache_size=64, public_url=PUBLIC_URL)


@pytest.fixture(scope="session")
def hourly() -> pd.DataFrame:
    return pd.read_csv(DATA / "air" / "hefei_stations_hourly_2020-03-26_2020-04-08.csv",
                       parse_dates=["time"])


def _csv_reader(hourly: pd.DataFrame):
    """Real station positions (GeoJSON) joined with real hourly values (CSV)."""
    features = json.loads((DATA / "air" / "hefei_aq_stations.geojson").read_text("utf-8"))
    positions = pd.DataFrame(
        [{"stationcode": f["properties"]["stationcode"],
          "lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
         for f in features["features"]]
    )

    def read(pollutant: str, hour: datetime) -> pd.DataFrame:
        rows = hourly[hourly["time"] == pd.Timestamp(hour)]
        merged = rows.merge(positions, on="stationcode")
        return merged[["lon", "lat", pollutant]].rename(columns={pollutant: "value"})

    return read


@pytest.fixture(scope="session")
def station_source(hourly: pd.DataFrame) -> ObservedStations:
    """The 2020 observations as they are: times 2020-03-26T00 .. 2020-04-08T23 are served."""
    hours = hourly["time"]
    return ObservedStations(_csv_reader(hourly), hours.min().to_pydatetime(),
                            hours.max().to_pydatetime())


@pytest.fixture(scope="session")
def replayed_source(hourly: pd.DataFrame) -> ReplayedStations:
    """The same observations replayed onto the present by the map's replay clock."""
    clock = ReplayClock(tuple(t.to_pydatetime() for t in sorted(hourly["time"].unique())))
    return ReplayedStations(lambda: clock, _csv_reader(hourly))


@pytest.fixture
def make_client(settings: Settings):
    def factory(station_source=None, **overrides):
        current = settings.model_copy(update=overrides) if overrides else settings
        app = Flask("raster-test")
        blueprint = create_raster_blueprint(current, station_source)
        app.register_blueprint(blueprint)
        client = app.test_client()
        client.raster_service = blueprint.raster_service
        return client

    return factory


@pytest.fixture
def client(make_client):
    return make_client()
