"""Enterprise environment code (企业环境码): green, yellow or red, explained by its evidence.

A source collects points from *rules*; each rule counts one kind of evidence (an
online-monitoring exceedance run, an offline period, a verified complaint, an inspection
finding, the permit's end date, an open rectification task) inside a window of days, and
when the count reaches the rule's threshold the rule adds its points. The sum of points is
the score; the colour follows from cut-offs (a score equal to a cut-off takes the higher
colour). The rules and cut-offs are data (:class:`RuleSet`, e.g. loaded from
``enforcement/sample_rules.json``): this module fixes no threshold of its own.

Every code carries its reasons: for each rule that fired, its points and the evidence
records (kind, time, reference, detail) that made it fire. Evidence older than a rule's
window does not count (it expires); a rule without a window counts any past evidence
(a state, such as an open task). A rule looking ``ahead`` counts evidence dated from now
to ``window_days`` ahead (a permit that expires soon).

A rule marked ``resolvable`` ignores evidence dated on or before ``resolved_at``: a closed
rectification task that fixed the cause clears the earlier exceedances (the closed loop),
while later ones count again.

References
----------
.. [1] 生态环境部, 关于加强排污许可执法监管的指导意见, 环执法〔2022〕23号 (分类监管、
       信用评价与差异化执法).
.. [2] Vendor "环保码" schemes colour enterprises by such counts; here the rules are
       published data so that every colour can be explained.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from decision_models.errors import ModelInputError

__all__ = ["CODES", "CodeResult", "Evidence", "Rule", "RuleSet", "compute_code",
           "exceedance_runs"]

#: The colours, from best to worst.
CODES: tuple[str, ...] = ("green", "yellow", "red")


@dataclass(frozen=True)
class Evidence:
    """One record a rule may count.

    Parameters
    ----------
    kind : str
        What it is (``exceedance``, ``offline``, ``complaint``, ``inspection_finding``,
        ``permit_valid_until``, ``open_rectification`` …); rules name it in ``counts``.
    at : datetime.datetime
        When it happened (Beijing time, naive); a date is read as its midnight.
    ref : str
        Its reference (a complaint number, an event id, a task id).
    detail : str
        A short human-readable description.
    """

    kind: str
    at: dt.datetime
    ref: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "at": self.at.isoformat(timespec="minutes"),
                "ref": self.ref, "detail": self.detail}


@dataclass(frozen=True)
class Rule:
    """A scoring rule.

    Parameters
    ----------
    id : str
        The rule's identifier, as shown in the reasons.
    counts : str
        The evidence kind it counts.
    window_days : float or None
        Evidence older than this many days [d] expires; None: any past evidence counts.
    threshold : int
        The count [-] at which the rule fires (≥ 1).
    points : float
        Points [-] the rule adds when it fires (≥ 0).
    ahead : bool
        Count evidence dated from now to ``window_days`` ahead instead of behind.
    resolvable : bool
        Evidence dated on or before ``resolved_at`` (a closed rectification) is ignored.
    title_zh, title_en : str
        What the rule means, for people.
    """

    id: str
    counts: str
    window_days: float | None
    threshold: int
    points: float
    ahead: bool = False
    resolvable: bool = False
    title_zh: str = ""
    title_en: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ModelInputError("rule.id", "empty")
        if not self.counts:
            raise ModelInputError(f"{self.id}.counts", "empty")
        if self.window_days is not None and not self.window_days > 0:
            raise ModelInputError(f"{self.id}.window_days",
                                  f"must be > 0 or null, got {self.window_days}")
        if self.ahead and self.window_days is None:
            raise ModelInputError(f"{self.id}.window_days", "a rule looking ahead needs one")
        if int(self.threshold) != self.threshold or self.threshold < 1:
            raise ModelInputError(f"{self.id}.threshold",
                                  f"must be an integer ≥ 1, got {self.threshold}")
        if not np.isfinite(self.points) or self.points < 0:
            raise ModelInputError(f"{self.id}.points", f"must be ≥ 0, got {self.points}")

    def counted(self, evidence: Iterable[Evidence], now: dt.datetime,
                resolved_at: dt.datetime | None = None) -> list[Evidence]:
        """The evidence this rule counts at ``now`` (newest first)."""
        out = []
        for e in evidence:
            if e.kind != self.counts:
                continue
            if self.ahead:
                if not now <= e.at <= now + dt.timedelta(days=self.window_days or 0):
                    continue
            else:
                if e.at > now:
                    continue
                if self.window_days is not None and \
                        e.at <= now - dt.timedelta(days=self.window_days):
                    continue  # expired
                if self.resolvable and resolved_at is not None and e.at <= resolved_at:
                    continue  # fixed by a closed rectification
            out.append(e)
        return sorted(out, key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class RuleSet:
    """Rules and colour cut-offs.

    Parameters
    ----------
    rules : sequence of Rule
        Unique ids.
    yellow, red : float
        Score cut-offs [-]: ``score ≥ red`` is red, else ``score ≥ yellow`` is yellow, else
        green (``0 < yellow ≤ red``).
    name : str
        What the set is (e.g. "示例规则 / sample rules").
    """

    rules: tuple[Rule, ...]
    yellow: float
    red: float
    name: str = ""

    def __post_init__(self) -> None:
        ids = [r.id for r in self.rules]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ModelInputError("rules", f"duplicate ids {twice}")
        if not (0 < self.yellow <= self.red):
            raise ModelInputError("cutoffs", f"need 0 < yellow ≤ red, got yellow="
                                  f"{self.yellow}, red={self.red}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """A rule set from its data form (``{"rules": [...], "cutoffs": {"yellow", "red"}}``)."""
        if not isinstance(data, Mapping):
            raise ModelInputError("rule set", "must be an object")
        raw = data.get("rules")
        if not isinstance(raw, list) or not raw:
            raise ModelInputError("rules", "must be a non-empty list")
        cut = data.get("cutoffs")
        if not isinstance(cut, Mapping) or "yellow" not in cut or "red" not in cut:
            raise ModelInputError("cutoffs", "must give yellow and red")
        rules = []
        known = {"id", "counts", "window_days", "threshold", "points", "ahead", "resolvable",
                 "title_zh", "title_en"}
        for i, r in enumerate(raw):
            if not isinstance(r, Mapping):
                raise ModelInputError(f"rules[{i}]", "must be an object")
            extra = sorted(set(r) - known)
            if extra:
                raise ModelInputError(f"rules[{i}]", f"unknown fields {extra}")
            try:
                rules.append(Rule(
                    id=str(r["id"]), counts=str(r["counts"]),
                    window_days=None if r.get("window_days") is None
                    else float(r["window_days"]),
                    threshold=r.get("threshold", 1), points=float(r["points"]),
                    ahead=bool(r.get("ahead", False)),
                    resolvable=bool(r.get("resolvable", False)),
                    title_zh=str(r.get("title_zh", "")), title_en=str(r.get("title_en", ""))))
            except KeyError as exc:
                raise ModelInputError(f"rules[{i}]", f"missing {exc.args[0]}") from None
            except (TypeError, ValueError) as exc:
                if isinstance(exc, ModelInputError):
                    raise
                raise ModelInputError(f"rules[{i}]", str(exc)) from None
        return cls(tuple(rules), float(cut["yellow"]), float(cut["red"]),
                   str(data.get("name", "")))

    def code_of(self, score: float) -> str:
        """The colour of ``score`` (a score on a cut-off takes the higher colour)."""
        if score >= self.red:
            return "red"
        if score >= self.yellow:
            return "yellow"
        return "green"

    def by_id(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


@dataclass(frozen=True)
class CodeResult:
    """A code with its score and reasons (rules that fired, most points first)."""

    code: str
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "score": self.score, "reasons": self.reasons}


def compute_code(evidence: Iterable[Evidence], ruleset: RuleSet, now: dt.datetime,
                 resolved_at: dt.datetime | None = None) -> CodeResult:
    """The code of one source at ``now``.

    Parameters
    ----------
    evidence : iterable of Evidence
        Everything known about the source (any age; expired items are ignored).
    ruleset : RuleSet
        The rules and cut-offs.
    now : datetime.datetime
        The time the code is for (Beijing time, naive).
    resolved_at : datetime.datetime, optional
        The closure of the source's latest rectification task that fixed it; resolvable
        rules ignore evidence dated on or before it.

    Returns
    -------
    CodeResult
        ``score`` [-] = the sum of the points of the rules that fired; ``reasons`` =
        ``[{"rule", "points", "title_zh", "title_en", "count", "evidence": [...]}]``.

    Examples
    --------
    >>> rs = RuleSet((Rule("c", "complaint", 30, 2, 3),), yellow=3, red=6)
    >>> now = dt.datetime(2026, 11, 26)
    >>> ev = [Evidence("complaint", now - dt.timedelta(days=d)) for d in (1, 2, 40)]
    >>> compute_code(ev, rs, now).code
    'yellow'
    """
    items = list(evidence)
    for e in items:
        if not isinstance(e, Evidence):
            raise ModelInputError("evidence", f"not an Evidence: {e!r}")
    reasons = []
    for rule in ruleset.rules:
        counted = rule.counted(items, now, resolved_at)
        if len(counted) >= rule.threshold:
            reasons.append({"rule": rule.id, "points": rule.points, "count": len(counted),
                            "title_zh": rule.title_zh, "title_en": rule.title_en,
                            "evidence": [e.as_dict() for e in counted]})
    reasons.sort(key=lambda r: -r["points"])
    score = float(sum(r["points"] for r in reasons))
    return CodeResult(ruleset.code_of(score), score, reasons)


def exceedance_runs(times: Sequence[dt.datetime], values: Sequence[float | None],
                    limit: float, min_hours: int = 1) -> list[dict[str, Any]]:
    """Runs of consecutive hourly values above ``limit`` (an exceedance, 超标).

    Parameters
    ----------
    times : sequence of datetime.datetime
        Hour stamps, ascending, one hour apart where the series is continuous (a gap breaks
        a run).
    values : sequence of float or None
        Concentrations [mg/m³ or mg/L, the limit's unit]; None or NaN is a missing hour (it
        breaks a run).
    limit : float
        The emission limit [same unit] (a value equal to the limit is not an exceedance).
    min_hours : int
        Shortest run [h] reported.

    Returns
    -------
    list of dict
        ``{"start", "end", "hours", "max"}`` per run; ``end`` is the last hour above.
    """
    if len(times) != len(values):
        raise ModelInputError("values", f"{len(values)} values for {len(times)} times")
    if not np.isfinite(limit) or limit < 0:
        raise ModelInputError("limit", f"must be a finite value ≥ 0, got {limit}")
    if min_hours < 1:
        raise ModelInputError("min_hours", f"must be ≥ 1, got {min_hours}")
    runs: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    prev: dt.datetime | None = None
    hour = dt.timedelta(hours=1)
    for t, v in zip(times, values, strict=True):
        if prev is not None and t <= prev:
            raise ModelInputError("times", f"not ascending at {t.isoformat()}")
        above = v is not None and np.isfinite(v) and v > limit
        if above and current is not None and prev is not None and t - prev == hour:
            current["end"], current["hours"] = t, current["hours"] + 1
            current["max"] = max(current["max"], float(v))
        else:
            if current is not None:
                runs.append(current)
                current = None
            if above:
                current = {"start": t, "end": t, "hours": 1, "max": float(v)}
        if not above and current is not None:
            runs.append(current)
            current = None
        prev = t
    if current is not None:
        runs.append(current)
    return [r for r in runs if r["hours"] >= min_hours]
