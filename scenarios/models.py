"""The ``scenarios`` table (migration 0006)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Float, Index, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base


class Scenario(Base):
    """A saved scenario: parameters in, frozen result and provenance out.

    ``status``: queued → running → done | failed. ``result`` holds the tables (stations,
    districts, top contributors, KPI; or the water sections and lake); ``surfaces`` the
    baseline and scenario grids (``.npz`` bytes, float32) the map tiles and the GeoTIFF
    export are drawn from, so a reopened scenario shows exactly what it showed.
    """

    __tablename__ = "scenarios"
    __table_args__ = (Index("ix_scenarios_owner_created_at", "owner", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # air | water
    name: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    progress: Mapped[float] = mapped_column(Float, nullable=False)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    surfaces: Mapped[bytes | None] = mapped_column(LargeBinary)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))


SCENARIOS = Scenario.__table__
