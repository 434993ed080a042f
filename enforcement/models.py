"""Tables of the enforcement loop (migration 0005).

Times are naive Beijing time like the rest of the store (:mod:`core.clock`). Locations are
``lon``/``lat`` (EPSG:4326) with a b-tree index, not geometry columns: tasks and clues are
points drawn by the browser from a paged, bbox-limited list; a drawn region is kept as
GeoJSON (``region``) and its district is resolved once, when the task is created.
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
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base


class EnforcementTask(Base):
    """A task (任务): inspection, rectification or verification; ``version`` grows with
    every change (If-Match)."""

    __tablename__ = "enforcement_tasks"
    __table_args__ = (
        Index("ix_enforcement_tasks_status_due_at", "status", "due_at"),
        Index("ix_enforcement_tasks_adcode", "adcode"),
        Index("ix_enforcement_tasks_team", "team"),
        Index("ix_enforcement_tasks_source_id", "source_id"),
        Index("ix_enforcement_tasks_lon_lat", "lon", "lat"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False)
    source_id: Mapped[int | None] = mapped_column(Integer)  # pollution_sources.id
    feature: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # {collection, id}
    region: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # GeoJSON geometry
    clue_id: Mapped[int | None] = mapped_column(Integer)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    adcode: Mapped[str | None] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(Text, nullable=False)
    team: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    findings: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    returned: Mapped[int] = mapped_column(Integer, nullable=False)  # times sent back 审核→处置
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)


class TaskTransition(Base):
    """One step of a task's status flow: who, when, from, to, note."""

    __tablename__ = "task_transitions"
    __table_args__ = (Index("ix_task_transitions_task_id_at", "task_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("enforcement_tasks.id"), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(8))
    to_status: Mapped[str] = mapped_column(String(8), nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)


class TaskEvidence(Base):
    """An evidence file (photo, PDF) of a task, stored under ``var/evidence``."""

    __tablename__ = "task_evidence"
    __table_args__ = (Index("ix_task_evidence_task_id_sha256", "task_id", "sha256",
                            unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("enforcement_tasks.id"), nullable=False)
    filename: Mapped[str] = mapped_column(Text, nullable=False)
    content_type: Mapped[str] = mapped_column(String(64), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)  # relative to var_dir/evidence
    note: Mapped[str] = mapped_column(Text, nullable=False)
    uploaded_by: Mapped[str] = mapped_column(Text, nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)


class Clue(Base):
    """A clue (线索) found in the data; one open clue per subject and cause."""

    __tablename__ = "clues"
    __table_args__ = (
        Index("uq_clues_open_subject_cause", "subject", "cause", unique=True,
              postgresql_where=text("status = 'open'")),
        Index("ix_clues_status_detected_at", "status", "detected_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cause: Mapped[str] = mapped_column(String(24), nullable=False)
    subject: Mapped[str] = mapped_column(Text, nullable=False)  # source:PS00001 | patch:CP…
    source_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), nullable=False)  # open|dismissed|tasked
    title: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[list[Any]] = mapped_column(JSONB, nullable=False)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    adcode: Mapped[str | None] = mapped_column(String(6))
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    triaged_by: Mapped[str | None] = mapped_column(Text)
    triaged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    reason: Mapped[str | None] = mapped_column(Text)
    task_id: Mapped[int | None] = mapped_column(Integer)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False)


class OnlineEvent(Base):
    """An online-monitoring exceedance run or offline period of a source."""

    __tablename__ = "online_events"
    __table_args__ = (Index("ix_online_events_source_id_started_at", "source_id",
                            "started_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # exceedance | offline
    pollutant: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    ended_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    hours: Mapped[int] = mapped_column(Integer, nullable=False)
    max_value: Mapped[float | None] = mapped_column(Float)
    limit_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False)


class SourceCode(Base):
    """The last computed enterprise environment code of a source (a cache)."""

    __tablename__ = "source_codes"
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(8), nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    reasons: Mapped[list[Any]] = mapped_column(JSONB, nullable=False)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)


class SourceResult(Base):
    """The result of a closed rectification recorded on its source (the closed loop)."""

    __tablename__ = "source_results"
    __table_args__ = (Index("ix_source_results_source_id_at", "source_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, nullable=False)
    task_id: Mapped[int] = mapped_column(ForeignKey("enforcement_tasks.id"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    result: Mapped[str] = mapped_column(Text, nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)


class EnforcementSetting(Base):
    """An administrator's edit of a rule document of the loop (``code_rules``: the code
    rules; ``sla``: the deadlines by task type), versioned (If-Match) (migration e16a).
    Without a row the sample file beside :mod:`enforcement.rules` applies (version 1)."""

    __tablename__ = "enforcement_settings"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    updated_by: Mapped[str] = mapped_column(Text, nullable=False)


TASKS = EnforcementTask.__table__
TRANSITIONS = TaskTransition.__table__
EVIDENCE = TaskEvidence.__table__
CLUES = Clue.__table__
ONLINE_EVENTS = OnlineEvent.__table__
SOURCE_CODES = SourceCode.__table__
SOURCE_RESULTS = SourceResult.__table__
SETTINGS = EnforcementSetting.__table__
ENFORCEMENT_TABLES = ["enforcement_tasks", "task_transitions", "task_evidence", "clues",
                      "online_events", "source_codes", "source_results"]  # migration 0005
SETTINGS_TABLES = ["enforcement_settings"]  # migration e16a
