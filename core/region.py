"""The region a data folder describes, read from its ``region.toml``.

Every data folder (``data_samples/`` for Hefei, or a region pack built by ``regionpack``)
carries a ``region.toml``: the GB/T 2260 code, name and level of the unit, its extent, its
children (districts and counties of a city; cities of a province) and its files by role.
The app reads the region from here and never from constants, so that a pack for any city or
province is served by the same code. Standard library only: ``core`` depends on nothing of
the app.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ConfigError

REGION_FILE = "region.toml"
LEVELS = ("province", "city", "county")
_ADCODE = re.compile(r"^[1-8]\d{5}$")  # GB/T 2260: six digits, first digit 1–8


@dataclass(frozen=True)
class Unit:
    """A child unit of the region (a district, county or city)."""

    adcode: str
    name: str
    level: str = ""
    parent_adcode: str = ""


@dataclass(frozen=True)
class Region:
    """The region served: its code, name, level, extent, children and files by role.

    ``bbox`` is (west, south, east, north) in degrees (WGS84). ``files`` maps a role
    (``admin_region``, ``admin_children``, ``air_stations``, ``lakes``, ``rivers``,
    ``dem``, ``places`` …) to a path relative to the data folder; ``synthetic_layers``
    lists the files or folders (relative) that hold synthetic data, labelled 示例数据.
    """

    adcode: str
    name: str
    level: str
    bbox: tuple[float, float, float, float]
    data_dir: Path
    name_en: str = ""
    province: str = ""
    children: tuple[Unit, ...] = ()
    counties: tuple[Unit, ...] = ()
    files: dict[str, str] = field(default_factory=dict)
    real_time_series: bool = False
    synthetic_layers: tuple[str, ...] = ()
    lake: str = ""  # the main lake's name (titles of lake figures); "" when none
    lake_en: str = ""

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the middle of the extent [degrees]."""
        west, south, east, north = self.bbox
        return ((south + north) / 2, (west + east) / 2)

    @property
    def has_live_air(self) -> bool:
        """Whether the data has hourly air observations to replay (the Hefei sample's real
        series); a region pack has none until a live feed arrives."""
        return self.real_time_series or "air_observations" in self.files

    def path(self, role: str) -> Path | None:
        """The absolute path of the file for ``role``; None if the pack has none."""
        rel = self.files.get(role)
        return None if rel is None else self.data_dir / rel

    def display_name(self, lang: str = "zh") -> str:
        """The name for titles: Chinese, or the English name where one is given."""
        return self.name_en if lang == "en" and self.name_en else self.name

    def lake_name(self, lang: str = "zh") -> str:
        """The main lake's name: ``lake`` / ``lake_en`` of ``region.toml``, else the
        ``name`` / ``name_en`` of the first feature of the ``main_lake`` file; "" when the
        region names none."""
        zh, en = (self.lake, self.lake_en) if self.lake else _lake_names(self.path("main_lake"))
        return en if lang == "en" else zh

    def units(self, parent: str | None = None) -> tuple[Unit, ...]:
        """The children, or the counties of one child (``parent``: a city's adcode) for
        the drill-down of a province."""
        if parent is None:
            return self.children
        return tuple(u for u in self.counties if u.parent_adcode == parent)


@lru_cache(maxsize=8)
def _lake_names(path: Path | None) -> tuple[str, str]:
    """(name, name_en) of the first feature of a GeoJSON file; ("", "") if unreadable."""
    if path is None or not path.is_file():
        return "", ""
    try:
        features = json.loads(path.read_text(encoding="utf-8")).get("features") or []
        props = (features[0].get("properties") or {}) if features else {}
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return "", ""
    return str(props.get("name") or ""), str(props.get("name_en") or "")


def _units(raw: Any, where: str) -> tuple[Unit, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: expected a list of {{adcode, name}} tables")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not _ADCODE.match(str(item.get("adcode", ""))) \
                or not str(item.get("name", "")).strip():
            raise ConfigError(f"{where}[{i}]: needs a six-digit adcode and a name")
        out.append(Unit(str(item["adcode"]), str(item["name"]), str(item.get("level", "")),
                        str(item.get("parent_adcode", "") or "")))
    return tuple(out)


def parse_region(raw: dict[str, Any], data_dir: Path, where: str = REGION_FILE) -> Region:
    """A :class:`Region` from the parsed TOML; :class:`ConfigError` names the bad field."""
    adcode = str(raw.get("adcode", ""))
    if not _ADCODE.match(adcode):
        raise ConfigError(f"{where}: adcode {adcode!r} is not a six-digit GB/T 2260 code")
    name = str(raw.get("name", "")).strip()
    if not name:
        raise ConfigError(f"{where}: name is missing")
    level = raw.get("level")
    if level not in LEVELS:
        raise ConfigError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    bbox = raw.get("bbox")
    if not (isinstance(bbox, list) and len(bbox) == 4
            and all(isinstance(v, int | float) for v in bbox)
            and -180 <= bbox[0] < bbox[2] <= 180 and -90 <= bbox[1] < bbox[3] <= 90):
        raise ConfigError(f"{where}: bbox must be [west, south, east, north] in degrees")
    files = raw.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ConfigError(f"{where}: [files] must map roles to relative paths")
    for role, rel in files.items():
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise ConfigError(f"{where}: files.{role} must be a path inside the data folder")
    synthetic = raw.get("synthetic_layers", [])
    if not isinstance(synthetic, list) or not all(isinstance(v, str) for v in synthetic):
        raise ConfigError(f"{where}: synthetic_layers must be a list of relative paths")
    return Region(
        adcode=adcode, name=name, level=level,
        bbox=tuple(float(v) for v in bbox),  # type: ignore[arg-type]
        data_dir=data_dir, name_en=str(raw.get("name_en", "") or ""),
        province=str(raw.get("province", "") or ""),
        children=_units(raw.get("children", []), f"{where}: children"),
        counties=_units(raw.get("counties", []), f"{where}: counties"),
        files=dict(files), real_time_series=bool(raw.get("real_time_series", False)),
        synthetic_layers=tuple(synthetic), lake=str(raw.get("lake", "") or ""),
        lake_en=str(raw.get("lake_en", "") or ""))


def read_region(data_dir: Path | str) -> Region:
    """The region of a data folder; :class:`ConfigError` if ``region.toml`` is missing
    or malformed (the message names the file and the field)."""
    data_dir = Path(data_dir).resolve()
    path = data_dir / REGION_FILE
    if not path.is_file():
        raise ConfigError(f"{path}: no {REGION_FILE}; a data folder must describe its region "
                          "(build one with `make region ADCODE=…`)")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return parse_region(raw, data_dir, str(path))


@lru_cache(maxsize=8)
def cached_region(data_dir: Path) -> Region:
    """:func:`read_region`, read once per data folder (the file does not change at run time)."""
    return read_region(data_dir)


__all__ = ["LEVELS", "REGION_FILE", "Region", "Unit", "cached_region", "parse_region",
           "read_region"]
