"""Radiation events graded in the emergency workspace: the duty officer's facts (event
type, source category I–V, extent, dose, people affected) → the radiation criteria of
国办函〔2014〕119号 附件1, through the API, with 422 for what the criteria cannot use."""

from __future__ import annotations

import pytest

from decision_models import radiation as rad
from decision_models.errors import ModelInputError
from decision_models.event_grade import grade
from tests.emergency.conftest import FAR, create


@pytest.mark.parametrize(("facts", "keywords"), [
    ({"event_type": "source_lost", "source_category": "I"}, ["source_I_II_lost"]),
    ({"event_type": "source_lost", "source_category": 2}, ["source_I_II_lost"]),
    ({"event_type": "source_lost", "source_category": "III"}, ["source_III_lost"]),
    ({"event_type": "source_lost", "source_category": "IV"}, ["source_IV_V_lost"]),
    ({"event_type": "source_lost", "source_category": "V"}, ["source_IV_V_lost"]),
    ({"event_type": "source_out_of_control", "source_category": "II", "extent": "large"},
     ["source_I_II_out_of_control_large_contamination", "source_I_II_lost"]),
    ({"event_type": "source_out_of_control", "source_category": "II", "extent": "small"},
     ["source_I_II_lost"]),
    ({"event_type": "source_out_of_control", "source_category": "III", "extent": "large"},
     ["source_III_lost"]),
    ({"event_type": "leak", "extent": "large"}, ["leak_large_contamination"]),
    ({"event_type": "leak", "extent": "wider"}, ["leak_wider_contamination"]),
    ({"event_type": "leak", "extent": "small"}, ["leak_small_contamination"]),
    ({"event_type": "leak", "extent": "none"}, []),
    # GB 18871-2002 附录B: public 1 mSv a year, workers 50 mSv in any one year
    ({"event_type": "overexposure", "dose_msv": 1.0}, []),
    ({"event_type": "overexposure", "dose_msv": 1.01}, ["dose_limit_exceeded"]),
    ({"event_type": "overexposure", "dose_msv": 50.0, "exposed": "worker"}, []),
    ({"event_type": "overexposure", "dose_msv": 50.5, "exposed": "worker"},
     ["dose_limit_exceeded"]),
    ({"event_type": "plant_contamination"}, ["plant_contamination"]),
    ({"event_type": "uranium_discharge"}, ["uranium_discharge_over_limit"]),
])
def test_event_keywords(facts, keywords):
    kind = facts.pop("event_type")
    assert rad.event_keywords(kind, **facts) == keywords


@pytest.mark.parametrize(("kind", "facts", "parameter"), [
    ("meltdown", {}, "event_type"),
    ("source_lost", {}, "source_category"),
    ("source_lost", {"source_category": "VI"}, "source_category"),
    ("source_lost", {"source_category": 0}, "source_category"),
    ("leak", {}, "extent"),
    ("leak", {"extent": "huge"}, "extent"),
    ("overexposure", {}, "dose_msv"),
    ("overexposure", {"dose_msv": -1}, "dose_msv"),
    ("overexposure", {"dose_msv": 2, "exposed": "visitor"}, "exposed"),
])
def test_event_keywords_refuse_what_the_criteria_cannot_use(kind, facts, parameter):
    with pytest.raises(ModelInputError) as err:
        rad.event_keywords(kind, **facts)
    assert err.value.parameter == parameter


@pytest.mark.parametrize(("radiation", "level_index"), [
    pytest.param({"event_type": "source_lost", "source_category": "IV"}, 4, id="IV-lost"),
    pytest.param({"event_type": "source_lost", "source_category": "III"}, 3, id="III-lost"),
    pytest.param({"event_type": "source_lost", "source_category": "II"}, 2, id="II-lost"),
    pytest.param({"event_type": "source_out_of_control", "source_category": "I",
                  "extent": "large"}, 1, id="I-uncontrolled-large"),
    pytest.param({"event_type": "source_lost", "source_category": "IV",
                  "severe_sickness": 10}, 2, id="10-sick"),
    pytest.param({"event_type": "leak", "extent": "small", "acute_deaths": 3}, 1,
                 id="3-acute-deaths"),
])
def test_duty_officer_grades_a_radiation_event(duty_client, radiation, level_index):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)
    r = duty_client.patch(f"/api/incidents/{inc['id']}",
                          json={"casualties": {"radiation": radiation}},
                          headers={"If-Match": str(inc["version"])})
    assert r.status_code == 200, r.get_data(as_text=True)
    got = r.get_json()["incident"]
    facts = dict(radiation)
    want = grade(radiation=rad.event_keywords(
        facts.pop("event_type"), source_category=facts.get("source_category"),
        extent=facts.get("extent")), radiation_acute_deaths=facts.get("acute_deaths", 0),
        radiation_sickness=facts.get("severe_sickness", 0))
    assert got["grade"]["level_index"] == want.level_index == level_index
    assert got["grade"]["reasons"] == want.reasons
    assert got["casualties"]["radiation"]["event_type"] == radiation["event_type"]
    # the radiation facts can be cleared again (null)
    cleared = duty_client.patch(f"/api/incidents/{inc['id']}",
                                json={"casualties": {"radiation": None}},
                                headers={"If-Match": str(got["version"])})
    assert cleared.status_code == 200
    assert "radiation" not in cleared.get_json()["incident"]["casualties"]
    assert cleared.get_json()["incident"]["grade"]["level_index"] == 4


