"""The report-scheme editor as plain functions: load, save with the loaded version (a stale
one is refused), create and delete; read only without scheme:write."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from tests.pages.test_admin_pages import as_user

pytestmark = pytest.mark.db


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


def _trigger(page, component_id):
    return mock.patch.object(page, "ctx", mock.Mock(triggered_id=component_id))


def test_leader_edits_and_a_stale_version_is_refused(onemap_app, auth_service, make_user):
    from pages.cockpit import ids
    from pages.cockpit import schemes as page

    token = make_user("editor-leader", "leader")
    c = as_user(onemap_app, auth_service, token)
    try:
        layout = page.layout(lang="zh")
        assert "大气环境" in _text(layout)
        doc = {"name": "编辑器测试", "screens": [{"title": "一", "dwell": 20}]}
        with _trigger(page, ids.SCHEMES_NEW):
            result, _table, options, pick, version = page.write(
                0, 1, 0, None, json.dumps(doc), None, "zh")
        assert "已保存 编辑器测试（版本 1）" in _text(result) and version == 1
        assert any(o["value"] == pick for o in options)
        text, loaded = page.load(pick)
        edited = json.loads(text) | {"description": "改过"}
        with _trigger(page, ids.SCHEMES_SAVE):
            result, *_rest, version = page.write(1, 1, 0, pick, json.dumps(edited), loaded,
                                                 "zh")
        assert version == 2
        with _trigger(page, ids.SCHEMES_SAVE):  # someone else's editor still holds version 1
            stale, *_ = page.write(2, 1, 0, pick, json.dumps(edited), 1, "zh")
        assert "changed meanwhile" in _text(stale)
        with _trigger(page, ids.SCHEMES_SAVE):
            bad, *_ = page.write(3, 1, 0, pick, "{not json", 2, "zh")
        assert "not valid JSON" in _text(bad)
        with _trigger(page, ids.SCHEMES_DELETE):
            gone, *_ = page.write(3, 1, 1, pick, "", 2, "zh")
        assert "已删除 编辑器测试" in _text(gone)
    finally:
        c.pop()


def test_display_account_reads_only(onemap_app, auth_service, make_user):
    from pages.cockpit import ids
    from pages.cockpit import schemes as page

    c = as_user(onemap_app, auth_service, make_user("editor-wall", "display"))
    try:
        assert "只读" in _text(page.layout(lang="zh"))
        with _trigger(page, ids.SCHEMES_NEW):
            refused, *_ = page.write(0, 1, 0, None, '{"name": "x", "screens": []}', None,
                                     "zh")
        assert "只读" in _text(refused)
    finally:
        c.pop()


def test_scheme_editor_save_passes_the_callback_guard(onemap_app):
    """The renderer names an ``allow_duplicate`` output ``prop@<hash>``: the guard of the
    callback endpoint must accept it, or the editor's save is a 400 in the browser."""
    from core.web.callbacks import check_envelope
    from pages.cockpit import ids

    onemap_app.server.test_client().get("/login")  # the first request sets the callbacks up
    key = next(k for k in onemap_app.callback_map if f"{ids.SCHEMES_RESULT}.children" in k)
    spec = onemap_app.callback_map[key]
    outputs = [{"id": o.component_id_str(), "property": o.component_property}
               for o in spec["output"]]
    suffix = key.split(f"{ids.SCHEMES_VERSION}.data")[1].split("..")[0]
    assert suffix.startswith("@")  # the duplicate's hash, as the renderer sends it
    outputs[-1]["property"] += suffix
    body = {"output": key, "outputs": outputs,
            "inputs": [{"id": i["id"], "property": i["property"], "value": 1}
                       for i in spec["inputs"]],
            "state": [{"id": s["id"], "property": s["property"], "value": None}
                      for s in spec["state"]],
            "changedPropIds": [f"{ids.SCHEMES_SAVE}.n_clicks"]}
    assert check_envelope(body, onemap_app.callback_map) is spec
