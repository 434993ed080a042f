"""Hazardous waste (危险废物): categories, the ledger balance and the anomaly rules.

The rules turn a year of ledgers (管理台账), electronic transfer manifests (转移联单) and
operating licences (经营许可证) into anomaly records — rule, subject, evidence, basis — that
the enforcement loop turns into clues (线索):

- ``hw.balance``: generated − transferred − utilised/disposed on site − change in storage
  is not ≈ 0 (waste that left no manifest, or manifests with no waste behind them);
- ``hw.storage_over_one_year``: waste held in storage for more than one year;
- ``hw.transfer_code_not_licensed``: a transfer to a facility whose licence does not
  cover the waste's category (or to a facility with no licence at all);
- ``hw.transfer_over_capacity``: receipts of a facility in a year above its licensed
  capacity for the category.

References
----------
.. [1] 国家危险废物名录（2021年版）, 生态环境部令 第15号 (categories HW01–HW50 and
   eight-digit codes ``NNN-NNN-CC`` whose last two digits are the category).
.. [2] 中华人民共和国固体废物污染环境防治法 (2020 revision): 第七十八条 (台账, 申报),
   第八十条 (禁止将危险废物提供或者委托给无许可证的单位), 第八十一条 (贮存危险废物
   不得超过一年; 确需延长期限的, 应当报经颁发许可证的生态环境主管部门批准), 第八十二条
   (转移联单).
.. [3] 危险废物转移管理办法, 生态环境部 公安部 交通运输部令 第23号 (2021).
.. [4] 危险废物经营许可证管理办法 (国务院令 第408号, revised 2016): a licence names the
   categories and the annual operating scale (经营规模, t/a).
.. [5] GB 18597-2023 危险废物贮存污染控制标准 (storage facilities and their ledgers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_models.errors import ModelInputError
from decision_models.validation import finite_scalar

__all__ = [
    "BALANCE_ABS_TOL",
    "BALANCE_REL_TOL",
    "CATEGORIES",
    "RULES",
    "SAMPLE_CODES",
    "Anomaly",
    "BalanceResult",
    "HWCategory",
    "LedgerEntry",
    "Licence",
    "Manifest",
    "balance",
    "balance_anomalies",
    "category",
    "category_of",
    "find_anomalies",
    "ledger_from_mapping",
    "storage_anomalies",
    "storage_days_over",
    "storage_deadline",
    "transfer_anomalies",
]


@dataclass(frozen=True)
class HWCategory:
    """One category (类别) of the 国家危险废物名录 (2021): code, Chinese and English name."""

    code: str
    name_zh: str
    name_en: str


# 国家危险废物名录（2021年版）: the categories the samples and the bureau's ledgers use
# most (the list has HW01–HW50 with gaps; add a row here when a ledger needs another).
CATEGORIES: dict[str, HWCategory] = {c.code: c for c in (
    HWCategory("HW01", "医疗废物", "Medical waste"),
    HWCategory("HW06", "废有机溶剂与含有机溶剂废物", "Waste organic solvents"),
    HWCategory("HW08", "废矿物油与含矿物油废物", "Waste mineral oil"),
    HWCategory("HW09", "油/水、烃/水混合物或乳化液", "Oil/water and hydrocarbon/water mixtures"),
    HWCategory("HW11", "精（蒸）馏残渣", "Distillation residues"),
    HWCategory("HW12", "染料、涂料废物", "Dye and paint waste"),
    HWCategory("HW13", "有机树脂类废物", "Organic resin waste"),
    HWCategory("HW17", "表面处理废物", "Surface-treatment waste"),
    HWCategory("HW18", "焚烧处置残渣", "Incineration residues"),
    HWCategory("HW22", "含铜废物", "Copper-bearing waste"),
    HWCategory("HW31", "含铅废物", "Lead-bearing waste"),
    HWCategory("HW34", "废酸", "Waste acid"),
    HWCategory("HW35", "废碱", "Waste alkali"),
    HWCategory("HW46", "含镍废物", "Nickel-bearing waste"),
    HWCategory("HW49", "其他废物", "Other waste"),
    HWCategory("HW50", "废催化剂", "Spent catalysts"),
)}

# Eight-digit codes (废物代码) used by the samples, with their 名录 description in short.
# As remembered from the 2021 list: check against its text before operational use.
SAMPLE_CODES: dict[str, str] = {
    "900-214-08": "车辆、机械维修和拆解过程中产生的废发动机油、制动器油等",
    "900-249-08": "其他生产、销售、使用过程中产生的废矿物油及沾染矿物油的废弃包装物",
    "336-064-17": "金属和塑料表面酸（碱）洗、除油、除锈、磷化等工艺产生的废槽液、槽渣和污泥",
    "772-002-18": "生活垃圾焚烧飞灰",
    "772-003-18": "危险废物等焚烧处置产生的底渣、飞灰和废水处理污泥",
    "900-041-49": "含有或沾染毒性、感染性危险废物的废弃包装物、容器、过滤吸附介质",
    "900-047-49": "研究、开发和教学活动中产生的实验室废物",
    "900-252-12": "使用油漆、有机溶剂进行喷漆、上漆过程中产生的废物",
    "900-402-06": "工业生产中作为清洗剂或溶剂使用后废弃的有机溶剂",
    "900-300-34": "使用酸进行清洗产生的废酸液",
}

# The balance tolerance (a convention of this product, not a figure of any standard):
# |residual| ≤ max(BALANCE_ABS_TOL, BALANCE_REL_TOL × generated). 5 % of the year's
# generation covers what legitimately separates a ledger from its manifests — weighing on
# different scales at the producer and at the receiving facility (class III platform
# scales and weighbridges are good to well under 1 %), water lost by evaporation or taken
# up in storage (sludges and liquid wastes change by a few per cent), and manifests
# rounded to 0.001 t — while one undeclared drum or bag among a small unit's waste (a
# few hundred kilograms in a few tonnes) still shows. The absolute floor of 0.1 t keeps
# units of a few hundred kilograms a year from being flagged for a single weighing.
BALANCE_REL_TOL = 0.05
BALANCE_ABS_TOL = 0.1  # [t]

#: Rule code → (Chinese, English) text and its basis.
RULES: dict[str, tuple[str, str, str]] = {
    "hw.balance": ("产生、转移、自行利用处置与库存变化不平衡",
                   "Ledger out of balance: generated − transferred − utilised on site − "
                   "change in storage ≠ 0",
                   "固废法 第七十八条（如实记录管理台账）; 危险废物转移管理办法"),
    "hw.storage_over_one_year": ("危险废物贮存超过一年", "Hazardous waste stored for more "
                                 "than one year", "固废法 第八十一条第三款"),
    "hw.transfer_code_not_licensed": ("转移至未获该类别经营许可的单位",
                                      "Transfer to a facility not licensed for the category",
                                      "固废法 第八十条 (禁止提供或者委托给无许可证的单位); "
                                      "危险废物经营许可证管理办法"),
    "hw.transfer_over_capacity": ("接收量超过许可经营规模",
                                  "Receipts above the licensed annual capacity",
                                  "固废法 第八十条 (未按照许可证规定从事经营活动); "
                                  "危险废物经营许可证管理办法 (许可证载明的年经营规模)"),
}

_CATEGORY_RE = re.compile(r"^HW(\d{2})$")
_CODE_RE = re.compile(r"^(\d{3})-(\d{3})-(\d{2})$")


def category_of(code: str) -> str:
    """The category ("HW08") of a category or an eight-digit waste code ("900-249-08").

    Raises
    ------
    ModelInputError
        For anything that is neither, or a category outside :data:`CATEGORIES`.
    """
    text = str(code).strip().upper()
    m = _CATEGORY_RE.match(text) or _CODE_RE.match(text)
    if not m:
        raise ModelInputError("code", f"not a 危险废物 category or code: {code!r}")
    cat = f"HW{m.groups()[-1]}"
    if cat not in CATEGORIES:
        raise ModelInputError("code", f"category {cat} is not in the table of this module")
    return cat


def category(code: str) -> HWCategory:
    """The :class:`HWCategory` of a category or waste code."""
    return CATEGORIES[category_of(code)]


@dataclass(frozen=True)
class BalanceResult:
    """Ledger balance of one unit, category and year (all [t]).

    ``residual`` = generated − transferred − utilised_on_site − (storage_end −
    storage_start); positive means waste unaccounted for (possibly dumped or handed over
    without a manifest), negative means more left than was generated and stored.
    """

    generated: float
    transferred: float
    utilised_on_site: float
    storage_change: float
    residual: float
    tolerance: float
    balanced: bool


def balance(generated: float, transferred: float, utilised_on_site: float,
            storage_start: float, storage_end: float, *, rel_tol: float = BALANCE_REL_TOL,
            abs_tol: float = BALANCE_ABS_TOL) -> BalanceResult:
    """The balance rule of a year's ledger.

    Parameters
    ----------
    generated : float
        Waste generated in the year [t].
    transferred : float
        Waste transferred out under manifests in the year [t].
    utilised_on_site : float
        Waste utilised or disposed of by the unit itself (自行利用处置) [t].
    storage_start, storage_end : float
        Waste in storage at the start and the end of the year [t].
    rel_tol, abs_tol : float
        Tolerance: ``max(abs_tol, rel_tol × generated)`` [t]; see
        :data:`BALANCE_REL_TOL` for why 5 % and 0.1 t.

    Returns
    -------
    BalanceResult

    Examples
    --------
    >>> balance(120, 100, 5, 10, 25).balanced   # 120 − 100 − 5 − 15 = 0
    True
    >>> round(balance(120, 80, 5, 10, 25).residual, 3)   # 20 t unaccounted for
    20.0
    """
    g = finite_scalar(generated, "generated", nonneg=True)
    t = finite_scalar(transferred, "transferred", nonneg=True)
    u = finite_scalar(utilised_on_site, "utilised_on_site", nonneg=True)
    s0 = finite_scalar(storage_start, "storage_start", nonneg=True)
    s1 = finite_scalar(storage_end, "storage_end", nonneg=True)
    rel = finite_scalar(rel_tol, "rel_tol", nonneg=True)
    ab = finite_scalar(abs_tol, "abs_tol", nonneg=True)
    residual = g - t - u - (s1 - s0)
    tol = max(ab, rel * g)
    return BalanceResult(g, t, u, s1 - s0, residual, tol, abs(residual) <= tol + 1e-9)


def storage_deadline(stored_since: dt.date) -> dt.date:
    """Last day storage may last without approval: the same date one year later.

    固废法 第八十一条: 贮存危险废物不得超过一年 (a 29 February start ends on 28 February).
    """
    if not isinstance(stored_since, dt.date):
        raise ModelInputError("stored_since", f"not a date: {stored_since!r}")
    try:
        return stored_since.replace(year=stored_since.year + 1)
    except ValueError:  # 29 February
        return stored_since.replace(year=stored_since.year + 1, day=28)


def storage_days_over(stored_since: dt.date, as_of: dt.date, *,
                      approved_until: dt.date | None = None) -> int:
    """Days past the one-year storage limit on ``as_of`` (0 when within it).

    第八十一条 addresses units that operate under a licence; the product applies the same
    one-year limit to the storage of generating units, as the bureau's 规范化环境管理
    checks do. That extension is a choice of this product, not a text of the law.

    Parameters
    ----------
    stored_since : datetime.date
        Date the oldest waste still in storage was put in (入库日期).
    as_of : datetime.date
        Date of the check.
    approved_until : datetime.date, optional
        End of an extension approved by the licensing authority (第八十一条: 确需延长
        期限的, 应当报经…批准); counts as the deadline when later than one year.

    Returns
    -------
    int
        Days [d] after the deadline; 0 on or before it.
    """
    if not isinstance(as_of, dt.date):
        raise ModelInputError("as_of", f"not a date: {as_of!r}")
    deadline = storage_deadline(stored_since)
    if approved_until is not None and approved_until > deadline:
        deadline = approved_until
    return max(0, (as_of - deadline).days)


@dataclass(frozen=True)
class LedgerEntry:
    """One unit's ledger for one category and year (quantities [t]).

    ``oldest_stored_since`` is the date the oldest waste still in storage at the end of
    the year entered it (None when storage is empty).
    """

    unit_id: str
    code: str
    year: int
    generated_t: float
    utilised_on_site_t: float
    storage_start_t: float
    storage_end_t: float
    oldest_stored_since: dt.date | None = None
    approved_until: dt.date | None = None


@dataclass(frozen=True)
class Licence:
    """A facility's licence for one category: annual capacity (经营规模) [t/a]."""

    facility_id: str
    code: str
    capacity_t_per_year: float


