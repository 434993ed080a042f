"""The cockpit page as plain functions: layout, panel builders, refresh, offline marking."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dash import no_update
from sqlalchemy import text

from tests.conftest import client_as
from tests.pages.test_admin_pages import as_user

pytestmark = pytest.mark.db


def _texts(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


def test_cockpit_is_for_leaders_and_walls_not_for_analysts_only(onemap_app, make_user):
    wall = client_as(onemap_app, make_user("page-wall", "display"))
    assert wall.get("/cockpit").status_code == 200
    leader = client_as(onemap_app, make_user("page-leader", "leader"))
    assert leader.get("/cockpit").status_code == 200
    assert "/cockpit" in json.dumps(wall.get("/_dash-layout").get_json())


def test_layout_replay_shows_every_panel_with_time_and_source(onemap_app, auth_service,
                                                              admin_token):
    from pages.cockpit import page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        out = _texts(page.layout(asof="2016-10-17", lang="zh"))
    finally:
        ctx.pop()
    assert "回放" in out and "数据时间 2016-10-17" in out
    assert "城市日均值" in out  # the source of the air numbers
    assert "剩余 75 天" in out or "已确保完成" in out or "已无法完成" in out
    assert "/ogc/collections/air_stations/items" in out  # the map reads by URL
    assert "示例目标" in out


def test_layout_runs_a_sample_scheme(onemap_app, auth_service, admin_token, app_engine):
    from pages.cockpit import page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        page.load_scheme(None, None)
        from cockpit.schemes import SchemeService

        service = SchemeService(app_engine)
        service.seed_samples()
        sid = next(s["id"] for s in service.list() if s["name"] == "大气环境")
        layout = page.layout(scheme=str(sid), lang="en")
    finally:
        ctx.pop()
    store = next(ch for ch in layout.children if getattr(ch, "id", None) == "cockpit-scheme")
    assert len(store.data["screens"]) == 3 and store.data["screens"][0]["asof"] == "2016-10-17"
    assert "Screen 1 of 3" in _texts(layout)


def test_unknown_scheme_is_a_notice_not_a_crash(onemap_app, auth_service, admin_token):
    from pages.cockpit import page

    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        out = _texts(page.layout(scheme="999999", lang="en"))
    finally:
        ctx.pop()
    assert "no report scheme 999999" in out


def test_refresh_keeps_last_numbers_and_marks_the_wall_offline(onemap_app, auth_service,
                                                               admin_token, monkeypatch):
    from cockpit import kpis
    from core.errors import StoreUnavailable
    from pages.cockpit import callbacks, ids

    n = len(ids.PANELS)
    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        good = callbacks.refresh_outputs("2016-10-17", "zh", None,
                                         dt.datetime(2026, 11, 26, 10, 5))
        assert good[n + 2] == {"ok": True, "last_ok": "2026-11-26T10:05:00",
                               "down_since": None}
        assert "datetime=2026-11-26T10:00" in good[n]
        assert good[n + 1]["type"] == "FeatureCollection"  # the open incidents on the map

        def down(*_a, **_k):
            raise StoreUnavailable("database query failed: connection refused")

        monkeypatch.setattr(kpis, "snapshot", down)
        bad = callbacks.refresh_outputs("2016-10-17", "zh", good[n + 2],
                                        dt.datetime(2026, 11, 26, 10, 6))
        again = callbacks.refresh_outputs("2016-10-17", "zh", bad[n + 2],
                                          dt.datetime(2026, 11, 26, 10, 7))
    finally:
        ctx.pop()
    # panels, map URL, incidents and the notice are kept: the last good numbers
    assert all(part is no_update for part in bad[:n + 2]) and bad[n + 3] is no_update
    assert bad[n + 2] == {"ok": False, "last_ok": "2026-11-26T10:05:00",
                          "down_since": "2026-11-26T10:06:00"}
    assert again[n + 2] == bad[n + 2]  # the outage keeps its first moment


def test_alarm_poll_notices_an_outage_and_asks_for_a_refresh_on_recovery(
        onemap_app, auth_service, admin_token, monkeypatch):
    from cockpit.alarms import AlarmService
    from core.errors import StoreUnavailable
    from pages.cockpit import callbacks

    ok = {"ok": True, "at": "2026-11-26T10:05:00"}
    ctx = as_user(onemap_app, auth_service, admin_token)
    try:
        alarms, link = callbacks.poll_outputs(ok)
        assert isinstance(alarms, list) and link is no_update  # no change: no refresh

        def down(*_a, **_k):
            raise StoreUnavailable("database query failed: connection refused")

        with monkeypatch.context() as m:
            m.setattr(AlarmService, "poll", down)
            alarms, link = callbacks.poll_outputs(ok, dt.datetime(2026, 11, 26, 10, 6))
            assert alarms is no_update and link == {"ok": False, "at": "2026-11-26T10:06:00"}
            assert callbacks.poll_outputs(link)[1] is no_update  # still down: no change
        alarms, back = callbacks.poll_outputs(link, dt.datetime(2026, 11, 26, 10, 7))
    finally:
        ctx.pop()
    assert isinstance(alarms, list) and back == {"ok": True, "at": "2026-11-26T10:07:00"}


def test_stale_feeds_raise_a_wall_wide_notice_replays_do_not():
    from pages.cockpit.components import stale_notice

    snap = {"air": {"stale": False, "replay": True, "source": "cockpit.src.air_daily"},
            "ranking": {"empty": True, "stale": True, "source": "cockpit.src.air_hourly"},
            "water": {"stale": False, "source": "cockpit.src.water"},
            "forecast": {"stale": False, "source": "cockpit.src.forecast"},
            "operations": {"stale": True, "replay": False, "data_time": "2026-10-28 21:24",
                           "source": "cockpit.src.complaints"}}
    out = _texts(stale_notice(snap, "zh")[0])
    assert "数据未按期更新" in out and "12369 投诉" in out and "2026-10-28 21:24" in out
    assert "城市日均值" not in out
    snap["operations"]["stale"] = False
    assert stale_notice(snap, "en") == []


def test_outlook_sentences_round_on_the_safe_side():
    from pages.cockpit.components import outlook_line

    base = {"title_zh": "PM2.5", "title_en": "PM2.5", "remaining_days": 76, "unit": "µg/m³"}
    mean = outlook_line(dict(base, kind="mean_max", status="open", required=41.9), "zh")
    assert "剩余 76 天 PM2.5 均值须 ≤ 41 µg/m³" in _texts(mean)
    good = outlook_line(dict(base, kind="ratio_min", status="open", required=58.0), "en")
    assert "At least 58 of the remaining 76 days must be good" in _texts(good)
    one = outlook_line(dict(base, kind="count_max", status="open", required=1.0), "en")
    assert "At most 1 more heavy-pollution day in the remaining 76" in _texts(one)
    none = outlook_line(dict(base, kind="count_max", status="open", required=0.0), "zh")
    assert "剩余 76 天内不能再有重污染天" in _texts(none)
    many = outlook_line(dict(base, kind="count_max", status="open", required=3.0), "zh")
    assert "剩余 76 天内重污染最多再有 3 天" in _texts(many)
    assert "Out of reach" in _texts(outlook_line(dict(base, kind="ratio_min", status="missed",
                                                     required=None), "en"))


def test_alarm_box_shows_the_highest_priority_alarm(app_engine):
    from pages.cockpit.components import alarm_box

    alarms = [{"id": 2, "version": 1, "title_zh": "甲", "title_en": "A", "facts": {"aqi": 260},
               "data_time": "2026-11-26T10:00"},
              {"id": 1, "version": 1, "title_zh": "乙", "title_en": "B", "facts": {}}]
    out = _texts(alarm_box(alarms, "en")[1]) + _texts(alarm_box(alarms, "en")[0])
    assert "A" in out and "· 2" in out
    assert alarm_box([], "zh") == []
    with app_engine.connect() as conn:  # the sample targets carry the alarm level as data
        level = conn.execute(text("SELECT value FROM cockpit_targets "
                                  "WHERE key = 'alarm.station_aqi'")).scalar()
    assert level == 200
