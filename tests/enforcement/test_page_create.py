"""Tasks from any map feature and from a drawn region, as the page makes them: the link's
``?feature=<collection>:<id>``, the One Map feature panel's "派发任务" link, the form of a
drawn region, and a clear notice for a bad or unknown id."""

from __future__ import annotations

import pytest
from dash import html
from sqlalchemy import text

from auth.audit import Actor
from core.errors import Unprocessable
from enforcement import service
from tests.enforcement.test_page import _find, _text

pytestmark = pytest.mark.db

OFFICER = Actor("test-officer", "token")
SQUARE = {"type": "Polygon", "coordinates": [[[117.25, 31.84], [117.27, 31.84],
                                               [117.27, 31.86], [117.25, 31.86],
                                               [117.25, 31.84]]]}


def _first_id(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT min(id) FROM {table}")).scalar()


def test_feature_param_and_link_notices(onemap_app):
    from pages.tasks.page import feature_param, link_notices

    assert feature_param("complaints:12", "zh") == ({"collection": "complaints", "id": 12},
                                                    None)
    assert feature_param(None, "zh") == (None, None)
    for bad in ("complaints", "complaints:x", "complaints:-1", "complaints:٣",
                "nope:1", "complaints:99999999999"):
        feature, why = feature_param(bad, "en")
        assert feature is None and why, bad
    feature, notices = link_notices({"feature": "lakes:3", "source": "abc", "task": "7"},
                                    "en")
    assert feature is None and len(notices) == 2
    joined = _text(notices)
    assert "feature=lakes:3" in joined and "complaints" in joined and "source=abc" in joined


def test_layout_with_bad_links_says_so(onemap_app):
    from pages.tasks import page

    with onemap_app.server.test_request_context("/tasks"):
        tree = page.layout(feature="complaints:abc", lang="zh")
        good = page.layout(feature="water_sections:5", lang="zh")
    notice = _find(tree, "tk-notice")[0]
    assert "链接中的 feature=complaints:abc 无效" in _text(notice)
    stores = {getattr(c, "id", None): c for c in _walk(good)}
    assert stores["tk-feature"].data == {"collection": "water_sections", "id": 5}
    assert not _text(_find(good, "tk-notice")[0])


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


@pytest.mark.parametrize("collection", ["complaints", "change_patches", "water_sections",
                                        "sewage_outfalls", "risk_sources", "soil_plots"])
def test_form_and_task_from_a_map_feature(app_engine, collection):
    from pages.tasks import callbacks
    from pages.tasks import components as c

    fid = _first_id(app_engine, collection)
    where = callbacks.new_subject("feature", None, {"collection": collection, "id": fid},
                                  None)
    subject = service.locate(app_engine, where)
    form = c.new_task_form(subject, None, "en", "feature")
    assert subject["title"] in _text(form)
    kind = {"complaints": "Complaint", "change_patches": "Change patch",
            "water_sections": "Water section", "sewage_outfalls": "Sewage outfall",
            "risk_sources": "Risk source", "soil_plots": "Soil plot"}[collection]
    assert kind in _text(form)
    create = _find(form, "tk-n-create")[0]
    assert create.id == {"type": "tk-n-create", "id": "feature"}
    task = service.create_task(app_engine, OFFICER, {"type": "inspection", **where,
                                                     "description": "UI"})
    assert task["feature"] == {"collection": collection, "id": fid}
    assert task["title"] == subject["title"] and task["team"] == subject["team"]


def test_unknown_feature_is_a_notice_not_a_crash(onemap_app, app_engine):
    from pages.tasks import callbacks

    with onemap_app.server.test_request_context("/tasks"):
        detail, version = callbacks.show_detail(
            None, 0, None, None, {"collection": "complaints", "id": 2**31 - 5}, "en")
    assert version is None
    assert "no complaints feature" in _text(detail) and _find(detail, "notice")
    with pytest.raises(Unprocessable):
        service.locate(app_engine, {"feature": {"collection": "complaints", "id": 2**31 - 5}})


def test_drawn_region_form_and_task(app_engine, onemap_app):
    from pages.tasks import callbacks
    from pages.tasks import components as c

    drawn = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"type": "marker"},
         "geometry": {"type": "Point", "coordinates": [117.2, 31.8]}},
        {"type": "Feature", "properties": {"type": "rectangle"}, "geometry": SQUARE}]}
    region = callbacks.use_drawn_region(drawn)
    assert region == SQUARE
    assert callbacks.use_drawn_region({"type": "FeatureCollection", "features": []}) is None
    subject = service.locate(app_engine, {"region": region})
    form = c.new_task_form(subject, None, "zh", "region")
    assert "为绘制的区域新建任务" in _text(form) and "绘制区域" in _text(form)
    assert subject["district"]  # a district of the sample region
    task = service.create_task(app_engine, OFFICER, {
        "type": "verification", **callbacks.new_subject("region", None, None, region)})
    assert task["region"] == SQUARE and task["adcode"] == subject["adcode"]


def test_feature_panel_links_to_a_task_for_the_feature(onemap_app):
    from pages.onemap.feature_panel import feature_panel, feature_task_link

    registry = _registry(onemap_app)
    complaints = registry.get("complaints")
    panel = feature_panel(complaints, {"id": 42, "code": "C42"}, "en")
    link = _find(panel, "feature-task-link")[0]
    assert isinstance(link, html.A) and link.href == "/tasks?feature=complaints:42"
    assert "Create task" in _text(link)
    assert feature_task_link(complaints, {"code": "C42"}, "zh") is None  # no id, no link
    assert feature_task_link(registry.get("pollution_sources"), {"id": 3}, "zh") is None
    lakes = next((s for s in registry.all() if s.id == "lakes"), None) \
        if hasattr(registry, "all") else None
    if lakes is not None:
        assert feature_task_link(lakes, {"id": 3}, "zh") is None


def _registry(onemap_app):
    from core.context import current_context

    with onemap_app.server.app_context():
        return current_context().registry