@dataclass(frozen=True)
class Manifest:
    """One electronic transfer manifest (转移联单): origin unit → receiving facility."""

    manifest_id: str
    origin_id: str
    facility_id: str
    code: str
    tonnes: float
    date: dt.date


@dataclass(frozen=True)
class Anomaly:
    """An anomaly record for the enforcement loop.

    Attributes
    ----------
    rule : str
        A key of :data:`RULES`.
    subject : str
        What the clue is about: a generating unit id (balance, storage), or a manifest id
        (code not licensed) or facility id (over capacity).
    subject_kind : str
        "unit", "manifest" or "facility".
    evidence : dict
        The numbers behind the flag (tonnes, dates, the tolerance, the ids involved).
    observed_on : datetime.date or None
        The date the anomaly is about: the end of the ledger year (balance), the date of
        the check (storage), the manifest's date (code not licensed), the date of the
        manifest that crossed the capacity (over capacity).
    """

    rule: str
    subject: str
    subject_kind: str
    evidence: dict[str, Any] = field(default_factory=dict)
    observed_on: dt.date | None = None

    @property
    def basis(self) -> str:
        return RULES[self.rule][2]

    @property
    def detail_zh(self) -> str:
        """One Chinese sentence with the evidence, for a clue's evidence line."""
        e = self.evidence
        if self.rule == "hw.balance":
            return (f"{e['code']} {e['year']}年 产生 {e['generated_t']:g} t，转移 "
                    f"{e['transferred_t']:g} t，自行利用处置 {e['utilised_on_site_t']:g} t，"
                    f"库存变化 {e['storage_change_t']:g} t，差额 {e['residual_t']:g} t"
                    f"（容差 {e['tolerance_t']:g} t）")
        if self.rule == "hw.storage_over_one_year":
            return (f"{e['code']} 自 {e['stored_since']} 起贮存，期限至 {e['deadline']}，"
                    f"至 {e['as_of']} 已超 {e['days_over']} 天（贮存 {e['storage_t']:g} t）")
        if self.rule == "hw.transfer_code_not_licensed":
            lic = "、".join(e["facility_licensed_codes"]) or "无"
            return (f"联单 {self.subject}：{e['code']} {e['tonnes']:g} t 由 {e['origin_id']} "
                    f"转移至 {e['facility_id']}（许可类别：{lic}）")
        return (f"{e['code']} {e['year']}年 接收 {e['received_t']:g} t，许可经营规模 "
                f"{e['capacity_t']:g} t/a，超出 {e['over_t']:g} t（自联单 "
                f"{e['first_manifest_over']} 起）")

    def as_dict(self) -> dict[str, Any]:
        zh, en, basis = RULES[self.rule]
        return {"rule": self.rule, "subject": self.subject, "subject_kind": self.subject_kind,
                "title_zh": zh, "title_en": en, "basis": basis, "detail_zh": self.detail_zh,
                "observed_on": self.observed_on.isoformat() if self.observed_on else None,
                "evidence": dict(self.evidence)}


