"""Tests of decision_models.event_grade against emergency.md §1 (国办函〔2014〕119号 附件1).

"以上"含本数, "以下"不含本数: a threshold X belongs to the higher tier.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.i18n import TEXTS
from decision_models.errors import ModelInputError
from decision_models.event_grade import REASON_EN, _met, grade
from decision_models.standards_tables import event_grading as eg

LEVELS = ("特别重大", "重大", "较大", "一般")
# emergency.md §1 table: criterion -> thresholds of 特别重大, 重大, 较大
NUMERIC = {
    "deaths": (30, 10, 3),
    "poisoned": (100, 50, 10),
    "evacuated": (50_000, 10_000, 5_000),
    "economic_loss_cny": (100_000_000, 20_000_000, 5_000_000),
}


def _numeric_cases():
    for name, thresholds in NUMERIC.items():
        for tier, x in enumerate(thresholds):
            yield pytest.param(name, x, LEVELS[tier], id=f"{name}-{x}-at")
            yield pytest.param(name, x - 1, LEVELS[tier + 1], id=f"{name}-{x}-below")
            yield pytest.param(name, x + 1, LEVELS[tier], id=f"{name}-{x}-above")


@pytest.mark.parametrize(("name", "value", "expected"), list(_numeric_cases()))
def test_numeric_thresholds(name, value, expected):
    r = grade(**{name: value})
    assert r.level == expected
    assert any(name in reason for reason in r.reasons)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param({"water_source_interrupted": "city"}, "特别重大", id="water-city"),
        pytest.param({"water_source_interrupted": "county"}, "重大", id="water-county"),
        pytest.param({"water_source_interrupted": "township"}, "较大", id="water-township"),
        pytest.param({"cross_boundary": "national"}, "特别重大", id="cross-national"),
        pytest.param({"cross_boundary": "province"}, "重大", id="cross-province"),
        pytest.param({"cross_boundary": "city"}, "较大", id="cross-city"),
        pytest.param({"cross_boundary": "county"}, "一般", id="cross-county"),
        pytest.param({"ecology": "function_lost"}, "特别重大", id="eco-lost"),
        pytest.param({"ecology": "key_species_extinct"}, "特别重大", id="eco-extinct"),
        pytest.param({"ecology": "function_partly_lost"}, "重大", id="eco-partly"),
        pytest.param({"ecology": "key_species_mass_death"}, "重大", id="eco-mass-death"),
        pytest.param({"ecology": "key_species_damaged"}, "较大", id="eco-damaged"),
        pytest.param(
            {"radiation": "source_I_II_out_of_control_large_contamination"}, "特别重大", id="rad-I"
        ),
        pytest.param({"radiation": "leak_large_contamination"}, "特别重大", id="rad-leak-large"),
        pytest.param({"radiation": "source_I_II_lost"}, "重大", id="rad-I-II-lost"),
        pytest.param({"radiation": "leak_wider_contamination"}, "重大", id="rad-leak-wider"),
        pytest.param({"radiation": "source_III_lost"}, "较大", id="rad-III-lost"),
        pytest.param({"radiation": "leak_small_contamination"}, "较大", id="rad-leak-small"),
        pytest.param({"radiation": "source_IV_V_lost"}, "一般", id="rad-IV-V-lost"),
        pytest.param({"radiation": "dose_limit_exceeded"}, "一般", id="rad-dose"),
        pytest.param({"radiation_acute_deaths": 3}, "特别重大", id="rad-deaths-3"),
        pytest.param({"radiation_acute_deaths": 2}, "重大", id="rad-deaths-2"),
        pytest.param({"radiation_sickness": 10}, "重大", id="rad-sick-10"),
        pytest.param({"radiation_sickness": 9}, "较大", id="rad-sick-9"),
        pytest.param({}, "一般", id="catch-all"),
    ],
)
def test_categorical_criteria(kwargs, expected):
    assert grade(**kwargs).level == expected


def test_highest_tier_wins_and_reasons():
    r = grade(deaths=4, evacuated=12_000, water_source_interrupted="township")
    assert r.level == "重大" and r.level_index == 2 and r.response == "Ⅱ级"
    assert len(r.reasons) == 1 and "evacuated" in r.reasons[0]
    assert len(r.all_criteria) == 3
    both = grade(deaths=30, economic_loss_cny=1e8)
    assert both.level == "特别重大" and len(both.reasons) == 2


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        pytest.param({"deaths": -1}, "deaths", id="negative"),
        pytest.param({"poisoned": 2.5}, "poisoned", id="fraction"),
        pytest.param({"economic_loss_cny": float("nan")}, "economic_loss_cny", id="nan"),
        pytest.param({"water_source_interrupted": "village"}, "water_source_interrupted", id="ws"),
        pytest.param({"cross_boundary": "planet"}, "cross_boundary", id="cb"),
        pytest.param({"ecology": "meh"}, "ecology", id="eco"),
        pytest.param({"radiation": ["source_III_lost", "x"]}, "radiation", id="rad"),
    ],
)
def test_bad_input(kwargs, param):
    with pytest.raises(ModelInputError) as exc:
        grade(**kwargs)
    assert exc.value.parameter == param


@settings(max_examples=100, deadline=None)
@given(
    deaths=st.integers(0, 100),
    poisoned=st.integers(0, 300),
    more=st.integers(0, 50),
)
def test_grade_monotone(deaths, poisoned, more):
    a = grade(deaths=deaths, poisoned=poisoned).level_index
    b = grade(deaths=deaths + more, poisoned=poisoned).level_index
    assert b <= a  # more deaths never give a milder tier


# -- structured criteria: a code, its parameters and its source, for texts in any language


def _one_input_per_code():
    """Grade inputs that each reach exactly one criterion code."""
    for name, thresholds in NUMERIC.items():
        yield f"{name}.at_least", {name: thresholds[0]}
        yield f"{name}.below", {name: 1}
    for scope in ("city", "county", "township"):
        yield f"water_source.{scope}", {"water_source_interrupted": scope}
    for scope in ("national", "province", "city", "county"):
        yield f"cross_boundary.{scope}", {"cross_boundary": scope}
    for kw in eg.ECOLOGY:
        yield f"ecology.{kw}", {"ecology": kw}
    for kw in eg.RADIATION:
        yield f"radiation.{kw}", {"radiation": kw}
    yield "radiation_deaths.at_least", {"radiation_acute_deaths": 3}
    yield "radiation_deaths.below", {"radiation_acute_deaths": 1}
    yield "radiation_sickness.at_least", {"radiation_sickness": 10}
    yield "radiation_sickness.below", {"radiation_sickness": 1}
    yield "catch_all", {}


@pytest.mark.parametrize(("code", "kwargs"), list(_one_input_per_code()),
                         ids=[c for c, _ in _one_input_per_code()])
def test_criteria_carry_code_params_and_source(code, kwargs):
    r = grade(**kwargs)
    assert [c.code for c in r.criteria] == [code]
    assert [c.text for c in r.criteria] == r.reasons  # the English text is unchanged
    (c,) = r.criteria
    assert c.tier == r.level_index
    section = ("（一）", "（二）", "（三）", "（四）")[c.tier - 1]  # 特别重大 … 一般
    assert c.source == f"国办函〔2014〕119号 附件1{section}"
    if kwargs and isinstance(next(iter(kwargs.values())), int):
        assert c.params["value"] == next(iter(kwargs.values()))
    assert c.as_dict()["text"] == c.text


def test_every_code_is_reachable_and_no_code_is_unknown():
    reached = {code for code, _ in _one_input_per_code()}
    assert reached == set(REASON_EN)
    with pytest.raises(KeyError):
        _met("a_new_code", 4)


def test_every_reason_code_has_both_languages_in_the_catalogue():
    """A code added to the model without its texts fails here (and the page would fail)."""
    sample = {"value": 12, "threshold": 10}
    missing = [code for code in REASON_EN if f"grade.reason.{code}" not in TEXTS]
    assert missing == []
    for code in REASON_EN:
        zh, en = TEXTS[f"grade.reason.{code}"]
        zh_text, en_text = zh.format(**sample), en.format(**sample)
        assert re.search(r"[\u4e00-\u9fff]", zh_text), code  # Chinese first
        assert re.search(r"[A-Za-z]{3,}", en_text), code
        assert not re.search(r"[A-Za-z]{3,}", zh_text), code  # no English in the Chinese
        assert ("{value}" in zh) == ("{value}" in en) == ("{value" in REASON_EN[code])
    orphans = {k for k in TEXTS if k.startswith("grade.reason.")} - \
        {f"grade.reason.{c}" for c in REASON_EN}
    assert orphans == set()
