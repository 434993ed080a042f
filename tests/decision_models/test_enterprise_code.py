"""Enterprise environment code: worked cases by hand (each rule alone, ties at the cut-offs,
expiry of old evidence, permits ahead, the closed loop) and exceedance runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from decision_models.enterprise_code import (
    Evidence,
    Rule,
    RuleSet,
    compute_code,
    exceedance_runs,
)
from decision_models.errors import ModelInputError

NOW = dt.datetime(2026, 11, 26, 12, 0)
SAMPLE = Path(__file__).resolve().parents[2] / "enforcement" / "sample_rules.json"


def days_ago(d: float) -> dt.datetime:
    return NOW - dt.timedelta(days=d)


def ev(kind: str, d: float, ref: str = "") -> Evidence:
    return Evidence(kind, days_ago(d), ref or f"{kind}-{d}")


@pytest.fixture(scope="module")
def sample() -> RuleSet:
    return RuleSet.from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def test_sample_rules_are_labelled_an_example(sample):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data["example"] is True and "示例" in data["name"]
    assert (sample.yellow, sample.red) == (3, 6)


def test_no_evidence_is_green(sample):
    result = compute_code([], sample, NOW)
    assert (result.code, result.score, result.reasons) == ("green", 0.0, [])


# Each rule of the sample alone: the smallest evidence that fires it, the points by hand
# (from sample_rules.json) and the colour those points give with cut-offs 3 / 6.
@pytest.mark.parametrize(("evidence", "rule", "points", "code"), [
    pytest.param([ev("exceedance", 2)], "exceedance_run", 3, "yellow", id="one-exceedance"),
    pytest.param([ev("offline", 5)], "offline", 2, "green", id="offline"),
    pytest.param([ev("complaint", 10), ev("complaint", 80)], "complaints", 2, "green",
                 id="two-complaints"),
    pytest.param([ev("inspection_finding", 300)], "inspection_finding", 3, "yellow",
                 id="inspection-finding"),
    pytest.param([Evidence("permit_valid_until", days_ago(1))], "permit_expired", 6, "red",
                 id="permit-expired"),
    pytest.param([Evidence("permit_valid_until", NOW + dt.timedelta(days=59))],
                 "permit_expiring", 1, "green", id="permit-expiring"),
    pytest.param([ev("open_rectification", 500)], "open_rectification", 2, "green",
                 id="open-task"),
])
def test_each_rule_alone(sample, evidence, rule, points, code):
    result = compute_code(evidence, sample, NOW)
    assert [r["rule"] for r in result.reasons] == [rule]
    assert result.score == points
    assert result.code == code
    reason = result.reasons[0]
    assert reason["points"] == points
    assert [e["ref"] for e in reason["evidence"]] == [e.ref for e in evidence]
    assert reason["title_zh"] and reason["title_en"]


def test_threshold_not_reached_gives_nothing(sample):
    assert compute_code([ev("complaint", 3)], sample, NOW).reasons == []


def test_repeated_exceedances_fire_both_rules(sample):
    result = compute_code([ev("exceedance", d) for d in (1, 8, 20)], sample, NOW)
    assert {r["rule"] for r in result.reasons} == {"exceedance_run", "exceedance_repeat"}
    assert (result.score, result.code) == (6.0, "red")  # 3 + 3, exactly on the red cut-off


@pytest.mark.parametrize(("points", "code"), [
    (2.9, "green"), (3.0, "yellow"), (5.9, "yellow"), (6.0, "red"), (9.0, "red")])
def test_ties_at_the_cutoffs_take_the_higher_colour(points, code):
    rs = RuleSet((Rule("r", "x", None, 1, points),), yellow=3, red=6)
    assert compute_code([ev("x", 1)], rs, NOW).code == code


def test_old_evidence_expires(sample):
    # 30-day window: 29.9 days counts, exactly 30 days or more has expired
    assert compute_code([ev("exceedance", 29.9)], sample, NOW).code == "yellow"
    assert compute_code([ev("exceedance", 30)], sample, NOW).code == "green"
    assert compute_code([ev("exceedance", 31)], sample, NOW).reasons == []
    # the complaint rule needs two inside 90 days: one expired leaves one, no points
    result = compute_code([ev("complaint", 10), ev("complaint", 91)], sample, NOW)
    assert result.reasons == []


def test_future_evidence_does_not_count_behind(sample):
    assert compute_code([Evidence("exceedance", NOW + dt.timedelta(hours=1))], sample,
                        NOW).reasons == []


def test_permit_far_ahead_counts_nothing(sample):
    result = compute_code([Evidence("permit_valid_until", NOW + dt.timedelta(days=61))],
                          sample, NOW)
    assert result.reasons == []


def test_a_closed_rectification_clears_earlier_exceedances_only(sample):
    evidence = [ev("exceedance", 10), ev("offline", 9), ev("complaint", 5), ev("complaint", 4)]
    before = compute_code(evidence, sample, NOW)
    assert before.score == 3 + 2 + 2
    after = compute_code(evidence, sample, NOW, resolved_at=days_ago(3))
    assert [r["rule"] for r in after.reasons] == ["complaints"]  # complaints not resolvable
    later = compute_code([*evidence, ev("exceedance", 1)], sample, NOW, resolved_at=days_ago(3))
    assert {r["rule"] for r in later.reasons} == {"complaints", "exceedance_run"}


def test_reasons_sorted_by_points_and_evidence_newest_first(sample):
    result = compute_code([ev("offline", 3), ev("offline", 1), ev("exceedance", 2)], sample, NOW)
    assert [r["rule"] for r in result.reasons] == ["exceedance_run", "offline"]
    assert [e["at"][:10] for e in result.reasons[1]["evidence"]] == ["2026-11-25", "2026-11-23"]


@pytest.mark.parametrize("data", [
    pytest.param({"rules": [], "cutoffs": {"yellow": 1, "red": 2}}, id="no-rules"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1}]}, id="no-cutoffs"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1}],
                  "cutoffs": {"yellow": 5, "red": 2}}, id="cutoffs-reversed"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": -1}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="negative-points"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1, "threshold": 0}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="zero-threshold"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1},
                            {"id": "a", "counts": "y", "points": 1}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="duplicate-id"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1, "ahead": True}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="ahead-without-window"),
    pytest.param({"rules": [{"id": "a", "counts": "x", "points": 1, "weight": 2}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="unknown-field"),
    pytest.param({"rules": [{"id": "a", "points": 1}],
                  "cutoffs": {"yellow": 1, "red": 2}}, id="missing-counts"),
])
def test_bad_rule_sets_are_refused(data):
    with pytest.raises(ModelInputError):
        RuleSet.from_dict(data)


def test_evidence_must_be_evidence(sample):
    with pytest.raises(ModelInputError, match="evidence"):
        compute_code([{"kind": "exceedance"}], sample, NOW)


H = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 11, 20, 0, 0)


def test_exceedance_runs_by_hand():
    values = [10, 60, 70, 50, 55, 80, 90, 95, 40, None, 70]
    times = [T0 + i * H for i in range(len(values))]
    runs = exceedance_runs(times, values, limit=50)
    # 50 equals the limit: not above; None breaks a run
    assert [(r["start"].hour, r["hours"], r["max"]) for r in runs] == [
        (1, 2, 70.0), (4, 4, 95.0), (10, 1, 70.0)]
    assert [r["hours"] for r in exceedance_runs(times, values, 50, min_hours=3)] == [4]


def test_a_gap_in_time_breaks_a_run():
    times = [T0, T0 + H, T0 + 3 * H, T0 + 4 * H]
    runs = exceedance_runs(times, [60, 60, 60, 60], limit=50)
    assert [(r["start"], r["end"], r["hours"]) for r in runs] == [
        (T0, T0 + H, 2), (T0 + 3 * H, T0 + 4 * H, 2)]


@pytest.mark.parametrize(("times", "values", "limit"), [
    pytest.param([T0], [1, 2], 50, id="length"),
    pytest.param([T0, T0], [1, 2], 50, id="not-ascending"),
    pytest.param([T0], [1], float("nan"), id="nan-limit"),
])
def test_exceedance_runs_bad_input(times, values, limit):
    with pytest.raises(ModelInputError):
        exceedance_runs(times, values, limit)