def _transferred(manifests: Iterable[Manifest]) -> dict[tuple[str, str, int], float]:
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for m in manifests:
        out[(m.origin_id, category_of(m.code), m.date.year)] += float(m.tonnes)
    return out


def balance_anomalies(ledgers: Iterable[LedgerEntry], manifests: Iterable[Manifest], *,
                      rel_tol: float = BALANCE_REL_TOL,
                      abs_tol: float = BALANCE_ABS_TOL) -> list[Anomaly]:
    """``hw.balance`` for every ledger, with "transferred" taken from the manifests.

    The manifests are the independent record: a ledger whose generation is not matched
    by manifests, on-site use and storage is the pattern of illegal dumping or of
    waste handed over outside the manifest system.
    """
    moved = _transferred(manifests)
    out = []
    for e in ledgers:
        cat = category_of(e.code)
        t = moved.get((e.unit_id, cat, e.year), 0.0)
        r = balance(e.generated_t, t, e.utilised_on_site_t, e.storage_start_t,
                    e.storage_end_t, rel_tol=rel_tol, abs_tol=abs_tol)
        if not r.balanced:
            out.append(Anomaly("hw.balance", e.unit_id, "unit", {
                "code": cat, "year": e.year, "generated_t": r.generated,
                "transferred_t": round(r.transferred, 3),
                "utilised_on_site_t": r.utilised_on_site,
                "storage_change_t": round(r.storage_change, 3),
                "residual_t": round(r.residual, 3), "tolerance_t": round(r.tolerance, 3)},
                dt.date(e.year, 12, 31)))
    return out


