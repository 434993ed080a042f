"""Hazardous-waste anomalies raise clues in the enforcement loop: one per subject and
cause, with every rule that flagged the subject as evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from decision_models import hazardous_waste as hw
from enforcement import rules, service

pytestmark = pytest.mark.db

PREFIX = {"unit": "unit", "manifest": "manifest", "facility": "facility"}


def expected_anomalies(engine) -> list[hw.Anomaly]:
    """find_anomalies over the loaded 2025 ledgers, as of their declaration date."""
    month, day = rules.HW_DECLARATION_DUE
    with engine.connect() as conn:
        ledgers = [hw.LedgerEntry(r.unit_code, r.code, r.year, r.generated_t,
                                  r.utilised_on_site_t, r.storage_start_t, r.storage_end_t,
                                  r.oldest_stored_since, r.approved_until)
                   for r in conn.execute(text("SELECT * FROM hw_ledgers"))]
        manifests = [hw.Manifest(r.code, r.origin_code, r.facility_code, r.hw_code, r.tonnes,
                                 r.date) for r in conn.execute(text("SELECT * FROM hw_manifests"))]
        licences = [hw.Licence(r.code, cat, cap) for r in conn.execute(text(
            "SELECT code, capacity_t_by_code FROM hw_facilities"))
            for cat, cap in r.capacity_t_by_code.items()]
    assert {e.year for e in ledgers} == {2025}
    return hw.find_anomalies(ledgers, manifests, licences, dt.date(2026, month, day))


def test_waste_anomalies_become_one_clue_per_subject(app_engine, enf_now):
    service.refresh(app_engine, enf_now)
    anomalies = expected_anomalies(app_engine)
    assert {a.rule for a in anomalies} == set(hw.RULES)  # the sample plants every rule
    want: dict[str, set[str]] = {}
    for a in anomalies:
        want.setdefault(f"{PREFIX[a.subject_kind]}:{a.subject}", set()).add(a.rule)
    with app_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT subject, evidence, title, lon, lat, synthetic FROM clues "
            "WHERE cause = 'hw_anomaly' AND status = 'open'")).mappings().all()
    got = {r["subject"]: {e["kind"] for e in r["evidence"]} for r in rows}
    assert len(rows) == len(got)  # one open clue per subject and cause
    assert got == want
    for r in rows:
        assert r["synthetic"] and r["lon"] and r["lat"]
        assert all(e["detail"] and e["ref"] and e["at"] for e in r["evidence"])
        assert "危险废物" in r["title"]


def test_detecting_again_adds_nothing(app_engine, enf_now):
    service.refresh(app_engine, enf_now)
    again = service.detect_clues(app_engine, enf_now)
    assert again == {"created": 0, "updated": 0}


def test_a_ledger_is_not_judged_before_its_declaration_is_due(app_engine):
    """Before 2026-03-31 no 2025 ledger is checked: balance and storage clues wait."""
    from enforcement import clues

    with app_engine.connect() as conn:
        early = clues._candidates_hw(conn, dt.datetime(2026, 3, 30, 8))
        due = clues._candidates_hw(conn, dt.datetime(2026, 3, 31, 8))
    kinds_early = {e["kind"] for c in early for e in c["evidence"]}
    kinds_due = {e["kind"] for c in due for e in c["evidence"]}
    assert "hw.balance" not in kinds_early and "hw.storage_over_one_year" not in kinds_early
    assert {"hw.balance", "hw.storage_over_one_year"} <= kinds_due
