"""Tables of the cockpit: annual targets, report schemes and alarms.

- ``cockpit_targets`` holds rules as data: annual targets per year and region (loaded from
  ``data_samples/cockpit/targets.csv`` like every sample table) and the alarm levels.
- ``cockpit_schemes`` are edited by several people: they carry a ``version`` and a stale
  update is refused (409).
- ``cockpit_alarms`` are raised by the system, acknowledged by duty officers; ``key`` makes
  raising idempotent (one alarm per event).
- ``co2_trajectory`` is the city's CO₂ by year against its peaking target (a sample table,
  read by the carbon panel and the region figures); ``em_sites`` the electromagnetic
  facilities (base stations, substations) of the radiation layers.

Times are ``timestamptz`` written by the database, shown in Beijing time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, geom_column

TIMESTAMP = DateTime(timezone=True)


class CockpitTarget(Base):
    """An annual target (or an alarm level) for a region; ``kind`` says how it is judged.

    ``kind``: ``ratio_min`` (a share [%] not below), ``mean_max`` (an annual mean not above),
    ``count_max`` (a number of days not above), ``level_max`` (an alarm level).
    """

    __tablename__ = "cockpit_targets"
    __table_args__ = (UniqueConstraint("key", "year", "region"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), nullable=False)  # e.g. air.good_ratio
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    region: Mapped[str] = mapped_column(String(12), nullable=False)  # GB/T 2260 adcode
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(Text, nullable=False)
    title_zh: Mapped[str] = mapped_column(Text, nullable=False)
    title_en: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CockpitScheme(Base):
    """A report scheme (汇报方案): an ordered list of screens with dwell times (JSONB)."""

    __tablename__ = "cockpit_schemes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    screens: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    sample: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                    server_default=func.now())
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                    server_default=func.now())
    updated_by: Mapped[str] = mapped_column(Text, nullable=False)


class CockpitAlarm(Base):
    """An alarm that pre-empts the carousel until acknowledged or expired."""

    __tablename__ = "cockpit_alarms"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True, nullable=False)  # one per event
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # warning | station | incident
    priority: Mapped[int] = mapped_column(Integer, nullable=False)  # higher first
    title_zh: Mapped[str] = mapped_column(Text, nullable=False)
    title_en: Mapped[str] = mapped_column(Text, nullable=False)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    data_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))  # Beijing
    raised_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                   server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    acknowledged_by: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class CO2Trajectory(Base):
    """The city's CO₂ by year [t] against its peaking target (碳达峰): ``kind`` is
    ``history`` (the inventory's totals; the last one is ``co2_inventory``'s year) or
    ``peak_cap`` (the target year and the emissions the peak must not exceed). Loaded from
    ``data_samples/supervision/co2_trajectory.csv``; read by the carbon panel and the
    region figures of ``co2_districts``."""

    __tablename__ = "co2_trajectory"
    __table_args__ = (UniqueConstraint("year", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    co2_t: Mapped[float] = mapped_column(Float, nullable=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class EMSite(Base):
    """Electromagnetic facilities (电磁辐射设施): mobile base stations (``band`` 4G/5G) and
    substations (``voltage_kv``); loaded from ``data_samples/supervision/em_sites.geojson``
    (示例数据) and drawn by the ``em_sites`` layer under 应急 (layers/radiation.py). Kept
    beside the other sample tables the loader finds through this module."""

    __tablename__ = "em_sites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # base_station | substation
    kind_zh: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    voltage_kv: Mapped[int | None] = mapped_column(Integer)
    band: Mapped[str | None] = mapped_column(String(8))
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    geom = geom_column("POINT")
