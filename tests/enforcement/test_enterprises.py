"""The catalogue of enterprises with their codes: the service, GET /api/sources/codes and
the /data catalogue's entry of the pollution sources."""

from __future__ import annotations

import pytest

from enforcement import service
from tests.enforcement.test_page import _find, _text

pytestmark = pytest.mark.db


def test_enterprises_red_first_filtered_and_paged(app_engine, refreshed):
    page = service.enterprises(app_engine, limit=20)
    assert page["total"] >= 2200 and len(page["enterprises"]) == 20
    assert page["enterprises"][0]["code"] == "red"
    red = service.enterprises(app_engine, code="red", limit=500)
    scores = [e["score"] for e in red["enterprises"]]
    assert red["total"] > 0 and scores == sorted(scores, reverse=True)
    assert {e["code"] for e in red["enterprises"]} == {"red"}
    name = red["enterprises"][0]["name"]
    found = service.enterprises(app_engine, q=name[:6])
    assert any(e["name"] == name for e in found["enterprises"])
    assert service.enterprises(app_engine, q="%_no such enterprise_%")["total"] == 0
    second = service.enterprises(app_engine, limit=20, offset=20)
    assert {e["id"] for e in second["enterprises"]}.isdisjoint(
        {e["id"] for e in page["enterprises"]})


def test_enterprise_codes_endpoint(app_client, refreshed):
    r = app_client.get("/api/sources/codes?code=yellow&limit=5")
    assert r.status_code == 200
    body = r.get_json()
    assert len(body["enterprises"]) == 5 and {e["code"] for e in body["enterprises"]} == \
        {"yellow"}
    assert app_client.get("/api/sources/codes?code=purple").status_code == 422


def test_data_catalogue_entry_lists_enterprises_with_codes(onemap_app, app_engine,
                                                            refreshed):
    from pages.data import callbacks, enterprises

    page = service.enterprises(app_engine, code="red", limit=3)
    table = enterprises.enterprise_table(page, "zh")
    assert "红码" in _text(table) and page["enterprises"][0]["name"] in _text(table)
    assert _find(table, "data-ent-row--red")
    links = [a for a in _walk(table) if getattr(a, "className", None) == "data-ent-task"]
    assert links[0].href == f"/tasks?source={page['enterprises'][0]['id']}"
    with onemap_app.server.test_request_context("/data"):
        detail = callbacks.show_detail("layer:pollution_sources", 0, "en")
        listed = enterprises.show_enterprises(0, None, "red", "en")
        other = callbacks.show_detail("layer:air_stations", 0, "en")
    assert "Enterprises and their environment codes" in _text(detail)
    assert "Red" in _text(listed) and "synthetic" in _text(listed)
    assert "Enterprises and their environment codes" not in _text(other)


def _walk(component):
    if isinstance(component, list | tuple):
        for c in component:
            yield from _walk(c)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    yield from _walk(getattr(component, "children", None))
