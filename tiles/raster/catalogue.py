"""The catalogue of tile datasets, built at start-up and refreshed when packs are dropped in.

Sources, in order:

1. the declared tile sets (``layers.basemap.BASEMAPS``, read through the layer registry):
   files of the data folder (the sample imagery; the DEM, found by the role ``dem`` of the
   folder's ``region.toml``, so a region pack's relief comes from its own DEM) and the
   basemaps derived from them (cached under ``var_dir/derived``); a declared file that is
   missing leaves it and its derived basemaps out;
2. every ``*.mbtiles``, ``*.tif`` and ``*.tiff`` in ``settings.resolved_basemap_dir`` (id = the
   file stem, lower-cased, spaces → ``-``); the folder is rescanned when its mtime changes;
3. uploaded rasters (``datasets``): the COGs ``upload_<id>[.v<n>].tif`` in
   ``settings.var_dir/uploads`` (the highest version of an id),
   served by id (``/tiles/upload_<id>/…``) but not listed (the dataset catalogue lists
   them, to those who may see them); the folder is rescanned when its mtime changes, so
   every worker serves a new upload without a restart;
4. optional online XYZ providers (``kind="online"``), WGS 84 only (see
   :func:`validate_providers`); their tiles are proxied by this server
   (:mod:`tiles.raster.online`), so the entry holds no upstream URL and no token.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from core.errors import ConfigError, DataError, NotFound, OneMapError
from core.region import cached_region
from core.settings import OnlineProvider, Settings
from tiles.mbtiles import MBTilesReader
from tiles.raster import derived
from tiles.raster.online import proxy_path
from tiles.raster.reader import inspect_raster

if TYPE_CHECKING:
    from collections.abc import Sequence

    from layers.basemap import BasemapSpec

log = logging.getLogger(__name__)

Kind = Literal["basemap", "data", "online"]
Source = Literal["cog", "mbtiles", "online"]
BASEMAP_MIN_MAXZOOM = 16  # smooth over-zoom of coarse basemaps down to city scale


@dataclass(frozen=True)
class Dataset:
    """One entry of the catalogue (immutable; a changed file gives a new entry)."""

    id: str
    title: str
    kind: Kind
    source: Source
    bounds: tuple[float, float, float, float] = (-180.0, -85.0511, 180.0, 85.0511)
    minzoom: int = 0
    maxzoom: int = 18
    attribution: str = ""
    path: Path | None = None
    version: str = ""
    count: int = 1
    dtype: str = "uint8"
    value_range: tuple[float, float] | None = None
    resampling: str = "nearest"
    tile_format: str = "png"  # default / stored format
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def tile_path(self) -> str:
        """XYZ template of the dataset's tiles on this server, relative to the base URL."""
        if self.source == "online":
            return proxy_path(self.id)
        return f"/tiles/{self.id}/{{z}}/{{x}}/{{y}}.{self.tile_format}"

    def summary(self, base_url: str) -> dict:
        """The JSON entry of ``GET /tiles`` (links on ``base_url``, the public base)."""
        out = {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "bounds": list(self.bounds),
            "minzoom": self.minzoom,
            "maxzoom": self.maxzoom,
            "attribution": self.attribution,
        }
        if self.source != "online":
            out["tilejson"] = f"{base_url}/tiles/{self.id}/tilejson.json"
        out["tiles"] = [base_url + self.tile_path()]
        return out


def _version(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_mtime_ns:x}-{stat.st_size:x}"


def validate_providers(settings: Settings) -> list[OnlineProvider]:
    """The configured online providers, refusing GCJ-02 ones.

    GCJ-02 (高德, 腾讯 …) tiles are offset by hundreds of metres from WGS 84/CGCS2000 data;
    serving them next to our layers would silently misalign everything.

    Raises
    ------
    ConfigError
        A provider declares ``crs="GCJ02"``.
    """
    providers = settings.providers
    refused = [p.id for p in providers if p.crs == "GCJ02"]
    if refused:
        raise ConfigError(
            f"online provider(s) {', '.join(refused)} use GCJ-02 (火星坐标), which is offset by "
            "up to ~700 m from WGS 84/CGCS2000 data; One Map refuses them rather than "
            "misalign the map. Use a WGS 84/CGCS2000 provider such as 天地图 (tianditu)."
        )
    return providers


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", stem.lower()).strip("-") or "pack"


