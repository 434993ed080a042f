"""Readers: raster tiles from COGs (any CRS, warped by rio-tiler) and from MBTiles packs.

Opened readers are pooled (see :class:`tiles.raster.cache.ObjectPool`): a request borrows
one, so no file is re-opened per tile and no GDAL handle is used by two threads at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import morecantile
import numpy as np
import rasterio
from rasterio.errors import RasterioError, RasterioIOError
from rasterio.warp import transform_bounds
from rio_tiler.errors import RioTilerError, TileOutsideBounds
from rio_tiler.io import Reader
from rio_tiler.models import ImageData

from core.errors import BadRequest, DataError
from tiles.mbtiles import MBTilesReader
from tiles.raster.cache import ObjectPool
from tiles.raster.params import TileAddress

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


@dataclass(frozen=True)
class RasterInfo:
    """What the catalogue needs to know about a GeoTIFF/COG."""

    bounds: tuple[float, float, float, float]  # WGS 84 lon/lat
    minzoom: int
    maxzoom: int
    count: int
    dtype: str
    nodata: float | None
    value_range: tuple[float, float] | None  # for stretching non-8-bit data


def inspect_raster(path: Path) -> RasterInfo:
    """Open a GeoTIFF once and describe it; unreadable or CRS-less files raise DataError."""
    try:
        with rasterio.open(path) as src:
            if src.crs is None:
                raise DataError(f"{path.name}: the raster has no CRS")
            bounds = transform_bounds(src.crs, "EPSG:4326", *src.bounds, densify_pts=21)
            with Reader(str(path), dataset=src, tms=WEB_MERCATOR) as reader:
                minzoom, maxzoom = reader.minzoom, reader.maxzoom
            value_range = None if src.dtypes[0] == "uint8" else _value_range(src)
            return RasterInfo(
                bounds=tuple(float(v) for v in bounds),  # type: ignore[arg-type]
                minzoom=int(minzoom),
                maxzoom=int(maxzoom),
                count=src.count,
                dtype=src.dtypes[0],
                nodata=src.nodata,
                value_range=value_range,
            )
    except (RasterioError, RioTilerError) as exc:
        raise DataError(f"{path.name}: unreadable raster ({exc})") from exc


def _value_range(src: rasterio.DatasetReader) -> tuple[float, float] | None:
    """Min/max of band 1 from a ≤ 1024-pixel-wide decimated read."""
    scale = max(1, src.width // 1024, src.height // 1024)
    data = src.read(1, out_shape=(src.height // scale, src.width // scale), masked=True)
    values = data.compressed()
    values = values[np.isfinite(values)] if values.dtype.kind == "f" else values
    if values.size == 0:
        return None
    low, high = float(values.min()), float(values.max())
    return (low, high) if high > low else (low, low + 1.0)


class CogReaders:
    """Tiles from GeoTIFF/COG files through pooled rio-tiler readers."""

    def __init__(self, tms_sets: dict[str, morecantile.TileMatrixSet]) -> None:
        self._tms = tms_sets
        self._pool: ObjectPool[Reader] = ObjectPool(max_keys=64, max_idle=8)

    def tile(
        self,
        path: Path,
        version: str,
        address: TileAddress,
        bidx: tuple[int, ...] | None,
        resampling: str,
    ) -> ImageData | None:
        """Warp one tile; ``None`` when the tile is entirely outside the data."""
        key = (str(path), version, address.tms_id)
        tms = self._tms[address.tms_id]
        try:
            with self._pool.borrow(key, lambda: Reader(str(path), tms=tms), _close) as reader:
                if bidx and max(bidx) > reader.dataset.count:
                    raise BadRequest(
                        f"bidx: {path.stem} has {reader.dataset.count} band(s), got {list(bidx)}"
                    )
                try:  # Reader.tile checks tile_exists itself: no second check here
                    return reader.tile(
                        address.x,
                        address.y,
                        address.z,
                        indexes=bidx,
                        resampling_method=resampling,
                        reproject_method=resampling,
                    )
                except TileOutsideBounds:  # inside the borrow: the reader stays pooled
                    return None
        except (RasterioIOError, RasterioError) as exc:
            raise DataError(f"{path.name}: cannot read tile ({exc})") from exc

    def forget(self, path: Path) -> None:
        """Close pooled readers of ``path`` (the file changed or was removed)."""
        self._pool.discard(lambda key: key[0] == str(path), _close)


def _close(reader: Reader) -> None:
    reader.close()


class PackReaders:
    """Opened MBTiles packs, one reader object per file version (thread-safe readers)."""

    def __init__(self) -> None:
        self._packs: dict[tuple[str, str], MBTilesReader] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, version: str) -> MBTilesReader:
        key = (str(path), version)
        with self._lock:
            pack = self._packs.get(key)
        if pack is None:
            pack = MBTilesReader(path)
            with self._lock:
                stale = [k for k in self._packs if k[0] == key[0] and k != key]
                for k in stale:
                    del self._packs[k]
                self._packs[key] = pack
        return pack
