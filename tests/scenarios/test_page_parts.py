"""The scenario page's parts as plain functions (no browser): tables, KPI card, legend,
provenance card and saved list from a scenario as the API returns it."""

from __future__ import annotations

from dash import html

from pages.scenario import components as c
from pages.scenario import ids

ROWS = [
    {"code": "1270A", "name": "明珠广场", "pollutant": "PM2_5", "baseline": 57.2,
     "scenario": 56.6, "delta": -0.6},
    {"code": "1271A", "name": "三里街", "pollutant": "PM2_5", "baseline": 57.8,
     "scenario": 57.9, "delta": 0.1},
    {"code": "1270A", "name": "明珠广场", "pollutant": "NO2", "baseline": 30.0,
     "scenario": 30.0, "delta": 0.0},
]


def _texts(component) -> list[str]:
    out = []

    def walk(node):
        if isinstance(node, str | int | float):
            out.append(str(node))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif node is not None:
            walk(getattr(node, "children", None))

    walk(component)
    return out


def test_the_change_table_shows_one_pollutant_and_colours_the_sign():
    table = c.change_table(ROWS, "PM2_5", "en", "t")
    body = table.children[1].children
    assert [row.children[0].children for row in body] == ["1270A", "1271A"]
    assert body[0].children[4].className == "sc-down"
    assert body[1].children[4].className == "sc-up"


def test_the_kpi_card_says_met_or_missed_against_the_target():
    kpi = {"baseline": 59.0, "scenario": 57.5, "delta": -1.5, "met_before": False,
           "met_after": True, "gap_before": 1.0, "gap_after": -0.5,
           "target": {"year": 2016, "value": 58.0, "source": "示例目标（非官方）"}}
    texts = " ".join(_texts(c.kpi_card(kpi, "en")))
    assert "missed" in texts and "met" in texts and "2016" in texts
    assert "No annual PM2.5 target" in " ".join(_texts(c.kpi_card({**kpi, "target": None},
                                                                   "en")))


def test_the_delta_legend_is_diverging_and_symmetric():
    s = {"tiles": {"layers": {"delta": {"legend": {"PM2_5": {
        "min": -2.0, "max": 2.0, "stops": [-2, -1.3, -0.7, 0, 0.7, 1.3, 2],
        "colors": ["#2166ac", "#f7f7f7", "#b2182b"]}}}}}}
    legend = c.legend(s, "delta", "PM2_5", "zh")
    assert "sc-legend-delta" in legend.className
    assert _texts(legend)[-3:] == ["-2", "0", "2"]
    assert c.legend({}, "delta", "PM2_5", "zh").children is None


def test_the_provenance_card_carries_the_hash_and_the_full_parameters():
    s = {"provenance": {"who": "analyst", "created_at": "2026-11-26T16:40:05.123",
                        "finished_at": "2026-11-26T16:40:05.9",
                        "model": {"name": "ISC3", "version": "onemap-sr-1"},
                        "inputs_hash": "ab" * 32, "params": {"cuts": [{"x": 1}]}}}
    card = c.provenance_card(s, "en", "p")
    texts = " ".join(_texts(card))
    assert "2026-11-26 16:40:05 → 2026-11-26 16:40:05" in texts
    assert "ab" * 32 in texts and '"x": 1' in texts
    assert getattr(card, "data-hash") == "ab" * 32


def test_only_owners_and_admins_get_a_delete_button():
    items = [{"id": 1, "name": "a", "owner": "me", "status": "done", "error": None,
              "created_at": "2026-11-26T10:00:00"},
             {"id": 2, "name": "b", "owner": "other", "status": "failed",
              "error": "cancelled", "created_at": "2026-11-26T11:00:00"}]

    def actions(admin: bool) -> dict[int, list[str]]:
        ul = c.saved_list(items, "en", "me", admin, True, 1)
        return {li.children[2].children[0].id["id"]: [b.id["action"]
                                                      for b in li.children[2].children]
                for li in ul.children}

    assert actions(False) == {1: ["open", "duplicate", "delete"], 2: ["open", "duplicate"]}
    assert actions(True)[2] == ["open", "duplicate", "delete"]
    reader = c.saved_list(items, "en", "me", False, False, None)
    assert all(len(li.children[2].children) == 1 for li in reader.children)
    assert isinstance(c.saved_list([], "en", None, False, False, None), html.P)
    assert ids.SAVED_ITEM == "sc-saved-item"
