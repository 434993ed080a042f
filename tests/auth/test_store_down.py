"""Sign-in when the database is down: a plain 503 page that retries by itself, and a short
grace for sessions and tokens a worker has already checked (a wall rides out a blip)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from auth.service import AuthService
from core.errors import StoreUnavailable
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.db
DOWN = "postgresql+psycopg://postgres@127.0.0.1:9/none"


def test_checked_credentials_survive_an_outage_unknown_ones_do_not(auth_service, app_settings,
                                                                  make_user):
    token = make_user("down-token", "leader")
    secret = auth_service.sign_in("down-token", TEST_PASSWORD, address="10.9.9.1").session_secret
    assert auth_service.resolve_token(token) and auth_service.resolve_session(secret)
    cache = auth_service._cache._data
    for key, (_, usable, principal) in list(cache.items()):  # expire the fresh window only
        cache[key] = (0.0, usable, principal)
    healthy = auth_service.engine
    auth_service.engine = create_engine(DOWN, connect_args={"connect_timeout": 2})
    try:
        assert auth_service.resolve_token(token).username == "down-token"
        assert auth_service.resolve_session(secret).username == "down-token"
        with pytest.raises(StoreUnavailable):
            auth_service.resolve_token("om_never-seen-before")
    finally:
        auth_service.engine.dispose()
        auth_service.engine = healthy


def test_pages_and_sign_in_say_the_store_is_down(onemap_app):
    service: AuthService = onemap_app.server.extensions["onemap.auth"]
    healthy = service.engine
    service.engine = create_engine(DOWN, connect_args={"connect_timeout": 2})
    try:
        client = onemap_app.server.test_client()
        client.set_cookie("onemap_session", "some-session-never-seen")
        page = client.get("/")
        assert page.status_code == 503 and page.headers["Retry-After"] == "15"
        text = page.get_data(as_text=True)
        assert "数据库暂时不可用" in text and 'http-equiv="refresh"' in text
        assert "127.0.0.1" not in text and "port 9" not in text
        api = client.get("/ogc/collections")
        assert api.status_code == 503 and api.get_json()["code"] == "store_unavailable"
        form = onemap_app.server.test_client()
        login = form.get("/login").get_data(as_text=True)
        import re

        csrf = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
        response = form.post("/login", data={"username": "x", "password": "y", "csrf": csrf})
        assert response.status_code == 503
        assert "数据库暂时不可用" in response.get_data(as_text=True)
    finally:
        service.engine.dispose()
        service.engine = healthy
