"""Traffic as a sector of the scenario inventory (issue 17): the mobile-source tables
(OBD density, remote sensing, non-road sites) are sources of sector 交通 that a cut can
select, through the unchanged contract of POST /api/scenarios."""

from __future__ import annotations

import pytest

from scenarios import inputs as inp
from tests.scenarios.conftest import by_station, run

pytestmark = pytest.mark.db


def test_the_inventory_has_a_traffic_sector(app_engine):
    inputs = inp.load_inputs(app_engine)
    traffic = inputs.source_industry == inp.TRAFFIC_SECTOR
    assert traffic.sum() > 40  # OBD blocks and the non-road sites
    assert (inputs.emissions[traffic, 3] > 0).all()  # NO2 of every traffic source
    # heavy diesel is a NOx source: its share of NOx well above its share of PM2.5
    total = inputs.emissions.sum(axis=0)
    share = inputs.emissions[traffic].sum(axis=0) / total
    assert share[3] > share[0] > 0
    # on the ground: lower than any stack
    assert inputs.sources.height_m[traffic].max() <= 3.0


def test_a_traffic_cut_lowers_no2_and_a_zero_cut_changes_nothing(analyst_client):
    cut = run(analyst_client, {"cuts": [{"select": {"industry": inp.TRAFFIC_SECTOR},
                                         "pollutant": "NO2", "fraction": 0.5}]})
    assert cut["status"] == "done", cut.get("error")
    no2 = by_station(cut, "NO2")
    assert all(r["delta"] <= 0 for r in no2.values())
    assert min(r["delta"] for r in no2.values()) < -0.1
    assert all(r["delta"] == 0 for r in by_station(cut, "PM2_5").values())
    assert cut["provenance"]["emissions"]["traffic"]["sector"] == "交通"

    zero = run(analyst_client, {"cuts": [{"select": {"industry": inp.TRAFFIC_SECTOR},
                                          "pollutant": "NO2", "fraction": 0.0}]})
    assert all(r["delta"] == 0 for r in zero["stations"])
    assert set(zero) >= {"id", "status", "progress", "stations", "districts", "tiles",
                         "provenance"}
