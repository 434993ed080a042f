"""Review findings of the datasets area: a failed raster replacement keeps the stored file,
a database error during a GeoJSON download is a clean error status, one notion of who
sees an upload."""

from __future__ import annotations

import ast
import io
import uuid
from pathlib import Path

import pytest
import rasterio
from sqlalchemy import text

from tests.datasets.conftest import geotiff, post_file, projected_points, shapefile_zip

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def _put(client, dataset_id: int, path: Path):
    return client.put(f"/api/datasets/{dataset_id}", data={
        "file": (io.BytesIO(path.read_bytes()), path.name)}, content_type="multipart/form-data")


def _stored_path(engine, settings, dataset_id: int) -> Path:
    with engine.connect() as conn:
        rel = conn.execute(text("SELECT file_path FROM datasets WHERE id = :i"),
                           {"i": dataset_id}).scalar_one()
    return settings.var_dir / rel


def _first_pixel(path: Path) -> float:
    with rasterio.open(path) as src:
        return float(src.read(1)[0, 1])


def test_a_failed_raster_replacement_keeps_the_stored_file(analyst_client, app_engine,
                                                            app_settings, tmp_path,
                                                            monkeypatch):
    first = geotiff(tmp_path / "v1.tif", "EPSG:4490")
    dataset_id = post_file(analyst_client, first, name=f"r-{uuid.uuid4().hex[:8]}",
                           theme="soil").get_json()["id"]
    stored = _stored_path(app_engine, app_settings, dataset_id)
    before = stored.read_bytes()
    second = geotiff(tmp_path / "v2.tif", "EPSG:4490", west=117.3, north=31.9, size=32)

    import datasets.service

    real = datasets.service.audit.record

    def failing(conn, actor, action, **kw):
        if action == "dataset.replace":
            raise RuntimeError("the commit of the replacement fails")
        return real(conn, actor, action, **kw)

    monkeypatch.setattr(datasets.service.audit, "record", failing)
    assert _put(analyst_client, dataset_id, second).status_code == 500
    monkeypatch.undo()
    assert _stored_path(app_engine, app_settings, dataset_id) == stored
    assert stored.read_bytes() == before  # nothing stored was lost
    assert sorted(p.name for p in stored.parent.glob(f"upload_{dataset_id}.*")) == \
        [stored.name]

    r = _put(analyst_client, dataset_id, second)
    assert r.status_code == 200, r.get_data(as_text=True)
    replaced = _stored_path(app_engine, app_settings, dataset_id)
    assert replaced != stored and not stored.exists()  # the old file goes after the commit
    tilejson = analyst_client.get(f"/tiles/upload_{dataset_id}/tilejson.json").get_json()
    assert tilejson["bounds"][0] == pytest.approx(117.3, abs=1e-6)  # the new file is served
    download = analyst_client.get(f"/api/datasets/{dataset_id}/download")
    assert download.status_code == 200 and download.data == replaced.read_bytes()


def test_a_database_error_during_a_geojson_download_is_a_clean_error(analyst_client,
                                                                      app_engine, tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "broken")
    dataset_id = post_file(analyst_client, path, name=f"b-{uuid.uuid4().hex[:8]}"
                           ).get_json()["id"]
    ok = analyst_client.get(f"/api/datasets/{dataset_id}/download?format=geojson")
    assert ok.status_code == 200 and len(ok.get_json()["features"]) == 4
    # a stored value the layer's typed column cannot read: the query fails in the database
    with app_engine.begin() as conn:
        conn.execute(text("UPDATE dataset_features SET properties = jsonb_set(properties, "
                          "'{面积}', '\"not a number\"') WHERE dataset_id = :i AND fid = 3"),
                     {"i": dataset_id})
    r = analyst_client.get(f"/api/datasets/{dataset_id}/download?format=geojson")
    assert r.status_code >= 400
    assert "code" in r.get_json()


def test_who_sees_an_upload_is_decided_in_one_place():
    from layers.uploaded import Viewer

    defined: list[str] = []
    for folder in ("datasets", "layers", "tiles"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.FunctionDef) and node.name in ("_viewer", "visible",
                                                                       "current_viewer"):
                    defined.append(f"{path.relative_to(ROOT)}:{node.name}")
                if isinstance(node, ast.ClassDef) and node.name == "Viewer":
                    defined.append(f"{path.relative_to(ROOT)}:Viewer")
    assert sorted(defined) == ["layers/uploaded.py:Viewer", "layers/uploaded.py:current_viewer"]
    owner, stranger, admin = Viewer(7), Viewer(8), Viewer(9, admin=True)
    private = {"published": False, "owner_id": 7}
    assert owner.sees(private) and admin.sees(private) and not stranger.sees(private)
    assert Viewer(None).sees({"published": True, "owner_id": 7})
    assert not Viewer(None).sees({"published": False, "owner_id": None})
