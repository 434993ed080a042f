"""Real GIS clients read the OGC API – Features: OWSLib and GDAL/OGR's OAPIF driver."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.db

LAYERS = ["air_stations", "water_sections", "risk_sources", "redline_areas"]


def db_count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.mark.parametrize("layer", LAYERS)
def test_owslib_reads_feature_counts(live_server, live_credentials, app_engine, layer):
    from owslib.ogcapi.features import Features

    _user, token = live_credentials
    api = Features(f"{live_server}/ogc", headers={"Authorization": f"Bearer {token}"})
    assert layer in [c["id"] for c in api.collections()["collections"]]
    items = api.collection_items(layer, limit=5000)
    assert items["numberMatched"] == len(items["features"]) == db_count(app_engine, layer)


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin not installed")
@pytest.mark.parametrize("layer", LAYERS)
def test_gdal_oapif_driver_reads_feature_counts(live_server, live_credentials, app_engine,
                                                layer):
    user, token = live_credentials
    result = subprocess.run(
        ["ogrinfo", "-so", "-ro", f"OAPIF:{live_server}/ogc", layer],
        capture_output=True, text=True, timeout=120,
        env={"GDAL_HTTP_TIMEOUT": "60", "CPL_DEBUG": "OFF", "PATH": "/usr/bin:/bin",
             "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"{user}:{token}"})
    assert result.returncode == 0, result.stderr
    count = re.search(r"Feature Count: (\d+)", result.stdout)
    assert count, result.stdout
    assert int(count.group(1)) == db_count(app_engine, layer)
