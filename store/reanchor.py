"""Keep the synthetic time series current: shift them so that their newest record is today.

The seeded sample (示例数据) was generated once, so its complaints, inspections, water samples
and change patches end on the day it was made; a month later "the last 30 days" would show
nothing. On every start (``manage.py run``) the synthetic rows of these series move forward
by whole days, all by the same number, so that the newest of them falls on today (Beijing
time) and their order and spacing stay as generated. Real data (air observations, the city
daily AQI) is never shifted: the air layers replay it instead (``layers.air``).

The files in ``data_samples/`` are not touched (their manifest stays valid); only the rows in
the store move, in one transaction, and the audit log records by how much.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, text

#: (table, column) of every synthetic date that moves with the series.
SHIFTED: tuple[tuple[str, str], ...] = (
    ("complaints", "received_at"),
    ("inspections", "inspected_on"),
    ("water_samples", "sampled_on"),
    ("change_patches", "detected_on"),
    ("pollution_sources", "last_inspection"),
    ("pollution_sources", "permit_valid_until"),  # permits keep their time to expiry
)
PARKING_DAYS = 1_000_000  # beyond any real date, inside PostgreSQL's date range

#: The series whose newest record is anchored on today.
ANCHORS: tuple[tuple[str, str], ...] = SHIFTED[:4]


def newest(conn: Connection) -> dt.date | None:
    """The newest date among the synthetic rows of the anchoring series."""
    parts = " UNION ALL ".join(
        f"SELECT max(CAST({col} AS date)) AS d FROM {table} WHERE synthetic"
        for table, col in ANCHORS)
    return conn.execute(text(f"SELECT max(d) FROM ({parts}) AS newest")).scalar()


def shift_days(conn: Connection, today: dt.date) -> int:
    """Days the synthetic series must move forward so that their newest record is today."""
    last = newest(conn)
    return max(0, (today - last).days) if last is not None else 0


def reanchor(engine: Engine, today: dt.date) -> int:
    """Shift the synthetic series to ``today`` in one transaction; returns the days moved."""
    with engine.begin() as conn:
        days = shift_days(conn, today)
        if days:
            for table, col in SHIFTED:
                # Two steps: a one-step shift would meet the next row's date in a unique key
                # (e.g. one sample per section and date) before that row has moved.
                for step in (days + PARKING_DAYS, -PARKING_DAYS):
                    conn.execute(text(f"UPDATE {table} SET {col} = {col} + :d * interval "
                                      f"'1 day' WHERE synthetic AND {col} IS NOT NULL"),
                                 {"d": step})
    return days
