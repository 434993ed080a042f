"""Remote-sensing exhaust limits (GB 18285-2018, GB 3847-2018) and exceedance rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from decision_models import ModelInputError
from decision_models import mobile_sources as ms


@pytest.mark.parametrize(("item", "limit"), [("co_pct", 2.5), ("hc_ppm", 250.0),
                                             ("no_ppm", 1500.0)])
def test_gasoline_limits_at_the_bound(item, limit):
    assert ms.gasoline_fails(**{item: limit}) is False
    assert ms.gasoline_fails(**{item: limit * 1.001}) is True


@pytest.mark.parametrize(("item", "limit_a", "limit_b"), [
    ("opacity_pct", 30.0, 30.0), ("ringelmann", 1.0, 1.0), ("no_ppm", 1500.0, 1000.0)])
def test_diesel_limits_at_the_bound(item, limit_a, limit_b):
    assert ms.diesel_fails(**{item: limit_a}) is False
    assert ms.diesel_fails(**{item: limit_a + 0.5}) is True
    assert ms.diesel_fails(**{item: limit_b}, limit_set="b") is False
    assert ms.diesel_fails(**{item: limit_b + 0.5}, limit_set="b") is True


def test_any_item_over_fails_and_arrays_work():
    out = ms.gasoline_fails(co_pct=[0.5, 3.0, 0.5], hc_ppm=[100, 100, 300], no_ppm=[200] * 3)
    np.testing.assert_array_equal(out, [False, True, True])
    # Ringelmann grade 2 fails though the opacity passes
    assert ms.diesel_fails(opacity_pct=20, ringelmann=2)


def test_bad_inputs():
    with pytest.raises(ModelInputError):
        ms.gasoline_fails()
    with pytest.raises(ModelInputError):
        ms.diesel_fails(opacity_pct=120)
    with pytest.raises(ModelInputError):
        ms.diesel_fails(no_ppm=100, limit_set="c")
    with pytest.raises(ModelInputError):
        ms.gasoline_fails(co_pct=-1)


def test_judge_passes_and_point_rate():
    passes = pd.DataFrame({
        "fuel": ["gasoline", "gasoline", "gasoline", "diesel", "diesel", "diesel"],
        "co_pct": [0.3, 2.6, 0.1, np.nan, np.nan, np.nan],
        "hc_ppm": [80, 90, 260, np.nan, np.nan, np.nan],
        "no_ppm": [300, 300, 300, 1600, 900, 1200],
        "opacity_pct": [np.nan, np.nan, np.nan, 10, 35, 5],
        "ringelmann": [np.nan, np.nan, np.nan, 0, 1, 0],
        "valid": [True, True, True, True, True, False]})
    fails = ms.judge_passes(passes)
    assert fails.tolist() == [False, True, True, True, True, pd.NA]
    rate = ms.exceedance_rate(fails)
    assert (rate.passes, rate.valid, rate.failed) == (6, 5, 4)
    assert rate.rate == pytest.approx(0.8)
    # limit b: the 1200 ppm diesel pass would fail, but it is invalid
    assert ms.judge_passes(passes, limit_set="b").tolist()[5] is pd.NA


def test_rate_without_valid_passes():
    assert ms.exceedance_rate([None, None]).rate is None
    assert ms.exceedance_rate([]).rate is None


def test_unknown_fuel():
    with pytest.raises(ModelInputError, match="fuel"):
        ms.judge_passes(pd.DataFrame({"fuel": ["hydrogen"], "no_ppm": [1.0]}))
