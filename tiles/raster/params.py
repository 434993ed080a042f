"""Query and path parameters, parsed and validated in small typed groups.

Each ``from_*`` constructor raises :class:`core.errors.BadRequest` naming the parameter,
so an endpoint body never validates anything itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

import morecantile
from pyproj import CRS
from werkzeug.datastructures import MultiDict

from core.errors import BadRequest

ImageFormat = Literal["png", "jpg", "webp"]
FORMATS: dict[str, str] = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
RESAMPLING = ("nearest", "bilinear", "cubic", "average")
MAX_ZOOM = 24
BEIJING = timezone(timedelta(hours=8))


def cgcs2000_quad() -> morecantile.TileMatrixSet:
    """A geographic quad grid on CGCS2000 (EPSG:4490), shaped like ``WGS1984Quad``.

    CGCS2000 and WGS 84 differ by centimetres, so tiles line up with ``WGS1984Quad`` at every
    zoom a basemap uses; clients that insist on the national datum can ask for this one.
    """
    return morecantile.TileMatrixSet.custom(
        [-180.0, -90.0, 180.0, 90.0],
        CRS.from_epsg(4490),
        matrix_scale=[2, 1],
        id="CGCS2000Quad",
        title="CGCS2000 geographic quad (2x1 tiles at zoom 0)",
        maxzoom=MAX_ZOOM,
    )


def tile_matrix_sets() -> dict[str, morecantile.TileMatrixSet]:
    """The tile matrix sets served: Web Mercator, WGS 84 and CGCS2000 geographic quads."""
    return {
        "WebMercatorQuad": morecantile.tms.get("WebMercatorQuad"),
        "WGS1984Quad": morecantile.tms.get("WGS1984Quad"),
        "CGCS2000Quad": cgcs2000_quad(),
    }


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise BadRequest(f"{name}: expected an integer, got {raw!r}") from None


@dataclass(frozen=True)
class TileAddress:
    """``z/x/y`` of one tile in a tile matrix set (validated against the matrix size)."""

    tms_id: str
    z: int
    x: int
    y: int

    @classmethod
    def parse(
        cls, tms: morecantile.TileMatrixSet, z: int | str, x: int | str, y: int | str
    ) -> TileAddress:
        z, x, y = _int("z", str(z)), _int("x", str(x)), _int("y", str(y))
        if not 0 <= z <= MAX_ZOOM:
            raise BadRequest(f"z: zoom {z} is outside 0..{MAX_ZOOM}")
        matrix = tms.matrix(z)
        if not (0 <= x < matrix.matrixWidth and 0 <= y < matrix.matrixHeight):
            raise BadRequest(
                f"tile {z}/{x}/{y} is outside the {tms.id} matrix at zoom {z} "
                f"(x < {matrix.matrixWidth}, y < {matrix.matrixHeight})"
            )
        return cls(tms.id, z, x, y)


@dataclass(frozen=True)
class RenderParams:
    """How to turn raster values into an image: bands, rescale, colour map, resampling.

    Attributes
    ----------
    bidx
        1-based band indexes, or ``None`` for the reader's default (all bands).
    rescale
        One ``(min, max)`` per output band (or one for all), or ``None``.
    colormap
        A colour map name (see :mod:`tiles.raster.colormaps`), or ``None``.
    resampling
        Warp resampling, or ``None`` for the dataset's default.
    """

    bidx: tuple[int, ...] | None = None
    rescale: tuple[tuple[float, float], ...] | None = None
    colormap: str | None = None
    resampling: str | None = None

    @classmethod
    def from_args(cls, args: MultiDict, colormap_names: frozenset[str]) -> RenderParams:
        return cls(
            bidx=_parse_bidx(args.getlist("bidx")),
            rescale=_parse_rescale(args.getlist("rescale")),
            colormap=_parse_colormap(args.get("colormap"), colormap_names),
            resampling=_parse_resampling(args.get("resampling")),
        )

    def key(self) -> tuple:
        return (self.bidx, self.rescale, self.colormap, self.resampling)


def _parse_bidx(values: list[str]) -> tuple[int, ...] | None:
    if not values:
        return None
    out: list[int] = []
    for raw in values:
        for part in raw.split(","):
            index = _int("bidx", part.strip())
            if index < 1:
                raise BadRequest(f"bidx: band indexes start at 1, got {index}")
            out.append(index)
    return tuple(out)


def _parse_rescale(values: list[str]) -> tuple[tuple[float, float], ...] | None:
    if not values:
        return None
    out: list[tuple[float, float]] = []
    for raw in values:
        parts = raw.split(",")
        if len(parts) != 2:
            raise BadRequest(f"rescale: expected 'min,max', got {raw!r}")
        try:
            low, high = float(parts[0]), float(parts[1])
        except ValueError:
            raise BadRequest(f"rescale: expected two numbers 'min,max', got {raw!r}") from None
        if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
            raise BadRequest(f"rescale: need finite min < max, got {raw!r}")
        out.append((low, high))
    return tuple(out)


def _parse_colormap(raw: str | None, names: frozenset[str]) -> str | None:
    if raw is None or raw == "":
        return None
    name = raw.lower()
    if name not in names:
        raise BadRequest(f"colormap: unknown colour map {raw!r} (see /tiles/colormaps)")
    return name


def _parse_resampling(raw: str | None) -> str | None:
    if not raw:
        return None
    if raw not in RESAMPLING:
        raise BadRequest(f"resampling: expected one of {', '.join(RESAMPLING)}, got {raw!r}")
    return raw


def parse_format(ext: str) -> ImageFormat:
    """``png``/``jpg``/``jpeg``/``webp`` → canonical extension; anything else is a 400."""
    ext = ext.lower()
    if ext not in FORMATS:
        raise BadRequest(f"format: expected png, jpg or webp, got {ext!r}")
    return "jpg" if ext == "jpeg" else ext  # type: ignore[return-value]


def parse_tms(raw: str | None, available: dict[str, morecantile.TileMatrixSet]) -> str:
    """The ``tms`` query parameter (default ``WebMercatorQuad``)."""
    if not raw:
        return "WebMercatorQuad"
    if raw not in available:
        raise BadRequest(f"tms: expected one of {', '.join(available)}, got {raw!r}")
    return raw


def parse_hour(raw: str | None) -> datetime:
    """An ISO 8601 time, floored to the hour; naive times are Beijing time (UTC+8).

    Returns a naive datetime in Beijing time, the convention of the station data. A zone
    offset that moves the time past year 1 or 9999 is a 400, like any other bad time.
    """
    if not raw:
        raise BadRequest("time: required, e.g. ?time=2020-03-30T14:00")
    try:
        # a "+" in a query string arrives as a space when the client did not encode it
        value = datetime.fromisoformat(raw.strip().replace(" ", "+").replace("Z", "+00:00"))
        if value.tzinfo is not None:
            value = value.astimezone(BEIJING).replace(tzinfo=None)
    except ValueError:
        raise BadRequest(f"time: not an ISO 8601 time: {raw!r}") from None
    except OverflowError:
        raise BadRequest(
            f"time: {raw!r} is outside the years 1..9999 in Beijing time (UTC+8)"
        ) from None
    return value.replace(minute=0, second=0, microsecond=0)


# C0 and C1 control characters and DEL: never part of a dataset id, a number or a time.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def reject_control_characters(
    path_values: Mapping[str, str] | None, args: Iterable[tuple[str, str]]
) -> None:
    """Refuse a control character (NUL, newline …) in any path segment or query parameter.

    Parameters
    ----------
    path_values
        The decoded path variables of the matched route (``request.view_args``).
    args
        ``(name, value)`` pairs of the query string (``request.args.items(multi=True)``).

    Raises
    ------
    BadRequest
        Naming the first offending segment or parameter.
    """
    for name, value in (path_values or {}).items():
        if isinstance(value, str) and _CONTROL.search(value):
            raise BadRequest(f"{name}: control characters are not allowed in the path")
    for name, value in args:
        if _CONTROL.search(name):
            raise BadRequest("query: control characters are not allowed in parameter names")
        if _CONTROL.search(value):
            raise BadRequest(f"{name}: control characters are not allowed")
