"""Fixtures of the scenario tests: clients by role and a helper that runs a scenario to its
end through the REST API (the job runs in a thread of the test app)."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.conftest import client_as

DISTRICT = "340104"  # 蜀山区: five of the ten stations


@pytest.fixture(scope="session")
def analyst_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-analyst", "analyst"))


@pytest.fixture(scope="session")
def other_analyst_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-analyst2", "analyst"))


@pytest.fixture(scope="session")
def reader_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-sc-leader", "leader"))


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


def run(client, body: dict, timeout_s: float = 120.0) -> dict:
    """POST a scenario and wait until it is done (or failed); returns the GET body."""
    r = client.post("/api/scenarios", json={"name": unique("t"), **body})
    assert r.status_code == 202, r.get_data(as_text=True)
    accepted = r.get_json()
    assert set(accepted) == {"id", "status_url"}
    assert r.headers["Location"] == accepted["status_url"]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = client.get(accepted["status_url"]).get_json()
        assert got["status"] in ("queued", "running", "done", "failed")
        if got["status"] in ("done", "failed"):
            assert got["status"] == "done", got.get("error")
            return got
        time.sleep(0.1)
    raise AssertionError(f"scenario {accepted['id']} did not finish in {timeout_s} s")


def by_station(result: dict, pollutant: str = "PM2_5") -> dict[str, dict]:
    return {r["code"]: r for r in result["stations"] if r["pollutant"] == pollutant}
