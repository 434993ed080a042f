"""The raster tile service: the collaborators bundled as typed attributes (titiler's factory).

A deployment swaps a part (another cache, another reader) by passing it in, instead of
subclassing. Endpoints call :meth:`RasterTiles.tile` and friends and only shape responses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import morecantile

from core.errors import BadRequest
from core.settings import Settings
from tiles.raster import algorithms, render
from tiles.raster.cache import LRUCache
from tiles.raster.catalogue import Catalogue, Dataset, validate_providers
from tiles.raster.colormaps import colormap_names
from tiles.raster.limits import BuildBudget, BuildSlots
from tiles.raster.online import OnlineTiles
from tiles.raster.params import ImageFormat, RenderParams, TileAddress, tile_matrix_sets
from tiles.raster.reader import CogReaders, PackReaders
from tiles.raster.surface_service import StationSource, SurfaceService

BUILD_SLOTS = 2  # surfaces built at once per process (the machines have 2 cores)
BUILD_WAIT_SECONDS = 10.0  # wait for a free build slot before answering 503


@dataclass(frozen=True)
class Tile:
    """Encoded tile bytes and their validator."""

    content: bytes
    media_type: str
    etag: str

    @classmethod
    def of(cls, content: bytes, fmt: ImageFormat) -> Tile:
        from tiles.raster.params import MEDIA_TYPES

        return cls.typed(content, MEDIA_TYPES[fmt])

    @classmethod
    def typed(cls, content: bytes, media_type: str) -> Tile:
        return cls(content, media_type, hashlib.sha1(content).hexdigest()[:20])


@dataclass
class RasterTiles:
    """Catalogue + readers + renderer + cache for one app.

    Parameters
    ----------
    settings
        The app settings (paths, cache size, providers).
    station_source
        Station values for the air-quality surfaces; ``None`` disables them.
    """

    settings: Settings
    station_source: StationSource | None = None
    tms_sets: dict[str, morecantile.TileMatrixSet] = field(default_factory=tile_matrix_sets)
    catalogue: Catalogue | None = None
    cogs: CogReaders | None = None
    packs: PackReaders = field(default_factory=PackReaders)
    cache: LRUCache[Tile] | None = None
    surfaces: SurfaceService | None = None
    online: OnlineTiles | None = None
    colormaps: frozenset[str] = field(default_factory=colormap_names)

    def __post_init__(self) -> None:
        self.catalogue = self.catalogue or Catalogue(self.settings)
        self.cogs = self.cogs or CogReaders(self.tms_sets)
        self.cache = self.cache or LRUCache(self.settings.tile_cache_size)
        if self.surfaces is None and self.station_source is not None:
            self.surfaces = SurfaceService(
                self.station_source,
                self.settings.region.path("admin_region"),  # the served region's outline
                self.settings.var_dir / "surfaces",
                budget=BuildBudget(self.settings.surface_builds_per_minute),
                slots=BuildSlots(BUILD_SLOTS, BUILD_WAIT_SECONDS),
            )
        if self.online is None:
            self.online = OnlineTiles(
                validate_providers(self.settings), self.settings.tianditu_token,
                self.settings.online_timeout_seconds,
            )

    @property
    def base_url(self) -> str:
        """Start of every absolute link this service writes: ``settings.base_url``
        (``ONEMAP_PUBLIC_URL``), never the request's Host header."""
        return self.settings.base_url

    # -- datasets -------------------------------------------------------------------------------
    def tile(
        self, dataset: Dataset, address: TileAddress, fmt: ImageFormat, params: RenderParams
    ) -> Tile:
        """The rendered tile (from the LRU cache when hot)."""
        key = (dataset.id, dataset.version, address, fmt, params.key())
        return self.cache.get_or_create(key, lambda: self._render(dataset, address, fmt, params))

    def _render(
        self, dataset: Dataset, address: TileAddress, fmt: ImageFormat, params: RenderParams
    ) -> Tile:
        if dataset.source == "mbtiles":
            return Tile.of(self._pack_tile(dataset, address, fmt, params), fmt)
        return Tile.of(
            self._cog_tile(dataset.path, dataset.version, address, fmt, params, dataset), fmt
        )

    def _cog_tile(
        self, path: Path, version: str, address: TileAddress, fmt: ImageFormat,
        params: RenderParams, dataset: Dataset | None,
    ) -> bytes:
        resampling = params.resampling or (dataset.resampling if dataset else "bilinear")
        img = self.cogs.tile(path, version, address, params.bidx, resampling)
        if img is None:
            return render.blank(fmt)
        if img.count not in (1, 3):
            raise BadRequest(f"bidx: choose 1 or 3 bands to render, got {img.count}")
        value_range = dataset.value_range if dataset else None
        img = algorithms.render_values(img, params, value_range)
        if img.array.mask.all():
            return render.blank(fmt)
        return render.encode(img, fmt)

    def _pack_tile(
        self, dataset: Dataset, address: TileAddress, fmt: ImageFormat, params: RenderParams
    ) -> bytes:
        if address.tms_id != "WebMercatorQuad":
            raise BadRequest(f"tms: pack {dataset.id!r} holds WebMercatorQuad tiles only")
        if params != RenderParams(resampling=params.resampling):
            raise BadRequest(
                f"pack {dataset.id!r} serves pre-rendered tiles: bidx, rescale and colormap "
                "do not apply"
            )
        data = self.packs.get(dataset.path, dataset.version).get(address.z, address.x, address.y)
        if data is None:
            return render.blank(fmt)
        return data if fmt == dataset.tile_format else render.transcode(data, fmt)

    # -- online providers ---------------------------------------------------------------------
    def online_tile(self, provider_id: str, address: TileAddress) -> Tile:
        """A provider's tile, fetched by this server (the token stays here)."""
        upstream = self.online.tile(self.online.provider(provider_id), address)
        return Tile.typed(upstream.content, upstream.media_type)

    # -- surfaces -------------------------------------------------------------------------------
    def surface_tile(
        self, pollutant: str, hour: datetime, address: TileAddress, fmt: ImageFormat,
        client: str = "",
    ) -> Tile:
        """An air-quality surface tile coloured by the AQI level colours."""
        path = self.surfaces.surface(pollutant, hour, client)
        key = ("surface", path.name, address, fmt)

        def build() -> Tile:
            SurfaceService.require_iaqi_band(path)
            params = RenderParams(bidx=(2,), colormap="aqi", resampling="bilinear")
            return Tile.of(self._cog_tile(path, path.name, address, fmt, params, None), fmt)

        return self.cache.get_or_create(key, build)
