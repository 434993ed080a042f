"""Every route family refuses the anonymous and the wrong role; the sign-in pages work."""

from __future__ import annotations

import json
import logging
import re

import pytest

from tests.conftest import TEST_PASSWORD, client_as

pytestmark = pytest.mark.db

SERVICE_PATHS = [
    "/ogc", "/ogc/collections", "/ogc/collections/air_stations/items?limit=1",
    "/tiles", "/tiles/dem-hillshade/9/421/206.png", "/wmts/1.0.0/WMTSCapabilities.xml",
    "/api/regions/340102", "/api/me", "/api/audit",
]
DASH_PATHS = ["/_dash-layout", "/_dash-dependencies"]


@pytest.mark.parametrize("path", SERVICE_PATHS + DASH_PATHS)
def test_anonymous_gets_401_json(anon_client, path):
    response = anon_client.get(path)
    assert response.status_code == 401, path
    body = response.get_json()
    assert body["code"] == "unauthorized" and "token" in body["description"]
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_anonymous_dash_bundle_and_callback_are_refused(anon_client, app_client):
    page = app_client.get("/").get_data(as_text=True)
    bundle = re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)
    assert app_client.get(bundle).status_code == 200
    assert anon_client.get(bundle).status_code == 401
    response = anon_client.post("/_dash-update-component", json={"output": "x.children"})
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/", "/?lang=en&layers=air_stations", "/no-such-page"])
def test_anonymous_page_redirects_to_sign_in(anon_client, path):
    response = anon_client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")


def test_open_routes(anon_client):
    health = anon_client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["database"] == "ok"
    login = anon_client.get("/login")
    assert login.status_code == 200 and 'name="csrf"' in login.get_data(as_text=True)
    assert anon_client.get("/auth/static/auth.css").status_code == 200


def test_bad_tokens_are_refused(onemap_app):
    for header in ("Bearer om_wrong", "Bearer ", "Basic Zm9vOmJhcg==", "Digest abc",
                   "Bearer " + "om_" + "x" * 500):
        client = onemap_app.server.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = header
        assert client.get("/ogc/collections").status_code == 401, header


def test_token_as_basic_password(onemap_app, live_credentials):
    user, token = live_credentials
    client = onemap_app.server.test_client()
    ok = client.get("/ogc/collections", auth=(user, token))
    assert ok.status_code == 200
    assert client.get("/ogc/collections", auth=("someone-else", token)).status_code == 401
    assert client.get("/ogc/collections", auth=(user, TEST_PASSWORD)).status_code == 401


@pytest.fixture(scope="module")
def clients(onemap_app, make_user):
    return {role: client_as(onemap_app, make_user(f"route-{role}", role))
            for role in ("leader", "analyst", "duty", "enforcement", "admin", "display")}


@pytest.mark.parametrize("role, path, status", [
    ("leader", "/api/users", 403), ("analyst", "/api/audit", 403),
    ("duty", "/api/audit.csv", 403), ("enforcement", "/api/users", 403),
    ("display", "/api/me", 403), ("admin", "/api/users", 200), ("admin", "/api/audit", 200),
    ("display", "/ogc/collections", 200), ("leader", "/api/me", 200),
])
def test_api_roles(clients, role, path, status):
    response = clients[role].get(path)
    assert response.status_code == status, (role, path, response.get_data(as_text=True))
    if status == 403:
        assert response.get_json()["code"] == "forbidden"


def test_display_account_cannot_open_or_drive_the_one_map_page(clients, app_client):
    display = clients["display"]
    response = display.get("/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.headers["Location"] != "/"
    # a callback of the One Map page, POSTed directly with a real body
    deps = app_client.get("/_dash-dependencies").get_json()
    region = next(d for d in deps if "onemap" in d["output"] and d["inputs"]
                  and not d.get("clientside_function"))
    body = {"output": region["output"],
            "outputs": {"id": "x", "property": "y"},
            "inputs": [{"id": i["id"], "property": i["property"], "value": None}
                       for i in region["inputs"]],
            "state": [], "changedPropIds": []}
    refused = display.post("/_dash-update-component", json=body)
    assert refused.status_code == 403 and refused.get_json()["code"] == "forbidden"
    allowed = clients["leader"].post("/_dash-update-component", json=body)
    assert allowed.status_code != 403


def test_display_layout_gets_no_one_map_navigation(clients):
    layout = json.dumps(clients["display"].get("/_dash-layout").get_json())
    assert '"href": "/"' not in layout and "route-display" in layout
    leader = json.dumps(clients["leader"].get("/_dash-layout").get_json())
    assert '"href": "/"' in leader


def _sign_in(client, username, password, **extra):
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf": csrf, "next": "/", **extra},
                       headers={"Origin": "http://localhost"})


