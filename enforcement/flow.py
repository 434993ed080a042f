"""The status flow of a task: 派发 → 签收 → 处置 → 反馈 → 审核 → 办结 (审核 → 处置 sends it
back), with the role and the order checked, optimistic concurrency (the task's version) and
the closed loop (closing a rectification records the result on the source and recomputes
its code).

Functions here run on the caller's connection; every write adds its audit row on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select, update

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, NotFound, Unprocessable
from enforcement import codes, rules
from enforcement.creation import OBJECT_TYPE, _text
from enforcement.models import SOURCE_RESULTS, TASKS, TRANSITIONS


def locked(conn: Connection, task_id: int) -> dict[str, Any]:
    row = conn.execute(select(TASKS).where(TASKS.c.id == task_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"no task {task_id}")
    return dict(row._mapping)


def check_version(task: dict[str, Any], version: int | None) -> None:
    if version is not None and task["version"] != version:
        raise Conflict(f"task {task['id']} is at version {task['version']}, not {version}: "
                       "reload it and apply your change again")



# -- transitions -----------------------------------------------------------------------------
def transition(conn: Connection, actor: Actor, permissions: frozenset[str], task_id: int,
               body: dict[str, Any], now: dt.datetime, version: int | None = None
               ) -> dict[str, Any]:
    """Move a task one step; 409 naming the allowed steps when the order or the role does
    not allow it. Closing a rectification of a source records the result on the source and
    recomputes its code."""
    unknown = sorted(set(body) - {"to", "note", "findings", "version"})
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; allowed: to, note, findings, version")
    to = body.get("to")
    if to not in rules.STATUSES:
        raise Unprocessable(f"to: must be one of {list(rules.STATUSES)}, got {to!r}")
    note = _text(body, "note")
    findings = _text(body, "findings", default="") or None
    if version is None and body.get("version") is not None:
        if not isinstance(body["version"], int) or isinstance(body["version"], bool):
            raise Unprocessable("version: must be an integer")
        version = body["version"]
    task = locked(conn, task_id)
    check_version(task, version)
    status = task["status"]
    legal = rules.next_statuses(status)
    if (status, to) not in rules.TRANSITIONS:
        raise Conflict(f"task {task_id} is {status}: it cannot go to {to}; allowed next: "
                       f"{'、'.join(legal) if legal else 'none (办结 is final)'}")
    need = rules.TRANSITIONS[(status, to)]
    if need not in permissions:
        mine = rules.allowed_for(status, permissions)
        raise Conflict(f"{status} → {to} needs the permission {need}; allowed for you from "
                       f"{status}: {'、'.join(mine) if mine else 'none'}")
    changes: dict[str, Any] = {"status": to, "version": task["version"] + 1}
    if to == rules.CLOSED:
        changes["closed_at"] = now
    if (status, to) == rules.RETURN:
        changes["returned"] = task["returned"] + 1
    if findings is not None:
        changes["findings"] = findings
    conn.execute(update(TASKS).where(TASKS.c.id == task_id).values(**changes))
    conn.execute(insert(TRANSITIONS).values(task_id=task_id, from_status=status, to_status=to,
                                            actor=actor.name, at=now, note=note))
    audit.record(conn, actor, "task.transition", object_type=OBJECT_TYPE, object_id=task_id,
                 before={"status": status, "version": task["version"]},
                 after={**changes, "note": note})
    if to == rules.CLOSED and task["type"] == "rectification" and task["source_id"]:
        result = note or findings or task.get("findings") or "整改完成"
        conn.execute(insert(SOURCE_RESULTS).values(source_id=task["source_id"],
                                                   task_id=task_id, at=now, result=result,
                                                   actor=actor.name))
        audit.record(conn, actor, "source.result", object_type="pollution_source",
                     object_id=task["source_id"], after={"task_id": task_id,
                                                          "result": result})
    if task["source_id"] and task["type"] == "rectification" and to == rules.CLOSED:
        codes.recompute(conn, [task["source_id"]], now)
    return {"from": status, "to": to, "version": changes["version"]}

