"""The upload report names why a file cannot be stored in the page's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pages.data.components import report_view

ROOT = Path(__file__).resolve().parents[2]

CODES = ["crs_required", "invalid_upload", "bad_crs", "corrupt_file", "file_too_large",
         "missing_shx", "no_coordinates", "no_crs", "no_georeference", "too_many_features",
         "unsupported_format"]


def _text(nodes) -> str:
    return json.dumps([n.to_plotly_json() for n in nodes],
                      default=lambda o: o.to_plotly_json(), ensure_ascii=False)


@pytest.mark.parametrize("code", CODES)
def test_every_refusal_has_a_chinese_headline_and_keeps_the_detail(code):
    result = {"status": 422, "body": {"code": code, "description": "the zip file is corrupt",
                                      "report": {}}}
    zh, en = _text(report_view(result, "zh")), _text(report_view(result, "en"))
    assert "不能入库" in zh and "详细信息: the zip file is corrupt" in zh
    headline = zh.split("不能入库", 1)[1].split("详细信息", 1)[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in headline), headline
    assert "Cannot be stored" in en and "Details: the zip file is corrupt" in en


def test_the_codes_are_the_ones_the_reader_raises():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "datasets").glob("*.py"))
    raised = {c for c in CODES if f'"{c}"' in source}
    assert raised == set(CODES)
