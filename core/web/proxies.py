"""Honour ``X-Forwarded-For`` / ``X-Forwarded-Proto`` only from configured reverse proxies.

A WSGI middleware: when the direct peer (``REMOTE_ADDR``) is inside one of
``settings.proxy_networks`` (``ONEMAP_TRUSTED_PROXIES``), werkzeug's ``ProxyFix`` applies
the last hop of each header (one proxy in front of the app), so ``request.remote_addr``
is the real client and ``request.scheme`` what the client used. From anyone else the
headers are ignored, so a client cannot spoof its address (logs, rate limits, sign-in
lockouts). Absolute links never come from these headers: they use ``ONEMAP_PUBLIC_URL``.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address

from werkzeug.middleware.proxy_fix import ProxyFix

Network = IPv4Network | IPv6Network


class TrustedProxies:
    """Apply ``ProxyFix(x_for=1, x_proto=1)`` to requests whose peer is a trusted proxy."""

    def __init__(self, app, networks: Iterable[Network]) -> None:
        self.app = app
        self.networks = tuple(networks)
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)

    def trusted(self, peer: str | None) -> bool:
        if not peer or not self.networks:
            return False
        try:
            address = ip_address(peer.split("%", 1)[0])
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
