"""The supervision systems' layers on the one map: served by OGC API – Features with their
theme, in the layer tree in both languages, styled by their standards."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import text

from decision_models import noise as gb3096
from decision_models import radiation as rad
from layers import build_registry
from layers.noise import verdict

pytestmark = pytest.mark.db

#: layer id → (theme, table whose rows the layer shows one feature each)
LAYERS = {
    "hw_generators": ("enforcement", "hw_generators"),
    "hw_facilities": ("enforcement", "hw_facilities"),
    "hw_manifests": ("enforcement", "hw_manifests"),
    "radiation_source_users": ("emergency", "radiation_source_users"),
    "gamma_stations": ("emergency", "gamma_stations"),
    "em_sites": ("emergency", "em_sites"),
    "rs_points": ("air", "rs_points"),
    "obd_density": ("air", "obd_cells"),
    "nonroad_sites": ("air", "nonroad_sites"),
    "co2_districts": ("air", "admin_districts"),
    "co2_key_units": ("air", "co2_key_units"),
    "bio_observations": ("redline", "bio_observations"),
    "bio_priority_areas": ("redline", "bio_priority_areas"),
    "bio_devices": ("redline", "bio_devices"),
    "noise_zones": ("noise", "noise_zones"),
    "noise_stations": ("noise", "noise_stations"),
}
# a time inside the hourly series of the sample (gamma, noise)
SAMPLE_T = "2026-10-22T15:00:00"


def db_scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


@pytest.mark.parametrize("layer_id", list(LAYERS))
def test_each_layer_is_served_by_ogc_with_its_theme(app_client, app_engine, layer_id):
    theme, table = LAYERS[layer_id]
    doc = app_client.get(f"/ogc/collections/{layer_id}")
    assert doc.status_code == 200
    assert doc.get_json()["theme"] == theme
    items = app_client.get(f"/ogc/collections/{layer_id}/items?limit=2000"
                           f"&datetime={SAMPLE_T}")
    assert items.status_code == 200
    body = items.get_json()
    assert body["numberMatched"] == db_scalar(app_engine, f"SELECT count(*) FROM {table}") > 0
    assert all(f["properties"]["_color"].startswith("#") for f in body["features"])


def test_the_tree_lists_every_new_layer_under_its_theme_in_both_languages(onemap_app):
    from core.i18n import t
    from pages.onemap.components import layer_tree
    from pages.onemap.state import MapView

    registry = build_registry()
    assert [s.id for s in registry.by_theme("noise")] == ["noise_zones", "noise_stations"]
    for lang, noise_title in (("zh", "声环境"), ("en", "Noise")):
        with onemap_app.server.test_request_context("/"):
            tree = layer_tree(registry, MapView(layers=(), basemap="light"), lang)
        groups = {g.className.split("theme--")[1]: g for g in tree.children}
        assert groups["noise"].children[0].children == noise_title
        for layer_id, (theme, _table) in LAYERS.items():
            group = str(groups[theme].to_plotly_json())
            assert f"layer-toggle--{layer_id}" in group, (lang, layer_id)
            assert registry.get(layer_id).title(lang) in group
            assert registry.get(layer_id).synthetic  # sample data: badged 示例数据
        assert str(tree.to_plotly_json()).count(t("synthetic.badge", lang)) >= len(LAYERS)


def test_noise_station_verdicts_follow_gb3096(app_client, app_engine):
    """Each station's day and night of the latest whole day, recomputed from its hours with
    decision_models.noise.compliance, gives the colour class the map shows."""
    body = app_client.get(f"/ogc/collections/noise_stations/items?limit=100"
                          f"&datetime={SAMPLE_T}").get_json()
    with app_engine.connect() as conn:
        hourly = pd.read_sql(text("SELECT station_code, time, leq_dba FROM noise_hourly "
                                  "WHERE time <= :t ORDER BY time"), conn,
                             params={"t": dt.datetime.fromisoformat(SAMPLE_T)})
    seen = set()
    for feature in body["features"]:
        p = feature["properties"]
        series = hourly[hourly.station_code == p["code"]].set_index("time")["leq_dba"]
        days = {d.date: d for d in gb3096.compliance(p["zone_class"], series)}
        day = days[dt.date.fromisoformat(p["obs_date"][:10])]
        assert day.day_hours == 16 and day.night_hours == 8
        assert p["ld_dba"] == pytest.approx(day.ld, abs=0.051)
        assert p["ln_dba"] == pytest.approx(day.ln, abs=0.051)
        assert p["day_limit"] == gb3096.limit(p["zone_class"], "day")
        expected = verdict(p["zone_class"], round(day.ld, 1), round(day.ln, 1))
        assert p["_class"].startswith({"compliant": "昼夜达标", "day_over": "昼间超标",
                                       "night_over": "夜间超标",
                                       "both_over": "昼夜超标"}[expected])
        seen.add(expected)
    assert "compliant" in seen and len(seen) >= 2  # the sample has both


def test_gamma_excursion_is_flagged_for_investigation(app_client, app_engine):
    """The planted dry-afternoon rise at GS05 (2026-10-22 14:00–16:59) is above the
    station's own investigation level and not explained by rain."""
    body = app_client.get(f"/ogc/collections/gamma_stations/items?limit=20"
                          f"&datetime={SAMPLE_T}").get_json()
    by_code = {f["properties"]["code"]: f["properties"] for f in body["features"]}
    gs05 = by_code["GS05"]
    with app_engine.connect() as conn:
        history = [r[0] for r in conn.execute(text(
            "SELECT dose_rate_ngy_h FROM gamma_hourly WHERE station_code = 'GS05' "
            "ORDER BY time LIMIT 744"))]
    level = rad.investigation_level([v if v is not None else float("nan") for v in history])
    assert gs05["investigation_level_ngy_h"] == pytest.approx(level.level, abs=0.01)
    assert gs05["dose_rate_ngy_h"] > level.level
    assert gs05["_class"].startswith("超调查水平")
    assert sum(p["_class"].startswith("超调查水平") for p in by_code.values()) == 1


