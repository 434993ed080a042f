"""Coordinate systems of Chinese GIS files: the EPSG codes, guessing from coordinates,
and the bureau's region check.

The Gauss–Krüger families (EPSG dataset; names checked with pyproj):

==============  ====================  ===================  ====================  ===================
datum           6°, zone in easting   6°, no zone prefix   3°, zone in easting   3°, no zone prefix
==============  ====================  ===================  ====================  ===================
CGCS2000        4491–4501 (13–23)     4502–4512 (75–135E)  4513–4533 (25–45)     4534–4554 (75–135E)
Xi'an 1980      2327–2337             2338–2348            2349–2369             2370–2390
Beijing 1954    21413–21423           21453–21463          2401–2421             2422–2442
==============  ====================  ===================  ====================  ===================

2391–2400 are Finnish (KKJ) and never offered. The easting tells prefix from no prefix:
with the zone number it is ``zone × 10⁶ + 500 000 ± …`` (8 digits), without it about
``500 000 ± 350 000`` (6 digits). Without a prefix the zone is not in the data: the
candidates are the zones nearest the bureau's region, and the region check after
transformation confirms or refutes the choice (a wrong zone lands 250–600 km away).
The three datums cannot be told apart from coordinates: CGCS2000 is offered first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from core.errors import Unprocessable

GEOGRAPHIC = (4490, 4326)  # CGCS2000, WGS 84 (equal to about a metre for mapping)
WEB_MERCATOR = 3857
GCJ02 = "GCJ-02"  # not an EPSG code: a stated offset, transformed by decision_models.gcj02
# Hefei and its surroundings [lon/lat degrees]: used when the store has no city outline.
DEFAULT_REGION = (116.4, 30.9, 117.9, 32.6)
REGION_MARGIN_DEG = 0.3

#: datum → (6° prefix, 6° no prefix, 3° prefix, 3° no prefix) first EPSG codes
GK_FAMILIES: dict[str, tuple[int, int, int, int]] = {
    "CGCS2000": (4491, 4502, 4513, 4534),
    "Xian1980": (2327, 2338, 2349, 2370),
    "Beijing1954": (21413, 21453, 2401, 2422),
}
DATUM_TITLES = {"CGCS2000": "CGCS2000 (2000国家大地坐标系)", "Xian1980": "Xi'an 1980 (西安80)",
                "Beijing1954": "Beijing 1954 (北京54)"}


@dataclass(frozen=True)
class CrsChoice:
    """A coordinate system offered for a file whose CRS is not declared."""

    code: str  # "EPSG:4527" or "GCJ-02"
    name: str
    why: str = ""
    in_region: bool | None = None  # where the data's centre lands after transformation

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "why": self.why,
                "in_region": self.in_region}


def gk_epsg(datum: str, width: int, zone: int, prefix: bool) -> int:
    """The EPSG code of a Gauss–Krüger zone.

    ``zone`` is the zone number (6°: 13–23, central meridian 6·zone − 3; 3°: 25–45,
    central meridian 3·zone), whether or not the easting carries it.
    """
    six_p, six_n, three_p, three_n = GK_FAMILIES[datum]
    if width == 6 and 13 <= zone <= 23:
        return (six_p if prefix else six_n) + zone - 13
    if width == 3 and 25 <= zone <= 45:
        return (three_p if prefix else three_n) + zone - 25
    raise ValueError(f"no {width}° Gauss–Krüger zone {zone} in China")


def chinese_codes() -> set[int]:
    """Every EPSG code of the table above (and the geographic and Web Mercator ones)."""
    codes = {*GEOGRAPHIC, WEB_MERCATOR}
    for six_p, six_n, three_p, three_n in GK_FAMILIES.values():
        codes |= set(range(six_p, six_p + 11)) | set(range(six_n, six_n + 11))
        codes |= set(range(three_p, three_p + 21)) | set(range(three_n, three_n + 21))
    return codes


def parse_crs(text: str | None) -> CRS | str | None:
    """A user's CRS choice: ``EPSG:4527``, ``4527``, a WKT/PROJ string, or ``GCJ-02``.

    Raises
    ------
    Unprocessable
        The text is not a coordinate system pyproj knows.
    """
    if text is None or not text.strip():
        return None
    raw = text.strip()
    if raw.upper().replace("-", "").replace("_", "") in ("GCJ02", "GCJ"):
        return GCJ02
    if raw.isdigit():
        raw = f"EPSG:{raw}"
    try:
        return CRS.from_user_input(raw)
    except CRSError as exc:
        raise Unprocessable(f"crs: {text!r} is not a coordinate system ({exc})") from exc


def crs_label(crs: CRS | str | None) -> str:
    if crs is None:
        return ""
    if isinstance(crs, str):
        return crs
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg} {crs.name}" if epsg else crs.name


def crs_code(crs: CRS | str | None) -> str | None:
    if crs is None or isinstance(crs, str):
        return crs
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg else crs.to_wkt()


def in_box(lon: float, lat: float, box: tuple[float, float, float, float],
           margin: float = 0.0) -> bool:
    return (box[0] - margin <= lon <= box[2] + margin
            and box[1] - margin <= lat <= box[3] + margin)


def _centre_lonlat(epsg: int, x: float, y: float) -> tuple[float, float]:
    tr = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    return tr.transform(x, y)


def guess_crs(bounds: tuple[float, float, float, float],
              region: tuple[float, float, float, float] = DEFAULT_REGION) -> list[CrsChoice]:
    """Coordinate systems that could hold coordinates within ``bounds``, best first.

    Parameters
    ----------
    bounds
        (minx, miny, maxx, maxy) of the data in its own, undeclared units.
    region
        The bureau's region (lon/lat box) used to rank the candidates and to pick the
        zone when the easting has no zone prefix.

    Returns
    -------
    list of CrsChoice
        Empty when the numbers fit nothing (e.g. local engineering coordinates).
    """
    minx, miny, maxx, maxy = bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    rlon = (region[0] + region[2]) / 2
    out: list[CrsChoice] = []

    def add(epsg: int, why: str) -> None:
        try:
            lon, lat = _centre_lonlat(epsg, cx, cy)
            inside = bool(np.isfinite(lon) and in_box(lon, lat, region, REGION_MARGIN_DEG))
        except Exception:
            inside = False
        out.append(CrsChoice(f"EPSG:{epsg}", CRS.from_epsg(epsg).name, why, inside))

    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        add(4490, "longitude/latitude in degrees; CGCS2000 (the national datum)")
        add(4326, "longitude/latitude in degrees; WGS 84 (GPS)")
        out.append(CrsChoice(GCJ02, "GCJ-02 (火星坐标, web maps: 高德/腾讯)",
                             "only if the coordinates were copied from a GCJ-02 web map",
                             None))
    elif miny >= 1e6 and maxy <= 7e6:
        zone = int(cx // 1_000_000)
        if 13 <= zone <= 45 and minx >= 1e7:
            width = 6 if zone <= 23 else 3
            for datum in GK_FAMILIES:
                add(gk_epsg(datum, width, zone, True),
                    f"easting {cx:,.0f} m carries {width}° zone {zone}; {DATUM_TITLES[datum]}")
        elif minx > 0 and maxx < 1_000_000:
            three, six = round(rlon / 3), int(rlon // 6) + 1
            for datum in GK_FAMILIES:
                add(gk_epsg(datum, 3, three, False),
                    f"easting {cx:,.0f} m has no zone prefix; 3° zone {three} (CM {3 * three}°E) "
                    f"covers the region; {DATUM_TITLES[datum]}")
            for datum in GK_FAMILIES:
                add(gk_epsg(datum, 6, six, False),
                    f"easting without zone prefix; 6° zone {six} (CM {6 * six - 3}°E); "
                    f"{DATUM_TITLES[datum]}")
            for zone3 in (three - 1, three + 1):
                add(gk_epsg("CGCS2000", 3, zone3, False), f"neighbouring 3° zone {zone3}")
    if abs(minx) <= 20037508.35 and abs(maxx) <= 20037508.35 and abs(maxy) <= 2e7 and (
            abs(maxx) > 180 or abs(maxy) > 90):
        add(WEB_MERCATOR, "metres of Web Mercator (web map tiles)")
    # those whose centre lands in the region first; otherwise the order of the table
    return sorted(out, key=lambda c: c.in_region is False)


def region_from_extent(extent: tuple[float, float, float, float] | None
                       ) -> tuple[float, float, float, float]:
    return tuple(extent) if extent else DEFAULT_REGION  # type: ignore[return-value]
