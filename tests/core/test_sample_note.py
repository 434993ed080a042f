"""The time note names every sample series that moves with the clock at each start
(store.reanchor): the four dated series and the noise and gamma hours."""

from __future__ import annotations

from core.i18n import t
from store.reanchor import ANCHORS, HOURLY

NAMED = {  # table → (Chinese, English) of the note
    "complaints": ("信访投诉", "complaints"), "inspections": ("执法检查", "inspections"),
    "water_samples": ("水质监测", "water samples"),
    "change_patches": ("变化图斑", "change patches"),
    "noise_hourly": ("噪声", "noise"), "gamma_hourly": ("辐射", "gamma"),
}


def test_the_note_names_every_series_that_moves():
    zh, en = t("time.sample_note", "zh"), t("time.sample_note", "en")
    for table, _col in (*ANCHORS, *HOURLY):
        word_zh, word_en = NAMED[table]
        assert word_zh in zh and word_en in en, table
    assert zh.startswith("示例数据（信访投诉、执法检查、水质监测、变化图斑、噪声与辐射小时值）")
    assert en.startswith("Sample series (complaints, inspections, water samples, change "
                         "patches, noise and gamma hours) move to the present")
