"""GCJ-02 ↔ WGS 84 against the published worked cases of eviltransform.

Reference: googollee/eviltransform, ``transform_test.py`` (Shanghai, Shenzhen, Beijing;
WGS 84 → GCJ-02 given to 1e-14°). The forward function must match to 1e-7° (≈ 1 cm);
the inverse must bring the GCJ-02 points back to WGS 84 within 1e-7°.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision_models.errors import ModelInputError
from decision_models.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02

CASES = [  # wgs lat, wgs lng, gcj lat, gcj lng
    pytest.param(31.1774276, 121.5272106, 31.17530398364597, 121.531541859215, id="shanghai"),
    pytest.param(22.543847, 113.912316, 22.540796131694766, 113.9171764808363, id="shenzhen"),
    pytest.param(39.911954, 116.377817, 39.91334545536069, 116.38404722455657, id="beijing"),
]


@pytest.mark.parametrize(("wlat", "wlng", "glat", "glng"), CASES)
def test_forward_matches_published_cases(wlat, wlng, glat, glng):
    lon, lat = wgs84_to_gcj02(wlng, wlat)
    assert float(lon) == pytest.approx(glng, abs=1e-7)
    assert float(lat) == pytest.approx(glat, abs=1e-7)


@pytest.mark.parametrize(("wlat", "wlng", "glat", "glng"), CASES)
def test_inverse_returns_to_wgs84(wlat, wlng, glat, glng):
    lon, lat = gcj02_to_wgs84(glng, glat)
    assert float(lon) == pytest.approx(wlng, abs=1e-7)
    assert float(lat) == pytest.approx(wlat, abs=1e-7)


def test_arrays_and_outside_china():
    lon, lat = gcj02_to_wgs84(np.array([2.35, 117.2]), np.array([48.85, 31.8]))
    assert lon[0] == 2.35 and lat[0] == 48.85  # Paris: no offset
    assert abs(lon[1] - 117.2) > 1e-3  # Hefei: hundreds of metres


def test_bad_input():
    with pytest.raises(ModelInputError):
        wgs84_to_gcj02([1.0, 2.0], [1.0])
    with pytest.raises(ModelInputError):
        gcj02_to_wgs84(500000.0, 3500000.0)
