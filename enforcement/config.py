"""The administrators' rule documents of the loop: the code rules (``code_rules``) and the
deadlines by task type (``sla``).

Each is the sample file beside :mod:`enforcement.rules` (version 1) until an administrator
edits it; an edit (or a reset to the sample file) is stored in ``enforcement_settings`` with
a version that grows with every change (If-Match: a stale version is refused, 409), audited
on the same connection. Every reader (the code, new tasks' deadlines, the page) reads the
document of the store, so all app processes agree at once.

Functions here run on the caller's connection (the transaction is the service's).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, Unprocessable
from decision_models.enterprise_code import RuleSet
from decision_models.errors import ModelInputError
from enforcement import rules
from enforcement.models import SETTINGS

RULES, SLA = "code_rules", "sla"
KEYS = (RULES, SLA)
#: The kinds of evidence a code rule may count (what :func:`enforcement.codes.gather`
#: produces).
EVIDENCE_KINDS = ("exceedance", "offline", "complaint", "inspection_finding",
                  "permit_valid_until", "open_rectification")
MAX_SLA_HOURS = 24 * 365
MAX_TEXT = 2000
FILE_VERSION = 1  # the sample file, before any edit


def _default(key: str) -> dict[str, Any]:
    return rules.rules_document() if key == RULES else rules.sla_document()


def document(conn: Connection, key: str) -> dict[str, Any]:
    """``{"document", "version", "updated_at", "updated_by"}`` of ``key`` (the sample file
    at version 1 until edited)."""
    row = conn.execute(select(SETTINGS).where(SETTINGS.c.key == key)).mappings().first()
    if row is None:
        return {"document": _default(key), "version": FILE_VERSION, "updated_at": None,
                "updated_by": None}
    return {k: row[k] for k in ("document", "version", "updated_at", "updated_by")}


def ruleset(conn: Connection) -> RuleSet:
    """The rule set in force (an edited one, else the sample file)."""
    return RuleSet.from_dict(document(conn, RULES)["document"])


def sla_hours(conn: Connection) -> dict[str, float]:
    """Deadline of each task type [h] in force."""
    types = document(conn, SLA)["document"]["types"]
    return {t: float(types[t]["hours"]) for t in rules.TYPES}


def due_at(conn: Connection, task_type: str, created_at: dt.datetime) -> dt.datetime:
    return created_at + dt.timedelta(hours=sla_hours(conn)[task_type])


# -- validation --------------------------------------------------------------------------------
def _short_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise Unprocessable(f"{name}: must be a string")
    if len(value) > MAX_TEXT:
        raise Unprocessable(f"{name}: at most {MAX_TEXT} characters")
    return value.strip()


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            not math.isfinite(value):
        raise Unprocessable(f"{name}: must be a number, got {value!r}")
    return float(value)


def validate_rules(body: Any) -> dict[str, Any]:
    """A rule document as stored, or 422 naming what is wrong (unknown fields, a rule
    counting an unknown kind of evidence, cut-offs out of order, bad windows or points)."""
    if not isinstance(body, dict):
        raise Unprocessable("the body must be a rule document (a JSON object)")
    unknown = sorted(set(body) - {"name", "note", "example", "cutoffs", "rules"})
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; allowed: name, note, example, "
                            "cutoffs, rules")
    cut = body.get("cutoffs")
    if not isinstance(cut, dict) or set(cut) != {"yellow", "red"}:
        raise Unprocessable('cutoffs: must be {"yellow": number, "red": number}')
    for name in ("yellow", "red"):
        _number(cut[name], f"cutoffs.{name}")
    raw = body.get("rules")
    if not isinstance(raw, list) or not raw:
        raise Unprocessable("rules: must be a non-empty list")
    for i, r in enumerate(raw):
        if not isinstance(r, dict):
            raise Unprocessable(f"rules[{i}]: must be an object")
        if r.get("counts") not in EVIDENCE_KINDS:
            raise Unprocessable(f"rules[{i}].counts: must be one of {list(EVIDENCE_KINDS)}, "
                                f"got {r.get('counts')!r}")
        for name in ("points", "threshold"):
            if name in r:
                _number(r[name], f"rules[{i}].{name}")
        if r.get("window_days") is not None:
            _number(r["window_days"], f"rules[{i}].window_days")
        for name in ("title_zh", "title_en", "id"):
            if name in r:
                _short_text(r[name], f"rules[{i}].{name}")
    try:
        RuleSet.from_dict(body)  # the model's own checks (unique ids, 0 < yellow ≤ red…)
    except ModelInputError as exc:
        raise Unprocessable(str(exc)) from None
    out = {"name": _short_text(body.get("name", ""), "name"),
           "note": _short_text(body.get("note", ""), "note"),
           "example": bool(body.get("example", False)),
           "cutoffs": {"yellow": float(cut["yellow"]), "red": float(cut["red"])},
           "rules": raw}
    if not out["name"]:
        raise Unprocessable("name: required (what this rule set is)")
    return out


def validate_sla(body: Any) -> dict[str, Any]:
    """A deadline document (``{"types": {type: {"hours"}}}``, every type given, hours in
    (0, 8760]) as stored, or 422."""
    if not isinstance(body, dict) or not isinstance(body.get("types"), dict):
        raise Unprocessable('the body must be {"types": {"inspection": {"hours": 72}, ...}}')
    unknown = sorted(set(body) - {"types", "note", "example"})
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; allowed: types, note, example")
    types = body["types"]
    if set(types) != set(rules.TYPES):
        raise Unprocessable(f"types: must give exactly {list(rules.TYPES)}, got "
                            f"{sorted(types)}")
    current = rules.sla_document()["types"]
    out: dict[str, Any] = {}
    for name in rules.TYPES:
        item = types[name]
        if not isinstance(item, dict) or "hours" not in item:
            raise Unprocessable(f"types.{name}: must be {{\"hours\": number}}")
        extra = sorted(set(item) - {"hours", "title_zh", "title_en"})
        if extra:
            raise Unprocessable(f"types.{name}: unknown fields {extra}")
        hours = _number(item["hours"], f"types.{name}.hours")
        if not 0 < hours <= MAX_SLA_HOURS:
            raise Unprocessable(f"types.{name}.hours: must be in (0, {MAX_SLA_HOURS}], "
                                f"got {hours:g}")
        out[name] = {"hours": hours,
                     "title_zh": _short_text(item.get("title_zh",
                                                      current[name]["title_zh"]),
                                             f"types.{name}.title_zh"),
                     "title_en": _short_text(item.get("title_en",
                                                      current[name]["title_en"]),
                                             f"types.{name}.title_en")}
    note = _short_text(body.get("note", rules.sla_document().get("note", "")), "note")
    return {"note": note, "example": bool(body.get("example", False)), "types": out}


# -- edit --------------------------------------------------------------------------------------
def replace(conn: Connection, actor: Actor, key: str, body: Any, version: int,
            now: dt.datetime) -> dict[str, Any]:
    """Replace the document ``key`` if it is still at ``version`` (else 409); the row is
    locked for the transaction; the audit row records before and after."""
    if key not in KEYS:
        raise Unprocessable(f"no rule document {key!r}")
    new = validate_rules(body) if key == RULES else validate_sla(body)
    return _store(conn, actor, key, new, version, now, "update")


def reset(conn: Connection, actor: Actor, key: str, version: int, now: dt.datetime
          ) -> dict[str, Any]:
    """Restore the sample file of ``key`` if the document is still at ``version`` (else
    409). The restored document is a new version (version + 1, never the file's 1 again, so
    a page still showing an edit cannot save over it), audited as ``<key>.reset``."""
    if key not in KEYS:
        raise Unprocessable(f"no rule document {key!r}")
    return _store(conn, actor, key, _default(key), version, now, "reset")


def _store(conn: Connection, actor: Actor, key: str, new: dict[str, Any], version: int,
           now: dt.datetime, action: str) -> dict[str, Any]:
    conn.execute(pg_insert(SETTINGS).values(
        key=key, document=_default(key), version=FILE_VERSION, updated_at=now,
        updated_by="file").on_conflict_do_nothing(index_elements=[SETTINGS.c.key]))
    row = conn.execute(select(SETTINGS).where(SETTINGS.c.key == key).with_for_update()
                       ).mappings().one()
    if row["version"] != version:
        raise Conflict(f"{key} is at version {row['version']}, not {version}: reload it and "
                       "apply your change again")
    conn.execute(update(SETTINGS).where(SETTINGS.c.key == key).values(
        document=new, version=version + 1, updated_at=now, updated_by=actor.name))
    audit.record(conn, actor, f"{key}.{action}", object_type="enforcement_settings",
                 object_id=key, before={"version": version, "document": row["document"]},
                 after={"version": version + 1, "document": new})
    return {"document": new, "version": version + 1, "updated_at": now,
            "updated_by": actor.name}
