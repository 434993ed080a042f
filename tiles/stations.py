"""Station values for the air-quality surfaces, read from the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, text

from core.errors import BadRequest
from layers.air import OBSERVATION_WINDOW, replay_clock
from tiles.raster.surface_service import POLLUTANTS

# The surface pollutant ids are the ``air_observations`` column names (aqi, pm2_5, ...).


def station_source(engine: Engine) -> Callable[[str, datetime], pd.DataFrame]:
    """A function giving (lon, lat, value) of every station for a pollutant at a time.

    The time is the map's present time; it is mapped onto the replayed real hours like
    the station layer, so the surface and the stations always agree.
    """

    def values(pollutant: str, t: datetime) -> pd.DataFrame:
        if pollutant not in POLLUTANTS:
            raise BadRequest(f"unknown pollutant {pollutant!r}; use one of "
                             f"{', '.join(POLLUTANTS)}")
        column = pollutant
        clock = replay_clock(engine)
        source_t = clock.to_source(t) if clock else t
        query = text(f"""
            SELECT ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, o.{column} AS value
            FROM air_stations s JOIN LATERAL (
                SELECT {column} FROM air_observations o
                WHERE o.station_code = s.code AND o.time <= :t
                  AND o.time > CAST(:t AS timestamp) - interval '{OBSERVATION_WINDOW}'
                  AND o.{column} IS NOT NULL
                ORDER BY o.time DESC LIMIT 1) o ON true""")
        with engine.connect() as conn:
            return pd.read_sql_query(query, conn, params={"t": source_t})

    return values
