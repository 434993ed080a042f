"""The DEM basemaps end in transparency, not in a black no-data frame or white JPEG tiles
(issue: "the first view looks broken")."""

from __future__ import annotations

import io

import morecantile
import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.db

DERIVED = ["dem-hillshade", "dem-color-relief", "dark"]


def rgba(content: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(content)).convert("RGBA"))


@pytest.fixture(scope="module")
def listing(app_client):
    return {d["id"]: d for d in app_client.get("/tiles").get_json()["datasets"]}


@pytest.mark.parametrize("dataset_id", DERIVED)
def test_edge_tile_is_transparent_outside_the_dem(app_client, listing, dataset_id):
    dataset = listing[dataset_id]
    template = dataset["tiles"][0] if isinstance(dataset["tiles"], list) else dataset["tiles"]
    assert template.endswith(".webp"), "the page asks for a format with alpha"
    _west, south, east, north = dataset["bounds"]
    tms = morecantile.tms.get("WebMercatorQuad")
    tile = tms.tile(east, (south + north) / 2, 9)  # straddles the east edge of the DEM
    response = app_client.get(f"/tiles/{dataset_id}/9/{tile.x}/{tile.y}.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    pixels = rgba(response.data)
    outside = pixels[..., 3] == 0
    assert outside.any() and (~outside).any(), "an edge tile has data and no data"
    opaque = pixels[~outside]
    black = (opaque[:, :3].max(axis=1) < 8).mean()
    assert black < 0.01, f"{black:.1%} of the data pixels are a black frame"
    far = tms.tile(east + 3, (south + north) / 2, 9)
    beyond = rgba(app_client.get(f"/tiles/{dataset_id}/9/{far.x}/{far.y}.webp").data)
    assert (beyond[..., 3] == 0).all(), "beyond the DEM the tile is fully transparent"
