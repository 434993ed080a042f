"""Database down: a plain "data store unavailable, retrying" for users and clients; the
driver's text (host, port, reason) only in the log."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from assembly import build_context
from core.context import install
from core.settings import Settings
from core.web.errors import STORE_MESSAGE, install_errors
from layers import build_registry
from layers.regions import resolve_region
from pages.common import error_notice
from store.cluster import free_port
from tiles import register_services


@pytest.fixture(scope="module")
def dead_port() -> int:
    return free_port()  # nothing listens there: connections are refused


@pytest.fixture(scope="module")
def down_context(dead_port, tmp_path_factory):
    settings = Settings(database_url=f"postgresql://onemap@127.0.0.1:{dead_port}/onemap",
                        var_dir=tmp_path_factory.mktemp("var"))
    return build_context(settings, build_registry())


@pytest.fixture(scope="module")
def down_client(down_context):
    """The service blueprints and the app's error handling over an unreachable store."""
    from flask import g

    from auth.principal import Principal

    server = Flask(__name__)
    install(server, down_context)
    register_services(server, down_context)
    install_errors(server)

    @server.before_request
    def signed_in() -> None:  # no sign-in guard here (it needs the store): a reader asks
        g.principal = Principal(1, "reader", "reader", ("leader",), "token", 1)

    return server.test_client()


@pytest.mark.parametrize("path", [
    "/ogc/collections/air_stations",
    "/ogc/collections/air_stations/items",
    "/ogc/collections/air_stations/items/1",
    "/api/regions/340102",
])
def test_service_answers_plain_503(down_client, dead_port, path, caplog):
    with caplog.at_level(logging.ERROR):
        response = down_client.get(path)
    assert response.status_code == 503, response.data[:300]
    assert response.get_json() == {"code": "store_unavailable", "description": STORE_MESSAGE}
    assert int(response.headers["Retry-After"]) > 0
    assert str(dead_port) not in response.get_data(as_text=True)
    assert str(dead_port) in caplog.text  # the details are in the log


@pytest.mark.parametrize(("lang", "words"), [("zh", "正在重试"), ("en", "retrying")])
def test_page_notice_is_plain(down_context, dead_port, lang, words, caplog):
    with pytest.raises(Exception) as raised:
        resolve_region(down_context.engine, "340102")
    with caplog.at_level(logging.ERROR):
        text = str(error_notice(raised.value, lang))
    assert words in text
    assert str(dead_port) not in text and "127.0.0.1" not in text
    assert str(dead_port) in caplog.text
