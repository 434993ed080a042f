"""Station sources of the air-quality surfaces (``surface_service.StationSource``).

- :class:`ReplayedStations`: the map's present hours replay the observed hours in a cycle
  (:class:`layers.air.ReplayClock`), like the station layer; times are accepted over the
  window the One Map time slider reaches (:data:`layers.rasters.TIME_WINDOW`).
- :class:`ObservedStations`: a fixed series read as is; times are accepted over its hours.
- :func:`station_source`: the store's stations and observations, replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, text

from core.errors import BadRequest
from layers.air import OBSERVATION_WINDOW, ReplayClock, replay_clock
from layers.rasters import TIME_WINDOW
from tiles.raster.surface_service import POLLUTANTS

# (pollutant, observed hour) -> DataFrame[lon, lat, value]
Reader = Callable[[str, datetime], pd.DataFrame]

# A client one hour ahead (clocks of several servers, an hour just begun) is still served.
AHEAD = timedelta(hours=1)


@dataclass(frozen=True)
class ReplayedStations:
    """Present hours mapped onto observed hours by a replay clock.

    Parameters
    ----------
    clock
        Gives the replay clock, or ``None`` while no observations are loaded.
    read
        Station values at an observed hour.
    window
        How far back from the present hour a client may ask [h].
    """

    clock: Callable[[], ReplayClock | None]
    read: Reader
    window: timedelta = TIME_WINDOW

    def time_range(self, now: datetime) -> tuple[datetime, datetime]:
        return now - self.window, now + AHEAD

    def source_hour(self, t: datetime) -> datetime | None:
        clock = self.clock()
        return clock.to_source(t) if clock else None

    def values(self, pollutant: str, hour: datetime) -> pd.DataFrame:
        return self.read(pollutant, hour)


@dataclass(frozen=True)
class ObservedStations:
    """A fixed series of observed hours, ``first`` to ``last``, served without replay."""

    read: Reader
    first: datetime
    last: datetime

    def time_range(self, now: datetime) -> tuple[datetime, datetime]:
        return self.first, self.last

    def source_hour(self, t: datetime) -> datetime | None:
        return t

    def values(self, pollutant: str, hour: datetime) -> pd.DataFrame:
        return self.read(pollutant, hour)


def store_reader(engine: Engine) -> Reader:
    """(lon, lat, value) of every station: its latest value no older than the
    observation window at an observed hour, like the station layer shows."""

    def read(pollutant: str, hour: datetime) -> pd.DataFrame:
        if pollutant not in POLLUTANTS:
            raise BadRequest(f"unknown pollutant {pollutant!r}; use one of "
                             f"{', '.join(POLLUTANTS)}")
        column = pollutant  # the surface pollutant ids are air_observations column names
        query = text(f"""
            SELECT ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, o.{column} AS value
            FROM air_stations s JOIN LATERAL (
                SELECT {column} FROM air_observations o
                WHERE o.station_code = s.code AND o.time <= :t
                  AND o.time > CAST(:t AS timestamp) - interval '{OBSERVATION_WINDOW}'
                  AND o.{column} IS NOT NULL
                ORDER BY o.time DESC LIMIT 1) o ON true""")
        with engine.connect() as conn:
            return pd.read_sql_query(query, conn, params={"t": hour})

    return read


def station_source(engine: Engine) -> ReplayedStations:
    """The store's stations, replayed onto the present like the station layer, so the
    surface and the stations always agree."""
    return ReplayedStations(lambda: replay_clock(engine), store_reader(engine))
