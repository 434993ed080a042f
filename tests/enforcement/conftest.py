"""Fixtures of the enforcement tests: the sample's present, clients by role, a fresh
source for each test that changes one."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import text

from tests.conftest import client_as

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def enf_now(app_engine) -> dt.datetime:
    """The sample's present (the newest synthetic date, 08:00 the next day)."""
    from enforcement import sample

    with app_engine.connect() as conn:
        return sample.anchor(conn)


@pytest.fixture(scope="session")
def refreshed(app_engine, enf_now):
    """The derived state (sample online events, clues, codes) at the sample's present."""
    from enforcement import service

    return service.refresh(app_engine, enf_now)


@pytest.fixture(scope="session")
def officer_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-enforcement", "enforcement"))


@pytest.fixture(scope="session")
def leader_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-leader", "leader"))


@pytest.fixture(scope="session")
def analyst_client(onemap_app, make_user):
    return client_as(onemap_app, make_user("test-analyst", "analyst"))


@pytest.fixture
def fresh_source(app_engine) -> dict:
    """A new synthetic pollution source of its own (no history), inside 蜀山区; its permit
    is valid for years."""
    n = next(_counter)
    with app_engine.begin() as conn:
        row = conn.execute(text(
            "INSERT INTO pollution_sources (code, name, industry, adcode, park, permit_no, "
            "permit_class, permit_valid_until, online_monitoring, online_status, "
            "main_pollutants, so2_t, nox_t, pm_t, voc_t, cod_t, nh3n_t, last_inspection, "
            "risk_level, synthetic, geom) VALUES (:code, :name, '化学原料和化学制品制造业', "
            "'340104', NULL, :permit, '重点管理', DATE '2030-01-01', true, 'normal', "
            "'[\"COD\"]', 0, 0, 0, 0, 1, 0.1, NULL, '中', true, "
            "ST_SetSRID(ST_MakePoint(:x, :y), 4326)) RETURNING id, code, name"),
            {"code": f"T{_worker()}{n:06d}", "name": f"测试企业{n}",
             "permit": f"TEST-{n}", "x": 117.20 + n * 0.001, "y": 31.85}).mappings().one()
    return dict(row)


def _worker() -> str:
    import os

    return os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")[-1:]