def test_source_users_are_styled_by_their_category(app_client, app_engine):
    body = app_client.get("/ogc/collections/radiation_source_users/items?limit=100").get_json()
    for feature in body["features"]:
        p = feature["properties"]
        category = rad.CATEGORIES[int(p["category"])]
        assert p["_class"].startswith(f"{category.roman}类")
        assert p["category_roman"] == category.roman
        assert len(p["sources"]) == p["n_sources"]


def test_richness_grid_matches_the_model(app_client, app_engine):
    """Species per cell as the map serves them = decision_models.biodiversity.richness_grid
    over the same observations and grid."""
    from decision_models import biodiversity as bio
    from layers import biodiversity as layer

    assert app_client.get("/ogc/collections/bio_richness").get_json()["theme"] == "redline"
    body = app_client.get("/ogc/collections/bio_richness/items?limit=5000").get_json()
    served = {(f["properties"]["ix"], f["properties"]["iy"]): f["properties"]["richness"]
              for f in body["features"]}
    with app_engine.connect() as conn:
        obs = pd.read_sql(text("SELECT species, ST_X(geom) AS lon, ST_Y(geom) AS lat "
                               "FROM bio_observations"), conn)
    grid = bio.richness_grid(obs["lon"], obs["lat"], obs["species"],
                             bounds=(layer.RICHNESS_X0, layer.RICHNESS_Y0, 118.5, 33.0),
                             cell=layer.RICHNESS_CELL)
    cells = grid.cells()
    want = {(int(r.ix), int(r.iy)): int(r.richness) for r in cells.itertuples()}
    assert served == want
    assert max(want.values()) >= 3
    assert body["numberMatched"] == len(want)


def test_the_catalogue_lists_the_new_layers(app_client):
    """/api/datasets (the data catalogue) lists every registry layer: the new ones come
    with their theme and the synthetic flag, without special cases."""
    noise = app_client.get("/api/datasets?theme=noise&limit=100")
    assert noise.status_code == 200
    text_body = noise.get_data(as_text=True)
    assert "noise_zones" in text_body and "noise_stations" in text_body
    everything = app_client.get("/api/datasets?limit=500").get_data(as_text=True)
    for layer_id in LAYERS:
        assert layer_id in everything, layer_id
