"""Hazardous-waste categories, the ledger balance and the anomaly rules, on worked cases."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_models import ModelInputError
from decision_models import hazardous_waste as hw

D = dt.date


def test_categories_of_the_issue_with_both_names():
    assert hw.category("HW08").name_zh == "废矿物油与含矿物油废物"
    assert hw.category("HW17").name_zh == "表面处理废物"
    assert hw.category("HW18").name_zh == "焚烧处置残渣"
    assert hw.category("HW49").name_zh == "其他废物"
    assert all(c.name_en and c.name_zh for c in hw.CATEGORIES.values())


@pytest.mark.parametrize(("code", "cat"), [("HW08", "HW08"), ("hw49", "HW49"),
                                           ("900-249-08", "HW08"), ("336-064-17", "HW17"),
                                           ("772-003-18", "HW18")])
def test_category_of_codes(code, cat):
    assert hw.category_of(code) == cat


def test_every_sample_code_has_a_known_category():
    assert {hw.category_of(c) for c in hw.SAMPLE_CODES} <= set(hw.CATEGORIES)


@pytest.mark.parametrize("bad", ["HW8", "HW99", "900-249-8", "waste", ""])
def test_bad_codes_are_refused(bad):
    with pytest.raises(ModelInputError):
        hw.category_of(bad)


# Worked case A: 120 t generated, 100 t transferred, 5 t burnt on site, storage 10 → 25 t.
# 120 − 100 − 5 − (25 − 10) = 0: balanced.
def test_balance_worked_case_balanced():
    r = hw.balance(120, 100, 5, 10, 25)
    assert r.residual == pytest.approx(0) and r.balanced
    assert r.tolerance == pytest.approx(6.0)  # 5 % of 120 t


# Worked case B: the same unit with only 80 t of manifests: 20 t unaccounted for.
def test_balance_worked_case_missing_waste():
    r = hw.balance(120, 80, 5, 10, 25)
    assert r.residual == pytest.approx(20) and not r.balanced


def test_balance_tolerance_edges():
    # 100 t generated: tolerance 5 t; a residual of exactly 5 t passes, 5.01 t does not
    assert hw.balance(100, 95, 0, 0, 0).balanced
    assert not hw.balance(100, 94.99, 0, 0, 0).balanced
    # negative residual (more left than generated and stored) also flags
    assert not hw.balance(100, 106, 0, 0, 0).balanced
    # a small unit: the 0.1 t floor applies (5 % of 1 t = 0.05 t)
    assert hw.balance(1.0, 0.9, 0, 0, 0).balanced
    assert not hw.balance(1.0, 0.85, 0, 0, 0).balanced


def test_balance_refuses_negative_quantities():
    with pytest.raises(ModelInputError, match="transferred"):
        hw.balance(10, -1, 0, 0, 0)


@pytest.mark.parametrize(("since", "as_of", "over"), [
    (D(2025, 3, 1), D(2026, 3, 1), 0),     # exactly one year: within
    (D(2025, 3, 1), D(2026, 3, 2), 1),     # one day more
    (D(2024, 2, 29), D(2025, 2, 28), 0),   # leap day: deadline 28 February
    (D(2024, 2, 29), D(2025, 3, 1), 1),
    (D(2025, 11, 1), D(2026, 3, 1), 0),
])
def test_storage_over_one_year(since, as_of, over):
    assert hw.storage_days_over(since, as_of) == over


def test_storage_extension_approved():
    assert hw.storage_days_over(D(2025, 1, 1), D(2026, 3, 1),
                                approved_until=D(2026, 6, 30)) == 0
    assert hw.storage_days_over(D(2025, 1, 1), D(2026, 7, 2),
                                approved_until=D(2026, 6, 30)) == 2


# A small worked world: two units, two facilities, a year of manifests.
LICENCES = [hw.Licence("F1", "HW08", 100.0), hw.Licence("F1", "HW49", 50.0),
            hw.Licence("F2", "HW18", 1000.0)]
LEDGERS = [
    # U1: 60 t HW08, 50 t transferred, 10 t in storage at the end: balanced
    hw.LedgerEntry("U1", "HW08", 2026, 60.0, 0.0, 0.0, 10.0, D(2026, 10, 1)),
    # U2: 30 t HW49 generated, only 10 t transferred, nothing stored: 20 t missing;
    # HW17: 6 t generated, 2 t transferred, storage 4 → 8 t (balanced), the oldest since
    # 2025-01-15 (over one year from 2026-01-16)
    hw.LedgerEntry("U2", "900-041-49", 2026, 30.0, 0.0, 0.0, 0.0),
    hw.LedgerEntry("U2", "HW17", 2026, 6.0, 0.0, 4.0, 8.0, D(2025, 1, 15)),
]
MANIFESTS = [
    hw.Manifest("M1", "U1", "F1", "900-249-08", 30.0, D(2026, 3, 1)),
    hw.Manifest("M2", "U1", "F1", "900-249-08", 20.0, D(2026, 6, 1)),
    hw.Manifest("M3", "U2", "F1", "900-041-49", 10.0, D(2026, 6, 2)),
    # HW17 to F2, which holds only an HW18 licence
    hw.Manifest("M4", "U2", "F2", "336-064-17", 2.0, D(2026, 7, 1)),
    # F1 over its 100 t HW08 capacity with other producers' waste
    hw.Manifest("M5", "U9", "F1", "HW08", 45.0, D(2026, 8, 1)),
    hw.Manifest("M6", "U9", "F1", "HW08", 10.0, D(2026, 9, 1)),
    # a transfer in another year does not count towards 2026
    hw.Manifest("M7", "U9", "F1", "HW08", 90.0, D(2025, 9, 1)),
]


def test_worked_world_anomalies():
    found = hw.find_anomalies(LEDGERS, MANIFESTS, LICENCES, as_of=D(2026, 12, 31))
    by_rule = {}
    for a in found:
        by_rule.setdefault(a.rule, []).append(a)
    (bal,) = by_rule["hw.balance"]
    assert bal.subject == "U2" and bal.evidence["residual_t"] == pytest.approx(20.0)
    assert bal.evidence["transferred_t"] == pytest.approx(10.0)
    (store,) = by_rule["hw.storage_over_one_year"]
    assert store.subject == "U2" and store.evidence["code"] == "HW17"
    assert store.evidence["days_over"] == (D(2026, 12, 31) - D(2026, 1, 15)).days
    (unlicensed,) = by_rule["hw.transfer_code_not_licensed"]
    assert unlicensed.subject == "M4"
    assert unlicensed.evidence["facility_licensed_codes"] == ["HW18"]
    (cap,) = by_rule["hw.transfer_over_capacity"]
    # 30 + 20 + 45 = 95 t, then M6 takes it to 105 t > 100 t
    assert cap.subject == "F1" and cap.evidence["first_manifest_over"] == "M6"
    assert cap.evidence["received_t"] == pytest.approx(105.0)
    assert cap.evidence["over_t"] == pytest.approx(5.0)
    assert set(by_rule) == set(hw.RULES)


def test_u1_is_clean():
    found = hw.find_anomalies(LEDGERS, MANIFESTS, LICENCES, as_of=D(2026, 12, 31))
    assert all(a.subject != "U1" for a in found)


def test_capacity_exactly_reached_is_not_over():
    ms = [hw.Manifest("A", "U", "F1", "HW08", 60.0, D(2026, 1, 1)),
          hw.Manifest("B", "U", "F1", "HW08", 40.0, D(2026, 2, 1))]
    assert hw.transfer_anomalies(ms, LICENCES) == []


def test_unknown_facility_has_no_licence():
    ms = [hw.Manifest("X", "U", "F404", "HW08", 1.0, D(2026, 1, 1))]
    (a,) = hw.transfer_anomalies(ms, LICENCES)
    assert a.rule == "hw.transfer_code_not_licensed"
    assert a.evidence["facility_licensed_codes"] == []


def test_anomaly_record_for_the_enforcement_loop():
    a = hw.find_anomalies(LEDGERS, MANIFESTS, LICENCES, as_of=D(2026, 12, 31))[0]
    d = a.as_dict()
    assert set(d) == {"rule", "subject", "subject_kind", "title_zh", "title_en", "basis",
                      "detail_zh", "observed_on", "evidence"}
    assert "固废法" in d["basis"] or "办法" in d["basis"]


def test_each_anomaly_has_a_date_and_a_chinese_detail():
    found = {a.rule: a for a in hw.find_anomalies(LEDGERS, MANIFESTS, LICENCES,
                                                  as_of=D(2026, 12, 31))}
    assert found["hw.balance"].observed_on == D(2026, 12, 31)  # end of the ledger year
    assert "差额 20 t" in found["hw.balance"].detail_zh
    assert found["hw.storage_over_one_year"].observed_on == D(2026, 12, 31)  # the check
    assert "2025-01-15" in found["hw.storage_over_one_year"].detail_zh
    assert found["hw.transfer_code_not_licensed"].observed_on == D(2026, 7, 1)  # M4
    assert "许可类别：HW18" in found["hw.transfer_code_not_licensed"].detail_zh
    assert found["hw.transfer_over_capacity"].observed_on == D(2026, 9, 1)  # M6
    assert "超出 5 t" in found["hw.transfer_over_capacity"].detail_zh


def test_ledger_from_csv_row():
    row = {"unit_id": "U", "code": "HW08", "year": "2026", "generated_t": "1.5",
           "utilised_on_site_t": "0", "storage_start_t": "0", "storage_end_t": "0.5",
           "oldest_stored_since": "2026-11-01", "approved_until": ""}
    e = hw.ledger_from_mapping(row)
    assert e.oldest_stored_since == D(2026, 11, 1) and e.approved_until is None
