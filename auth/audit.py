"""The append-only audit log: who did what, when, from where, with before and after.

Every write in any workspace calls :func:`record` on the connection of its own transaction,
so the change and its audit row commit or roll back together. The table refuses UPDATE,
DELETE and TRUNCATE (trigger of migration 0002).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from auth.models import AuditEntry
from core.clock import BEIJING
from core.web.rest import jsonable

AUDIT = AuditEntry.__table__
CSV_COLUMNS = ["id", "at", "actor", "via", "action", "object_type", "object_id", "before",
               "after", "address", "request_id", "detail"]
MAX_PAGE = 5000


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user (``via`` session|token), the CLI, or the system."""

    name: str
    via: str
    address: str = ""
    request_id: str = ""

    @classmethod
    def cli(cls) -> Actor:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(f"cli:{who}", "cli")

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(what if what.startswith("system") else f"system:{what}", "system")


def record(conn: Connection, actor: Actor, action: str, *, object_type: str = "",
           object_id: str | int = "", before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None, detail: str = "") -> None:
    """Append one row (on ``conn``: the caller's transaction)."""
    conn.execute(insert(AUDIT).values(
        actor=actor.name, via=actor.via, action=action, object_type=object_type,
        object_id=str(object_id), before=jsonable(before), after=jsonable(after),
        address=actor.address, request_id=actor.request_id, detail=detail[:2000]))


def record_many(conn: Connection, actor: Actor, action: str,
                entries: Iterable[Mapping[str, Any]], *, object_type: str = "") -> int:
    """Append one row per entry in one batched statement (on ``conn``: the caller's
    transaction), as :func:`record` would one by one.

    Each entry is a mapping with ``object_id`` and optionally ``before``, ``after`` and
    ``detail``. Returns the number of rows appended.
    """
    values = [dict(actor=actor.name, via=actor.via, action=action, object_type=object_type,
                   object_id=str(e.get("object_id", "")), before=jsonable(e.get("before")),
                   after=jsonable(e.get("after")), address=actor.address,
                   request_id=actor.request_id, detail=str(e.get("detail", ""))[:2000])
              for e in entries]
    if values:
        conn.execute(insert(AUDIT), values)
    return len(values)


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None  # exact, or a prefix ending in "." (e.g. "user.")
    since: dt.datetime | None = None  # aware, or naive Beijing time
    until: dt.datetime | None = None
    limit: int = 200
    offset: int = 0


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone(BEIJING))


def query(conn: Connection, f: AuditFilter) -> tuple[list[dict[str, Any]], int]:
    """Rows matching ``f`` (newest first) and the total count matched."""
    cond = []
    if f.actor:
        cond.append(AUDIT.c.actor == f.actor)
    if f.action:
        cond.append(AUDIT.c.action.startswith(f.action) if f.action.endswith(".")
                    else AUDIT.c.action == f.action)
    if f.since:
        cond.append(AUDIT.c.at >= _aware(f.since))
    if f.until:
        cond.append(AUDIT.c.at < _aware(f.until))
    total = conn.execute(select(func.count()).select_from(AUDIT).where(*cond)).scalar_one()
    rows = conn.execute(select(AUDIT).where(*cond).order_by(AUDIT.c.id.desc())
                        .limit(min(f.limit, MAX_PAGE)).offset(f.offset)).mappings().all()
    return [dict(r) for r in rows], total


def beijing_text(t: dt.datetime) -> str:
    """An aware instant as Beijing time text ``YYYY-MM-DD HH:MM:SS``."""
    return t.astimezone(dt.timezone(BEIJING)).strftime("%Y-%m-%d %H:%M:%S")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV (UTF-8 with BOM so that Excel opens Chinese text), times in Beijing time."""
    import json

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([
            beijing_text(row["at"]) if col == "at" else
            json.dumps(row[col], ensure_ascii=False) if col in ("before", "after")
            and row[col] is not None else ("" if row[col] is None else row[col])
            for col in CSV_COLUMNS])
    return out.getvalue()
