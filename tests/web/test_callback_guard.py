"""``POST /_dash-update-component`` under malformed bodies: 400 JSON, never a 500 page.

The wrong-type cases use the One Map page's real callbacks (pages/onemap/callbacks.py).
"""

from __future__ import annotations

import json
import logging

import pytest

from pages.onemap import ids

pytestmark = pytest.mark.db

DISPATCH = "/_dash-update-component"


def prop(component_id, prop_name, value=None):
    item = {"id": component_id, "property": prop_name}
    if value is not None:
        item["value"] = value
    return item


def body(output, outputs, inputs, state=(), changed=None):
    first = inputs[0] if isinstance(inputs[0], dict) else inputs[0][0]
    changed = changed if changed is not None else [
        f"{json.dumps(first['id']) if isinstance(first['id'], dict) else first['id']}"
        f".{first['property']}"]
    return {"output": output, "outputs": outputs, "inputs": list(inputs),
            "state": list(state), "changedPropIds": changed}


TIME_LABEL = f"{ids.TIME_LABEL}.children"


def time_label(value):
    return body(TIME_LABEL, prop(ids.TIME_LABEL, "children"),
                [prop(ids.TIME_SLIDER, "value", value)])


def layer_urls(zoom):
    layer = {"id": "air_stations", "type": ids.LAYER}
    toggle = {"id": "air", "type": ids.TOGGLE}
    return body(
        json.dumps({"id": ["ALL"], "type": ids.LAYER}, separators=(",", ":")) + ".url",
        [prop(layer, "url")],
        [[prop(toggle, "value", ["air_stations"])],
         prop(ids.MAP, "bounds", [[31.5, 116.9], [32.1, 117.6]]), prop(ids.MAP, "zoom", zoom),
         prop(ids.TIME_SLIDER, "value", 0)],
        [prop(ids.MAP, "center", [31.8, 117.2])])


def post(client, payload, raw: bool = False):
    data = payload if raw else json.dumps(payload)
    return client.post(DISPATCH, data=data, content_type="application/json")


def assert_400(response):
    assert response.status_code == 400, response.data[:300]
    assert response.mimetype == "application/json"
    payload = response.get_json()
    assert set(payload) == {"code", "description"} and payload["code"] == "bad_request"


def test_well_formed_calls_still_work(app_client):
    response = post(app_client, time_label(3))
    assert response.status_code == 200, response.data[:300]
    assert response.get_json()["response"][ids.TIME_LABEL]["children"].endswith(":00")
    response = post(app_client, layer_urls(11))
    assert response.status_code == 200, response.data[:300]
    (urls,) = response.get_json()["response"].values()
    assert urls["url"].startswith("/ogc/collections/air_stations/items")


@pytest.mark.parametrize("raw", ["null", "[]", "1", '"x"', "{", "", '{"output":1}', "{}",
                                 '{"output":"nope.children","inputs":[],"outputs":[]}'])
def test_malformed_envelope(app_client, raw):
    assert_400(post(app_client, raw, raw=True))


def _without(key):
    payload = time_label(3)
    del payload[key]
    return payload


def _with(key, value):
    payload = time_label(3)
    payload[key] = value
    return payload


@pytest.mark.parametrize("payload", [
    pytest.param(_without("inputs"), id="no-inputs"),
    pytest.param(_without("outputs"), id="no-outputs"),
    pytest.param(_with("inputs", {"a": 1}), id="inputs-object"),
    pytest.param(_with("inputs", [1]), id="input-number"),
    pytest.param(_with("inputs", [[1]]), id="input-nested-number"),
    pytest.param(_with("inputs", [prop("onemap-nope", "value", 1)]), id="unknown-input-id"),
    pytest.param(_with("inputs", [prop(ids.TIME_SLIDER, "nope", 1)]), id="wrong-property"),
    pytest.param(_with("inputs", []), id="too-few-inputs"),
    pytest.param(_with("state", "x"), id="state-string"),
    pytest.param(_with("state", [prop(ids.LANG, "data", "zh")]), id="extra-state"),
    pytest.param(_with("outputs", 1), id="outputs-number"),
    pytest.param(_with("outputs", [prop("onemap-nope", "children")]), id="unknown-output-id"),
    pytest.param(_with("changedPropIds", "x"), id="changed-string"),
    pytest.param(_with("changedPropIds", [1]), id="changed-number"),
])
def test_wrong_shapes(app_client, payload):
    assert_400(post(app_client, payload))