def cog_dataset(
    dataset_id: str, path: Path, title: str, kind: Kind | None = None, attribution: str = ""
) -> Dataset:
    """Describe a GeoTIFF/COG (raises DataError when unreadable).

    ``kind=None`` decides from the bands: 8-bit RGB(A) imagery is a basemap (bilinear
    resampling, over-zoom to city scale), anything else is data (nearest: values stay exact).
    """
    info = inspect_raster(path)
    if kind is None:
        kind = "basemap" if info.count >= 3 and info.dtype == "uint8" else "data"
    basemap = kind == "basemap"
    return Dataset(
        id=dataset_id,
        title=title,
        kind=kind,
        source="cog",
        bounds=info.bounds,
        minzoom=max(0, info.minzoom),
        maxzoom=max(info.maxzoom, BASEMAP_MIN_MAXZOOM) if basemap else info.maxzoom + 2,
        attribution=attribution,
        path=path,
        version=_version(path),
        count=info.count,
        dtype=info.dtype,
        value_range=info.value_range,
        resampling="bilinear" if basemap else "nearest",
        # WebP keeps an alpha channel: the edge of the data is transparent, not a black or
        # white frame (JPEG has no alpha), at about JPEG sizes
        tile_format="webp" if basemap and info.count == 3 and info.dtype == "uint8" else "png",
    )


def pack_dataset(dataset_id: str, path: Path) -> Dataset:
    """Describe an MBTiles pack (raises DataError when unreadable)."""
    pack = MBTilesReader(path)
    meta = pack.metadata
    minzoom, maxzoom = pack.zoom_range
    return Dataset(
        id=dataset_id,
        title=meta.get("name", path.stem),
        kind="data" if meta.get("type") == "overlay" else "basemap",
        source="mbtiles",
        bounds=pack.bounds,
        minzoom=minzoom,
        maxzoom=maxzoom,
        attribution=meta.get("attribution", ""),
        path=path,
        version=_version(path),
        tile_format=pack.format,
    )


_UPLOAD_FILE = re.compile(r"^(upload_\d+)(?:\.v(\d+))?\.tif$")


def _upload_files(folder: Path | None) -> list[tuple[str, Path]]:
    """(dataset id, file) of the uploaded rasters: ``upload_<id>.tif`` is version 1, a
    replacement is ``upload_<id>.v<n>.tif``; the highest version of an id is served (the
    older file is removed once the replacement is committed)."""
    best: dict[str, tuple[int, Path]] = {}
    for path in sorted(folder.glob("upload_*.tif")) if folder is not None else []:
        match = _UPLOAD_FILE.match(path.name)
        if match is None:
            continue
        version = int(match.group(2) or 1)
        if match.group(1) not in best or version > best[match.group(1)][0]:
            best[match.group(1)] = (version, path)
    return [(dataset_id, path) for dataset_id, (_, path) in sorted(best.items())]


