"""The offline HTML map (GET /api/maps/export.html): a self-contained folium document with
the chosen vector layers, legend, data time, provenance and 示例数据 labels, that loads
nothing from the network; DATA_READ only."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.db

URL = "/api/maps/export.html"
HEFEI = "116.9,31.6,117.6,32.0"


class Resources(HTMLParser):
    """Every URL the document would load: script src, link href, img/iframe src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.urls.append(attrs["src"])
            else:
                self.inline_scripts += 1
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag in ("img", "iframe", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])


def test_export_is_a_self_contained_offline_map(app_client):
    r = app_client.get(f"{URL}?layers=admin_districts,air_stations,aqi_surface&bbox={HEFEI}"
                       "&lang=zh")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type.startswith("text/html")
    assert "attachment" in r.headers["Content-Disposition"]
    doc = r.get_data(as_text=True)
    found = Resources()
    found.feed(doc)
    assert found.urls == []  # nothing to fetch: no script/link/img URL at all
    assert found.inline_scripts >= 2  # Leaflet itself and the map
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?://", doc)
    assert not re.search(r"url\(\s*[\"']?https?://", doc)  # no remote CSS resource
    assert "cdn.jsdelivr" not in doc and "cdnjs" not in doc and "code.jquery" not in doc
    assert "Leaflet 1.9.4" in doc  # inlined
    # the chosen vector layers are there as GeoJSON; the tile overlay is named as left out
    assert "区县界" in doc and "空气质量指数插值面" in doc
    assert "数据时间" in doc and "导出时间" in doc
    districts = re.findall(r'"adcode":\s*"(\d{6})"', doc)
    assert "340104" in districts


def test_synthetic_layers_are_labelled_and_english_works(app_client, onemap_app):
    from core.context import EXTENSION_KEY

    registry = onemap_app.server.extensions[EXTENSION_KEY].registry
    synthetic = next(s for s in registry.declared() if s.synthetic and s.time is None
                     and s.theme != "basemap")
    real = registry.get("admin_districts")
    r = app_client.get(f"{URL}?layers={synthetic.id},{real.id}&bbox={HEFEI}&lang=en")
    assert r.status_code == 200, r.get_data(as_text=True)
    doc = r.get_data(as_text=True)
    legend = doc[doc.index('class="ox-legend"'):]
    assert legend.count("ox-synthetic") == 1  # the synthetic layer only
    assert synthetic.title_en in legend and real.title_en in legend
    assert "Data time" in legend


def test_export_refuses_bad_requests(app_client, anon_client):
    assert app_client.get(URL).status_code == 422
    assert app_client.get(f"{URL}?layers=aqi_surface").status_code == 422  # tiles only
    assert app_client.get(f"{URL}?layers=no_such_layer").status_code == 404
    assert app_client.get(f"{URL}?layers=admin_districts&bbox=1,2,3").status_code == 400
    assert anon_client.get(f"{URL}?layers=admin_districts").status_code in (401, 403)


def test_text_of_the_data_cannot_inject_markup():
    from datetime import datetime

    from layers.basemap import PLACES
    from layers.export_html import ExportLayer, offline_map

    evil = "<img src=x onerror=alert(1)></script>"
    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": 1, "geometry": {"type": "Point",
                                                 "coordinates": [117.2, 31.8]},
        "properties": {"id": 1, "name_zh": evil, "_color": "#123456", "_class": None}}]}
    doc = offline_map([ExportLayer(PLACES, collection)], (117.0, 31.6, 117.4, 32.0),
                      datetime(2026, 11, 26, 20), datetime(2026, 11, 26, 21), "合肥市")
    assert evil not in doc and "<img" not in doc
    assert "lt;img src=x" in doc  # escaped text (&lt;, JSON-encoded), shown as text
