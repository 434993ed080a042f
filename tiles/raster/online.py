"""Online XYZ providers (e.g. 天地图) proxied through this server, so a token never leaves it.

Browsers, ``/tiles`` and the pages only see ``/tiles/online/{id}/{z}/{x}/{y}``; the server
fills the provider's URL template (``{z}``, ``{x}``, ``{y}``, ``{s}``, ``{token}`` from
``ONEMAP_TIANDITU_TOKEN``), fetches the tile with a timeout, keeps the last tiles in a small
LRU cache and answers a JSON 502/504 when the provider fails. Error messages and logs name
the provider and tile, never the upstream URL (it holds the token).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from core.errors import BadRequest, NotFound, OneMapError
from core.settings import OnlineProvider
from tiles.raster.cache import LRUCache
from tiles.raster.params import TileAddress

log = logging.getLogger(__name__)

CACHE_SIZE = 256  # tiles (a few MB); the browser and HTTP caches keep the rest
MAX_TILE_BYTES = 4 * 1024 * 1024
SUBDOMAINS = "abc"  # Leaflet's default for {s}
USER_AGENT = "OneMap tile proxy"


class UpstreamError(OneMapError):
    """The provider answered with an error or something that is not a tile."""

    status = 502
    code = "upstream_error"


class UpstreamTimeout(OneMapError):
    """The provider did not answer within ``ONEMAP_ONLINE_TIMEOUT_SECONDS``."""

    status = 504
    code = "upstream_timeout"


@dataclass(frozen=True)
class UpstreamTile:
    content: bytes
    media_type: str


def proxy_path(provider_id: str) -> str:
    """The XYZ template of a provider's tiles on this server (relative to the base URL)."""
    return f"/tiles/online/{provider_id}/{{z}}/{{x}}/{{y}}"


@dataclass
class OnlineTiles:
    """Fetch tiles of the configured providers on behalf of the browser.

    Parameters
    ----------
    providers
        The configured providers (already checked by ``validate_providers``).
    token
        Fills ``{token}`` in the URL templates.
    timeout
        Seconds to wait for the provider [s].
    """

    providers: list[OnlineProvider]
    token: str
    timeout: float
    cache: LRUCache[UpstreamTile] = field(default_factory=lambda: LRUCache(CACHE_SIZE))
    opener: urllib.request.OpenerDirector = field(default_factory=urllib.request.build_opener)

    def provider(self, provider_id: str) -> OnlineProvider:
        for provider in self.providers:
            if provider.id == provider_id:
                return provider
        raise NotFound(f"unknown online provider {provider_id!r} (see /tiles)")

    def tile(self, provider: OnlineProvider, address: TileAddress) -> UpstreamTile:
        """The provider's tile at a Web Mercator address (cached)."""
        if address.z > provider.max_zoom:
            raise BadRequest(f"z: provider {provider.id!r} serves zooms 0..{provider.max_zoom}")
        key = (provider.id, address.z, address.x, address.y)
        return self.cache.get_or_create(key, lambda: self._fetch(provider, address))

    def _url(self, provider: OnlineProvider, address: TileAddress) -> str:
        values = {
            "{z}": str(address.z), "{x}": str(address.x), "{y}": str(address.y),
            "{s}": SUBDOMAINS[(address.x + address.y) % len(SUBDOMAINS)],
            "{token}": self.token,
        }
        url = provider.url
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        return url

    def _fetch(self, provider: OnlineProvider, address: TileAddress) -> UpstreamTile:
        where = f"online provider {provider.id!r}, tile {address.z}/{address.x}/{address.y}"
        request = urllib.request.Request(
            self._url(provider, address), headers={"User-Agent": USER_AGENT}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                content = response.read(MAX_TILE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            log.warning("%s: HTTP %s", where, exc.code)
            if exc.code == 404:
                raise NotFound(f"{where}: the provider has no such tile") from None
            raise UpstreamError(f"{where}: the provider answered HTTP {exc.code}") from None
        except TimeoutError:
            log.warning("%s: no answer within %s s", where, self.timeout)
            raise UpstreamTimeout(f"{where}: no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                log.warning("%s: no answer within %s s", where, self.timeout)
                raise UpstreamTimeout(f"{where}: no answer within {self.timeout:g} s") from None
            log.warning("%s: unreachable (%s)", where, type(exc.reason).__name__)
            raise UpstreamError(f"{where}: the provider is unreachable") from None
        except OSError as exc:
            log.warning("%s: failed (%s)", where, type(exc).__name__)
            raise UpstreamError(f"{where}: the connection to the provider failed") from None
        if not media_type.startswith("image/"):
            raise UpstreamError(f"{where}: the provider answered {media_type}, not an image")
        if len(content) > MAX_TILE_BYTES:
            raise UpstreamError(f"{where}: the tile is larger than {MAX_TILE_BYTES} bytes")
        return UpstreamTile(content, media_type)
