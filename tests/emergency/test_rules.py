"""Rules as data: which water-source tier an intake serves (GB/T 2260 county-level codes)."""

from __future__ import annotations

import pytest

from emergency import rules
from emergency.service import grade_of


@pytest.mark.parametrize("adcode, serves", [
    pytest.param("340103", "city", id="庐阳区-a-district-of-the-city"),
    pytest.param("340111", "city", id="包河区"),
    pytest.param("340122", "county", id="肥东县-a-county"),
    pytest.param("340181", "county", id="巢湖市-a-county-level-city"),
    pytest.param(None, "county", id="unknown"),
])
def test_intake_serves_follows_the_county_level_code(adcode, serves):
    assert rules.intake_serves(adcode) == serves


def test_the_most_severe_closed_intake_decides_with_the_entered_value():
    none = {"deaths": 0, "poisoned": 0, "evacuated": 0}
    county = [{"serves": "county"}]
    assert grade_of(none, county)["level_index"] == 2
    assert grade_of(none, [*county, {"serves": "city"}])["level_index"] == 1
    assert grade_of({**none, "water_source_interrupted": "township"}, county)[
        "level_index"] == 2
    assert grade_of(none)["level_index"] == 4
