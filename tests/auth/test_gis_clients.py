"""Personal API tokens work with real GIS clients: GDAL (OAPIF and WMTS, by header or by
HTTP Basic with the token as password) and OWSLib; without a token they are refused."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import text

pytestmark = [pytest.mark.db, pytest.mark.skipif(shutil.which("ogrinfo") is None,
                                                 reason="gdal-bin not installed")]


def gdal(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "GDAL_HTTP_TIMEOUT": "60",
                               "CPL_DEBUG": "OFF", "GDAL_HTTP_MAX_RETRY": "0", **env})


def stations(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM air_stations")).scalar_one()


@pytest.fixture(scope="module")
def credentials(live_credentials):
    user, token = live_credentials
    return {
        "bearer": {"GDAL_HTTP_HEADERS": f"Authorization: Bearer {token}"},
        "basic": {"GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"{user}:{token}"},
    }


@pytest.mark.parametrize("how", ["bearer", "basic"])
def test_gdal_oapif_with_a_token(live_server, app_engine, credentials, how):
    result = gdal(["ogrinfo", "-so", "-ro", f"OAPIF:{live_server}/ogc", "air_stations"],
                  **credentials[how])
    assert result.returncode == 0, result.stderr
    count = re.search(r"Feature Count: (\d+)", result.stdout)
    assert count and int(count.group(1)) == stations(app_engine)


def test_gdal_oapif_without_a_token_is_refused(live_server):
    result = gdal(["ogrinfo", "-so", "-ro", f"OAPIF:{live_server}/ogc", "air_stations"])
    assert result.returncode != 0
    assert "401" in result.stderr or "Unauthorized" in result.stderr.title()


@pytest.mark.parametrize("how", ["bearer", "basic"])
def test_gdal_wmts_with_a_token(live_server, credentials, how):
    capabilities = f"WMTS:{live_server}/wmts/1.0.0/WMTSCapabilities.xml"
    listing = gdal(["gdalinfo", capabilities], **credentials[how])
    assert listing.returncode == 0, listing.stderr
    layer = re.search(r"SUBDATASET_1_NAME=(\S+)", listing.stdout)
    assert layer, listing.stdout
    info = gdal(["gdalinfo", layer.group(1)], **credentials[how])
    assert info.returncode == 0 and "Size is" in info.stdout, info.stderr
    refused = gdal(["gdalinfo", capabilities])
    assert refused.returncode != 0


@pytest.fixture
def owslib_headers():
    """OWSLib's ``API`` updates its module-wide REQUEST_HEADERS with the headers given to
    one instance: restore them so no other test inherits the token."""
    from owslib import ogcapi

    saved = dict(ogcapi.REQUEST_HEADERS)
    yield
    ogcapi.REQUEST_HEADERS.clear()
    ogcapi.REQUEST_HEADERS.update(saved)


def test_owslib_with_a_token(live_server, live_credentials, app_engine, owslib_headers):
    from owslib.ogcapi.features import Features
    from owslib.util import Authentication

    user, token = live_credentials
    with pytest.raises(Exception, match=r"401|unauthorized"):
        Features(f"{live_server}/ogc").collections()
    for api in (Features(f"{live_server}/ogc", headers={"Authorization": f"Bearer {token}"}),
                Features(f"{live_server}/ogc", auth=Authentication(user, token))):
        items = api.collection_items("air_stations", limit=100)
        assert items["numberMatched"] == len(items["features"]) == stations(app_engine)
