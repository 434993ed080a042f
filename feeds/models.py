"""Tables of the feed (migration 0008): readings of automatic water stations.

Air readings go into ``air_observations`` (``store.models.AirObservation``, ``source =
'feed'``), beside the loaded sample they take precedence over. Water readings of automatic
stations (every few hours) have their own table: ``water_samples`` holds the monthly
manual samples, one per section and day. The item columns are those of ``water_samples``
(:data:`store.models.ITEM_COLUMNS`); times are naive Beijing time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, WaterItems


class WaterObservation(WaterItems, Base):
    """One reading of a section's automatic station; ``qc_flags`` = ``{item: [codes]}``."""

    __tablename__ = "water_observations"
    __table_args__ = (Index("ix_water_observations_time", "time"),)
    # no foreign key: reloading the sample (TRUNCATE water_sections) must not need to
    # touch fed data; the feed checks the code against water_sections on every post
    section_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    qc_flags: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False,
                                                     server_default=text("'{}'::jsonb"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


WATER_OBSERVATIONS = WaterObservation.__table__
