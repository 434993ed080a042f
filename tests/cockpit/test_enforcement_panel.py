"""Enforcement tasks on the wall's operations panel: the numbers of the enforcement
domain's wall summary, with their time and source, and the overdue count as a headline."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import text

from auth.audit import Actor

pytestmark = pytest.mark.db
OFFICER = Actor("test-cockpit-officer", "token")


@pytest.fixture
def source_id(app_engine) -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")[-1:]
    with app_engine.begin() as conn:
        return conn.execute(text(
            "INSERT INTO pollution_sources (code, name, industry, adcode, permit_no, "
            "permit_class, permit_valid_until, online_monitoring, online_status, "
            "main_pollutants, so2_t, nox_t, pm_t, voc_t, cod_t, nh3n_t, risk_level, "
            "synthetic, geom) VALUES (:code, '驾驶舱测试企业', '化学原料和化学制品制造业', "
            "'340104', :permit, '重点管理', DATE '2030-01-01', true, 'normal', '[\"COD\"]', "
            "0, 0, 0, 0, 1, 0.1, '中', true, ST_SetSRID(ST_MakePoint(117.21, 31.85), 4326)) "
            "RETURNING id"), {"code": f"C{worker}{dt.datetime.now():%M%S%f}"[:8],
                               "permit": f"COCKPIT-{worker}"}).scalar_one()


def test_overdue_tasks_reach_the_operations_panel(app_engine, source_id):
    from cockpit import enforcement_panel
    from enforcement import service
    from pages.cockpit.components import operations_body

    now = dt.datetime(2031, 3, 2, 9, 0)  # a quiet future: only the task made here is new
    before = enforcement_panel.panel(app_engine, now)
    service.create_task(app_engine, OFFICER, {"type": "inspection", "source_id": source_id},
                        now=now)
    later = now + dt.timedelta(hours=100)  # past the 72 h deadline of an inspection
    panel = enforcement_panel.panel(app_engine, later)
    assert not panel["empty"] and panel["source"] == "cockpit.src.enforcement"
    assert panel["open"] == before["open"] + 1
    assert panel["overdue"] == before["overdue"] + 1
    assert panel["data_time"] == "2031-03-06 13:00"

    body = operations_body({"incidents": [], "today": 0, "open": 0, "week": 0,
                            "source": "cockpit.src.complaints", "enforcement": panel}, "zh")
    out = json.dumps([b.to_plotly_json() for b in body], default=lambda o: o.to_plotly_json()
                     if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)
    overdue = body[0].children[1]  # the second headline: label, figure
    assert overdue.children[0].children == "执法任务超期"
    assert overdue.children[1].children[0].children == str(panel["overdue"])
    assert "bad" in overdue.className  # overdue tasks are shown in red
    assert f"执法任务办理中 {panel['open']}" in out and "执法工作台" in out
    assert "数据时间 2031-03-06 13:00" in out
    assert "执法工作台上线后显示" not in out
