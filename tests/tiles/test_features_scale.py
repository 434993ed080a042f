"""Vector data at scale: property selection and server-side grid clustering of
``/ogc/collections/{id}/items``, against real PostGIS.

The shared sample database (2,200 pollution sources) is read only; the 100,000-source
cases use a database of their own (``scale_test``), where the sample sources are copied
with a seeded jitter of ±0.02° (EPSG:4326) by :func:`bench.bench_features.inflate_sources`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from layers.query import CLUSTER_MAX_CELLS, CLUSTER_THRESHOLD, abbreviate, cluster_grid

pytestmark = pytest.mark.db

ITEMS = "/ogc/collections/pollution_sources/items"
CITY_Z9 = (114.2578, 29.8828, 120.586, 33.75)  # the map's snapped bbox of Hefei at zoom 9
CENTRE_Z12 = (116.85, 31.6, 117.65, 32.05)  # the map's snapped bbox of central Hefei, zoom 12
MAP_QUERY = "limit=10000&properties=id,name,_color,_class&cluster=auto"
ONE_MB = 1_000_000


def bbox_arg(bbox) -> str:
    return ",".join(map(str, bbox))


def sql_count(engine, bbox, where: str = "") -> int:
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pollution_sources WHERE geom && "
            f"ST_MakeEnvelope(:a, :b, :c, :d, 4326) {where}"),
            dict(zip("abcd", bbox, strict=True))).scalar_one()


def represented(body) -> int:
    """Features a response stands for: cluster sizes plus single features."""
    return sum(f["properties"]["point_count"] if f["properties"].get("grid_cluster") else 1
               for f in body["features"])


@pytest.fixture(scope="module")
def scale_engine(postgis_url, data_samples):
    from bench.bench_features import inflate_sources
    from store.db import make_engine
    from store.load import load_samples
    from store.migrate import upgrade
    from tests.conftest import create_database

    url = create_database(postgis_url, "scale_test")
    upgrade(url)
    engine = make_engine(url)
    load_samples(engine, data_samples)
    inflate_sources(engine, 100_000)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def scale_client(scale_engine, tmp_path_factory):
    from flask import Flask

    from core.settings import Settings
    from layers import build_registry
    from tiles.features import create_features_blueprint

    server = Flask("scale-test")
    settings = Settings(var_dir=tmp_path_factory.mktemp("scale-var"))
    server.register_blueprint(create_features_blueprint(settings, build_registry(),
                                                        lambda: scale_engine))
    return server.test_client()


# --- property selection -------------------------------------------------------------

def test_only_the_selected_properties_and_the_style_columns_come_back(app_client):
    body = app_client.get(f"{ITEMS}?limit=50&properties=code,name").get_json()
    assert body["numberReturned"] == 50
    for feature in body["features"]:
        assert set(feature["properties"]) == {"code", "name", "_color", "_class"}
        assert feature["properties"]["_color"].startswith("#")


def test_style_columns_follow_the_full_record(app_client):
    """The style rule still sees every column (here ``online_status``) when it is not
    selected: colours equal those of the unselected response."""
    full = app_client.get(f"{ITEMS}?limit=200").get_json()["features"]
    slim = app_client.get(f"{ITEMS}?limit=200&properties=code").get_json()["features"]
    assert [f["id"] for f in full] == [f["id"] for f in slim]
    assert [(f["properties"]["_color"], f["properties"]["_class"]) for f in full] == \
        [(f["properties"]["_color"], f["properties"]["_class"]) for f in slim]
    assert len({f["properties"]["_color"] for f in slim}) >= 2


def test_id_property_copies_the_feature_id(app_client):
    body = app_client.get(f"{ITEMS}?limit=5&properties=id").get_json()
    for feature in body["features"]:
        assert feature["properties"]["id"] == feature["id"]
        assert set(feature["properties"]) == {"id", "_color", "_class"}


def test_selection_on_a_single_item(app_client):
    first = app_client.get(f"{ITEMS}?limit=1").get_json()["features"][0]
    one = app_client.get(f"{ITEMS}/{first['id']}?properties=name").get_json()
    assert set(one["properties"]) == {"name", "_color", "_class"}
    assert one["properties"]["name"] == first["properties"]["name"]


def test_unknown_properties_are_refused_by_name(app_client):
    response = app_client.get(f"{ITEMS}?properties=code,phone,owner_id")
    assert response.status_code == 400
    description = response.get_json()["description"]
    assert "'phone'" in description and "'owner_id'" in description
    assert app_client.get(f"{ITEMS}?properties=na;me").status_code == 400


def test_full_records_keep_their_types(app_client):
    """Values come from PostgreSQL's JSON: numbers stay numbers, dates are ISO strings,
    JSON columns stay arrays."""
    props = app_client.get(f"{ITEMS}?limit=1").get_json()["features"][0]["properties"]
    assert isinstance(props["so2_t"], float | int)
    assert isinstance(props["online_monitoring"], bool)
    assert isinstance(props["main_pollutants"], list)
    assert len(props["permit_valid_until"]) == 10 and props["permit_valid_until"][4] == "-"


# --- clustering on the shared sample (2,200 sources) --------------------------------

def test_cluster_parameter_is_validated(app_client):
    response = app_client.get(f"{ITEMS}?cluster=yes")
    assert response.status_code == 400
    assert "auto" in response.get_json()["description"]


def test_small_views_are_not_clustered(app_client, app_engine):
    bbox = (117.45, 31.75, 117.6, 31.85)
    body = app_client.get(f"{ITEMS}?bbox={bbox_arg(bbox)}&zoom=14&{MAP_QUERY}").get_json()
    assert "clustered" not in body
    assert body["numberMatched"] == body["numberReturned"] == sql_count(app_engine, bbox)
    assert not any(f["properties"].get("grid_cluster") for f in body["features"])


def test_whole_sample_at_city_zoom_is_clustered(app_client, app_engine):
    assert sql_count(app_engine, CITY_Z9) > CLUSTER_THRESHOLD
    body = app_client.get(f"{ITEMS}?bbox={bbox_arg(CITY_Z9)}&zoom=9&{MAP_QUERY}").get_json()
    assert body["clustered"] is True
    assert represented(body) == body["numberMatched"] == sql_count(app_engine, CITY_Z9)
    assert [link["rel"] for link in body["links"]] == ["self"]


# --- 100,000 sources ------------------------------------------------------------------

@pytest.mark.parametrize(("bbox", "zoom"), [
    pytest.param(CITY_Z9, 9, id="whole-city-z9"),
    pytest.param(CENTRE_Z12, 12, id="centre-z12"),
])
def test_clusters_and_singles_add_up_to_the_sql_count(scale_client, scale_engine, bbox, zoom):
    response = scale_client.get(f"{ITEMS}?bbox={bbox_arg(bbox)}&zoom={zoom}&{MAP_QUERY}")
    assert response.status_code == 200
    assert len(response.data) < ONE_MB
    body = response.get_json()
    expected = sql_count(scale_engine, bbox)
    assert expected > 50_000
    assert body["clustered"] is True
    assert represented(body) == body["numberMatched"] == expected
    assert body["numberReturned"] == len(body["features"])
    ids = [f["id"] for f in body["features"]]
    assert len(ids) == len(set(ids))
    for feature in body["features"]:
        x, y = feature["geometry"]["coordinates"]
        assert bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]
        props = feature["properties"]
        assert props["id"] == feature["id"]
        if props.get("grid_cluster"):
            assert props["point_count"] >= 2
            assert props["point_count_abbreviated"] == abbreviate(props["point_count"])
            assert "cluster" not in props  # dash-leaflet's own clusters use that flag
        else:
            assert set(props) == {"id", "name", "_color", "_class"}


def test_clusters_respect_property_filters(scale_client, scale_engine):
    body = scale_client.get(f"{ITEMS}?bbox={bbox_arg(CITY_Z9)}&zoom=9&online_status=normal"
                            f"&{MAP_QUERY}").get_json()
    expected = sql_count(scale_engine, CITY_Z9, "AND online_status = 'normal'")
    assert expected > CLUSTER_THRESHOLD
    assert body["clustered"] is True
    assert represented(body) == body["numberMatched"] == expected


def test_cluster_off_returns_plain_paged_features(scale_client, scale_engine):
    response = scale_client.get(f"{ITEMS}?bbox={bbox_arg(CENTRE_Z12)}&zoom=12&limit=500")
    body = response.get_json()
    assert "clustered" not in body
    assert body["numberReturned"] == 500
    assert body["numberMatched"] == sql_count(scale_engine, CENTRE_Z12)
    assert not any("grid_cluster" in f["properties"] for f in body["features"])
    assert "next" in {link["rel"] for link in body["links"]}
    assert len(body["features"][0]["properties"]) == 21  # 19 columns + _color, _class


def test_no_clustering_at_street_zoom(scale_client, scale_engine):
    bbox = (117.25, 31.82, 117.27, 31.83)
    body = scale_client.get(f"{ITEMS}?bbox={bbox_arg(bbox)}&zoom=17&{MAP_QUERY}").get_json()
    assert "clustered" not in body
    assert body["numberReturned"] == sql_count(scale_engine, bbox)


def test_a_huge_bbox_at_a_deep_zoom_stays_bounded(scale_client):
    """A client asking the whole world at zoom 16 gets a coarsened grid, not 100k features."""
    response = scale_client.get(f"{ITEMS}?bbox=-180,-90,180,90&zoom=16&{MAP_QUERY}")
    body = response.get_json()
    assert body["clustered"] is True and body["numberMatched"] == 100_000
    assert body["numberReturned"] <= CLUSTER_MAX_CELLS
    assert len(response.data) < ONE_MB


# --- pure helpers -----------------------------------------------------------------------

@pytest.mark.parametrize(("count", "text_"), [(7, "7"), (999, "999"), (1234, "1.2k"),
                                              (1000, "1k"), (15321, "15k")])
def test_abbreviation_matches_supercluster(count, text_):
    assert abbreviate(count) == text_


def test_cluster_grid_is_64_px_at_the_zoom_and_bounded():
    zoom, cell = cluster_grid(CENTRE_Z12, 12)
    assert zoom == 12 and cell == pytest.approx(64 * 360 / (256 * 2 ** 12))
    zoom, cell = cluster_grid((-180, -90, 180, 90), 16)
    assert zoom < 16 and 360 * 180 / cell ** 2 <= CLUSTER_MAX_CELLS