class Catalogue:
    """Datasets by id; thread-safe, the basemap folder rescanned when its mtime changes.

    Parameters
    ----------
    settings
        Paths (``data_dir``, ``var_dir``, ``resolved_basemap_dir``) and online providers.
    basemaps
        The declared tile sets (``LayerRegistry.basemaps()``); by default
        ``layers.basemap.BASEMAPS``.
    """

    def __init__(self, settings: Settings,
                 basemaps: Sequence[BasemapSpec] | None = None) -> None:
        if basemaps is None:
            from layers.basemap import BASEMAPS

            basemaps = BASEMAPS
        self._settings = settings
        self._declared = tuple(basemaps)
        self._lock = threading.Lock()
        self._fixed = self._builtin() + self._online(settings)
        self._scanned: dict[str, Dataset] = {}
        self._broken: dict[str, str] = {}
        self._folder_mtime: int | None = None
        self._uploads: dict[str, Dataset] = {}
        self._uploads_mtime: int | None = None
        self.refresh()

    # -- building -----------------------------------------------------------------------------
    def _declared_file(self, spec: BasemapSpec) -> Path | None:
        """The file of a ``source="file"`` declaration: by the region's role, else by path."""
        data = self._settings.data_dir
        if spec.role:
            try:
                path = cached_region(data.resolve()).path(spec.role)
            except ConfigError as exc:
                log.warning("basemap %s: no region (%s)", spec.id, exc)
                return None
        else:
            path = data / spec.path
        if path is None or not path.exists():
            log.warning("basemap %s: its file is missing (%s)", spec.id,
                        path or f"no role {spec.role!r} in the region")
            return None
        return path

    def _builtin(self) -> list[Dataset]:
        """The declared tile sets, in declaration order, each once."""
        found: dict[str, Dataset] = {}
        sources: dict[str, Path] = {}
        for spec in self._declared:
            if spec.source == "file":
                path = self._declared_file(spec)
                if path is None:
                    continue
                sources[spec.id] = path
                found[spec.id] = cog_dataset(spec.id, path, spec.catalogue_title or spec.id,
                                             spec.kind, spec.attribution)
        derived_paths: dict[str, Path] = {}
        by_source: dict[str, dict[str, str]] = {}
        for spec in self._declared:
            if spec.source == "derived" and spec.derived_from in sources:
                by_source.setdefault(spec.derived_from, {})[spec.id] = spec.renderer
        for source_id, renderers in by_source.items():
            derived_paths.update(derived.ensure_derived(
                sources[source_id], self._settings.var_dir / "derived", renderers))
        out: list[Dataset] = []
        for spec in self._declared:
            if spec.id in found:
                out.append(found[spec.id])
            elif spec.id in derived_paths:
                out.append(cog_dataset(spec.id, derived_paths[spec.id],
                                       spec.catalogue_title or spec.id, spec.kind,
                                       spec.attribution))
        return out

    @staticmethod
    def _online(settings: Settings) -> list[Dataset]:
        out = []
        for provider in validate_providers(settings):
            out.append(
                Dataset(
                    id=provider.id, title=provider.title, kind="online", source="online",
                    maxzoom=provider.max_zoom, attribution=provider.attribution,
                )
            )
        return out

    def _scan(self, folder: Path) -> tuple[dict[str, Dataset], dict[str, str]]:
        found: dict[str, Dataset] = {}
        broken: dict[str, str] = {}
        fixed_ids = {d.id for d in self._fixed}
        files = sorted(
            p for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in (".mbtiles", ".tif", ".tiff")
        )
        previous = self._scanned
        for path in files:
            dataset_id = _slug(path.stem)
            if dataset_id in fixed_ids or dataset_id in found:
                dataset_id = f"pack-{dataset_id}"
            old = previous.get(dataset_id)
            if old is not None and old.path == path and old.version == _version(path):
                found[dataset_id] = old
                continue
            try:
                if path.suffix.lower() == ".mbtiles":
                    found[dataset_id] = pack_dataset(dataset_id, path)
                else:
                    title = path.stem.replace("_", " ")
                    found[dataset_id] = cog_dataset(dataset_id, path, title)
            except OneMapError as exc:
                log.warning("skipping %s: %s", path, exc)
                broken[dataset_id] = exc.message
        return found, broken

    def refresh(self) -> None:
        """Rescan the basemap folder if its mtime changed since the last scan."""
        folder = self._settings.resolved_basemap_dir
        try:
            mtime = folder.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if mtime == self._folder_mtime:
            return
        with self._lock:
            if mtime == self._folder_mtime:
                return
            scanned, broken = self._scan(folder) if mtime is not None else ({}, {})
            self._scanned, self._broken, self._folder_mtime = scanned, broken, mtime

    def refresh_uploads(self) -> None:
        """Rescan the uploaded rasters if their folder changed since the last scan."""
        folder = self._settings.var_dir / "uploads"
        try:
            mtime = folder.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if mtime == self._uploads_mtime:
            return
        with self._lock:
            if mtime == self._uploads_mtime:
                return
            found: dict[str, Dataset] = {}
            for dataset_id, path in _upload_files(folder if mtime is not None else None):
                old = self._uploads.get(dataset_id)
                if old is not None and old.path == path and old.version == _version(path):
                    found[dataset_id] = old
                    continue
                try:
                    found[dataset_id] = cog_dataset(dataset_id, path, dataset_id, "data")
                except OneMapError as exc:
                    log.warning("skipping uploaded raster %s: %s", path, exc)
            self._uploads, self._uploads_mtime = found, mtime

    # -- lookup -------------------------------------------------------------------------------
    def datasets(self) -> list[Dataset]:
        self.refresh()
        return [*self._fixed, *self._scanned.values()]

    def get(self, dataset_id: str) -> Dataset:
        """The dataset, or NotFound (naming why, when the file exists but is unreadable)."""
        for entry in self._fixed:
            if entry.id == dataset_id:
                return entry
        if dataset_id.startswith("upload_"):
            self.refresh_uploads()
            found = self._uploads.get(dataset_id)
            if found is not None:
                return found
            raise NotFound(f"unknown dataset {dataset_id!r}")
        found = self._scanned.get(dataset_id)
        if found is None:
            self.refresh()
            found = self._scanned.get(dataset_id)
        if found is not None:
            return found
        if dataset_id in self._broken:
            raise NotFound(f"dataset {dataset_id!r} is unreadable: {self._broken[dataset_id]}")
        raise NotFound(f"unknown dataset {dataset_id!r} (see /tiles)")

    def served(self, dataset_id: str) -> Dataset:
        """Like :meth:`get`, for datasets this server renders (not online providers)."""
        entry = self.get(dataset_id)
        if entry.source == "online":
            raise NotFound(f"dataset {dataset_id!r} is an online provider; its tiles are at "
                           f"{entry.tile_path()}")
        return entry


__all__ = ["Catalogue", "DataError", "Dataset", "validate_providers"]