def storage_anomalies(ledgers: Iterable[LedgerEntry], as_of: dt.date) -> list[Anomaly]:
    """``hw.storage_over_one_year`` for ledgers with waste stored past its deadline."""
    out = []
    for e in ledgers:
        if e.oldest_stored_since is None or e.storage_end_t <= 0:
            continue
        over = storage_days_over(e.oldest_stored_since, as_of, approved_until=e.approved_until)
        if over > 0:
            out.append(Anomaly("hw.storage_over_one_year", e.unit_id, "unit", {
                "code": category_of(e.code), "year": e.year,
                "stored_since": e.oldest_stored_since.isoformat(),
                "deadline": storage_deadline(e.oldest_stored_since).isoformat(),
                "as_of": as_of.isoformat(), "days_over": over,
                "storage_t": e.storage_end_t}, as_of))
    return out


def transfer_anomalies(manifests: Iterable[Manifest],
                       licences: Iterable[Licence]) -> list[Anomaly]:
    """Transfers outside the receiving facility's licence.

    - one ``hw.transfer_code_not_licensed`` per manifest whose category the facility is
      not licensed for (a facility with no licence at all holds none);
    - one ``hw.transfer_over_capacity`` per facility, category and year whose receipts
      exceed the licensed capacity, naming the manifest that crossed it.
    """
    cap: dict[tuple[str, str], float] = {}
    for lic in licences:
        key = (lic.facility_id, category_of(lic.code))
        cap[key] = cap.get(key, 0.0) + finite_scalar(
            lic.capacity_t_per_year, "capacity_t_per_year", nonneg=True)
    ordered = sorted(manifests, key=lambda m: (m.date, m.manifest_id))
    out: list[Anomaly] = []
    received: dict[tuple[str, str, int], float] = defaultdict(float)
    crossed: dict[tuple[str, str, int], str] = {}
    crossed_on: dict[tuple[str, str, int], dt.date] = {}
    for m in ordered:
        t = finite_scalar(m.tonnes, "tonnes", positive=True)
        cat = category_of(m.code)
        if (m.facility_id, cat) not in cap:
            licensed = sorted(c for f, c in cap if f == m.facility_id)
            out.append(Anomaly("hw.transfer_code_not_licensed", m.manifest_id, "manifest", {
                "code": cat, "waste_code": m.code, "tonnes": t, "date": m.date.isoformat(),
                "origin_id": m.origin_id, "facility_id": m.facility_id,
                "facility_licensed_codes": licensed}, m.date))
            continue
        key = (m.facility_id, cat, m.date.year)
        received[key] += t
        if received[key] > cap[(m.facility_id, cat)] + 1e-9 and key not in crossed:
            crossed[key] = m.manifest_id
            crossed_on[key] = m.date
    for key, first in sorted(crossed.items()):
        fac, cat, year = key
        out.append(Anomaly("hw.transfer_over_capacity", fac, "facility", {
            "code": cat, "year": year, "received_t": round(received[key], 3),
            "capacity_t": cap[(fac, cat)],
            "over_t": round(received[key] - cap[(fac, cat)], 3),
            "first_manifest_over": first}, crossed_on[key]))
    return out


