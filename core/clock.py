"""Time as the bureau reads it: Beijing time (UTC+8), naive, like the stored data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

BEIJING = timedelta(hours=8)


def beijing_now() -> datetime:
    """The current Beijing time, naive (the store keeps local times without zone)."""
    return (datetime.now(UTC) + BEIJING).replace(tzinfo=None)


def floor_hour(t: datetime) -> datetime:
    return t.replace(minute=0, second=0, microsecond=0)
