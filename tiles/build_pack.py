"""Build an offline MBTiles basemap pack from a GeoTIFF/COG or satellite band files.

Usage::

    python -m tiles.build_pack SOURCE... --out PACK.mbtiles --zoom 6-16 [options]

SOURCE is either one GeoTIFF/COG (any CRS; RGB uint8 imagery, or data rendered with
``--rescale``/``--colormap``), or the three visible band files of a Sentinel-2 scene
(``*B04*``, ``*B03*``, ``*B02*``) or a Landsat 8/9 scene (``*_B4``, ``*_B3``, ``*_B2``),
composited to true colour (R=B4, G=B3, B=B2) with a 2–98 percentile stretch per band.
Tiles are reprojected to Web Mercator (``WebMercatorQuad``), written as JPEG/WebP for imagery
and PNG for data, in the TMS row order of MBTiles 1.3. A run can be interrupted and resumed:
tiles already in the pack are skipped. Progress goes to stderr.

Drop the pack into ``settings.resolved_basemap_dir`` (``var/basemaps``) and it is served at
``/tiles/{file stem}/{z}/{x}/{y}.{format}``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import morecantile
import numpy as np
import rasterio
from rio_tiler.io import Reader
from rio_tiler.models import ImageData

from core.errors import BadRequest, OneMapError
from tiles.mbtiles import MBTilesWriter
from tiles.raster import algorithms, render
from tiles.raster.colormaps import colormap_names
from tiles.raster.params import RenderParams
from tiles.raster.reader import inspect_raster

TMS = morecantile.tms.get("WebMercatorQuad")
BAND_PATTERN = re.compile(r"(?:^|[_.-])(?:SR_)?B0?([2348])(?:[_.-]|$)", re.IGNORECASE)
PERCENTILES = (2.0, 98.0)
COMMIT_EVERY = 256


@dataclass(frozen=True)
class Source:
    """What to tile: one raster, or three band files (red, green, blue)."""

    paths: tuple[Path, ...]
    composite: bool


def classify_sources(paths: Sequence[Path]) -> Source:
    """One GeoTIFF, or the B4/B3/B2 files of a scene ordered red, green, blue.

    Examples
    --------
    >>> classify_sources([Path("T50_B02_10m.jp2"), Path("T50_B03_10m.jp2"),
    ...                   Path("T50_B04_10m.jp2")]).paths[0].name
    'T50_B04_10m.jp2'
    """
    if len(paths) == 1:
        return Source((Path(paths[0]),), composite=False)
    bands: dict[str, Path] = {}
    for path in paths:
        match = BAND_PATTERN.search(Path(path).stem)
        if match:
            bands.setdefault(match.group(1), Path(path))
    if not all(b in bands for b in "432"):
        raise BadRequest(
            "sources: give one GeoTIFF, or the B4, B3 and B2 band files of a Sentinel-2/Landsat "
            f"scene; recognised bands: {sorted(bands) or 'none'}"
        )
    return Source((bands["4"], bands["3"], bands["2"]), composite=True)


def percentile_stretch(path: Path, low: float = 2.0, high: float = 98.0) -> tuple[float, float]:
    """2–98 percentile of a band's valid pixels, from a ≤ 2048-pixel decimated read."""
    with rasterio.open(path) as src:
        scale = max(1, src.width // 2048, src.height // 2048)
        data = src.read(1, out_shape=(src.height // scale, src.width // scale), masked=True)
        values = data.compressed()
        if src.nodata is None:
            values = values[values != 0]  # scene files mark no-data with 0
    if values.size == 0:
        raise BadRequest(f"{path.name}: no valid pixels")
    lo, hi = np.percentile(values, [low, high])
    return (float(lo), float(hi)) if hi > lo else (float(lo), float(lo) + 1.0)


def parse_zoom(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"--zoom: expected MIN-MAX like 6-16, got {text!r}")
    lo = int(match.group(1))
    hi = int(match.group(2) or lo)
    if not 0 <= lo <= hi <= 22:
        raise argparse.ArgumentTypeError(f"--zoom: need 0 <= min <= max <= 22, got {text!r}")
    return lo, hi


class PackBuilder:
    """Renders the tiles of a source into a pack (one reader per file, reused)."""

    def __init__(self, source: Source, fmt: str, params: RenderParams) -> None:
        self.source = source
        self.fmt = fmt
        self.params = params
        self.readers = [
            Reader(str(p), tms=TMS, options={"nodata": 0} if source.composite
                   and _nodata(p) is None else {})
            for p in source.paths
        ]
        self.stretch = [percentile_stretch(p, *PERCENTILES) for p in source.paths] \
            if source.composite else None
        self.info = inspect_raster(source.paths[0])

    def close(self) -> None:
        for reader in self.readers:
            reader.close()

    def bounds(self) -> tuple[float, float, float, float]:
        return self.info.bounds

    def render(self, x: int, y: int, z: int) -> bytes | None:
        """Encoded tile, or ``None`` when it holds no data."""
        if not self.readers[0].tile_exists(x, y, z):
            return None
        if self.source.composite:
            parts = [r.tile(x, y, z, indexes=1, resampling_method="bilinear",
                            reproject_method="bilinear") for r in self.readers]
            img = _stack(parts).rescale(in_range=self.stretch)
        else:
            img = self.readers[0].tile(
                x, y, z, indexes=self.params.bidx, resampling_method="bilinear",
                reproject_method="bilinear",
            )
            img = algorithms.render_values(img, self.params, self.info.value_range)
        if img.array.mask.all():
            return None
        return render.encode(img, self.fmt)  # type: ignore[arg-type]


def _nodata(path: Path) -> float | None:
    with rasterio.open(path) as src:
        return src.nodata


def _stack(parts: list[ImageData]) -> ImageData:
    data = np.concatenate([p.array.data for p in parts]).astype("float32")
    mask = np.logical_or.reduce([p.array.mask[0] for p in parts])
    array = np.ma.MaskedArray(data, mask=np.broadcast_to(mask, data.shape).copy())
    return ImageData(array, bounds=parts[0].bounds, crs=parts[0].crs)


def build(
    sources: Sequence[Path],
    out: Path,
    zooms: tuple[int, int],
    fmt: str | None = None,
    params: RenderParams | None = None,
    name: str | None = None,
    attribution: str = "",
    progress=sys.stderr,
) -> dict[str, int]:
    """Build or resume a pack; returns counts ``written``, ``skipped``, ``empty``.

    Parameters
    ----------
    sources
        One GeoTIFF, or the B4/B3/B2 band files of a scene.
    out
        The ``.mbtiles`` file (created, or resumed if it exists).
    zooms
        ``(min, max)`` zoom levels, inclusive.
    fmt
        ``jpg``, ``webp`` or ``png``; default JPEG for 8-bit RGB imagery, PNG otherwise.
    params
        Band/rescale/colour map for single-raster data sources.
    """
    source = classify_sources([Path(s) for s in sources])
    params = params or RenderParams()
    builder = PackBuilder(source, "png", params)
    imagery = source.composite or (builder.info.count >= 3 and builder.info.dtype == "uint8"
                                   and not params.colormap)
    builder.fmt = fmt or ("jpg" if imagery else "png")
    west, south, east, north = builder.bounds()
    counts = {"written": 0, "skipped": 0, "empty": 0}
    started = time.monotonic()
    with MBTilesWriter(out) as pack:
        before = pack.metadata()  # a resumed run keeps the zooms of earlier runs
        if "minzoom" in before and "maxzoom" in before:
            zooms_meta = (min(zooms[0], int(before["minzoom"])),
                          max(zooms[1], int(before["maxzoom"])))
        else:
            zooms_meta = zooms
        pack.set_metadata(
            {
                "name": name or out.stem,
                "format": builder.fmt,
                "bounds": f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}",
                "center": f"{(west + east) / 2:.6f},{(south + north) / 2:.6f},{zooms[0]}",
                "minzoom": zooms_meta[0],
                "maxzoom": zooms_meta[1],
                "type": "baselayer" if imagery else "overlay",
                "version": "1.0",
                "description": "built by tiles.build_pack from "
                + ", ".join(p.name for p in source.paths),
                "attribution": attribution,
            }
        )
        try:
            for z in range(zooms[0], zooms[1] + 1):
                tiles = list(TMS.tiles(west, south, east, north, zooms=[z]))
                done = pack.existing(z)
                batch: list[tuple[int, int, int, bytes]] = []
                for i, tile in enumerate(tiles, start=1):
                    if (tile.x, tile.y) in done:
                        counts["skipped"] += 1
                    else:
                        data = builder.render(tile.x, tile.y, z)
                        if data is None:
                            counts["empty"] += 1
                        else:
                            batch.append((z, tile.x, tile.y, data))
                            counts["written"] += 1
                    if len(batch) >= COMMIT_EVERY:
                        pack.put_many(batch)
                        batch.clear()
                    if i % 500 == 0 or i == len(tiles):
                        print(
                            f"zoom {z}: {i}/{len(tiles)} tiles; total written "
                            f"{counts['written']}, skipped {counts['skipped']} (already in "
                            f"pack), empty {counts['empty']}; "
                            f"{time.monotonic() - started:.1f} s",
                            file=progress, flush=True,
                        )
                pack.put_many(batch)
        finally:
            builder.close()
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tiles.build_pack", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("sources", nargs="+", type=Path, help="GeoTIFF/COG, or B4 B3 B2 files")
    parser.add_argument("--out", required=True, type=Path, help="the .mbtiles pack to write")
    parser.add_argument("--zoom", type=parse_zoom, default=(6, 16), help="MIN-MAX, e.g. 6-16")
    parser.add_argument("--format", choices=("jpg", "webp", "png"), default=None)
    parser.add_argument("--name", default=None, help="pack title (metadata 'name')")
    parser.add_argument("--attribution", default="")
    parser.add_argument("--bidx", action="append", default=[], help="band(s) of a data raster")
    parser.add_argument("--rescale", action="append", default=[], help="min,max for data")
    parser.add_argument("--colormap", default=None, help="colour map for one-band data")
    args = parser.parse_args(argv)
    try:
        from werkzeug.datastructures import MultiDict

        query = MultiDict(
            [("bidx", b) for b in args.bidx] + [("rescale", r) for r in args.rescale]
            + ([("colormap", args.colormap)] if args.colormap else [])
        )
        params = RenderParams.from_args(query, colormap_names())
        for path in args.sources:
            if not path.exists():
                raise BadRequest(f"{path}: no such file")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        counts = build(
            args.sources, args.out, args.zoom, args.format, params, args.name, args.attribution
        )
    except OneMapError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: run the same command again to resume", file=sys.stderr)
        return 130
    print(
        f"{args.out}: written {counts['written']}, skipped {counts['skipped']}, "
        f"empty {counts['empty']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
