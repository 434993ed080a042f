"""Tests of decision_models.water_quality (GB 3838-2002, 2011 method, TLI).

Limits are transcribed again from ../shared/reference/water.md §1, independently of
decision_models/standards_tables/gb3838.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_models.errors import ModelInputError
from decision_models.water_quality import (
    GRADE_COLORS,
    classify,
    classify_frame,
    evaluate_sections,
    tli,
)

GR = ("I", "II", "III", "IV", "V", "劣V")
# water.md §1 table: item -> (I, II, III, IV, V)
LE = {
    "CODMn": (2, 4, 6, 10, 15),
    "COD": (15, 15, 20, 30, 40),
    "BOD5": (3, 3, 4, 6, 10),
    "NH3-N": (0.15, 0.5, 1.0, 1.5, 2.0),
    "TP": (0.02, 0.1, 0.2, 0.3, 0.4),
    "Cu": (0.01, 1.0, 1.0, 1.0, 1.0),
    "Zn": (0.05, 1.0, 1.0, 2.0, 2.0),
    "F": (1.0, 1.0, 1.0, 1.5, 1.5),
    "Se": (0.01, 0.01, 0.01, 0.02, 0.02),
    "As": (0.05, 0.05, 0.05, 0.1, 0.1),
    "Hg": (0.00005, 0.00005, 0.0001, 0.001, 0.001),
    "Cd": (0.001, 0.005, 0.005, 0.005, 0.01),
    "Cr6": (0.01, 0.05, 0.05, 0.05, 0.1),
    "Pb": (0.01, 0.01, 0.05, 0.05, 0.1),
    "CN": (0.005, 0.05, 0.2, 0.2, 0.2),
    "phenol": (0.002, 0.002, 0.005, 0.01, 0.1),
    "petroleum": (0.05, 0.05, 0.05, 0.5, 1.0),
    "LAS": (0.2, 0.2, 0.2, 0.3, 0.3),
    "sulfide": (0.05, 0.1, 0.2, 0.5, 1.0),
}
TP_LAKE = (0.01, 0.025, 0.05, 0.1, 0.2)
TN = (0.2, 0.5, 1.0, 1.5, 2.0)
FECAL = (200, 2000, 10000, 20000, 40000)
DO = (7.5, 6, 5, 3, 2)


def ref_le(limits, v):
    return next((GR[k] for k, lim in enumerate(limits) if v <= lim), "劣V")


def ref_ge(limits, v):
    return next((GR[k] for k, lim in enumerate(limits) if v >= lim), "劣V")


def _cases():
    for item, limits in [*LE.items(), ("TP-lake", TP_LAKE)]:
        wb = "lake" if item == "TP-lake" else "river"
        key = "TP" if item == "TP-lake" else item
        for k, lim in enumerate(limits):
            d = lim * 1e-3
            for tag, v in (("at", lim), ("below", lim - d), ("above", lim + d)):
                yield pytest.param(key, wb, v, ref_le(limits, v), id=f"{item}-{GR[k]}-{tag}")
    for k, lim in enumerate(DO):
        for tag, v in (("at", lim), ("below", lim - 0.01), ("above", lim + 0.01)):
            yield pytest.param("DO", "river", v, ref_ge(DO, v), id=f"DO-{GR[k]}-{tag}")
    for v, g in ((6.0, "I"), (5.99, "劣V"), (9.0, "I"), (9.01, "劣V"), (7.0, "I"), (0.0, "劣V")):
        yield pytest.param("pH", "river", v, g, id=f"pH-{v}")


@pytest.mark.parametrize(("item", "waterbody", "value", "expected"), list(_cases()))
def test_every_limit_at_below_above(item, waterbody, value, expected):
    r = classify({item: value}, waterbody=waterbody)
    assert r.grade == expected
    assert r.grade_index == GR.index(expected) + 1


def test_shared_limits_go_to_the_better_class():
    # water.md §1: COD 15 -> I (shared by I and II)
    assert classify({"COD": 15}).grade == "I"
    assert classify({"BOD5": 3}).grade == "I"
    assert classify({"Se": 0.01}).grade == "I"
    assert classify({"Cu": 1.0}).grade == "II"


@pytest.mark.parametrize(
    ("item", "limits"),
    [pytest.param("TN", TN, id="TN"), pytest.param("fecal_coliform", FECAL, id="FC")],
)
def test_separately_evaluated_items(item, limits):
    for lim in limits:
        for v in (lim, lim * 1.001):
            r = classify({"DO": 8, item: v}, waterbody="lake")
            assert r.grade == "I"  # not part of the 21 evaluation indicators
            assert r.separate_grades[item] == ref_le(limits, v)
    # rivers: TN not evaluated at all
    assert "TN" not in classify({"DO": 8, "TN": 5}, waterbody="river").separate_grades


def test_lake_vs_river_tp():
    assert classify({"TP": 0.05}, waterbody="river").grade == "II"
    assert classify({"TP": 0.05}, waterbody="lake").grade == "III"
    assert classify({"TP": 0.1}, waterbody="lake").exceedance["TP"] == pytest.approx(1.0)


def test_limiting_exceedance_main_pollutants():
    r = classify({"pH": 7.2, "DO": 2.5, "CODMn": 7.2, "NH3-N": 2.4, "TP": 0.5, "Hg": 0.0002})
    assert r.grade == "劣V" and r.status == "重度污染" and r.color == GRADE_COLORS["劣V"]
    assert set(r.limiting) == {"NH3-N", "TP"}
    # (C - S_III)/S_III, 2011 method
    assert r.exceedance["CODMn"] == pytest.approx(0.2)
    assert r.exceedance["NH3-N"] == pytest.approx(1.4)
    assert r.exceedance["TP"] == pytest.approx(1.5)
    assert r.exceedance["Hg"] == pytest.approx(1.0)
    assert "DO" not in r.exceedance and "pH" not in r.exceedance
    # worst classes first, ties by multiple; heavy metal over III listed too
    assert r.main_pollutants[:2] == ["TP", "NH3-N"]
    assert "Hg" in r.main_pollutants
    assert classify({"CODMn": 6}).exceedance == {}  # equal to III: no exceedance


def test_grade_colors_hues():
    assert set(GRADE_COLORS) == set(GR)
    assert GRADE_COLORS["劣V"].upper() == "#FF0000"
    assert GRADE_COLORS["IV"].upper() == "#FFFF00"


@pytest.mark.parametrize(
    ("sample", "param"),
    [
        pytest.param({"COD": -1}, "COD", id="negative"),
        pytest.param({"COD": float("nan")}, "COD", id="nan"),
        pytest.param({"pH": 15}, "pH", id="ph-high"),
        pytest.param({"pH": -0.5}, "pH", id="ph-low"),
        pytest.param({"BOD": 2, "mystery": 1}, "mystery", id="unknown"),
        pytest.param({"TN": 1.0}, "sample", id="no-evaluation-item"),
    ],
)
def test_bad_input(sample, param):
    with pytest.raises(ModelInputError) as exc:
        classify(sample)
    assert exc.value.parameter == param


def test_unknown_waterbody():
    with pytest.raises(ModelInputError):
        classify({"COD": 10}, waterbody="sea")


def test_canonical_keys_all_accepted():
    keys = ["pH", "DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "Cu", "Zn", "F", "Se",
            "As", "Hg", "Cd", "Cr6", "Pb", "CN", "phenol", "petroleum", "LAS", "sulfide",
            "fecal_coliform", "temperature", "chla", "SD"]  # fmt: skip
    sample = dict.fromkeys(keys, 0.00001) | {"pH": 7.0, "DO": 9.0, "temperature": 20.0}
    assert classify(sample, waterbody="lake").grade == "I"


# ------------------------------------------------------------ evaluate_sections


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        pytest.param(["II"] * 9 + ["IV"], "优", id="90pct"),
        pytest.param(["II"] * 17 + ["IV"] * 3, "良好", id="85pct"),
        pytest.param(["III"] * 15 + ["V"] * 5, "良好", id="75pct"),
        pytest.param(["III"] * 14 + ["V"] * 3 + ["劣V"] * 3, "轻度污染", id="70pct-15worst"),
        pytest.param(["III"] * 14 + ["V"] * 2 + ["劣V"] * 4, "中度污染", id="70pct-20worst"),
        pytest.param(["III"] * 12 + ["劣V"] * 8, "重度污染", id="60pct-40worst"),
        pytest.param([1, 2, 6, 6, 6], "重度污染", id="ints"),
    ],
)
def test_evaluate_sections_class_proportion(grades, expected):
    assert evaluate_sections(grades) == expected


def test_evaluate_sections_fewer_than_five_average():
    a = classify({"COD": 18, "DO": 7})
    b = classify({"COD": 34, "DO": 7})
    # mean COD 26 -> IV
    assert evaluate_sections([a, b]) == "轻度污染"
    with pytest.raises(ModelInputError):
        evaluate_sections(["I", "II"])
    with pytest.raises(ModelInputError):
        evaluate_sections([])


# ------------------------------------------------------------ TLI


def test_tli_worked_example():
    # water.md §2.5
    r = tli(chla=10, tp=0.05, tn=1.0, sd=1.0, codmn=4.0)
    assert r.components["chla"] == pytest.approx(50.006, abs=1e-3)
    assert r.components["tp"] == pytest.approx(45.709, abs=1e-3)
    assert r.components["tn"] == pytest.approx(54.530, abs=1e-3)
    assert r.components["sd"] == pytest.approx(51.180, abs=1e-3)
    assert r.components["codmn"] == pytest.approx(37.979, abs=1e-3)
    assert round(r.value, 2) == 48.02
    assert r.grade == "中营养"
    assert r.weights["chla"] == pytest.approx(0.2663, abs=1e-4)
    assert r.weights["tn"] == pytest.approx(0.1790, abs=1e-4)


def test_tli_grades_extremes():
    assert tli(0.5, 0.005, 0.1, 5.0, 1.0).grade == "贫营养"
    assert tli(200, 0.5, 5, 0.2, 15).grade == "重度富营养"


@pytest.mark.parametrize(
    ("value", "grade"),
    [(29.999, "贫营养"), (30.0, "中营养"), (50.0, "中营养"), (50.001, "轻度富营养"),
     (60.0, "轻度富营养"), (60.001, "中度富营养"), (70.0, "中度富营养"), (70.001, "重度富营养")],
)  # fmt: skip
def test_tli_grade_boundaries(value, grade):
    from decision_models.water_quality import _tli_grade

    assert _tli_grade(value) == grade


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_tli_bad_input(bad):
    with pytest.raises(ModelInputError) as exc:
        tli(bad, 0.05, 1, 1, 4)
    assert exc.value.parameter == "chla"


# ------------------------------------------------------------ properties

ITEMS = [*LE, "DO", "pH"]


def _val(item):
    if item == "pH":
        return st.floats(0, 14, allow_nan=False)
    hi = max(LE.get(item, DO)) * 2
    return st.one_of(
        st.floats(0, hi, allow_nan=False), st.sampled_from(LE.get(item, DO)).map(float), st.none()
    )


samples = st.fixed_dictionaries({i: _val(i) for i in ITEMS})


@settings(max_examples=200, deadline=None)
@given(sample=samples, item=st.sampled_from([*LE, "DO"]), factor=st.floats(1.0, 10.0))
def test_grade_monotone(sample, item, factor):
    base = {k: v for k, v in sample.items() if v is not None} | {item: sample[item] or 0.5}
    worse = dict(base)
    if item == "DO":
        worse[item] = base[item] / factor  # less oxygen is never better
    else:
        worse[item] = base[item] * factor + 1e-6
    assert classify(worse).grade_index >= classify(base).grade_index


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(samples, min_size=1, max_size=15), wb=st.sampled_from(["river", "lake"]))
def test_vectorised_equals_scalar(rows, wb):
    df = pd.DataFrame([{k: (np.nan if v is None else v) for k, v in r.items()} for r in rows])
    df["station"] = "x"  # non-item columns are ignored
    out = classify_frame(df, waterbody=wb)
    for i, r in enumerate(rows):
        present = {k: v for k, v in r.items() if v is not None}
        if not present:
            assert out["grade"].iloc[i] is None or pd.isna(out["grade"].iloc[i])
            continue
        s = classify(present, waterbody=wb)
        assert out["grade"].iloc[i] == s.grade
        assert int(out["grade_index"].iloc[i]) == s.grade_index
        assert out["color"].iloc[i] == s.color


def test_classify_frame_bad_value_names_column():
    with pytest.raises(ModelInputError) as exc:
        classify_frame(pd.DataFrame({"COD": [1.0, -2.0]}))
    assert exc.value.parameter == "COD"


def test_exceedance_exact_decimal():
    # (0.3 - 0.2)/0.2 must be 0.5, not 0.49999999999999994
    assert classify({"TP": 0.3}).exceedance["TP"] == 0.5
    assert math.isclose(classify({"NH3-N": 1.1}).exceedance["NH3-N"], 0.1)