@pytest.mark.parametrize(("radiation", "field"), [
    ({"source_category": "II"}, "casualties.radiation.event_type"),
    ({"event_type": "meltdown"}, "casualties.radiation.event_type"),
    ({"event_type": "source_lost"}, "casualties.radiation.source_category"),
    ({"event_type": "source_lost", "source_category": "VII"},
     "casualties.radiation.source_category"),
    ({"event_type": "leak", "extent": "everywhere"}, "casualties.radiation.extent"),
    ({"event_type": "overexposure", "dose_msv": "high"}, "casualties.radiation.dose_msv"),
    ({"event_type": "leak", "extent": "small", "acute_deaths": 1.5},
     "casualties.radiation.acute_deaths"),
    ({"event_type": "leak", "extent": "small", "severe_sickness": -2},
     "casualties.radiation.severe_sickness"),
    ({"event_type": "leak", "extent": "small", "halflife": 3}, "casualties.radiation.halflife"),
    ("lost", "casualties.radiation"),
])
def test_bad_radiation_facts_get_422(duty_client, radiation, field):
    inc = create(duty_client)
    r = duty_client.patch(f"/api/incidents/{inc['id']}",
                          json={"casualties": {"radiation": radiation}},
                          headers={"If-Match": str(inc["version"])})
    assert r.status_code == 422, r.get_data(as_text=True)
    assert r.get_json()["description"].startswith(f"{field}:")


def test_the_page_sends_the_radiation_facts_only_when_they_change():
    from pages.emergency import callbacks

    state = {"weather": None, "status": "open",
             "casualties": {"deaths": 0, "poisoned": 0, "evacuated": 0}}
    same = callbacks._patch_body(state, None, None, None, "open", 0, 0, 0,
                                 (None, "II", None, None, "public", None, None))
    assert same == {}  # no event type chosen: not a radiation event, nothing to send
    body = callbacks._patch_body(state, None, None, None, "open", 0, 0, 0,
                                 ("source_lost", "II", None, None, "public", None, "3"))
    assert body == {"casualties": {"deaths": 0, "poisoned": 0, "evacuated": 0, "radiation": {
        "event_type": "source_lost", "source_category": "II", "exposed": "public",
        "severe_sickness": 3}}}
    stored = dict(state, casualties={**state["casualties"],
                                     **body["casualties"]})
    again = callbacks._patch_body(stored, None, None, None, "open", 0, 0, 0,
                                  ("source_lost", "II", None, None, "public", None, 3))
    assert again == {}
    cleared = callbacks._patch_body(stored, None, None, None, "open", 0, 0, 0,
                                    (None,) * 7)
    assert cleared["casualties"]["radiation"] is None


def test_place_with_an_unknown_risk_source_is_a_notice_not_a_crash(onemap_app, auth_service,
                                                                   admin_token):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from pages.emergency import callbacks, ids
    from tests.pages.test_admin_pages import as_user

    ctx = as_user(onemap_app, auth_service, admin_token)
    token = context_value.set(AttributeDict(
        triggered_inputs=[{"prop_id": f"{ids.F_RISK}.value", "value": 2_000_000_000}]))
    try:
        out = callbacks.place(None, 2_000_000_000, "en")
    finally:
        context_value.reset(token)
        ctx.pop()
    assert out[:5] == tuple(callbacks.no_update for _ in range(5))
    assert "2000000000" in str(out[5].to_plotly_json())
