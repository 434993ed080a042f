"""What a user reads on the One Map page, as plain functions: one date format, records
as tables with units, class labels and basemap names in the chosen language, legends
that say when a layer needs a closer zoom, the page chrome, and the header's language."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime

import pytest
from flask import Flask

from core.context import AppContext, install
from layers import build_registry
from tests.pages.test_onemap_layout import find, text_of

REGISTRY = build_registry()
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("value", [
    pytest.param(datetime(2026, 11, 26, 20, 0), id="datetime"),
    pytest.param("2026-11-26T20:00:00", id="iso-json"),
    pytest.param("2026-11-26 20:00:00", id="iso-space"),
])
def test_one_date_time_format(value):
    from pages.onemap.feature_panel import format_value

    assert format_value(value) == "2026-11-26 20:00"


def test_dates_keep_their_day_format():
    from pages.onemap.feature_panel import format_value

    assert format_value(date(2025, 9, 10)) == "2025-09-10"
    assert format_value("PS-2025-09") == "PS-2025-09"  # a code is not a date


def test_depot_stock_and_substances_are_tables_with_units():
    from pages.onemap.feature_panel import record_table

    stock = [{"name": "围油栏", "unit": "m", "quantity": 534},
             {"name": "沙袋", "unit": "个", "quantity": 3036}]
    substances = [{"cas": "7803-62-5", "name": "硅烷", "storage_t": 0.7}]
    table = record_table([("物资", stock), ("风险物质", substances)], "zh")
    nested = find(table, lambda c: "nested-table" in (getattr(c, "className", "") or ""))
    assert len(nested) == 2
    text = text_of(nested[0])
    assert "534 m" in text and "3,036 个" in text
    headers = [text_of(th) for th in find(nested[1], lambda c: type(c).__name__ == "Th")]
    assert headers == ["名称", "CAS 号", "储量 (t)"]
    assert "cas:" not in text_of(table) and "storage_t" not in text_of(table)


@pytest.mark.parametrize(("layer_id", "props", "en"), [
    pytest.param("air_stations", {"_class": "良"}, "Good", id="aqi"),
    pytest.param("pollution_sources", {"_class": "超标"}, "Online: exceeding",
                 id="online-status"),
    pytest.param("farmland_units", {"_class": "安全利用类"}, "Safe use", id="soil"),
])
def test_class_labels_follow_the_language(layer_id, props, en):
    from pages.onemap.feature_panel import class_label, feature_panel

    spec = REGISTRY.get(layer_id)
    item = next(i for i in spec.legend if i.en == en)
    props = {**props, "_color": item.color}  # the colour the style rule gives this class
    assert class_label(spec, props, "zh") == props["_class"]
    assert class_label(spec, props, "en") == en
    assert en in text_of(feature_panel(spec, {"name": "x", **props}, "en")[2])


@pytest.mark.parametrize(("layer_id", "key", "zh", "en"), [
    ("risk_sources", "risk_level", "重大", "Major"),
    ("complaints", "category", "大气", "Air"),
    ("sewage_outfalls", "type", "工业", "Industrial"),
])
def test_categories_in_records_follow_the_language(layer_id, key, zh, en):
    from pages.onemap.feature_panel import feature_panel

    spec = REGISTRY.get(layer_id)
    record = {"name": "x", key: zh}
    assert zh in text_of(feature_panel(spec, record, "zh")[2])
    english = text_of(feature_panel(spec, record, "en")[2])
    assert en in english and zh not in english


def test_legend_says_when_a_layer_needs_a_closer_zoom():
    from core.i18n import t
    from pages.onemap.components import legend

    roads = REGISTRY.get("roads")  # min zoom 9
    hidden = legend([roads], "zh", zoom=8)[0]
    shown = legend([roads], "zh", zoom=9)[0]
    assert "legend-block--hidden" in hidden.className
    assert t("legend.zoom_in", "zh").format(zoom=9) in text_of(hidden)
    assert "legend-block--hidden" not in shown.className
    assert "高速公路" in text_of(shown)


def test_tooltips_get_class_labels_in_english():
    from pages.onemap.components import layer_hideout

    spec = REGISTRY.get("air_stations")
    assert "classes" not in layer_hideout(spec, 0.85, "zh")
    good = next(i for i in spec.legend if i.zh == "良")
    assert layer_hideout(spec, 0.85, "en")["classes"][good.color] == "Good"


def test_label_layer_asks_for_its_names_unclustered():
    from pages.onemap.view_urls import layer_url

    spec = REGISTRY.get("basemap_labels")
    url = layer_url(spec, True, [[31.5, 117.0], [32.0, 117.6]], 10, datetime(2026, 1, 1), 500)
    assert "cluster=" not in url
    assert "properties=id,kind,name,name_en" in url


@pytest.mark.db
def test_label_layer_names_towns_districts_lakes_and_rivers(app_client):
    body = app_client.get("/ogc/collections/basemap_labels/items?limit=1000").get_json()
    by_kind: dict[str, set[str]] = {}
    for feature in body["features"]:
        props = feature["properties"]
        by_kind.setdefault(props["kind"], set()).add(props["name"])
    assert set(by_kind) == {"place", "district", "lake", "river"}
    assert "巢湖" in by_kind["lake"] and "南淝河" in by_kind["river"]
    assert "包河区" in by_kind["district"] and "合肥市" in by_kind["place"]


@pytest.fixture(scope="module")
def page_module(onemap_app):
    return sys.modules["pages.onemap.page"]


@pytest.mark.db
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_basemap_names_are_in_one_language(onemap_app, lang):
    from pages.onemap.basemaps import basemap_choices

    with onemap_app.server.test_request_context("/"):
        names = {b.id: b.title for b in basemap_choices(lang)}
    bundled = {k: v for k, v in names.items()
               if k in ("vector", "dem-color-relief", "dem-hillshade", "dark")}
    assert len(bundled) == 4
    for title in bundled.values():
        assert bool(CJK.search(title)) == (lang == "zh"), title
        if lang == "zh":
            assert not re.search(r"\b(DEM|relief|Dark)\b", title), title


@pytest.mark.db
@pytest.mark.parametrize(("lang", "title"), [("zh", "合肥市生态环境“一张图”"),
                                              ("en", "Hefei Eco-Environment One Map")])
def test_layout_chrome(page_module, onemap_app, lang, title):
    """Tab title per language; a feature panel with a close button and its hint on the
    map; the region result over the map, not in the sidebar; a real copy button; a
    sidebar toggle."""
    from pages.onemap import ids

    with onemap_app.server.test_request_context("/"):
        tree = page_module.layout(lang=lang)
    (title_store,) = find(tree, lambda c: getattr(c, "id", None) == ids.TITLE)
    assert title_store.data == title
    (panel,) = find(tree, lambda c: getattr(c, "id", None) == ids.FEATURE_PANEL)
    assert find(panel, lambda c: getattr(c, "id", None) == ids.FEATURE_CLOSE)
    (sidebar,) = find(tree, lambda c: getattr(c, "id", None) == ids.SIDEBAR)
    assert not find(sidebar, lambda c: getattr(c, "id", None) == ids.REGION_RESULT)
    assert find(tree, lambda c: getattr(c, "id", None) == ids.REGION_RESULT)
    assert find(tree, lambda c: getattr(c, "id", None) == ids.FEATURE_HINT)
    assert find(tree, lambda c: getattr(c, "id", None) == ids.SIDEBAR_TOGGLE)
    (share,) = find(tree, lambda c: getattr(c, "id", None) == ids.SHARE)
    assert type(share).__name__ == "Button"


def english_server(app_settings, app_engine) -> Flask:
    server = Flask(__name__)
    settings = app_settings.model_copy(update={"lang": "en"})
    install(server, AppContext(settings, app_engine, REGISTRY))
    return server


@pytest.mark.db
def test_header_follows_onemap_lang_without_a_lang_parameter(onemap_app, app_settings,
                                                             app_engine):
    from pages.shell import follow_language

    with english_server(app_settings, app_engine).test_request_context("/"):
        title, _nav, switch, href = follow_language("")[:4]
        assert (title, switch, href) == ("Hefei Eco-Environment One Map", "中文", "?lang=zh")
        assert follow_language("?lang=zh")[0] == "合肥市生态环境“一张图”指挥决策平台"


@pytest.mark.db
def test_not_found_page_and_tab_title_follow_onemap_lang(onemap_app, app_settings,
                                                         app_engine):
    not_found = sys.modules["pages.not_found_404"]
    onemap = sys.modules["pages.onemap.page"]
    with english_server(app_settings, app_engine).test_request_context("/"):
        assert not_found.title() == "Page not found"
        assert "does not exist" in text_of(not_found.layout())
        assert onemap.tab_title() == "Hefei Eco-Environment One Map"
    with onemap_app.server.test_request_context("/"):
        assert not_found.title() == "页面不存在"


@pytest.mark.db
def test_server_clusters_say_which_classes_they_hold(app_client, app_engine):
    """At city scale the pollution sources arrive as server grid clusters: each carries
    its members' style colours, so the map can show where exceeding sources are."""
    from sqlalchemy import text

    from layers.enforcement import ONLINE_COLORS
    from layers.styles import NO_DATA_COLOR

    body = app_client.get("/ogc/collections/pollution_sources/items?bbox=116.5,31.0,118.2,32.6"
                          "&zoom=9&cluster=auto&limit=5000&properties=id,name,_color").get_json()
    clusters = [f["properties"] for f in body["features"] if f["properties"].get("grid_cluster")]
    assert clusters
    for props in clusters:
        assert sum(props["_colors"].values()) == props["point_count"]
        assert set(props["_colors"]) <= {*ONLINE_COLORS.values(), NO_DATA_COLOR}
    singles = [f["properties"]["_color"] for f in body["features"]
               if not f["properties"].get("grid_cluster")]
    exceeding = sum(p["_colors"].get(ONLINE_COLORS["exceeding"], 0) for p in clusters) \
        + singles.count(ONLINE_COLORS["exceeding"])
    with app_engine.connect() as conn:
        expected = conn.execute(text(
            "SELECT count(*) FROM pollution_sources WHERE online_status = 'exceeding' AND "
            "geom && ST_MakeEnvelope(116.5, 31.0, 118.2, 32.6, 4326)")).scalar_one()
    assert exceeding == expected > 0
