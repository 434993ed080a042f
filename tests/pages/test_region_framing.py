"""Every page frames the region served and names nothing of Hefei for another region.

The app is served with the Nanjing extent (a ``region.toml`` of 320100 in a folder of its
own); the layouts of the cockpit, the tasks, the emergency, the scenario and the data
pages, the cockpit's schemes and the region's texts are read as a user would get them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from core.context import EXTENSION_KEY
from core.i18n import t
from core.region import parse_region
from tests.pages.test_admin_pages import as_user

pytestmark = pytest.mark.db

NANJING_BBOX = (118.357927, 31.230207, 119.236384, 32.616407)
HEFEI_WORDS = ("合肥", "巢湖", "Hefei", "Chaohu")


def nanjing_dir(root: Path) -> Path:
    (root / "region.toml").write_text(
        'adcode = "320100"\nname = "南京市"\nname_en = "Nanjing"\nlevel = "city"\n'
        f"bbox = {list(NANJING_BBOX)}\n[files]\n"
        'air_stations = "air/aq_stations.geojson"\n', encoding="utf-8")
    return root


@pytest.fixture
def nanjing(onemap_app, tmp_path, monkeypatch):
    """The running app, serving the Nanjing extent for the length of a test."""
    server = onemap_app.server
    context = server.extensions[EXTENSION_KEY]
    settings = context.settings.model_copy(update={"data_dir": nanjing_dir(tmp_path)})
    assert settings.region.adcode == "320100"
    monkeypatch.setitem(server.extensions, EXTENSION_KEY,
                        dataclasses.replace(context, settings=settings))
    return onemap_app


def _json(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


def _maps(tree) -> list[dict]:
    """Every dash-leaflet Map of a layout as its props."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "MapContainer" and node.get("namespace") == "dash_leaflet":
                found.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(tree))
    return found


def _without_options(node):
    if isinstance(node, dict):
        return {k: _without_options(v) for k, v in node.items() if k != "options"}
    if isinstance(node, list):
        return [_without_options(v) for v in node]
    return node


def _inside(center) -> bool:
    west, south, east, north = NANJING_BBOX
    lat, lon = center
    return south <= lat <= north and west <= lon <= east


def test_the_region_parses_with_its_extent(tmp_path):
    import tomllib

    raw = tomllib.loads((nanjing_dir(tmp_path) / "region.toml").read_text(encoding="utf-8"))
    region = parse_region(raw, tmp_path)
    assert region.bbox == NANJING_BBOX and _inside(region.center)


@pytest.mark.parametrize("module, kwargs", [
    ("pages.cockpit.page", {}),
    ("pages.cockpit.page", {"lang": "en"}),
    ("pages.tasks.page", {}),
    ("pages.emergency.page", {}),
    ("pages.scenario.page", {}),
    ("pages.scenario.page", {"tab": "water"}),
    ("pages.data.page", {}),
])
def test_every_page_frames_the_region_served(nanjing, auth_service, admin_token, module,
                                             kwargs):
    import importlib

    page = importlib.import_module(module)
    ctx = as_user(nanjing, auth_service, admin_token)
    try:
        out = _json(page.layout(**kwargs))
    finally:
        ctx.pop()
    maps = _maps(out)
    assert maps, f"{module}: no map in the layout"
    for props in maps:
        assert _inside(props["center"]), (module, props.get("id"), props["center"])
    # the page's own words: drop the choices read from the store (it holds the Hefei
    # sample's districts and risk sources, data rather than the page's framing)
    words = json.dumps(_without_options(json.loads(out)), ensure_ascii=False)
    assert not [w for w in HEFEI_WORDS if w in words], module


def test_a_scheme_without_a_view_opens_on_the_region_and_the_dark_basemap(nanjing):
    from cockpit.schemes import validate

    with nanjing.server.test_request_context("/"):
        screen = validate({"name": "x", "screens": [{"title": "a"}]})["screens"][0]
        dark = nanjing.server.extensions[EXTENSION_KEY].registry.dark_basemap()
    assert _inside(screen["map"]["center"])
    assert screen["map"]["basemap"] == dark.id


def test_sample_schemes_drawn_for_hefei_open_on_the_region(nanjing):
    from cockpit.schemes import SAMPLE_FILE, in_served_region, validate

    payloads = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))["schemes"]
    with nanjing.server.test_request_context("/"):
        schemes = [in_served_region(validate(p)) for p in payloads]
    assert all(_inside(s["map"]["center"]) for scheme in schemes for s in scheme["screens"])


def test_texts_name_the_region_served_not_hefei(nanjing):
    from layers.biodiversity import BIO_OBSERVATIONS

    with nanjing.server.test_request_context("/"):
        for lang in ("zh", "en"):
            for key in ("scenario.water.lake", "forecast.data_note.region", "cockpit.title"):
                text_ = t(key, lang)
                assert not [w for w in HEFEI_WORDS if w in text_], (key, text_)
            assert "南京" in t("forecast.data_note.region") or "Nanjing" in t(
                "forecast.data_note.region", "en")
    description = BIO_OBSERVATIONS.description_zh + BIO_OBSERVATIONS.description_en
    assert not [w for w in HEFEI_WORDS if w in description]


def test_hefei_reads_as_before(onemap_app):
    with onemap_app.server.test_request_context("/"):
        assert t("scenario.water.lake") == "巢湖总磷响应与营养状态"
        assert t("scenario.water.lake", "en") == "Chaohu TP response and trophic state"


def test_the_water_scenario_takes_the_region_s_main_lake(nanjing):
    from scenarios import water

    with nanjing.server.test_request_context("/"):
        assert water.main_lake() == ""  # Nanjing's file names no lake: no lake response


def test_the_hefei_water_scenario_keeps_chaohu(onemap_app):
    from scenarios import water

    with onemap_app.server.test_request_context("/"):
        assert water.main_lake() == "巢湖" and "巢湖" in water.LAKE_VOLUME_M3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_forecast_page_does_not_describe_hefei_s_data_for_another_region(
        nanjing, auth_service, admin_token, lang):
    from pages.forecast import page

    ctx = as_user(nanjing, auth_service, admin_token)
    try:
        out = _json(page.layout(lang=lang))
    finally:
        ctx.pop()
    words = json.dumps(_without_options(json.loads(out)), ensure_ascii=False)
    assert "aqistudy" not in words and not [w for w in HEFEI_WORDS if w in words]
