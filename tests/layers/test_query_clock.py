"""A time layer asked for "now" gets the app's one clock (Beijing time, as the store keeps
it), whatever the server's own time zone."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from core.clock import beijing_now
from layers.query import time_params
from layers.spec import LayerSpec, TimeDimension


@pytest.fixture
def server_in_utc(monkeypatch):
    """The server's local zone is UTC (8 h behind Beijing), as on most Linux servers."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_now_is_beijing_time(server_in_utc):
    spec = LayerSpec(id="t", theme="air", title_zh="t", title_en="t", geometry="point",
                     sql="SELECT 1", properties=(), popup=(), time=TimeDimension("hour"))
    before = beijing_now()
    t = time_params(spec, None, None)["t"]
    after = beijing_now()
    assert before - timedelta(seconds=1) <= t <= after + timedelta(seconds=1)
    assert t.tzinfo is None  # naive, like the stored times
