"""Tests of decision_models.soil (GB 15618-2018, GB 36600-2018).

The limit tables are the markdown rows of ../shared/reference/soil.md pasted verbatim
below and parsed here, independently of decision_models/standards_tables/soil_tables.py.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_models.errors import ModelInputError
from decision_models.soil import (
    CONSTRUCTION_STATUS_COLORS,
    FARMLAND_CATEGORY_COLORS,
    construction_land,
    farmland,
    ph_band,
)

# soil.md §1.1 (GB 15618-2018 Table 1)
TABLE1_MD = """\
| 镉 Cd | 水田 paddy | 0.3 | 0.4 | 0.6 | 0.8 |
| 镉 Cd | 其他 other | 0.3 | 0.3 | 0.3 | 0.6 |
| 汞 Hg | 水田 | 0.5 | 0.5 | 0.6 | 1.0 |
| 汞 Hg | 其他 | 1.3 | 1.8 | 2.4 | 3.4 |
| 砷 As | 水田 | 30 | 30 | 25 | 20 |
| 砷 As | 其他 | 40 | 40 | 30 | 25 |
| 铅 Pb | 水田 | 80 | 100 | 140 | 240 |
| 铅 Pb | 其他 | 70 | 90 | 120 | 170 |
| 铬 Cr | 水田 | 250 | 250 | 300 | 350 |
| 铬 Cr | 其他 | 150 | 150 | 200 | 250 |
| 铜 Cu | 果园 orchard | 150 | 150 | 200 | 200 |
| 铜 Cu | 其他 | 50 | 50 | 100 | 100 |
| 镍 Ni | (all) | 60 | 70 | 100 | 190 |
| 锌 Zn | (all) | 200 | 200 | 250 | 300 |
"""
# soil.md §1.2 (GB 15618-2018 Table 3)
TABLE3_MD = """\
| 镉 Cd | 1.5 | 2.0 | 3.0 | 4.0 |
| 汞 Hg | 2.0 | 2.5 | 4.0 | 6.0 |
| 砷 As | 200 | 150 | 120 | 100 |
| 铅 Pb | 400 | 500 | 700 | 1000 |
| 铬 Cr | 800 | 850 | 1000 | 1300 |
"""
# soil.md §2 (GB 36600-2018 Table 1)
GB36600_MD = """\
| 1 | 砷 As ① | 20 | 60 | 120 | 140 |
| 2 | 镉 Cd | 20 | 65 | 47 | 172 |
| 3 | 铬（六价）Cr(VI) | 3.0 | 5.7 | 30 | 78 |
| 4 | 铜 Cu | 2000 | 18000 | 8000 | 36000 |
| 5 | 铅 Pb | 400 | 800 | 800 | 2500 |
| 6 | 汞 Hg | 8 | 38 | 33 | 82 |
| 7 | 镍 Ni | 150 | 900 | 600 | 2000 |
| 8 | 四氯化碳 carbon tetrachloride | 0.9 | 2.8 | 9 | 36 |
| 9 | 氯仿 chloroform | 0.3 | 0.9 | 5 | 10 |
| 10 | 氯甲烷 chloromethane | 12 | 37 | 21 | 120 |
| 11 | 1,1-二氯乙烷 | 3 | 9 | 20 | 100 |
| 12 | 1,2-二氯乙烷 | 0.52 | 5 | 6 | 21 |
| 13 | 1,1-二氯乙烯 | 12 | 66 | 40 | 200 |
| 14 | 顺-1,2-二氯乙烯 | 66 | 596 | 200 | 2000 |
| 15 | 反-1,2-二氯乙烯 | 10 | 54 | 31 | 163 |
| 16 | 二氯甲烷 dichloromethane | 94 | 616 | 300 | 2000 |
| 17 | 1,2-二氯丙烷 | 1 | 5 | 5 | 47 |
| 18 | 1,1,1,2-四氯乙烷 | 2.6 | 10 | 26 | 100 |
| 19 | 1,1,2,2-四氯乙烷 | 1.6 | 6.8 | 14 | 50 |
| 20 | 四氯乙烯 tetrachloroethylene | 11 | 53 | 34 | 183 |
| 21 | 1,1,1-三氯乙烷 | 701 | 840 | 840 | 840 |
| 22 | 1,1,2-三氯乙烷 | 0.6 | 2.8 | 5 | 15 |
| 23 | 三氯乙烯 trichloroethylene | 0.7 | 2.8 | 7 | 20 |
| 24 | 1,2,3-三氯丙烷 | 0.05 | 0.5 | 0.5 | 5 |
| 25 | 氯乙烯 vinyl chloride | 0.12 | 0.43 | 1.2 | 4.3 |
| 26 | 苯 benzene | 1 | 4 | 10 | 40 |
| 27 | 氯苯 chlorobenzene | 68 | 270 | 200 | 1000 |
| 28 | 1,2-二氯苯 | 560 | 560 | 560 | 560 |
| 29 | 1,4-二氯苯 | 5.6 | 20 | 56 | 200 |
| 30 | 乙苯 ethylbenzene | 7.2 | 28 | 72 | 280 |
| 31 | 苯乙烯 styrene | 1290 | 1290 | 1290 | 1290 |
| 32 | 甲苯 toluene | 1200 | 1200 | 1200 | 1200 |
| 33 | 间二甲苯+对二甲苯 m+p-xylene | 163 | 570 | 500 | 570 |
| 34 | 邻二甲苯 o-xylene | 222 | 640 | 640 | 640 |
| 35 | 硝基苯 nitrobenzene | 34 | 76 | 190 | 760 |
| 36 | 苯胺 aniline | 92 | 260 | 211 | 663 |
| 37 | 2-氯酚 2-chlorophenol | 250 | 2256 | 500 | 4500 |
| 38 | 苯并[a]蒽 | 5.5 | 15 | 55 | 151 |
| 39 | 苯并[a]芘 benzo[a]pyrene | 0.55 | 1.5 | 5.5 | 15 |
| 40 | 苯并[b]荧蒽 | 5.5 | 15 | 55 | 151 |
| 41 | 苯并[k]荧蒽 | 55 | 151 | 550 | 1500 |
| 42 | 䓛 chrysene | 490 | 1293 | 4900 | 12900 |
| 43 | 二苯并[a,h]蒽 | 0.55 | 1.5 | 5.5 | 15 |
| 44 | 茚并[1,2,3-cd]芘 | 5.5 | 15 | 55 | 151 |
| 45 | 萘 naphthalene | 25 | 70 | 255 | 700 |
"""


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _parse_table1():
    out = {}
    for line in TABLE1_MD.splitlines():
        item, use, *vals = _cells(line)
        sym = item.split()[-1]
        use = {"水田 paddy": "paddy", "水田": "paddy", "其他 other": "other", "其他": "other",
               "果园 orchard": "orchard", "(all)": "all"}[use]  # fmt: skip
        out[(sym, use)] = tuple(float(v) for v in vals)
    return out


def _parse_table3():
    return {_cells(line)[0].split()[-1]: tuple(float(v) for v in _cells(line)[1:])
            for line in TABLE3_MD.splitlines()}  # fmt: skip


def _parse_gb36600():
    out = {}
    for line in GB36600_MD.splitlines():
        _, name, *vals = _cells(line)
        zh = re.split(r"\s(?=[A-Za-z0-9])", name.replace(" ①", ""), maxsplit=1)[0]
        zh = {"砷": "As", "镉": "Cd", "铬（六价）Cr(VI)": "Cr6", "铬（六价）": "Cr6", "铜": "Cu",
              "铅": "Pb", "汞": "Hg", "镍": "Ni"}.get(zh, zh)  # fmt: skip
        out[zh] = tuple(float(v) for v in vals)
    return out


T1 = _parse_table1()
T3 = _parse_table3()
C = _parse_gb36600()
BAND_PH = (5.0, 6.0, 7.0, 8.0)  # one pH inside each band
LAND_COLUMNS = {  # soil.md §1.1 notes
    "paddy": {"Cu": "other", "Ni": "all", "Zn": "all"},
    "orchard": {"Cd": "other", "Hg": "other", "As": "other", "Pb": "other", "Cr": "other",
                "Cu": "orchard", "Ni": "all", "Zn": "all"},
    "other": {"Cu": "other", "Ni": "all", "Zn": "all"},
}  # fmt: skip


def _column(item, land_use):
    return LAND_COLUMNS[land_use].get(item, "paddy" if land_use == "paddy" else "other")


def test_parsed_tables_complete():
    assert len(T1) == 14 and len(T3) == 5 and len(C) == 45


def _farmland_cases():
    for (item, col), vals in T1.items():
        uses = [u for u in ("paddy", "orchard", "other") if _column(item, u) == col]
        for band, s in enumerate(vals):
            for use in uses:
                points = (
                    ("at", s, "below_screening"),
                    ("below", s * 0.999, "below_screening"),
                    ("above", s * 1.001, "above"),
                )
                for tag, v, exp in points:
                    yield pytest.param(
                        item, use, band, v, exp, id=f"{item}-{use}-band{band}-S-{tag}"
                    )
    for item, vals in T3.items():
        for band, g in enumerate(vals):
            for tag, v, exp in (("at", g, "between"), ("below", g * 0.999, "between"),
                                ("above", g * 1.001, "above_intervention")):  # fmt: skip
                yield pytest.param(item, "other", band, v, exp, id=f"{item}-band{band}-G-{tag}")


@pytest.mark.parametrize(("item", "use", "band", "value", "expected"), list(_farmland_cases()))
def test_farmland_every_row(item, use, band, value, expected):
    r = farmland({item: value}, ph=BAND_PH[band], land_use=use)
    status = r.items[item].status
    if expected == "above":
        expected = "between" if item in T3 else "above_screening"
    assert status == expected
    cat = {
        "below_screening": "优先保护类",
        "between": "安全利用类",
        "above_screening": "安全利用类",
        "above_intervention": "严格管控类",
    }[expected]
    assert r.category == cat
    assert r.color == FARMLAND_CATEGORY_COLORS[cat]


@pytest.mark.parametrize(
    ("ph", "band"),
    [(5.5, 0), (5.51, 1), (6.5, 1), (6.51, 2), (7.5, 2), (7.51, 3), (0, 0), (14, 3)],
)
def test_ph_bands(ph, band):
    assert ph_band(ph) == band


def test_farmland_worked_logic():
    # soil.md §1.3: worst class over metals; Cu/Ni/Zn never give 严格管控
    r = farmland({"Cd": 0.5, "Pb": 50, "Cu": 5000}, ph=6.0, land_use="other")
    assert r.category == "安全利用类"
    assert r.items["Cd"].status == "between" and r.items["Cu"].status == "above_screening"
    assert r.items["Cd"].pi == pytest.approx(0.5 / 0.3)
    assert r.items["Cd"].control_ratio == pytest.approx(0.5 / 2.0)
    r2 = farmland({"Cd": 2.1, "Pb": 50}, ph=6.0, land_use="paddy")
    assert r2.category == "严格管控类" and r2.limiting == ["Cd"]
    # Cu/Ni/Zn only flagged when excluded from the category (2019 guide)
    r3 = farmland({"Zn": 900, "Cd": 0.1}, ph=7.0, cu_ni_zn_in_category=False)
    assert r3.category == "优先保护类" and r3.items["Zn"].status == "above_screening"
    # paddy-upland rotation: the stricter screening value (Cd pH 6.0: paddy 0.4, other 0.3)
    assert farmland({"Cd": 0.35}, ph=6.0, land_use="rotation").category == "安全利用类"
    assert farmland({"Cd": 0.35}, ph=6.0, land_use="水田").category == "优先保护类"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        pytest.param({"sample": {"Cd": -1}, "ph": 6}, "Cd", id="negative"),
        pytest.param({"sample": {"Cd": float("nan")}, "ph": 6}, "Cd", id="nan"),
        pytest.param({"sample": {"Cd": 0.1}, "ph": 15}, "pH", id="ph"),
        pytest.param({"sample": {"Sb": 1}, "ph": 6}, "Sb", id="unknown"),
        pytest.param({"sample": {"Cd": 0.1}, "ph": 6, "land_use": "forest"}, "land_use", id="use"),
        pytest.param({"sample": {}, "ph": 6}, "sample", id="empty"),
    ],
)
def test_farmland_bad_input(kwargs, param):
    with pytest.raises(ModelInputError) as exc:
        farmland(**kwargs)
    assert exc.value.parameter == param


def _construction_cases():
    for item, (s1, s2, g1, g2) in C.items():
        for cls, s, g in ((1, s1, g1), (2, s2, g2)):
            pts = [("S-at", s), ("S-below", s * 0.999), ("S-above", s * 1.001),
                   ("G-at", g), ("G-below", g * 0.999), ("G-above", g * 1.001)]  # fmt: skip
            for tag, v in pts:
                exp = ("below_screening" if v <= s else
                       "above_screening" if v <= g else "above_intervention")  # fmt: skip
                yield pytest.param(item, cls, v, exp, id=f"{item}-class{cls}-{tag}")


@pytest.mark.parametrize(("item", "cls", "value", "expected"), list(_construction_cases()))
def test_construction_every_row(item, cls, value, expected):
    r = construction_land({item: value}, land_class=cls)
    assert r.items[item].status == expected
    assert r.status == expected
    assert r.color == CONSTRUCTION_STATUS_COLORS[expected]


def test_construction_aliases_and_overall():
    r = construction_land({"benzene": 2, "vinyl chloride": 0.1, "Pb": 100}, land_class=1)
    assert r.items["苯"].status == "above_screening"
    assert r.status == "above_screening" and r.exceeding == ["苯"]
    r2 = construction_land({"三氯乙烯": 25, "苯": 0.5}, land_class=2)
    assert r2.status == "above_intervention"
    # As background rule (GB 36600 note ①)
    r3 = construction_land({"As": 30}, land_class=1, background={"As": 35})
    assert r3.status == "below_screening" and r3.notes


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        pytest.param({"sample": {"苯": 1}, "land_class": 3}, "land_class", id="class"),
        pytest.param({"sample": {"苯": -1}, "land_class": 1}, "苯", id="negative"),
        pytest.param({"sample": {"dioxin": 1}, "land_class": 1}, "dioxin", id="unknown"),
    ],
)
def test_construction_bad_input(kwargs, param):
    with pytest.raises(ModelInputError) as exc:
        construction_land(**kwargs)
    assert exc.value.parameter == param


@settings(max_examples=100, deadline=None)
@given(
    cd=st.floats(0, 10),
    pb=st.floats(0, 2000),
    bump=st.floats(1, 5),
    ph=st.floats(3, 10),
    use=st.sampled_from(["paddy", "orchard", "other"]),
)
def test_farmland_category_monotone(cd, pb, bump, ph, use):
    order = ["优先保护类", "安全利用类", "严格管控类"]
    a = farmland({"Cd": cd, "Pb": pb}, ph=ph, land_use=use).category
    b = farmland({"Cd": cd * bump, "Pb": pb}, ph=ph, land_use=use).category
    assert order.index(b) >= order.index(a)
