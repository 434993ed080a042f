"""The ``jobs`` table (migration 0006): one row per background job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base


class Job(Base):
    """A background job: ``status`` queued → running → done | failed | cancelled.

    ``result_ref`` names what the job produced (e.g. ``scenario:12``); ``cancel_requested``
    is the cooperative cancel flag the work checks between steps.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_owner_created_at", "owner", "created_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4 hex
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    progress: Mapped[float] = mapped_column(Float, nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    result_ref: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(String(16), nullable=False)  # thread|celery|dash
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))


JOBS = Job.__table__
