"""Protected species of the Chaohu area and the richness grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from decision_models import ModelInputError
from decision_models import biodiversity as bio


def test_reference_species_and_their_classes():
    # hefei_region.md §6, classes of the 2021 national lists
    assert bio.protection_class("东方白鹳") == "一级"
    assert bio.protection_class("小天鹅") == "二级"
    assert bio.protection_class("虎纹蛙") == "二级"
    assert bio.protection_class("野大豆") == "二级"
    assert bio.protection_class("Ciconia boyciana") == "一级"
    assert bio.protection_class("白鹭") == ""
    with pytest.raises(ModelInputError):
        bio.protection_class("大熊猫")


def test_every_species_is_described():
    for s in bio.SPECIES.values():
        assert s.protection in bio.PROTECTION_CLASSES
        assert s.scientific and s.name_en and s.source


def test_richness_counts_distinct_species_per_cell():
    lon = [117.001, 117.002, 117.003, 117.06, 117.06]
    lat = [31.001, 31.002, 31.003, 31.06, 31.06]
    sp = ["白鹭", "白鹭", "苍鹭", "白鹭", "白鹭"]
    g = bio.richness_grid(lon, lat, sp, bounds=(117.0, 31.0, 117.1, 31.1), cell=0.05)
    np.testing.assert_array_equal(g.richness, [[2, 0], [0, 1]])
    np.testing.assert_array_equal(g.observations, [[3, 0], [0, 2]])
    cells = g.cells()
    assert list(cells["richness"]) == [2, 1]
    assert cells.iloc[1]["lon_min"] == pytest.approx(117.05)


def test_richness_edges():
    b = (117.0, 31.0, 117.1, 31.1)
    # on an interior edge: the east/north cell; on the outer edge: the last cell;
    # outside: ignored
    g = bio.richness_grid([117.05, 117.1, 117.2], [31.0, 31.1, 31.0], ["a", "b", "c"],
                          bounds=b, cell=0.05)
    np.testing.assert_array_equal(g.observations, [[0, 1], [0, 1]])
    with pytest.raises(ModelInputError):
        bio.richness_grid([117.0], [31.0], ["a", "b"], bounds=b, cell=0.05)
    with pytest.raises(ModelInputError):
        bio.richness_grid([117.0], [31.0], ["a"], bounds=b, cell=0)


def test_protected_species_inside_a_drawn_region():
    obs = pd.DataFrame({
        "lon": [117.10, 117.20, 117.20, 117.50, 117.15, 117.30],
        "lat": [31.10, 31.20, 31.21, 31.50, 31.15, 31.30],
        "species": ["小天鹅", "东方白鹳", "东方白鹳", "虎纹蛙", "白鹭", "野大豆"]})
    region = shapely.box(117.0, 31.0, 117.3, 31.3)  # 117.30, 31.30 is on the boundary
    out = bio.protected_in_region(obs, region)
    assert list(out["species"]) == ["东方白鹳", "小天鹅", "野大豆"]
    assert list(out["protection"]) == ["一级", "二级", "二级"]
    assert list(out["observations"]) == [2, 1, 1]
    assert out.iloc[0]["scientific"] == "Ciconia boyciana"


def test_protected_in_region_needs_columns_and_a_region():
    with pytest.raises(ModelInputError):
        bio.protected_in_region(pd.DataFrame({"lon": [1.0]}), shapely.box(0, 0, 1, 1))
    with pytest.raises(ModelInputError):
        bio.protected_in_region(pd.DataFrame({"lon": [1.0], "lat": [1.0], "species": ["白鹭"]}),
                                "not a polygon")
