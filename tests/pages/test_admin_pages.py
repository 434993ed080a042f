"""The audit log and accounts pages: admin only, filters, CSV link, audited actions."""

from __future__ import annotations

import json

import pytest
from flask import g

from tests.conftest import client_as

pytestmark = pytest.mark.db


def as_user(app, auth_service, token):
    """A request context signed in by ``token`` (callbacks read the principal from g)."""
    ctx = app.server.test_request_context("/_dash-update-component", method="POST")
    ctx.push()
    g.principal = auth_service.resolve_token(token)
    return ctx


def test_admin_pages_are_admin_only(onemap_app, make_user, app_client):
    leader = client_as(onemap_app, make_user("pages-leader", "leader"))
    for path in ("/admin/audit", "/admin/users"):
        refused = leader.get(path)
        assert refused.status_code == 302 and refused.headers["Location"] == "/"
        assert app_client.get(path).status_code == 200
    nav = json.dumps(leader.get("/_dash-layout").get_json())
    assert "/admin/audit" not in nav
    assert "/admin/audit" in json.dumps(app_client.get("/_dash-layout").get_json())


def test_audit_page_filters_and_csv_link(onemap_app, auth_service, admin_token):
    from pages.admin import audit as page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        assert page.layout(lang="en") is not None
        table, count, href = page.show_audit(1, "system:tests", "token.", "2020-01-01", None,
                                             "en")
        assert href.startswith("/api/audit.csv?") and "action=token." in href
        rows = table.children[1].children
        assert rows, "the tokens made for the tests are in the log"
        assert all(row.children[3].children.startswith("token.") for row in rows)
        assert "Showing the newest" in count
        _, message, _ = page.show_audit(1, None, None, "not-a-date", None, "zh")
        assert message  # a notice, not an exception
    finally:
        ctx.pop()


def test_users_page_creates_and_disables_with_audit(onemap_app, auth_service, admin_token,
                                                    app_client):
    from pages.admin import users as page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        result, table = page.create_user(1, "pages-made", ["analyst", "duty"], "zh")
        assert "pages-made" in str(result) and "secret" in str(result)
        assert "pages-made" in str(table)
        bad, _ = page.create_user(1, "x y", ["analyst"], "en")
        assert "user name" in str(bad)
        toggled, _ = page.toggle_user(1, "pages-made", "en")
        assert "disabled" in str(toggled)
        assert auth_service.get_user("pages-made")["active"] is False
    finally:
        ctx.pop()
    entries = app_client.get("/api/audit?actor=test-admin&action=user.").get_json()["entries"]
    assert {("user.create", "pages-made"), ("user.disable", "pages-made")} <= {
        (e["action"], e["object_id"]) for e in entries}


def test_duplicate_output_callback_runs_over_http(app_client, make_user):
    """The toggle callback writes outputs another callback also writes (allow_duplicate):
    POSTed as the renderer does, it must run, not be refused by the envelope check."""
    make_user("pages-toggled", "leader")
    deps = app_client.get("/_dash-dependencies").get_json()
    toggle = next(d for d in deps if any(i["id"] == "users-toggle" for i in d["inputs"]))
    assert "@" in toggle["output"]
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
               for o in toggle["output"].strip(".").split("...")]
    body = {"output": toggle["output"], "outputs": outputs,
            "inputs": [{"id": "users-toggle", "property": "n_clicks", "value": 1}],
            "state": [{"id": "users-toggle-name", "property": "value",
                       "value": "pages-toggled"},
                      {"id": "users-lang", "property": "data", "value": "en"}],
            "changedPropIds": ["users-toggle.n_clicks"]}
    response = app_client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "pages-toggled is now disabled" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_users_page_labels_say_what_each_field_is_for(onemap_app, auth_service, admin_token,
                                                     lang):
    from pages.admin import users as page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        layout = json.loads(json.dumps(page.layout(lang=lang).to_plotly_json(),
                                       default=lambda c: c.to_plotly_json()))
    finally:
        ctx.pop()

    def label_texts(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Label":
                first = props.get("children", [None])[0]
                if isinstance(first, str):
                    yield first
            yield from label_texts(props.get("children"))
        elif isinstance(node, list):
            for child in node:
                yield from label_texts(child)

    labels = list(label_texts(layout))
    assert len(labels) >= 3 and len(labels) == len(set(labels)), labels
