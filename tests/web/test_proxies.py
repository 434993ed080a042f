"""X-Forwarded-For / -Proto are honoured only from configured proxies."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from flask import Flask, jsonify, request

from core.web.proxies import TrustedProxies


def client_for(networks: str):
    server = Flask(__name__)

    @server.get("/who")
    def who():
        return jsonify(addr=request.remote_addr, scheme=request.scheme)

    nets = [ip_network(n) for n in networks.split(",") if n]
    server.wsgi_app = TrustedProxies(server.wsgi_app, nets)
    return server.test_client()


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


@pytest.mark.parametrize(("peer", "networks"), [("10.0.0.5", "10.0.0.0/8"),
                                                ("::1", "::1/128"),
                                                ("192.168.1.2", "127.0.0.1/32,192.168.1.0/24")])
def test_honoured_from_a_trusted_proxy(peer, networks):
    seen = client_for(networks).get("/who", headers=FORWARDED,
                                    environ_base={"REMOTE_ADDR": peer}).get_json()
    assert seen == {"addr": "203.0.113.7", "scheme": "https"}


def test_a_chain_takes_the_address_the_proxy_saw():
    headers = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}  # 1.2.3.4 is client-supplied
    seen = client_for("10.0.0.0/8").get("/who", headers=headers,
                                        environ_base={"REMOTE_ADDR": "10.0.0.5"}).get_json()
    assert seen["addr"] == "203.0.113.7"


@pytest.mark.parametrize(("peer", "networks"), [("198.51.100.9", "10.0.0.0/8"),
                                                ("10.0.0.5", "")])
def test_ignored_from_anyone_else(peer, networks):
    seen = client_for(networks).get("/who", headers=FORWARDED,
                                    environ_base={"REMOTE_ADDR": peer}).get_json()
    assert seen == {"addr": peer, "scheme": "http"}


def test_the_app_uses_the_configured_networks(onemap_app, app_settings):
    middleware = onemap_app.server.wsgi_app
    assert isinstance(middleware, TrustedProxies)
    assert middleware.networks == app_settings.proxy_networks
