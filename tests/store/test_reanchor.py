"""The synthetic time series move to today as one block; real data never moves."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from store import migrate
from store.load import load_samples
from store.reanchor import newest, reanchor

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def loaded(module_db_url, module_engine, data_samples):
    migrate.upgrade(module_db_url)
    load_samples(module_engine, data_samples)
    return module_engine


def facts(engine) -> dict:
    with engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar()  # noqa: E731
        return {
            "newest": newest(conn),
            "complaints": one("SELECT count(*) FROM complaints"),
            "span": one("SELECT max(received_at) - min(received_at) FROM complaints"),
            "permit_gap": one("SELECT permit_valid_until - last_inspection FROM "
                              "pollution_sources WHERE synthetic AND last_inspection IS NOT "
                              "NULL ORDER BY id LIMIT 1"),
            "air": one("SELECT max(time) FROM air_observations"),
            "first_sample": one("SELECT min(sampled_on) FROM water_samples"),
        }


def test_series_move_to_today_as_one_block(loaded):
    before = facts(loaded)
    today = before["newest"] + dt.timedelta(days=40)
    assert reanchor(loaded, today) == 40
    after = facts(loaded)
    assert after["newest"] == today
    assert after["first_sample"] == before["first_sample"] + dt.timedelta(days=40)
    assert after["complaints"] == before["complaints"] and after["span"] == before["span"]
    assert after["permit_gap"] == before["permit_gap"]  # time to expiry kept
    assert after["air"] == before["air"]  # real data is replayed, never shifted
    assert reanchor(loaded, today) == 0  # already current: nothing moves
    assert reanchor(loaded, today - dt.timedelta(days=5)) == 0  # never backwards
    assert facts(loaded)["newest"] == today


def test_start_moves_the_series_to_today_and_audits_it(loaded, app_settings, data_samples):
    import manage
    from auth.audit import AuditFilter, query
    from auth.service import AuthService
    from core.clock import beijing_now

    load_samples(loaded, data_samples)  # as generated: the newest record lies in the past
    with loaded.connect() as conn:
        assert newest(conn) < beijing_now().date()
    manage.keep_samples_current(loaded, AuthService(loaded, app_settings))
    with loaded.connect() as conn:
        assert newest(conn) == beijing_now().date()
        rows, _ = query(conn, AuditFilter(action="data.reanchor"))
    assert rows and rows[0]["after"]["days"] > 0


def test_the_map_says_the_sample_series_move(onemap_app):
    from pages.onemap.page import layout

    with onemap_app.server.test_request_context("/"):
        assert "每次启动时整体平移到当前日期" in str(layout())
        assert "move to the present on every start" in str(layout(lang="en"))


def test_hourly_supervision_series_follow_the_clock(loaded, data_samples):
    """The noise and gamma hours end on today after a start, so the cockpit's panels are
    current (they ended on the day the sample was generated: 数据过时 a day later)."""
    from cockpit import supervision

    load_samples(loaded, data_samples)  # as generated
    spans_sql = {t: f"SELECT max(time), max(time) - min(time), count(*) FROM {t}"
                 for t in ("noise_hourly", "gamma_hourly")}
    levels_sql = ("SELECT code, investigation_level_ngy_h FROM gamma_stations ORDER BY code")
    with loaded.connect() as conn:
        before = {t: conn.execute(text(sql)).one() for t, sql in spans_sql.items()}
        levels = conn.execute(text(levels_sql)).all()
    today = max(last.date() for last, _, _ in before.values()) + dt.timedelta(days=27)
    reanchor(loaded, today)
    with loaded.connect() as conn:
        for table, sql in spans_sql.items():
            last, span, n = conn.execute(text(sql)).one()
            assert last.date() == today, table
            assert (span, n) == before[table][1:], table  # spacing and rows as generated
        assert conn.execute(text(levels_sql)).all() == levels
        now = dt.datetime.combine(today, dt.time(15, 20))
        noise = supervision.noise_panel(conn, now)
        gamma = supervision.radiation_panel(conn, now)
    assert not noise["stale"] and not noise["replay"]
    assert not gamma["stale"] and not gamma["replay"]
    assert reanchor(loaded, today) == 0  # already current: nothing moves
