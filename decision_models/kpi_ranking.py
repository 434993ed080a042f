"""Ranking of stations and districts by a concentration against its limit (cockpit panel).

A 24-hour mean is *valid* with at least 20 hourly values (GB 3095—2012 Table 4: 24-hour
mean of SO2, NO2, PM10, PM2.5, CO); a place without a valid mean is listed last, without a
rank. Places are ranked worst first (the highest mean), ties sharing the better rank.

References
----------
.. [1] GB 3095—2012 环境空气质量标准, Table 1 (24-hour limits, grade II) and Table 4
   (data validity).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from decision_models.errors import ModelInputError
from decision_models.standards_tables import gb3095

#: GB 3095—2012 Table 4: hourly values needed for a valid 24-hour mean.
MIN_HOURS_24H = gb3095.MIN_HOURS_PER_DAY
#: GB 3095—2012 Table 1, grade II, PM2.5 24-hour mean [µg/m³].
PM25_24H_LIMIT = float(gb3095.LIMITS["GB3095-2012"][2]["PM2.5_24h"])


@dataclass(frozen=True)
class RankEntry:
    """One ranked place.

    Attributes
    ----------
    name : str
    mean : float or None
        The 24-hour mean [µg/m³]; None when fewer than :data:`MIN_HOURS_24H` hours.
    hours : int
        Hourly values behind the mean.
    ratio : float or None
        ``mean / limit`` [-]; above 1 exceeds the limit.
    rank : int or None
        1 = the worst; None without a valid mean.
    """

    name: str
    mean: float | None
    hours: int
    ratio: float | None
    rank: int | None

    @property
    def exceeds(self) -> bool:
        return self.ratio is not None and self.ratio > 1


def mean_24h(values: Sequence[float | None]) -> tuple[float | None, int]:
    """The 24-hour mean of hourly values [µg/m³] and the number of values behind it.

    Missing (None or NaN) hours do not count; fewer than :data:`MIN_HOURS_24H` values give
    no mean.

    Examples
    --------
    >>> mean_24h([40.0] * 20 + [None] * 4)
    (40.0, 20)
    >>> mean_24h([40.0] * 19)
    (None, 19)
    """
    good = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if any(v < 0 for v in good):
        raise ModelInputError("values", "a concentration cannot be negative")
    if len(good) < MIN_HOURS_24H:
        return None, len(good)
    return math.fsum(good) / len(good), len(good)


def rank_against_limit(hourly: Mapping[str, Sequence[float | None]],
                       limit: float = PM25_24H_LIMIT) -> list[RankEntry]:
    """Rank places by the 24-hour mean of their hourly values, worst first.

    Parameters
    ----------
    hourly : mapping of place name to its hourly values [µg/m³] over the last 24 hours
    limit : float
        The limit the means are set against [µg/m³] (default GB 3095—2012 grade II
        PM2.5, 75).

    Returns
    -------
    list of RankEntry
        Valid means worst first (ties share a rank), then the places without a valid mean
        in name order.
    """
    if not limit > 0:
        raise ModelInputError("limit", f"must be positive, got {limit!r}")
    means = {name: mean_24h(values) for name, values in hourly.items()}
    valid = sorted(((m, n, name) for name, (m, n) in means.items() if m is not None),
                   key=lambda x: (-x[0], x[2]))
    out: list[RankEntry] = []
    previous: float | None = None
    rank = 0
    for i, (mean, hours, name) in enumerate(valid, start=1):
        if previous is None or round(mean, 6) != round(previous, 6):
            rank = i
        previous = mean
        out.append(RankEntry(name, mean, hours, mean / limit, rank))
    out += [RankEntry(name, None, n, None, None)
            for name, (m, n) in sorted(means.items()) if m is None]
    return out
