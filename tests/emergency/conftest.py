"""Fixtures of the emergency API tests: clients by role and places in the sample region."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import client_as

CITY = (117.27, 31.86)  # central Hefei
FAR = (117.62, 31.10)  # fields south of 庐江: no receptor within a small release's zones


@pytest.fixture(scope="session")
def duty_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-duty", "duty"))


@pytest.fixture(scope="session")
def leader_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-leader", "leader"))


@pytest.fixture(scope="session")
def nanfei_point(app_engine) -> tuple[float, float]:
    """A point on 南淝河, a fifth of the way down from its source."""
    with app_engine.connect() as conn:
        row = conn.execute(text(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(ST_LineMerge(geom), "
            "0.2) AS p FROM rivers WHERE name = '南淝河') s")).one()
    return float(row[0]), float(row[1])


def create(client, **body):
    body = {"kind": "air_release", "lon": CITY[0], "lat": CITY[1], "substance": "chlorine",
            "mass_kg": 500, "weather": {"wind_speed_m_s": 3.0, "wind_from_deg": 45.0}, **body}
    r = client.post("/api/incidents", json=body)
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["incident"]
