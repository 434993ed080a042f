"""A real client: GDAL's WMTS driver reads our capabilities and tiles over HTTP."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import rasterio
from flask import Flask
from werkzeug.serving import make_server

from tests.tiles.conftest import pattern, write_raster
from tiles.raster import create_raster_blueprint

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("gdal_translate") is None, reason="needs gdal-bin"),
]


@pytest.fixture
def server(settings, basemap_dir) -> Iterator[str]:
    # 0.01° pixels over 116.9–117.7E, 31.4–32.0N; values known everywhere
    write_raster(basemap_dir / "grid.tif", pattern(60, 80), "EPSG:4326", 116.9, 32.0, 0.01)
    app = Flask("gdal-client-test")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    # the links in the capabilities lead GDAL to this server: its public URL
    public = settings.model_copy(update={"public_url": f"http://127.0.0.1:{httpd.server_port}"})
    app.register_blueprint(create_raster_blueprint(public))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


def _gdal(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=60,
                          env={"GDAL_HTTP_TIMEOUT": "20", "CPL_DEBUG": "OFF", "PATH": "/usr/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_gdalinfo_lists_wmts_layers(server):
    out = _gdal("gdalinfo", "-json", f"WMTS:{server}/wmts/1.0.0/WMTSCapabilities.xml")
    subdatasets = json.loads(out)["metadata"]["SUBDATASETS"]
    names = " ".join(subdatasets.values())
    assert "layer=grid" in names and "layer=dark" in names


def test_gdal_translate_reads_pixel_values_through_wmts(server, tmp_path: Path):
    capabilities = f"{server}/wmts/1.0.0/WMTSCapabilities.xml"
    source = f"WMTS:{capabilities},layer=grid,tilematrixset=WGS1984Quad,tilematrix=9"
    out = tmp_path / "grid.tif"
    # a 0.2° window inside the raster, read at zoom 9 (180/2**9/256 ≈ 0.00137° pixels)
    _gdal("gdal_translate", "-q", "-projwin", "117.1", "31.9", "117.3", "31.7",
          "-projwin_srs", "EPSG:4326", source, str(out))
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 4326
        assert ds.res[0] == pytest.approx(180 / 2**9 / 256)
        assert (ds.width, ds.height) == pytest.approx((146, 146), abs=1)
        grey, alpha = ds.read(1), ds.read(ds.count)
        transform = ds.transform
    assert (alpha == 255).all()
    data = pattern(60, 80)
    rows, cols = np.mgrid[0 : grey.shape[0], 0 : grey.shape[1]]
    lon = transform.c + (cols + 0.5) * transform.a
    lat = transform.f + (rows + 0.5) * transform.e
    src_col, src_row = (lon - 116.9) / 0.01, (32.0 - lat) / 0.01
    frac = np.minimum.reduce([src_col % 1, 1 - src_col % 1, src_row % 1, 1 - src_row % 1])
    clear = frac > 0.15  # away from source pixel edges, nearest neighbour is unambiguous
    expected = data[src_row.astype(int), src_col.astype(int)]
    assert clear.sum() > 10_000
    np.testing.assert_array_equal(grey[clear], expected[clear])