def test_sign_in_form_sets_a_safe_cookie_and_signs_out(onemap_app, make_user, auth_service):
    make_user("route-form", "leader")
    client = onemap_app.server.test_client()
    response = _sign_in(client, "route-form", TEST_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("onemap_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age" not in cookie
    assert client.get("/").status_code == 200
    assert client.get("/ogc/collections").status_code == 200
    # sign-out needs our own origin
    assert client.post("/logout", headers={"Origin": "http://evil.example"}
                       ).status_code == 403
    assert client.post("/logout", headers={"Origin": "http://localhost"}).status_code == 302
    auth_service._cache.clear()
    onemap_app.server.extensions["onemap.auth"]._cache.clear()
    assert client.get("/").status_code == 302


def test_sign_in_refuses_a_form_without_csrf(onemap_app, make_user):
    make_user("route-csrf", "leader")
    client = onemap_app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "route-csrf",
                                           "password": TEST_PASSWORD, "csrf": "forged"})
    assert response.status_code == 403
    assert "onemap_session" not in response.headers.get("Set-Cookie", "")


def test_wrong_password_page_and_english(onemap_app, make_user):
    make_user("route-wrong", "leader")
    client = onemap_app.server.test_client()
    response = _sign_in(client, "route-wrong", "Wrong-passw0rd", lang="en")
    assert response.status_code == 401
    assert "Wrong user name or password" in response.get_data(as_text=True)


def test_next_never_leaves_the_site(onemap_app, make_user):
    make_user("route-next", "leader")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client = onemap_app.server.test_client()
        page = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"username": "route-next",
                                               "password": TEST_PASSWORD, "csrf": csrf,
                                               "next": target})
        assert response.headers["Location"] == "/", target


