"""Reads never write: a source's code is read from ``source_codes`` (recomputed only by a
write or the refresh), and the clue tab only lists the clues."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from auth.audit import Actor
from enforcement import service

pytestmark = pytest.mark.db

OFFICER = Actor("test-officer", "token")


def _stored(engine, sid):
    with engine.connect() as conn:
        return conn.execute(text("SELECT code, computed_at FROM source_codes "
                                 "WHERE source_id = :i"), {"i": sid}).first()


def test_reading_a_code_stores_nothing(app_engine, fresh_source, enf_now):
    sid = fresh_source["id"]
    first = service.source_code(app_engine, sid, enf_now)
    assert first["code"] == "green" and first["stored"] is False
    assert _stored(app_engine, sid) is None  # computed for the answer, not written
    service.create_task(app_engine, OFFICER, {"type": "rectification", "source_id": sid},
                        now=enf_now)  # a write: the code is stored
    assert _stored(app_engine, sid).computed_at == enf_now
    later = enf_now + dt.timedelta(days=3)
    read = service.source_code(app_engine, sid, later)
    assert read["stored"] is True and read["computed_at"] == enf_now.isoformat()
    assert _stored(app_engine, sid).computed_at == enf_now  # the read did not recompute


def test_api_code_is_the_stored_one(app_client, app_engine, fresh_source, enf_now):
    sid = fresh_source["id"]
    service.create_task(app_engine, OFFICER, {"type": "rectification", "source_id": sid},
                        now=enf_now)
    body = app_client.get(f"/api/sources/{sid}/code").get_json()
    assert body["computed_at"] == enf_now.isoformat() and body["stored"] is True
    assert _stored(app_engine, sid).computed_at == enf_now


def test_clue_tab_does_not_refresh(onemap_app, app_engine, refreshed, monkeypatch):
    from pages.tasks import callbacks

    calls = []
    monkeypatch.setattr(service, "refresh", lambda *a, **k: calls.append(a))
    with app_engine.connect() as conn:
        before = conn.execute(text("SELECT max(computed_at) FROM source_codes")).scalar()
    # an hour-old code no longer makes a viewer of the clue tab run the whole refresh
    with onemap_app.server.test_request_context("/tasks"):
        out = callbacks.show_clues("clues", 0, "zh")
    assert isinstance(out, list) and out
    with app_engine.connect() as conn:
        after = conn.execute(text("SELECT max(computed_at) FROM source_codes")).scalar()
    assert calls == [] and before == after


def test_clue_tab_refresh_is_for_reviewers(onemap_app, app_engine, refreshed, make_user):
    from pages.tasks import page

    with onemap_app.server.test_request_context("/tasks"):
        tree = page.layout(view="clues", lang="zh")  # no one signed in: no button
    button = next(x for x in _walk(tree) if getattr(x, "id", None) == "tk-clue-refresh")
    assert button.hidden is True
    wall = service.wall_summary(app_engine)
    assert wall["codes_at"]  # when the codes the tab shows were computed


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)
