"""``python -m feeds.replay`` against the live server: the sample series goes through the
API, and the map shows at each hour what the replay of the sample shows there."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from feeds import replay
from layers.air import ReplayClock
from tests.feeds.conftest import day

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def items(live_server, token, hour):
    request = urllib.request.Request(
        f"{live_server}/ogc/collections/air_stations/items?limit=20"
        f"&datetime={hour:%Y-%m-%dT%H:00:00}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {f["properties"]["code"]: f["properties"]
                for f in json.loads(response.read())["features"]}


def test_replay_posts_the_sample_and_the_map_follows(live_server, make_user,
                                                     live_credentials):
    token = make_user("test-feed-replay", "feed")
    end = day(60) + dt.timedelta(hours=5)
    logged: list[str] = []
    hours = [end - dt.timedelta(hours=1), end]
    total = replay.replay(live_server, token, hours, batch=7, log=logged.append)
    sample = replay.load_sample()
    expected = replay.readings(sample, hours)
    assert total["rows"] == len(expected) >= 16 and total["inserted"] == len(expected)
    assert total["flagged"] == 0  # the real sample passes QC
    assert len(logged) == -(-len(expected) // 7)  # one line per POST of 7 rows
    # the station layer at that hour shows the fed values: the sample's observed hour that
    # the map's replay clock maps onto it
    source = ReplayClock(tuple(sorted(sample["time"].unique()))).to_source(end)
    shown = items(live_server, live_credentials[1], end)
    for _, row in sample[sample["time"] == source].iterrows():
        props = shown[row["station"]]
        assert props["source"] == "feed"
        assert props["source_time"].startswith(f"{end:%Y-%m-%dT%H}")
        if row["pm2_5"] == row["pm2_5"]:  # not NaN
            assert props["pm2_5"] == row["pm2_5"]
    # the same replay again changes nothing
    again = replay.replay(live_server, token, hours, batch=100, log=logged.append)
    assert again["unchanged"] == len(expected) and again["inserted"] == 0


def test_the_command_line(live_server, make_user):
    token = make_user("test-feed-replay", "feed")
    end = day(61)
    done = subprocess.run(
        [sys.executable, "-m", "feeds.replay", "--url", live_server, "--token", token,
         "--end", end.isoformat(), "--hours", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "inserted" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "feeds.replay", "--url", live_server, "--token", "wrong",
         "--end", end.isoformat(), "--hours", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "HTTP 401" in bad.stderr
