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
from layers.air import OBSERVATION_WINDOW, ReplayClock, latest_observation, replay_clock
from layers.rasters import TIME_WINDOW
from store.models import FEED_SOURCE, valid_value
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
    #: Revision of the fed observations shown at a present hour (None: none are shown).
    live: Callable[[datetime], str | None] | None = None

    def time_range(self, now: datetime) -> tuple[datetime, datetime]:
        return now - self.window, now + AHEAD

    def source_hour(self, t: datetime) -> datetime | None:
        return self.resolve(t)[0]

    def revision(self, t: datetime) -> str:
        """Changes whenever the fed observations shown at ``t`` change (a cache key)."""
        return self.resolve(t)[1]

    def resolve(self, t: datetime) -> tuple[datetime | None, str]:
        """(source hour, revision) with one look at the fed observations."""
        fed = self.live(t) if self.live is not None else None
        if fed is not None:
            return t, fed  # fed observations are shown at t: the surface is of t itself
        clock = self.clock()
        return (clock.to_source(t) if clock else None), ""

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

    def resolve(self, t: datetime) -> tuple[datetime | None, str]:
        return t, ""

    def values(self, pollutant: str, hour: datetime) -> pd.DataFrame:
        return self.read(pollutant, hour)


def store_reader(engine: Engine) -> Reader:
    """(lon, lat, value) of every station: its latest value no older than the
    observation window at an observed hour, like the station layer shows. At a present
    hour with fed observations, each station's fed value takes precedence over the
    replayed one (:func:`layers.air.latest_observation`); QC-flagged values are left out."""

    def read(pollutant: str, hour: datetime) -> pd.DataFrame:
        if pollutant not in POLLUTANTS:
            raise BadRequest(f"unknown pollutant {pollutant!r}; use one of "
                             f"{', '.join(POLLUTANTS)}")
        column = pollutant  # the surface pollutant ids are air_observations column names
        value = valid_value(column)  # a flagged value is NULL: left out of the surface
        query = text(f"""
            SELECT ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, o.value
            FROM air_stations s JOIN LATERAL (
                {latest_observation(f"{value} AS value", having=value)}) o ON true""")
        clock = replay_clock(engine)
        observed = clock is None or hour in clock.hours
        src = hour if observed else clock.to_source(hour)
        with engine.connect() as conn:
            return pd.read_sql_query(query, conn, params={"t": hour, "src_t": src})

    return read


def fed_revision(engine: Engine) -> Callable[[datetime], str | None]:
    """The newest write of a fed observation shown at a present hour (None: none)."""

    def live(t: datetime) -> str | None:
        with engine.connect() as conn:
            newest = conn.execute(text(f"""
                SELECT max(received_at) FROM air_observations
                WHERE source = '{FEED_SOURCE}' AND time <= :t
                  AND time > CAST(:t AS timestamp) - interval '{OBSERVATION_WINDOW}'"""),
                {"t": t}).scalar()
        return None if newest is None else newest.isoformat()

    return live


def station_source(engine: Engine) -> ReplayedStations:
    """The store's stations, replayed onto the present like the station layer, so the
    surface and the stations always agree."""
    return ReplayedStations(lambda: replay_clock(engine), store_reader(engine),
                            live=fed_revision(engine))
