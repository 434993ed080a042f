"""Typed, validated query parameters of the OGC API – Features endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from werkzeug.datastructures import MultiDict

from core.clock import BEIJING
from core.errors import BadRequest
from store.features import BBox

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CGCS2000 = "http://www.opengis.net/def/crs/EPSG/0/4490"
SUPPORTED_CRS = (CRS84, CGCS2000)
# Parameters with a meaning of their own; anything else is a property filter.
RESERVED = {"bbox", "bbox-crs", "limit", "offset", "datetime", "crs", "f", "zoom", "lang",
            "properties", "cluster"}
CLUSTER_MODES = ("off", "auto")
MAX_OFFSET = 10**9
MAX_ZOOM = 24


def parse_bbox(value: str | None, bbox_crs: str | None = None) -> BBox | None:
    """``minx,miny,maxx,maxy`` in CRS84 (or lat/lon order for EPSG:4490)."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    if len(parts) == 6:  # 3-D bbox: drop the heights
        parts = [parts[0], parts[1], parts[3], parts[4]]
    try:
        a, b, c, d = (float(p) for p in parts)
    except ValueError:
        raise BadRequest(f"bbox must be four numbers 'minx,miny,maxx,maxy', got {value!r}") \
            from None
    if bbox_crs == CGCS2000:
        a, b, c, d = b, a, d, c
    elif bbox_crs not in (None, "", CRS84):
        raise BadRequest(f"unsupported bbox-crs {bbox_crs!r}; use {CRS84} or {CGCS2000}")
    if not (-180 <= a <= 180 and -180 <= c <= 180 and -90 <= b <= 90 and -90 <= d <= 90):
        raise BadRequest(f"bbox {value!r} is outside the world (lon −180..180, lat −90..90)")
    if a > c or b > d:
        raise BadRequest(f"bbox {value!r} has min greater than max")
    return (a, b, c, d)


def check_no_nul(args: Mapping[str, str] | MultiDict[str, str], *texts: str) -> None:
    """Refuse NUL characters in any parameter name or value (and in ``texts``, e.g. a
    feature id from the path): PostgreSQL text cannot hold them."""
    pairs = args.items(multi=True) if isinstance(args, MultiDict) else args.items()
    if any("\x00" in key or "\x00" in value for key, value in pairs) \
            or any("\x00" in text for text in texts):
        raise BadRequest("parameters must not contain NUL characters (%00)")


def parse_int(name: str, value: str | None, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, got {value!r}") from None
    if not lo <= number <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}, got {number}")
    return number


def parse_instant(value: str) -> datetime:
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"datetime {value!r} is not RFC 3339 (e.g. 2026-11-23T10:00:00Z)") \
            from None
    if parsed.tzinfo is not None:  # the store keeps Beijing local time (UTC+8)
        try:
            parsed = parsed.astimezone(timezone(BEIJING)).replace(tzinfo=None)
        except OverflowError:  # e.g. 9999-12-31T23:00-08:00 is in the year 10000 in Beijing
            raise BadRequest(f"datetime {value!r} is outside the years 1 to 9999 in Beijing "
                             "time (UTC+8)") from None
    return parsed


def parse_datetime(value: str | None) -> datetime | None:
    """An instant, or an interval ``start/end`` whose end is used (``..`` = open)."""
    if value is None or value == "":
        return None
    if "/" in value:
        start, _, end = value.partition("/")
        if start not in ("", ".."):
            parse_instant(start)  # validate
        return None if end in ("", "..") else parse_instant(end)
    return parse_instant(value)


def parse_crs(value: str | None, name: str = "crs") -> str:
    if value is None or value == "":
        return CRS84
    if value not in SUPPORTED_CRS:
        raise BadRequest(f"unsupported {name} {value!r}; use {CRS84} or {CGCS2000}")
    return value


def parse_properties(value: str | None) -> tuple[str, ...] | None:
    """``properties=a,b,c`` (the draft OGC API – Features Part 6 "Property selection", as in
    pygeoapi): the properties to return; ``None`` when absent (all of them). The names are
    checked against the layer by ``layers.query``."""
    if value is None:
        return None
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    bad = [n for n in names if not n.replace("_", "").isalnum()]
    if bad:
        raise BadRequest(f"properties must be comma-separated property names, got {bad!r}")
    return names


def parse_cluster(value: str | None) -> bool:
    """``cluster=auto`` (One Map extension) lets a point layer answer grid clusters when
    its bbox holds too many features; ``off`` (the default) always returns features."""
    if value is None or value == "" or value == "off":
        return False
    if value == "auto":
        return True
    raise BadRequest(f"cluster must be one of {', '.join(CLUSTER_MODES)}, got {value!r}")


@dataclass(frozen=True)
class ItemsParams:
    bbox: BBox | None
    limit: int
    offset: int
    time: datetime | None
    zoom: int | None
    crs: str
    filters: dict[str, str]
    properties: tuple[str, ...] | None = None
    cluster: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str], default_limit: int, max_limit: int
                  ) -> ItemsParams:
        check_no_nul(args)
        zoom = args.get("zoom")
        return cls(
            bbox=parse_bbox(args.get("bbox"), args.get("bbox-crs")),
            limit=parse_int("limit", args.get("limit"), default_limit, 0, max_limit),
            offset=parse_int("offset", args.get("offset"), 0, 0, MAX_OFFSET),
            time=parse_datetime(args.get("datetime")),
            zoom=None if zoom in (None, "") else parse_int("zoom", zoom, 0, 0, MAX_ZOOM),
            crs=parse_crs(args.get("crs")),
            filters={k: v for k, v in args.items() if k not in RESERVED},
            properties=parse_properties(args.get("properties")),
            cluster=parse_cluster(args.get("cluster")),
        )
