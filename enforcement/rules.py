"""The rules of the loop as data: the status flow and who may take each step, deadlines by
task type (``sla.json``), the team of each district (``teams.json``), the code rules
(``sample_rules.json``) and the thresholds of clue detection.

The three files beside this module are examples (示例): a bureau replaces them with its own.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from auth.roles import TASK_REVIEW, TASK_WRITE
from decision_models.enterprise_code import RuleSet

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "sample_rules.json"
SLA_FILE = HERE / "sla.json"
TEAMS_FILE = HERE / "teams.json"

# -- status flow (派发 → 签收 → 处置 → 反馈 → 审核 → 办结; 审核 → 处置 "returned") -------------
DISPATCHED, ACCEPTED, HANDLING, REPORTED, REVIEWED, CLOSED = (
    "派发", "签收", "处置", "反馈", "审核", "办结")
STATUSES: tuple[str, ...] = (DISPATCHED, ACCEPTED, HANDLING, REPORTED, REVIEWED, CLOSED)
STATUS_KEYS: dict[str, str] = dict(zip(STATUSES, (
    "dispatched", "accepted", "handling", "reported", "reviewed", "closed"), strict=True))
OPEN_STATUSES: tuple[str, ...] = STATUSES[:-1]

#: (from, to) → the permission the step needs. Accepting, handling and reporting are the
#: officer's (task:write); reviewing, closing and sending back are the reviewer's
#: (task:review).
TRANSITIONS: dict[tuple[str, str], str] = {
    (DISPATCHED, ACCEPTED): TASK_WRITE,
    (ACCEPTED, HANDLING): TASK_WRITE,
    (HANDLING, REPORTED): TASK_WRITE,
    (REPORTED, REVIEWED): TASK_REVIEW,
    (REVIEWED, CLOSED): TASK_REVIEW,
    (REVIEWED, HANDLING): TASK_REVIEW,  # returned (退回)
}
RETURN = (REVIEWED, HANDLING)


def next_statuses(status: str) -> list[str]:
    """The statuses a task in ``status`` may move to (any role)."""
    return [b for (a, b) in TRANSITIONS if a == status]


def allowed_for(status: str, permissions: frozenset[str] | set[str]) -> list[str]:
    """The statuses a holder of ``permissions`` may move a task in ``status`` to."""
    return [b for (a, b), need in TRANSITIONS.items() if a == status and need in permissions]


# -- task types and deadlines ----------------------------------------------------------------
TYPES: tuple[str, ...] = ("inspection", "rectification", "verification")


@cache
def sla() -> dict[str, dict[str, Any]]:
    """Deadline of each task type (``{"hours", "title_zh", "title_en"}``) of the sample
    file ``sla.json`` (what applies until an administrator edits it:
    :mod:`enforcement.config`)."""
    data = json.loads(SLA_FILE.read_text(encoding="utf-8"))["types"]
    missing = set(TYPES) - set(data)
    if missing:
        raise ValueError(f"{SLA_FILE.name}: no deadline for {sorted(missing)}")
    return data


def sla_document() -> dict[str, Any]:
    """The deadline file as published (the sample, before any edit)."""
    return json.loads(SLA_FILE.read_text(encoding="utf-8"))


@cache
def _teams() -> dict[str, Any]:
    return json.loads(TEAMS_FILE.read_text(encoding="utf-8"))


def team_of(adcode: str | None) -> str:
    """The team responsible for a district (the default team outside the known ones)."""
    data = _teams()
    return data["districts"].get(adcode or "", data["default"])


def teams() -> list[str]:
    data = _teams()
    return sorted({*data["districts"].values(), data["default"]})


# -- the code --------------------------------------------------------------------------------
@cache
def ruleset() -> RuleSet:
    """The rule set of the sample file (an example; the one in force is
    :func:`enforcement.config.ruleset`, the file until an administrator edits it)."""
    return RuleSet.from_dict(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def rules_document() -> dict[str, Any]:
    """The rule file as published (for the page and ``GET /api/sources/code-rules``)."""
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


#: A complaint counts as verified (经核实) when the bureau linked it to the source and
#: finished handling it.
VERIFIED_COMPLAINT_STATUSES = ("已办结",)
#: Inspection results that are findings (a problem found on site).
FINDING_RESULTS = ("责令整改", "立案处罚")

# -- clues -------------------------------------------------------------------------------------
#: A run of at least this many hours above the limit makes an exceedance clue.
CLUE_EXCEEDANCE_MIN_HOURS = 2
#: Complaints within this distance of a source in the window make a cluster …
CLUSTER_RADIUS_M = 1000.0
CLUSTER_WINDOW_DAYS = 90
#: … when there are at least this many.
CLUSTER_MIN = 3
#: Change patches inside a redline still waiting for checks make a clue.
PATCH_OPEN_STATUSES = ("待核查", "核查中")
#: A hazardous-waste ledger year is checked once its annual declaration (固废法 第七十八条,
#: 申报) is due, 31 March of the next year in the sample's convention, and the storage rule
#: is judged as of that date. (month, day)
HW_DECLARATION_DUE = (3, 31)
CLUE_CAUSES: tuple[str, ...] = ("exceedance", "complaint_cluster", "redline_change",
                                "hw_anomaly")
CLUE_STATUSES: tuple[str, ...] = ("open", "dismissed", "tasked")
#: The task type a clue turns into by default.
CLUE_TASK_TYPE = {"exceedance": "inspection", "complaint_cluster": "inspection",
                  "redline_change": "verification", "hw_anomaly": "inspection"}
