"""The emergency page's builders and layout as plain functions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pages.emergency import components as c


def test_countdown_counts_down_and_flags_overdue():
    now = dt.datetime(2026, 11, 26, 10, 0)
    assert c.countdown("2026-11-26T11:30", now, "zh") == ("剩余 1:30", False)
    assert c.countdown("2026-11-26T09:45", now, "en") == ("overdue 0:15", True)


def _incident(i: int, status: str, level: int) -> dict:
    return {"id": i, "status": status, "kind": "air_release", "substance_name": "氯气",
            "started_at": "2026-11-26T09:00:00", "deadlines": {
                "initial_due": "2026-11-26T13:00", "article": "第三条"},
            "grade": {"roman": "Ⅳ", "level": "一般", "level_index": level,
                      "decided_by": "catch-all"}}


def test_incident_list_marks_selection_grade_and_hides_countdown_when_closed():
    items = c.incident_list([_incident(1, "open", 4), _incident(2, "closed", 2)], 2,
                            dt.datetime(2026, 11, 26, 12, 0), "zh")
    assert "em-item--selected" in items[1].className
    assert "em-item--selected" not in items[0].className
    first, second = (str(i.to_plotly_json()) for i in items)
    assert "grade-4" in first and "剩余 1:00" in first
    assert "grade-2" in second and "剩余" not in second


def _layout_as(app, token: str) -> str:
    from pages.emergency import page

    with app.server.test_request_context("/emergency",
                                         headers={"Authorization": f"Bearer {token}"}):
        app.server.preprocess_request()  # the guard identifies the caller
        return str(page.layout().to_plotly_json())


def test_leader_sees_the_page_without_write_controls(onemap_app, make_user):
    from tests.conftest import client_as

    leader = make_user("test-leader", "leader")
    assert client_as(onemap_app, leader).get("/emergency").status_code == 200
    duty_html = _layout_as(onemap_app, make_user("test-duty", "duty"))
    leader_html = _layout_as(onemap_app, leader)
    assert "'em-create'" in duty_html and "'em-apply'" in duty_html
    assert "'em-create'" not in leader_html and "'em-apply'" not in leader_html


def test_analyst_may_not_open_the_page(onemap_app, make_user):
    from tests.conftest import client_as

    analyst = client_as(onemap_app, make_user("test-analyst-em", "analyst"))
    assert analyst.get("/emergency").status_code in (302, 403)


def test_model_warnings_read_in_the_page_language():
    from pages.emergency.components import warning_text

    for code in ("low_wind", "very_stable", "near_source", "beyond_10km", "dense_gas"):
        zh, en = warning_text(code, "zh"), warning_text(code, "en")
        assert code not in zh and code not in en and zh != en
    assert warning_text("a_new_code", "zh") == "a_new_code"  # unknown: shown as is


def _graded(casualties: dict) -> dict:
    from emergency.service import grade_of

    return {"grade": grade_of(casualties),
            "deadlines": {"initial_due": "2026-11-26T13:00", "hours": 4.0,
                          "article": "《突发环境事件信息报告办法》第三条"},
            "summary": {"receptors": 3, "population": 1200, "warnings": ["low_wind"]}}


@pytest.mark.parametrize("casualties", [
    pytest.param({"deaths": 0, "poisoned": 0, "evacuated": 0}, id="catch-all"),
    pytest.param({"deaths": 12, "poisoned": 0, "evacuated": 0}, id="deaths"),
    pytest.param({"deaths": 1, "poisoned": 120, "evacuated": 60000}, id="several"),
])
def test_grade_panel_shows_no_english_reason_in_chinese(casualties):
    inc = _graded(casualties)
    zh = str(c.grade_panel(inc, "zh").to_plotly_json())
    for english in inc["grade"]["reasons"]:
        assert english not in zh
    reasons = c.grade_reasons(inc["grade"], "zh")
    assert reasons and all(r in zh for r in reasons)
    assert not any(re.search(r"[A-Za-z]{3,}", r) for r in reasons)
    assert all("附件1" in r for r in reasons)  # the plan and section that list it
    badge_title = c.grade_badge(inc["grade"], "zh").title
    assert not re.search(r"[A-Za-z]{3,}", badge_title)
    en = str(c.grade_panel(inc, "en").to_plotly_json())
    assert all(r in en for r in c.grade_reasons(inc["grade"], "en"))


def test_grade_reason_reads_numbers_as_written():
    inc = _graded({"deaths": 12, "poisoned": 0, "evacuated": 0})
    assert c.grade_reasons(inc["grade"], "zh", cite=False) == [
        "因环境污染直接导致死亡 12 人（10 人以上）"]
    assert c.grade_reasons(inc["grade"], "en", cite=False) == [
        "12 deaths from the pollution (10 or more)"]


def _log(n: int) -> list[dict]:
    return [{"id": 10 + i, "at": f"2026-11-26T09:{i:02d}:00", "actor": "duty1",
             "kind": "created" if i == 0 else "changed", "text": "", "data": None}
            for i in range(n)]


def test_replay_marks_keep_the_ends_and_at_most_about_eight():
    marks = c.replay_marks(_log(30))
    assert 0 in marks and 29 in marks and len(marks) <= 9
    assert marks[29] == "09:29"
    assert c.replay_marks([]) == {}


def test_replay_label_says_live_at_the_end_and_names_the_step_before():
    log = _log(3)
    assert "实时" in c.replay_label(log, 2, "zh") and "3" in c.replay_label(log, 2, "zh")
    label = c.replay_label(log, 0, "en")
    assert "1/3" in label and "duty1" in label and "Recorded" in label


def test_reporting_block_names_addressees_and_article_4_items():
    inc = {"deadlines": {"initial_due": "2026-11-26T11:00", "hours": 2.0,
                         "article": "《突发环境事件信息报告办法》第三条、第四条",
                         "report_to": ["local_government", "provincial_authority",
                                       "national_authority"],
                         "article_4": ["drinking_water"]}}
    text = str(c.reporting_block(inc, "zh"))
    assert "省级生态环境主管部门" in text and "生态环境部" in text and "饮用水水源" in text
    en = str(c.reporting_block(inc, "en"))
    assert "articles 3 and 4" in en and "Ministry" in en and "第" not in en


@pytest.mark.parametrize("weather, words", [
    ({"source": "observed", "station_name": "长江中路（气象）", "wind_speed_m_s": 1.4,
      "wind_from_deg": 327.0, "age_min": 54, "observed_at": "2026-11-27T00:00",
      "distance_km": 0.8, "stability": "F", "synthetic": True},
     ["长江中路", "54 分钟前", "0.8 km", "示例数据"]),
    ({"source": "manual", "wind_speed_m_s": 2.5, "wind_from_deg": 45.0, "stability": "D"},
     ["手动输入", "45°"]),
    ({"source": "screening", "wind_speed_m_s": 1.5, "wind_from_deg": 0.0, "stability": "F"},
     ["最不利"]),
])
def test_weather_line_shows_the_source_and_age(weather, words):
    text = str(c.weather_line(weather, "zh"))
    assert all(w in text for w in words), text


def test_with_the_store_unreachable_the_list_says_so_instead_of_failing(monkeypatch):
    """The incident list's callback turns a lost database into the store notice (the page
    showed nothing: the driver's error escaped the callback)."""
    import json

    import pages.emergency.callbacks as callbacks
    from core.errors import StoreUnavailable
    from emergency import service
    from store.db import make_engine

    dead = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
                       check=False)
    with pytest.raises(StoreUnavailable):
        service.list_incidents(dead)
    monkeypatch.setattr(callbacks, "_engine", lambda: dead)
    shown = json.dumps([n.to_plotly_json() for n in callbacks.show_list(0, 0, None, "zh")],
                       default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert "数据库暂时不可用" in shown and "127.0.0.1" not in shown