def test_cross_site_session_writes_are_refused(onemap_app, make_user):
    make_user("route-xsite", "admin")
    client = onemap_app.server.test_client()
    _sign_in(client, "route-xsite", TEST_PASSWORD)
    body = {"username": "route-xsite-new", "roles": ["leader"]}
    assert client.post("/api/users", json=body,
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/users", json=body).status_code == 403  # no Origin at all
    ok = client.post("/api/users", json=body, headers={"Origin": "http://localhost"})
    assert ok.status_code == 201 and ok.get_json()["initial_password"]


def test_first_sign_in_must_change_the_password(onemap_app, app_client):
    created = app_client.post("/api/users", json={"username": "route-first",
                                                  "roles": ["leader"]})
    initial = created.get_json()["initial_password"]
    client = onemap_app.server.test_client()
    response = _sign_in(client, "route-first", initial)
    assert response.headers["Location"].startswith("/account/password")
    assert client.get("/").headers["Location"] == "/account/password?next=/"
    assert client.get("/ogc/collections").status_code == 403
    page = client.get("/account/password").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    changed = client.post("/account/password", data={
        "old": initial, "new": "Fresh-passw0rd", "confirm": "Fresh-passw0rd", "csrf": csrf,
        "next": "/"}, headers={"Origin": "http://localhost"})
    assert changed.status_code == 302
    onemap_app.server.extensions["onemap.auth"]._cache.clear()
    assert client.get("/ogc/collections").status_code == 200


def test_users_api_validation_and_conflicts(app_client):
    assert app_client.post("/api/users", data="x").status_code == 400
    assert app_client.post("/api/users", json={"roles": ["leader"]}).status_code == 422
    assert app_client.post("/api/users", json={"username": "route-api", "roles": "leader"}
                           ).status_code == 422
    assert app_client.post("/api/users", json={"username": "route-api", "roles": ["x"]}
                           ).status_code == 400
    created = app_client.post("/api/users", json={"username": "route-api",
                                                  "roles": ["leader"]})
    assert created.status_code == 201
    version = created.get_json()["user"]["version"]
    assert app_client.post("/api/users", json={"username": "route-api", "roles": ["leader"]}
                           ).status_code == 409
    ok = app_client.patch("/api/users/route-api", json={"roles": ["analyst"],
                                                        "version": version})
    assert ok.status_code == 200 and ok.get_json()["user"]["roles"] == ["analyst"]
    stale = app_client.patch("/api/users/route-api", json={"active": False,
                                                           "version": version})
    assert stale.status_code == 409 and stale.get_json()["code"] == "conflict"
    assert app_client.patch("/api/users/nobody-here", json={"active": False, "version": 1}
                            ).status_code == 404


def test_own_tokens_api_and_token_writes_are_audited(onemap_app, make_user, app_client):
    client = client_as(onemap_app, make_user("route-tokens", "analyst"))
    made = client.post("/api/tokens", json={"label": "qgis", "expires_days": 30})
    assert made.status_code == 201
    token, info = made.get_json()["token"], made.get_json()["info"]
    listed = client.get("/api/tokens").get_json()["tokens"]
    assert {t["id"] for t in listed} >= {info["id"]}
    assert all("token" not in t and token not in json.dumps(t) for t in listed)
    assert client.delete(f"/api/tokens/{info['id']}").status_code == 204
    other = client_as(onemap_app, make_user("route-tokens-2", "analyst"))
    assert other.delete(f"/api/tokens/{info['id']}").status_code == 404
    audit = app_client.get("/api/audit?action=token.&actor=route-tokens").get_json()
    actions = {e["action"] for e in audit["entries"]}
    assert {"token.create", "token.revoke", "token.write"} <= actions


def test_token_driven_callbacks_are_not_audited_as_writes(onemap_app, make_user, app_client):
    client = client_as(onemap_app, make_user("route-callbacks", "analyst"))
    body = {"output": "nothing.children", "outputs": {"id": "nothing", "property": "children"},
            "inputs": [], "changedPropIds": []}
    client.post("/_dash-update-component", json=body)  # answered or refused: not a write
    assert client.post("/api/tokens", json={"label": "x", "expires_days": 1}).status_code == 201
    audit = app_client.get("/api/audit?action=token.write&actor=route-callbacks").get_json()
    paths = [e["detail"] for e in audit["entries"]]
    assert any(p.startswith("POST /api/tokens") for p in paths), paths
    assert not any("_dash-update-component" in p for p in paths), paths


def test_audit_api_filters_and_csv(app_client):
    rows = app_client.get("/api/audit?action=user.&limit=5").get_json()
    assert rows["numberReturned"] <= 5 and rows["numberMatched"] >= rows["numberReturned"]
    assert all(e["action"].startswith("user.") for e in rows["entries"])
    assert app_client.get("/api/audit?since=yesterday").status_code == 400
    assert app_client.get("/api/audit?limit=0").status_code == 400
    csv = app_client.get("/api/audit.csv?action=user.create")
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    text = csv.get_data(as_text=True)
    assert text.startswith("\ufeffid,at,actor") and "user.create" in text


def test_secrets_never_in_responses_or_logs(onemap_app, app_client, caplog):
    caplog.set_level(logging.DEBUG)
    created = app_client.post("/api/users", json={"username": "route-secret",
                                                  "roles": ["leader"],
                                                  "password": "Secret-passw0rd-9"})
    assert created.status_code == 201
    assert "Secret-passw0rd-9" not in created.get_data(as_text=True)
    client = onemap_app.server.test_client()
    _sign_in(client, "route-secret", "Secret-passw0rd-9")
    token = client.post("/api/tokens", json={"label": "x"},
                        headers={"Origin": "http://localhost"}).get_json()["token"]
    tok_client = client_as(onemap_app, token)
    tok_client.get("/ogc/collections?token=" + token)
    _sign_in(onemap_app.server.test_client(), "route-secret", "Wrong-Secret-passw0rd")
    users = app_client.get("/api/users").get_data(as_text=True)
    audit = app_client.get("/api/audit?limit=1000").get_data(as_text=True)
    for secret in ("Secret-passw0rd-9", "Wrong-Secret-passw0rd", token):
        assert secret not in users and secret not in audit
        assert secret not in caplog.text, secret
    assert "password_hash" not in users


def test_audit_rows_carry_the_request_id(app_client):
    made = app_client.post("/api/users", json={"username": "route-reqid", "roles": ["leader"]},
                           headers={"X-Request-ID": "trace-0123456789"})
    assert made.status_code == 201 and made.headers["X-Request-ID"] == "trace-0123456789"
    entries = app_client.get("/api/audit?action=user.create").get_json()["entries"]
    row = next(e for e in entries if e["object_id"] == "route-reqid")
    assert row["request_id"] == "trace-0123456789"


def test_account_tokens_page_creates_once_and_revokes(onemap_app, make_user, live_credentials):
    make_user("route-tokpage", "analyst")
    client = onemap_app.server.test_client()
    _sign_in(client, "route-tokpage", TEST_PASSWORD)
    page = client.get("/account/tokens?lang=en").get_data(as_text=True)
    assert "Personal API tokens" in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    origin = {"Origin": "http://localhost"}
    made = client.post("/account/tokens", data={"csrf": csrf, "action": "create",
                                                "label": "QGIS desk", "days": "30"},
                       headers=origin)
    token = re.search(r'id="new-token">.*?<code class="auth-token">(om_[^<]+)</code>',
                      made.get_data(as_text=True), re.S).group(1)
    gis = onemap_app.server.test_client()
    assert gis.get("/ogc/collections", auth=("route-tokpage", token)).status_code == 200
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert token not in listing and "QGIS desk" in listing  # shown once only
    token_id = re.search(r'QGIS desk.*?name="id" value="(\d+)"', listing, re.S).group(1)
    assert client.post("/account/tokens", data={"csrf": csrf, "action": "create",
                                                "days": "0"}, headers=origin
                       ).status_code == 400
    revoked = client.post("/account/tokens", data={"csrf": csrf, "action": "revoke",
                                                   "id": token_id}, headers=origin)
    assert revoked.status_code == 200
    onemap_app.server.extensions["onemap.auth"]._cache.clear()
    assert gis.get("/ogc/collections", auth=("route-tokpage", token)).status_code == 401
    # someone else's token cannot be revoked from here
    other_id = str(onemap_app.server.extensions["onemap.auth"].list_tokens("test-admin")[0]["id"])
    refused = client.post("/account/tokens", data={"csrf": csrf, "action": "revoke",
                                                   "id": other_id}, headers=origin)
    assert refused.status_code == 404
