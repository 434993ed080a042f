from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest

from layers import build_registry
from pages.onemap.view_urls import approx_bounds, layer_url, snap_bbox

REGISTRY = build_registry()


@pytest.mark.parametrize("zoom", [5, 9, 12, 16])
def test_snapped_bbox_contains_the_view(zoom):
    bounds = approx_bounds((31.8, 117.25), zoom)
    minx, miny, maxx, maxy = snap_bbox(bounds, zoom)
    (south, west), (north, east) = bounds
    assert minx < west and miny < south and maxx > east and maxy > north


def test_small_pan_keeps_the_same_url():
    spec = REGISTRY.get("pollution_sources")
    t = datetime(2026, 11, 23, 10)
    a = layer_url(spec, True, approx_bounds((31.80, 117.25), 12), 12, t, 5000)
    b = layer_url(spec, True, approx_bounds((31.8001, 117.2501), 12), 12, t, 5000)
    assert a == b


def test_layer_off_or_below_min_zoom_asks_for_nothing():
    spec = REGISTRY.get("roads")  # min zoom 9
    t = datetime(2026, 11, 23, 10)
    off = layer_url(spec, False, approx_bounds((31.8, 117.25), 12), 12, t, 5000)
    far = layer_url(spec, True, approx_bounds((31.8, 117.25), 7), 7, t, 5000)
    assert parse_qs(urlparse(off).query)["limit"] == ["0"]
    assert parse_qs(urlparse(far).query)["limit"] == ["0"]


def test_time_layers_carry_the_time():
    t = datetime(2026, 11, 23, 10)
    bounds = approx_bounds((31.8, 117.25), 10)
    timed = parse_qs(urlparse(layer_url(REGISTRY.get("air_stations"), True, bounds, 10, t,
                                        100)).query)
    plain = parse_qs(urlparse(layer_url(REGISTRY.get("redline_areas"), True, bounds, 10, t,
                                        100)).query)
    assert timed["datetime"] == ["2026-11-23T10:00"]
    assert "datetime" not in plain


def test_map_urls_ask_only_for_what_the_map_draws():
    t = datetime(2026, 11, 23, 10)
    bounds = approx_bounds((31.8, 117.25), 9)
    points = parse_qs(urlparse(layer_url(REGISTRY.get("pollution_sources"), True, bounds, 9, t,
                                         10000)).query)
    polygons = parse_qs(urlparse(layer_url(REGISTRY.get("redline_areas"), True, bounds, 9, t,
                                           10000)).query)
    assert points["properties"] == ["id,name,_color,_class"]
    assert points["cluster"] == ["auto"]
    assert "cluster" not in polygons
    assert polygons["properties"][0].startswith("id,") and polygons["properties"][0].endswith(
        "_color,_class")


def test_every_layer_url_names_only_known_properties():
    from layers.query import check_properties
    from pages.onemap.view_urls import map_properties

    for spec in REGISTRY:
        check_properties(spec, map_properties(spec))  # raises BadRequest on a stray name
