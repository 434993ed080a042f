"""Real GIS clients read an uploaded dataset over HTTP: OWSLib and GDAL's OAPIF driver
(what QGIS uses for OGC API – Features)."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid

import pytest

from tests.conftest import client_as
from tests.datasets.conftest import NAMES, TRUTH, post_file, projected_points, shapefile_zip

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def uploaded(onemap_app, admin_token, tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("clients")
    path = shapefile_zip(tmp, projected_points(4527), "client_points")
    r = post_file(client_as(onemap_app, admin_token), path, name=f"clients-{uuid.uuid4().hex[:6]}")
    assert r.status_code == 201, r.get_data(as_text=True)
    return f"upload_{r.get_json()['id']}"


def test_owslib_reads_the_upload(live_server, live_credentials, uploaded):
    from owslib.ogcapi.features import Features

    _user, token = live_credentials
    api = Features(f"{live_server}/ogc", headers={"Authorization": f"Bearer {token}"})
    assert uploaded in [c["id"] for c in api.collections()["collections"]]
    items = api.collection_items(uploaded, limit=100)
    assert items["numberMatched"] == len(TRUTH)
    assert sorted(f["properties"]["名称"] for f in items["features"]) == sorted(NAMES)


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin not installed")
def test_gdal_oapif_reads_the_upload(live_server, live_credentials, uploaded):
    user, token = live_credentials
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", f"OAPIF:{live_server}/ogc/collections/{uploaded}"],
        capture_output=True, text=True, timeout=120,
        env={"GDAL_HTTP_TIMEOUT": "60", "CPL_DEBUG": "OFF", "PATH": "/usr/bin:/bin",
             "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"{user}:{token}"})
    assert result.returncode == 0, result.stderr
    count = re.search(r"Feature Count: (\d+)", result.stdout)
    assert count and int(count.group(1)) == len(TRUTH), result.stdout[:2000]
    assert "合肥市环境监测站" in result.stdout