def find_anomalies(ledgers: Iterable[LedgerEntry], manifests: Iterable[Manifest],
                   licences: Iterable[Licence], as_of: dt.date,
                   **balance_kw: float) -> list[Anomaly]:
    """All four rules at once, in the order balance, storage, transfers."""
    ledgers, manifests = list(ledgers), list(manifests)
    return [*balance_anomalies(ledgers, manifests, **balance_kw),
            *storage_anomalies(ledgers, as_of),
            *transfer_anomalies(manifests, licences)]


def ledger_from_mapping(row: Mapping[str, Any]) -> LedgerEntry:
    """A :class:`LedgerEntry` from a CSV row (dates ISO, quantities [t])."""
    def _d(v: Any) -> dt.date | None:
        return dt.date.fromisoformat(v) if v not in (None, "") else None
    return LedgerEntry(
        unit_id=str(row["unit_id"]), code=str(row["code"]), year=int(row["year"]),
        generated_t=float(row["generated_t"]),
        utilised_on_site_t=float(row["utilised_on_site_t"]),
        storage_start_t=float(row["storage_start_t"]),
        storage_end_t=float(row["storage_end_t"]),
        oldest_stored_since=_d(row.get("oldest_stored_since")),
        approved_until=_d(row.get("approved_until")))
