"""Texts of the hazardous-waste section of 一源一档 (pages/onemap/waste_section.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "waste.title": ("危险废物（{year} 年度）", "Hazardous waste ({year})"),
    "waste.units": ("同址产废单位", "Generating units on the site"),
    "waste.ledger": ("管理台账（按废物代码）", "Ledger by waste code"),
    "waste.manifests": ("转移联单（共 {n} 份，最近 10 份）",
                        "Transfer manifests ({n}; the last 10)"),
    "waste.out": ("转出量（按类别）", "Transferred out, by category"),
    "waste.anomalies": ("异常", "Anomalies"),
    "waste.no_anomalies": ("未发现异常", "No anomaly found"),
    "waste.no_manifests": ("本年度无转移联单", "No manifest this year"),
    "waste.col.code": ("类别/代码", "Category / code"),
    "waste.col.generated": ("产生量 (t)", "Generated (t)"),
    "waste.col.utilised": ("自行利用处置 (t)", "Utilised on site (t)"),
    "waste.col.storage": ("贮存 年初→年末 (t)", "Stored, start → end (t)"),
    "waste.col.oldest": ("最早贮存日期", "Stored since"),
    "waste.col.date": ("日期", "Date"),
    "waste.col.manifest": ("联单号", "Manifest"),
    "waste.col.tonnes": ("数量 (t)", "Tonnes"),
    "waste.col.receiver": ("接收单位", "Receiver"),
}