@pytest.mark.parametrize("payload", [
    pytest.param(time_label("abc"), id="time-label-hours-string"),
    pytest.param(time_label({"a": 1}), id="time-label-hours-object"),
    pytest.param(layer_urls("eleven"), id="layer-urls-zoom-string"),
    pytest.param(layer_urls([1]), id="layer-urls-zoom-list"),
])
def test_wrong_value_types_in_real_callbacks(app_client, payload, caplog):
    with caplog.at_level(logging.WARNING, logger="onemap.callbacks"):
        assert_400(post(app_client, payload))
    record = next(r for r in caplog.records if r.name == "onemap.callbacks")
    assert record.exc_info is not None  # the traceback is logged


def test_one_map_errors_keep_their_status():
    from dash import Output
    from flask import Flask

    from core.errors import NotFound, StoreUnavailable
    from core.web.callbacks import guard_dispatch
    from core.web.errors import STORE_MESSAGE

    callback_map = {"out.children": {"inputs": [{"id": "in", "property": "value"}],
                                     "state": [], "output": Output("out", "children")}}
    raised: list[Exception] = []
    server = Flask(__name__)

    def view():
        raise raised[-1]

    server.add_url_rule(DISPATCH, "dispatch", guard_dispatch(view, callback_map),
                        methods=["POST"])
    payload = {"output": "out.children", "outputs": {"id": "out", "property": "children"},
               "inputs": [{"id": "in", "property": "value", "value": 1}], "state": [],
               "changedPropIds": ["in.value"]}
    client = server.test_client()
    raised.append(NotFound("no such feature"))
    response = client.post(DISPATCH, json=payload)
    assert response.status_code == 404
    assert response.get_json() == {"code": "not_found", "description": "no such feature"}
    raised.append(StoreUnavailable("cannot reach the database at db.internal:5432"))
    response = client.post(DISPATCH, json=payload)
    assert response.status_code == 503
    assert response.get_json()["description"] == STORE_MESSAGE



def test_outputs_declared_with_allow_duplicate_pass_as_the_browser_sends_them(onemap_app,
                                                                              app_client):
    # the accounts page's enable/disable callback: outputs registered as "children@<hash>"
    assert app_client.get("/_dash-dependencies").status_code == 200  # callbacks set up
    (output,) = [key for key in onemap_app.callback_map
                 if "users-result.children@" in key and "users-table" in key]
    payload = body(output, [prop("users-result", "children"), prop("users-table", "children")],
                   [prop("users-toggle", "n_clicks", 1)],
                   [prop("users-toggle-name", "value", "nobody-by-this-name"),
                    prop("users-lang", "data", "en")])
    response = post(app_client, payload)
    assert response.status_code == 200, response.data[:300]
    assert "users-result" in response.get_json()["response"]


def test_a_sole_duplicate_output_may_name_its_hashed_property():
    """A callback whose one output has allow_duplicate=True: the property may arrive as
    ``data@<hash>`` (as in its key) or bare; anything else is still refused."""
    from dash import Dash, Input, Output, dcc, html

    from core.web.callbacks import Envelope, check_envelope

    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="kept"), html.Button(id="go")])

    @app.callback(Output("kept", "data", allow_duplicate=True), Input("go", "n_clicks"),
                  prevent_initial_call=True)
    def _keep(clicks):
        return clicks

    app._setup_server()
    # callbacks other modules registered with dash.callback join any app set up later
    (key,) = [k for k in app.callback_map if k.startswith("kept.")]
    hashed = key.split(".", 1)[1]
    for sent in (hashed, "data"):
        payload = body(key, prop("kept", sent), [prop("go", "n_clicks", 1)])
        assert check_envelope(payload, app.callback_map)
    with pytest.raises(Envelope):
        check_envelope(body(key, prop("kept", "children"), [prop("go", "n_clicks", 1)]),
                       app.callback_map)
