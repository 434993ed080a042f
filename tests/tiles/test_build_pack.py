"""Pack building from a generated Sentinel-2-like scene (B2/B3/B4 in UTM 50N), serving, resume."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import morecantile
import numpy as np
import pytest
from PIL import Image

from tests.tiles.conftest import write_raster
from tiles.build_pack import build, classify_sources, main
from tiles.mbtiles import MBTilesReader

WEB = morecantile.tms.get("WebMercatorQuad")


@pytest.fixture
def scene(tmp_path: Path) -> list[Path]:
    """10 km × 10 km of 100 m pixels near Hefei; reflectance-like uint16, 0 = no data.

    Red is bright in the west half, blue in the east half, green flat, so the true-colour
    composite has a known look after the 2–98 % stretch.
    """
    rows, cols = 100, 100
    ramp = np.linspace(500, 3000, cols)[None, :].repeat(rows, 0)
    bands = {"B04": ramp[:, ::-1], "B03": np.full((rows, cols), 1200.0), "B02": ramp}
    paths = []
    for band, data in bands.items():
        data = data.astype("uint16")
        data[:10, :10] = 0  # a no-data corner
        paths.append(write_raster(tmp_path / f"T50SMA_20200330_{band}_10m.tif", data,
                                  "EPSG:32650", 490_000.0, 3_525_000.0, 100.0, nodata=None))
    return paths


def test_band_files_are_recognised_in_rgb_order(scene):
    assert [p.stem.split("_")[2] for p in classify_sources(scene[::-1]).paths] == [
        "B04", "B03", "B02"]
    landsat = [Path(f"LC08_L2SP_121038_SR_B{i}.TIF") for i in (2, 3, 4)]
    assert classify_sources(landsat).paths[0].name.endswith("B4.TIF")


def test_build_writes_a_spec_pack_with_tms_rows(scene, tmp_path):
    out = tmp_path / "scene.mbtiles"
    counts = build(scene, out, (10, 12), progress=io.StringIO())
    assert counts["written"] > 0 and counts["skipped"] == 0
    with sqlite3.connect(out) as conn:
        meta = dict(conn.execute("SELECT name, value FROM metadata"))
        assert {"name", "format", "bounds", "minzoom", "maxzoom"} <= set(meta)
        assert meta["format"] == "jpg" and (meta["minzoom"], meta["maxzoom"]) == ("10", "12")
        west, south, east, north = map(float, meta["bounds"].split(","))
        assert 116.8 < west < east < 117.1 and 31.7 < south < north < 31.9
        tile = WEB.tile((west + east) / 2, (south + north) / 2, 12)
        rows = conn.execute(
            "SELECT tile_row FROM tiles WHERE zoom_level = 12 AND tile_column = ?", (tile.x,)
        ).fetchall()
    assert (2**12 - 1 - tile.y,) in rows  # TMS row flip


def test_pack_is_served_and_true_colour_is_stretched(scene, tmp_path, basemap_dir, client):
    build(scene, basemap_dir / "scene.mbtiles", (11, 12), progress=io.StringIO())
    listing = {d["id"]: d for d in client.get("/tiles").json["datasets"]}
    assert listing["scene"]["kind"] == "basemap"
    tile = WEB.tile(116.93, 31.82, 12)
    response = client.get(f"/tiles/scene/12/{tile.x}/{tile.y}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    rgb = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")).astype(int)
    west_half, east_half = rgb[64:192, 20:100], rgb[64:192, 156:236]
    assert west_half[..., 0].mean() > west_half[..., 2].mean() + 40  # red in the west
    assert east_half[..., 2].mean() > east_half[..., 0].mean() + 40  # blue in the east
    as_png = client.get(f"/tiles/scene/12/{tile.x}/{tile.y}.png")
    assert as_png.mimetype == "image/png"
    outside = client.get("/tiles/scene/12/0/0.jpg")
    assert outside.status_code == 200
    assert client.get(f"/tiles/scene/12/{tile.x}/{tile.y}.jpg?rescale=0,1").status_code == 400


def test_resume_skips_tiles_already_in_the_pack(scene, tmp_path):
    out = tmp_path / "resume.mbtiles"
    first = build(scene, out, (10, 12), progress=io.StringIO())
    with sqlite3.connect(out) as conn:
        conn.execute("DELETE FROM tiles WHERE rowid IN (SELECT rowid FROM tiles LIMIT 2)")
    log = io.StringIO()
    second = build(scene, out, (10, 12), progress=log)
    assert second == {"written": 2, "skipped": first["written"] - 2, "empty": first["empty"]}
    assert "zoom 12" in log.getvalue()
    assert MBTilesReader(out).count() == first["written"]
    build(scene, out, (11, 11), progress=io.StringIO())  # a narrower run keeps the zooms
    assert MBTilesReader(out).zoom_range == (10, 12)


def test_cli_reports_bad_sources(tmp_path, capsys, scene):
    assert main([str(scene[0]), str(scene[1]), "--out", str(tmp_path / "x.mbtiles")]) == 2
    assert "B4, B3 and B2" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(scene[0]), "--out", str(tmp_path / "x.mbtiles"), "--zoom", "9-3"])
