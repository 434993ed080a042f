"""The enforcement page's pieces as plain functions, and its layout."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import html

from auth.audit import Actor
from auth.roles import permissions_of
from enforcement import rules, service

pytestmark = pytest.mark.db
OFFICER = Actor("test-officer", "token")


def _text(component) -> str:
    """All the text of a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _find(component, cls: str) -> list:
    out = []
    if isinstance(component, list | tuple):
        for c in component:
            out += _find(c, cls)
        return out
    if component is None or isinstance(component, str | int | float):
        return out
    if cls in (getattr(component, "className", None) or "").split():
        out.append(component)
    return out + _find(getattr(component, "children", None), cls)


def test_task_view_shows_actions_countdown_and_upload(app_engine, fresh_source, enf_now,
                                                      tmp_path):
    from pages.tasks import components as c

    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"],
                                                     "description": "检查"}, now=enf_now)
    task = service.get_task(app_engine, task["id"], enf_now + dt.timedelta(hours=80))
    allowed = rules.allowed_for(task["status"], permissions_of(["enforcement"]))
    code = service.source_code(app_engine, fresh_source["id"], enf_now)
    view = c.task_view(task, allowed, "zh", code)
    text = _text(view)
    assert "签收任务" in text and "已超期 8小时0分0秒" in text
    assert _find(view, "tk-countdown--overdue")
    upload = _find(view, "tk-upload")[0]
    assert upload.hidden is False and getattr(upload, "data-task") == str(task["id"])
    assert "绿码" in text
    service.add_evidence(app_engine, OFFICER, task["id"], "a.png",
                         b"\x89PNG\r\n\x1a\n" + bytes(40), "", tmp_path, 1, enf_now)
    with_photo = c.task_view(service.get_task(app_engine, task["id"], enf_now), allowed, "zh")
    assert _find(with_photo, "tk-thumb")[0].src.endswith("/evidence/" + str(
        service.get_task(app_engine, task["id"])["evidence"][0]["id"]))
    en = _text(c.task_view(task, allowed, "en", code))
    assert "Accept" in en and "Overdue by 8 h 0 min 0 s" in en


def test_closed_or_read_only_task_has_no_actions(app_engine, fresh_source, enf_now):
    from pages.tasks import components as c

    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"]},
                               now=enf_now)
    view = c.task_view(service.get_task(app_engine, task["id"], enf_now), [], "zh")
    assert _find(view, "tk-upload")[0].hidden is True
    assert _find(view, "tk-act-box")[0].hidden is True


def test_countdown_and_durations():
    from pages.tasks import components as c

    base = {"status": "派发", "on_time": None}
    assert _text(c.countdown({**base, "remaining_s": 2 * 86400 + 3 * 3600}, "zh")) == \
        "剩余 2天3小时0分0秒"
    soon = c.countdown({**base, "remaining_s": 5400}, "en")
    assert _text(soon) == "1 h 30 min 0 s left" and "tk-countdown--soon" in soon.className
    # the browser ticks it: the seconds left on the app's clock and the texts ride along
    assert getattr(soon, "data-remaining") == "5400"
    assert getattr(soon, "data-hms") == "{h} h {m} min {s} s"
    late = c.countdown({"status": "办结", "on_time": False, "remaining_s": -1}, "zh")
    assert _text(late) == "超期办结"


def test_new_task_form_defaults_to_the_district_team(app_engine, fresh_source, enf_now):
    from pages.tasks import components as c

    subject = service.locate(app_engine, {"source_id": fresh_source["id"]})
    code = service.source_code(app_engine, fresh_source["id"], enf_now)
    form = c.new_task_form(subject, code, "zh")
    assert fresh_source["name"] in _text(form) and "蜀山区" in _text(form)
    dropdowns = [x for x in form if isinstance(x, html.Label)]
    team = dropdowns[1].children[1]
    assert team.value == rules.team_of("340104")
    assert team.id == {"type": "tk-n-team", "id": "source"}


def test_source_file_head_shows_the_code_and_the_task_link():
    from pages.onemap.feature_panel import code_head

    record = {"source": {"id": 7, "code": "PS00007"}, "code": {
        "code": "red", "score": 7.0, "computed_at": dt.datetime(2026, 11, 1),
        "reasons": [{"rule": "permit_expired", "points": 6, "title_zh": "排污许可证已过期",
                     "title_en": "Permit expired",
                     "evidence": [{"kind": "permit_valid_until", "at": "2026-10-01T00:00",
                                   "ref": "P1", "detail": "有效期至 2026-09-30"}]}]}}
    head = code_head(record, "zh")
    text = _text(head)
    assert "红码 · 7 分" in text and "排污许可证已过期" in text and "2026-10-01" in text
    link = next(x for x in head.children[0].children if isinstance(x, html.A))
    assert link.href == "/tasks?source=7"
    none = code_head({"source": {"id": 1}, "code": None}, "en")
    assert "Not rated" in _text(none) and _find(none, "code-new-task")[0].href == \
        "/tasks?source=1"


def test_layout_renders(onemap_app):
    from pages.tasks import page

    with onemap_app.server.test_request_context("/tasks"):
        tree = page.layout(task="12", view="clues", lang="en")
    assert tree.id == "tk-page"
    assert "Enforcement tasks" in _text(tree)
