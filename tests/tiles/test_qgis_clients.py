"""QGIS 3.22 (Debian ``python3-qgis``, headless) reads the services as a GIS user would.

QGIS runs in a subprocess of Debian's ``/usr/bin/python3``: its system GDAL/PROJ must not
meet the copies bundled in the venv's wheels. It loads every OGC collection as an ``OAPIF``
layer (which needs the landing page's ``service-desc`` link and the OpenAPI document),
counts the features it downloads (following the ``next`` links), and renders the DEM from
the WMTS capabilities into an image.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.db, pytest.mark.slow]

SYSTEM_PYTHON = Path("/usr/bin/python3")


def qgis_probe() -> None:  # pragma: no cover - runs inside /usr/bin/python3
    """Read a JSON job from stdin, write a JSON report to stdout (QGIS side)."""
    import faulthandler
    import json
    import os
    import sys

    faulthandler.enable()
    from qgis.core import (
        QgsApplication,
        QgsDataSourceUri,
        QgsMapRendererSequentialJob,
        QgsMapSettings,
        QgsRasterLayer,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize

    job = json.load(sys.stdin)
    app = QgsApplication([], False)
    app.initQgis()
    log: list[str] = []  # the provider's messages say why a layer is invalid
    app.messageLog().messageReceived.connect(
        lambda message, tag, level: log.append(f"{tag}: {message}"))
    report: dict = {"collections": {}, "raster": {}, "log": log}
    for collection in job["collections"]:
        uri = QgsDataSourceUri()
        uri.setParam("url", job["ogc"])
        uri.setParam("typename", collection)
        uri.setUsername(job["user"])
        uri.setPassword(job["token"])
        layer = QgsVectorLayer(uri.uri(False), collection, "OAPIF")
        entry: dict = {"valid": layer.isValid()}
        if layer.isValid():
            entry["count"] = sum(1 for _ in layer.getFeatures())
        report["collections"][collection] = entry
    wmts = QgsDataSourceUri()
    for key, value in (("url", job["wmts"]), ("layers", "dem"), ("styles", "default"),
                       ("tileMatrixSet", "WebMercatorQuad"), ("format", "image/png"),
                       ("crs", "EPSG:3857"), ("username", job["user"]),
                       ("password", job["token"])):
        wmts.setParam(key, value)
    raster = QgsRasterLayer(bytes(wmts.encodedUri()).decode(), "dem", "wms")
    report["raster"]["valid"] = raster.isValid()
    if raster.isValid():
        settings = QgsMapSettings()
        settings.setLayers([raster])
        settings.setDestinationCrs(raster.crs())
        settings.setExtent(raster.extent())
        settings.setOutputSize(QSize(256, 256))
        render = QgsMapRendererSequentialJob(settings)
        render.start()
        render.waitForFinished()
        image = render.renderedImage()
        image.save(job["image"], "PNG")
        colours = {image.pixel(x, y) for x in range(0, 256, 4) for y in range(0, 256, 4)}
        report["raster"]["colours"] = len(colours)
        report["raster"]["errors"] = [e.message for e in render.errors()]
    print(json.dumps(report), flush=True)
    # Leave without running QGIS's and Qt's destructors: in 3.22 tearing down live
    # network layers after exitQgis() crashes the process, and the report is out.
    os._exit(0)


def run_qgis(job: dict, timeout: float) -> dict:
    source = inspect.getsource(qgis_probe) + "\nqgis_probe()\n"
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
           "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": job["runtime"]}
    result = subprocess.run([str(SYSTEM_PYTHON), "-c", source], input=json.dumps(job),
                            capture_output=True, text=True, timeout=timeout, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def number_matched(live_server: str, collection: str, token: str) -> int:
    request = urllib.request.Request(f"{live_server}/ogc/collections/{collection}/items?limit=0",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["numberMatched"]


@pytest.fixture(scope="module")
def qgis_available() -> None:
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import qgis.core"],
                           capture_output=True, timeout=60) if SYSTEM_PYTHON.exists() else None
    if probe is None or probe.returncode != 0:
        pytest.skip("python3-qgis is not installed (scripts/system_deps.sh test)")


def test_qgis_loads_every_collection_and_renders_wmts(qgis_available, live_server,
                                                      live_credentials, onemap_app, tmp_path):
    from core.context import current_context

    with onemap_app.server.app_context():
        collections = [spec.id for spec in current_context().registry]
    user, token = live_credentials
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    image = tmp_path / "dem.png"
    report = run_qgis({"ogc": f"{live_server}/ogc", "collections": collections,
                       "wmts": f"{live_server}/wmts/1.0.0/WMTSCapabilities.xml",
                       "user": user, "token": token, "image": str(image),
                       "runtime": str(runtime)}, timeout=90)

    invalid = [c for c, e in report["collections"].items() if not e["valid"]]
    assert not invalid, f"QGIS rejects {invalid}: {report['log'][-10:]}"
    counts = {c: e["count"] for c, e in report["collections"].items()}
    expected = {c: number_matched(live_server, c, token) for c in collections}
    assert counts == expected
    assert sum(expected.values()) > 0

    raster = report["raster"]
    assert raster["valid"], report["log"][-10:]
    assert not raster["errors"]
    assert image.stat().st_size > 0
    assert raster["colours"] > 10  # a shaded relief, not a blank or single-colour image
