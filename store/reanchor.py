"""Keep the synthetic time series current: shift them so that their newest record is today.

The seeded sample (示例数据) was generated once, so its complaints, inspections, water samples
and change patches end on the day it was made; a month later "the last 30 days" would show
nothing. On every start (``manage.py run``) the synthetic rows of these series move forward
by whole days, all by the same number, so that the newest of them falls on today (Beijing
time) and their order and spacing stay as generated. Real data (air observations, the city
daily AQI) is never shifted: the air layers replay it instead (``layers.air``).

The hourly supervision series (functional-zone noise, ambient gamma dose rate) move too,
each on its own (:data:`HOURLY`): whole days, so that its newest day is today; the hours
still ahead of the clock are not shown (every reader asks for ``time <= now``), so the
cockpit's noise and radiation panels and their layers are current at any hour. All rows
of a station move by the same days, so the gamma stations' background and investigation
level (from the first 31 days, computed at load) stay those of the same readings. The
yearly series do not move by days: the hazardous-waste ledgers and their manifests are
tied to their ledger year, the CO₂ inventory to its year, the remote-sensing month is a
summary (``rs_points.period``) and the biodiversity survey a dated season.

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

#: (table, column) of the hourly supervision series, each anchored on its own newest day.
HOURLY: tuple[tuple[str, str], ...] = (
    ("noise_hourly", "time"),
    ("gamma_hourly", "time"),
)


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


def hourly_shift_days(conn: Connection, table: str, col: str, today: dt.date) -> int:
    """Days the synthetic rows of one hourly series must move so its newest day is today
    (0 when the table is absent or holds no synthetic row)."""
    if conn.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None:
        return 0
    last = conn.execute(text(f"SELECT max(CAST({col} AS date)) FROM {table} "
                             "WHERE synthetic")).scalar()
    return max(0, (today - last).days) if last is not None else 0


def _shift(conn: Connection, table: str, col: str, days: int) -> None:
    # Two steps: a one-step shift would meet the next row's date in a unique key
    # (e.g. one sample per section and date) before that row has moved.
    for step in (days + PARKING_DAYS, -PARKING_DAYS):
        conn.execute(text(f"UPDATE {table} SET {col} = {col} + :d * interval "
                          f"'1 day' WHERE synthetic AND {col} IS NOT NULL"), {"d": step})


def reanchor(engine: Engine, today: dt.date) -> int:
    """Shift the synthetic series to ``today`` in one transaction; returns the most days
    any series moved."""
    with engine.begin() as conn:
        days = shift_days(conn, today)
        if days:
            for table, col in SHIFTED:
                _shift(conn, table, col, days)
        moved = days
        for table, col in HOURLY:
            hourly = hourly_shift_days(conn, table, col, today)
            if hourly:
                _shift(conn, table, col, hourly)
                moved = max(moved, hourly)
    return moved
