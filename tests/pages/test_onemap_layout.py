"""The One Map page's layout and builders as plain functions (no browser)."""

from __future__ import annotations

import sys

import pytest
from flask import Flask

from core.context import AppContext, install
from layers import build_registry
from store.db import make_engine

pytestmark = pytest.mark.db


def find(component, predicate):
    """Every component in the tree for which ``predicate`` is true."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    if children is None:
        return found
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += find(child, predicate)
    return found


def text_of(component) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if isinstance(children, str):
        return children
    if isinstance(children, list | tuple):
        return "".join(text_of(c) for c in children)
    return text_of(children) if hasattr(children, "to_plotly_json") else ""


@pytest.fixture(scope="module")
def page_module(onemap_app):
    return sys.modules["pages.onemap.page"]


def test_layout_has_every_layer_and_honours_the_url(page_module, onemap_app):
    with onemap_app.server.test_request_context("/"):
        tree = page_module.layout(layers="pollution_sources,redline_areas", z="11",
                                  basemap="dark", region="district:340104")
    layers = find(tree, lambda c: isinstance(getattr(c, "id", None), dict)
                  and c.id.get("type") == "onemap-layer")
    assert {c.id["id"] for c in layers} == set(build_registry().ids())
    active = {c.id["id"] for c in layers if "limit=0" not in c.url}
    assert active == {"pollution_sources", "redline_areas"}
    (leaflet_map,) = find(tree, lambda c: getattr(c, "id", None) == "onemap-map")
    assert leaflet_map.zoom == 11
    assert "onemap--dark" in tree.className
    (region,) = find(tree, lambda c: getattr(c, "id", None) == "onemap-region-select")
    assert region.value == "district:340104"


def test_malformed_parameters_become_a_notice(page_module, onemap_app):
    with onemap_app.server.test_request_context("/"):
        tree = page_module.layout(layers="air_stations,bogus", z="40")
    notices = find(tree, lambda c: "notice" in (getattr(c, "className", "") or ""))
    assert notices and "bogus" in text_of(notices[0]) and "40" in text_of(notices[0])


def test_unreachable_database_gives_a_notice_not_a_crash(page_module, app_settings):
    server = Flask(__name__)
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none", check=False,
                         connect_args={"connect_timeout": 2})
    install(server, AppContext(app_settings, engine, build_registry()))
    with server.test_request_context("/"):
        tree = page_module.layout()
    notices = find(tree, lambda c: "notice--error" in (getattr(c, "className", "") or ""))
    assert notices
    assert "数据库" in text_of(notices[0])


def test_english_layout(page_module, onemap_app):
    with onemap_app.server.test_request_context("/"):
        tree = page_module.layout(lang="en")
    assert "Layers" in text_of(tree)
    assert "图层" not in text_of(tree)


def test_source_file_record(app_engine):
    from sqlalchemy import text

    from layers.enforcement import source_file

    with app_engine.connect() as conn:
        code = conn.execute(text("SELECT source_code FROM inspections GROUP BY source_code "
                                 "ORDER BY count(*) DESC LIMIT 1")).scalar_one()
        n_inspections = conn.execute(text("SELECT count(*) FROM inspections WHERE "
                                          "source_code = :c"), {"c": code}).scalar_one()
    record = source_file(app_engine, code)
    assert record["source"]["code"] == code
    assert len(record["inspections"]) == min(10, n_inspections)
    dates = [r["inspected_on"] for r in record["inspections"]]
    assert dates == sorted(dates, reverse=True)


def test_unknown_source_is_not_found(app_engine):
    from core.errors import NotFound
    from layers.enforcement import source_file

    with pytest.raises(NotFound, match="PS-NOPE"):
        source_file(app_engine, "PS-NOPE")


@pytest.mark.parametrize(("search", "lang"), [("", "zh"), ("?lang=en", "en"),
                                               ("?z=3&lang=fr", "zh"), (None, "zh")])
def test_shell_language_follows_the_url(search, lang):
    from pages.shell import lang_of

    assert lang_of(search) == lang
