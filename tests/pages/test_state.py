from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pages.onemap.state import MapView, parse_view, to_query

LAYERS = ["air_stations", "water_sections", "pollution_sources", "redline_areas"]
BASEMAPS = ["vector", "dark", "dem-color-relief"]


def parse(query):
    return parse_view(query, known_layers=LAYERS, default_layers=["air_stations"],
                      basemaps=BASEMAPS, default_basemap="dem-color-relief")


def test_empty_query_gives_defaults():
    view, warnings = parse({})
    assert view.layers == ("air_stations",)
    assert view.basemap == "dem-color-relief"
    assert warnings == []


@pytest.mark.parametrize(("query", "bad"), [
    pytest.param({"layers": "air_stations,nope"}, "nope", id="unknown-layer"),
    pytest.param({"basemap": "osm"}, "osm", id="unknown-basemap"),
    pytest.param({"c": "north,east"}, "north", id="centre-not-numbers"),
    pytest.param({"c": "95,117"}, "95", id="centre-off-the-world"),
    pytest.param({"z": "30"}, "30", id="zoom-out-of-range"),
    pytest.param({"t": "yesterday"}, "yesterday", id="bad-time"),
    pytest.param({"region": "county:1"}, "county", id="unknown-region-kind"),
    pytest.param({"region": "polygon:1 2,3"}, "polygon", id="broken-polygon"),
    pytest.param({"lang": "fr"}, "fr", id="unknown-language"),
])
def test_malformed_parameter_is_ignored_with_a_warning(query, bad):
    view, warnings = parse(query)
    assert len(warnings) == 1 and bad in warnings[0]
    default, _ = parse({})
    kept_layers = tuple(x for x in query.get("layers", "").split(",") if x in LAYERS)
    assert view == (default if "layers" not in query else
                    MapView(kept_layers, default.basemap))


@given(
    layers=st.lists(st.sampled_from(LAYERS), unique=True),
    basemap=st.sampled_from(BASEMAPS),
    lat=st.floats(-80, 80).map(lambda v: round(v, 4)),
    lon=st.floats(-179, 179).map(lambda v: round(v, 4)),
    zoom=st.integers(5, 18),
    hour=st.one_of(st.none(), st.integers(0, 23)),
    region=st.sampled_from([None, "region:340100", "district:340102", "basin:chaohu",
                            "polygon:117.1 31.8,117.3 31.8,117.3 31.9,117.1 31.8"]),
    lang=st.sampled_from(["zh", "en"]),
)
def test_query_round_trips(layers, basemap, lat, lon, zoom, hour, region, lang):
    time = None if hour is None else datetime(2026, 11, 22, hour, 0)
    view = MapView(tuple(layers), basemap, (lat, lon), zoom, time, region, lang)
    query = dict(pair.split("=", 1) for pair in to_query(view).split("&"))
    from urllib.parse import unquote_plus
    parsed, warnings = parse({k: unquote_plus(v) for k, v in query.items()})
    assert warnings == []
    assert parsed == view


@pytest.mark.parametrize(("lang", "default", "in_query"), [
    ("zh", "zh", False), ("en", "zh", True), ("zh", "en", True), ("en", "en", False)])
def test_shared_link_keeps_its_language_on_any_deployment(lang, default, in_query):
    """A Chinese view shared from a server whose ONEMAP_LANG is English says lang=zh."""
    view = MapView(("air_stations",), "vector", lang=lang)
    query = to_query(view, default)
    assert (f"lang={lang}" in query) == in_query
    parsed, _ = parse_view(dict(p.split("=", 1) for p in query.split("&")),
                           known_layers=LAYERS, default_layers=[], basemaps=BASEMAPS,
                           default_basemap="vector", default_lang=default)
    assert parsed.lang == lang
