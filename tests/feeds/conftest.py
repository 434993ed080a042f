"""Fixtures of the feed tests: a feed account, and hours of their own for each test."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import client_as

STATIONS = ("1270A", "1271A", "1272A", "1273A", "1274A", "1275A", "1276A", "1277A",
            "1278A", "1279A")


@pytest.fixture(scope="session")
def feed_client(onemap_app, make_user):
    """A client of an account with only the role ``feed`` (by API token)."""
    return client_as(onemap_app, make_user("test-feed", "feed"))


def day(n: int) -> dt.datetime:
    """Midnight of the n-th day of a 2025 calendar of test days (each test its own days,
    far from the sample of 2020 and from the present)."""
    return dt.datetime(2025, 1, 1) + dt.timedelta(days=n)


def reading(station: str, t: dt.datetime, **values: float | None) -> dict:
    base = {"pm2_5": 30.0, "pm10": 60.0, "so2": 8.0, "no2": 35.0, "co": 0.6, "o3": 70.0}
    return {"station": station, "time": t.isoformat(), **{**base, **values}}
