"""Tables of the incident register and its log (migration 0004).

Incident times (``started_at``, ``known_at``, log ``at``) are naive Beijing time, like the
rest of the store (:mod:`core.clock`). No geometry column: the location is ``lon``/``lat``
and the zones are recomputed from the state (they depend on the weather and the amount).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base


class Incident(Base):
    """A sudden environmental event; ``version`` grows with every change (If-Match)."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_status_known_at", "status", "known_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # air_release | water_spill
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # open|contained|closed
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    substance: Mapped[str] = mapped_column(String(32), nullable=False)
    mass_kg: Mapped[float | None] = mapped_column(Float)
    rate_g_s: Mapped[float | None] = mapped_column(Float)
    duration_min: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    known_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    risk_source_id: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    weather: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    casualties: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    grade: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)


class IncidentLogEntry(Base):
    """One step of an incident: created, changed, notified, dispatched, sampled, …

    ``data`` holds the entry's values (a sample's value, the fields changed) and
    ``snapshot`` the incident's state after the step (for the after-action replay).
    """

    __tablename__ = "incident_log"
    __table_args__ = (Index("ix_incident_log_incident_id_at", "incident_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


INCIDENTS = Incident.__table__
INCIDENT_LOG = IncidentLogEntry.__table__
EMERGENCY_TABLES = ["incidents", "incident_log", "met_observations"]


class MetObservation(Base):
    """An hourly surface wind observation of a met (or air-quality) station: what the
    zones use near an incident when the officer has entered no wind (migration e13a).

    ``wind_from_deg`` is the direction the wind blows from (meteorological convention),
    ``time`` naive Beijing time; ``source`` names the network or feed; ``synthetic`` marks
    the generated sample (示例数据)."""

    __tablename__ = "met_observations"
    __table_args__ = (Index("ix_met_observations_time", "time"),)
    station_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    station_name: Mapped[str] = mapped_column(Text, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    wind_speed_m_s: Mapped[float] = mapped_column(Float, nullable=False)
    wind_from_deg: Mapped[float] = mapped_column(Float, nullable=False)
    cloud_cover: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False)


MET_OBSERVATIONS = MetObservation.__table__
