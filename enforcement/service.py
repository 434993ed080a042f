"""Enforcement services: one transaction per write, with its audit row.

- codes: :func:`source_code` (one source, recomputed and stored), :func:`refresh` (the
  sample's online events if due, every code, and the clue detection);
- clues: :func:`list_clues`, :func:`dismiss_clue`, :func:`clue_to_task`,
  :func:`record_online_hours` (a feed of hourly values → exceedance runs → clues);
- tasks: :func:`create_task`, :func:`transition`, :func:`add_evidence`, :func:`get_task`,
  :func:`list_tasks`, :func:`tasks_geojson`, :func:`stats`;
- the wall: :func:`wall_summary` (open, overdue, closure rates) for the cockpit.

``now`` is the app's clock (:func:`core.clock.beijing_now`) unless a caller passes one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

from auth import audit
from auth.audit import Actor
from core import clock
from core.errors import Unprocessable
from decision_models.enterprise_code import exceedance_runs
from enforcement import clues, codes, config, creation, evidence, flow, rules, sample, tasks
from enforcement.models import ONLINE_EVENTS
from store.db import connection, transaction

SYSTEM = Actor.system("system:enforcement")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or clock.beijing_now()


# -- codes -------------------------------------------------------------------------------------
def source_code(engine: Engine, source_id: int, now: dt.datetime | None = None
                ) -> dict[str, Any]:
    """The stored code of one source (a read: nothing is recomputed or written). A source
    whose code was never computed (added since the last refresh) gets it computed at
    ``now`` for this answer only (``"stored": false``)."""
    with connection(engine) as conn:
        src = codes.source_row(conn, source_id)
        row = codes.stored(conn, source_id)
        is_stored = row is not None
        if row is None:
            row = codes.compute(conn, [source_id], _now(now))[source_id]
        rule_name = config.document(conn, config.RULES)["document"]["name"]
    out = codes.public(row)
    out["stored"] = is_stored
    out["source"] = {k: src[k] for k in ("id", "code", "name", "district")}
    out["rules"] = rule_name
    return out


ENTERPRISE_CODES = ("green", "yellow", "red", "none")


def enterprises(engine: Engine, q: str | None = None, code: str | None = None,
                district: str | None = None, limit: int = 50, offset: int = 0
                ) -> dict[str, Any]:
    """The catalogue of enterprises (pollution sources) with their stored code and score,
    red first then by score; filtered by a name/code search, a colour (``none``: never
    rated) and a district (adcode or name); paged."""
    if code not in (None, "", *ENTERPRISE_CODES):
        raise Unprocessable(f"code: must be one of {list(ENTERPRISE_CODES)}, got {code!r}")
    where, p = ["true"], {"limit": limit, "offset": offset}
    if q:
        where.append("(s.name ILIKE :q OR s.code ILIKE :q)")
        p["q"] = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if code == "none":
        where.append("c.code IS NULL")
    elif code:
        where.append("c.code = :code")
        p["code"] = code
    if district:
        where.append("(s.adcode = :district OR d.name = :district)")
        p["district"] = district
    sql = (" FROM pollution_sources s LEFT JOIN source_codes c ON c.source_id = s.id "
           "LEFT JOIN admin_districts d ON d.adcode = s.adcode WHERE " + " AND ".join(where))
    with connection(engine) as conn:
        total = conn.execute(text("SELECT count(*)" + sql), p).scalar_one()
        rows = conn.execute(text(
            "SELECT s.id, s.code AS source_code, s.name, s.industry, d.name AS district, "
            "s.permit_valid_until, s.synthetic, c.code, c.score, c.computed_at" + sql +
            " ORDER BY CASE c.code WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' "
            "THEN 2 ELSE 3 END, c.score DESC NULLS LAST, s.code LIMIT :limit OFFSET :offset"),
            p).mappings().all()
    return {"enterprises": [audit.jsonable(dict(r)) for r in rows], "total": total,
            "limit": limit, "offset": offset}


# -- the administrators' rule documents --------------------------------------------------------
def _published(doc: dict[str, Any]) -> dict[str, Any]:
    return audit.jsonable({**doc["document"], "version": doc["version"],
                           "updated_at": doc["updated_at"], "updated_by": doc["updated_by"]})


def rule_document(engine: Engine, key: str) -> dict[str, Any]:
    """The code rules (``config.RULES``) or the deadlines (``config.SLA``) in force, with
    their version."""
    with connection(engine) as conn:
        return _published(config.document(conn, key))


def replace_rule_document(engine: Engine, actor: Actor, key: str, body: Any, version: int,
                          now: dt.datetime | None = None) -> dict[str, Any]:
    """An administrator's edit (If-Match ``version``; 409 stale, 422 bad), audited in the
    same transaction. New code rules recompute every source's code in that transaction
    (``"codes"``: counts by colour); new deadlines apply to tasks created from now on
    (a dispatched task keeps the deadline it was given)."""
    now = _now(now)
    with transaction(engine) as conn:
        doc = config.replace(conn, actor, key, body, version, now)
        out = _published(doc)
        if key == config.RULES:
            out["codes"] = audit.jsonable(codes.compute_all(conn, now))
    return out


def reset_rule_document(engine: Engine, actor: Actor, key: str, version: int,
                        now: dt.datetime | None = None) -> dict[str, Any]:
    """Restore the sample code rules or deadlines (If-Match ``version``; 409 stale), as a
    new version, audited in the same transaction; restored code rules recompute every
    source's code in that transaction, as an edit does (``"codes"``)."""
    now = _now(now)
    with transaction(engine) as conn:
        doc = config.reset(conn, actor, key, version, now)
        out = _published(doc)
        if key == config.RULES:
            out["codes"] = audit.jsonable(codes.compute_all(conn, now))
    return out


def refresh(engine: Engine, now: dt.datetime | None = None,
            actor: Actor = SYSTEM) -> dict[str, Any]:
    """Bring the derived state up to ``now``: the sample's online events (if due), the
    clues, and every source's code."""
    now = _now(now)
    with transaction(engine) as conn:
        made = sample.ensure_events(conn)
        found = clues.detect(conn, actor, now)
        summary = codes.compute_all(conn, now)
    return {"sample_events": made, "clues": found, "codes": audit.jsonable(summary)}


# -- clues -------------------------------------------------------------------------------------
def detect_clues(engine: Engine, now: dt.datetime | None = None, actor: Actor = SYSTEM
                 ) -> dict[str, int]:
    with transaction(engine) as conn:
        return clues.detect(conn, actor, _now(now))


def record_online_hours(engine: Engine, actor: Actor, source_id: int, pollutant: str,
                        limit: float, unit: str, times: list[dt.datetime],
                        values: list[float | None], now: dt.datetime | None = None
                        ) -> dict[str, Any]:
    """Hourly online-monitoring values of one outlet: the runs above ``limit`` become
    exceedance events, clues are looked for and the source's code is recomputed."""
    now = _now(now)
    runs = exceedance_runs(times, values, limit, min_hours=1)
    with transaction(engine) as conn:
        codes.source_row(conn, source_id)
        rows = [{"source_id": source_id, "kind": "exceedance", "pollutant": pollutant,
                 "started_at": r["start"], "ended_at": r["end"], "hours": r["hours"],
                 "max_value": r["max"], "limit_value": limit, "unit": unit,
                 "synthetic": False} for r in runs]
        if rows:
            conn.execute(insert(ONLINE_EVENTS), rows)
        audit.record(conn, actor, "online.hours", object_type="pollution_source",
                     object_id=source_id, after={"pollutant": pollutant, "hours": len(times),
                                                 "runs": len(runs)})
        found = clues.detect(conn, actor, now)
        codes.recompute(conn, [source_id], now)
    return {"runs": audit.jsonable(runs), "clues": found}


def list_clues(engine: Engine, status: str | None = None, cause: str | None = None,
               limit: int = 50, offset: int = 0) -> dict[str, Any]:
    with connection(engine) as conn:
        return clues.list_clues(conn, status, cause, limit, offset)


def dismiss_clue(engine: Engine, actor: Actor, clue_id: int, reason: Any,
                 now: dt.datetime | None = None) -> dict[str, Any]:
    with transaction(engine) as conn:
        return clues.dismiss(conn, actor, clue_id, reason, _now(now))


def clue_to_task(engine: Engine, actor: Actor, clue_id: int, body: dict[str, Any],
                 now: dt.datetime | None = None) -> dict[str, Any]:
    """Turn an open clue into a task (type defaults by cause); the clue is marked tasked."""
    now = _now(now)
    with transaction(engine) as conn:
        clue = clues.locked(conn, clue_id)
        body = {"type": rules.CLUE_TASK_TYPE[clue["cause"]], **body}
        task_id = creation.create(conn, actor, body, now, clue=clue)
        clues.mark_tasked(conn, actor, clue_id, task_id, now)
        return tasks.get(conn, task_id, now)


# -- tasks -------------------------------------------------------------------------------------
def create_task(engine: Engine, actor: Actor, body: dict[str, Any],
                now: dt.datetime | None = None) -> dict[str, Any]:
    now = _now(now)
    if "clue_id" in body:
        clue_id = body["clue_id"]
        if not isinstance(clue_id, int) or isinstance(clue_id, bool):
            raise Unprocessable("clue_id: must be an integer id")
        return clue_to_task(engine, actor, clue_id,
                            {k: v for k, v in body.items() if k != "clue_id"}, now)
    with transaction(engine) as conn:
        task_id = creation.create(conn, actor, body, now)
        return tasks.get(conn, task_id, now)


def locate(engine: Engine, body: dict[str, Any]) -> dict[str, Any]:
    """Where a new task would be, before it is made (the page's form): title, district,
    location of exactly one of ``source_id``, ``feature`` or ``region``; 422 naming a bad
    or unknown one. A read: nothing is written."""
    with connection(engine) as conn:
        where = creation.locate(conn, body)
        where["district"] = conn.execute(text(
            "SELECT name FROM admin_districts WHERE adcode = :a"),
            {"a": where.get("adcode")}).scalar()
        where["team"] = rules.team_of(where.get("adcode"))
    return audit.jsonable(where)


def get_task(engine: Engine, task_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    with connection(engine) as conn:
        return tasks.get(conn, task_id, _now(now))


def transition(engine: Engine, actor: Actor, permissions: frozenset[str], task_id: int,
               body: dict[str, Any], version: int | None = None,
               now: dt.datetime | None = None) -> dict[str, Any]:
    now = _now(now)
    with transaction(engine) as conn:
        flow.transition(conn, actor, permissions, task_id, body, now, version)
        return tasks.get(conn, task_id, now)


def edit_task(engine: Engine, actor: Actor, task_id: int, body: dict[str, Any],
              version: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """Change a task's team and/or description (If-Match ``version``), audited."""
    now = _now(now)
    with transaction(engine) as conn:
        creation.edit(conn, actor, task_id, body, version, now)
        return tasks.get(conn, task_id, now)


def add_evidence(engine: Engine, actor: Actor, task_id: int, filename: str, data: bytes,
                 note: str, var_dir: Path, max_mb: int, now: dt.datetime | None = None
                 ) -> tuple[dict[str, Any], bool]:
    with transaction(engine) as conn:
        return evidence.add_evidence(conn, actor, task_id, filename, data, note,
                                     evidence_root(var_dir), max_mb, _now(now))


def evidence_root(var_dir: Path) -> Path:
    return Path(var_dir) / "evidence"


def evidence_file(engine: Engine, task_id: int, evidence_id: int, var_dir: Path
                  ) -> tuple[Path, dict[str, Any]]:
    with connection(engine) as conn:
        return evidence.evidence_file(conn, task_id, evidence_id, evidence_root(var_dir))


def list_tasks(engine: Engine, args: dict[str, Any], limit: int = 50, offset: int = 0,
               now: dt.datetime | None = None) -> dict[str, Any]:
    with connection(engine) as conn:
        return tasks.list_tasks(conn, args, _now(now), limit, offset)


def tasks_geojson(engine: Engine, args: dict[str, Any], now: dt.datetime | None = None
                  ) -> dict[str, Any]:
    with connection(engine) as conn:
        return tasks.tasks_geojson(conn, args, _now(now))


def stats(engine: Engine, by: str, now: dt.datetime | None = None,
          since: dt.datetime | None = None) -> dict[str, Any]:
    now = _now(now)
    with connection(engine) as conn:
        rows = tasks.stats(conn, by, now, since)
    return {"by": by, "rows": rows, "now": now.isoformat(timespec="seconds")}


def wall_summary(engine: Engine, now: dt.datetime | None = None) -> dict[str, Any]:
    """What the leader's wall shows of the loop at ``now``: open tasks, overdue ones, the
    on-time closure rate of the tasks closed in the last 30 days, the closure rate of the
    tasks due in the last 30 days, and the codes by colour.

    ``{"open", "overdue", "closed_30d", "on_time_rate", "closure_rate", "codes",
    "codes_at", "as_of"}`` (``codes_at``: when the codes were last computed);
    rates are fractions (None when there is nothing to rate).
    """
    now = _now(now)
    since = now - dt.timedelta(days=30)
    with connection(engine) as conn:
        r = conn.execute(text(
            "SELECT count(*) FILTER (WHERE status <> '办结') AS open, "
            "count(*) FILTER (WHERE status <> '办结' AND due_at < :now) AS overdue, "
            "count(*) FILTER (WHERE status = '办结' AND closed_at >= :since "
            "AND closed_at <= :now) AS closed, "
            "count(*) FILTER (WHERE status = '办结' AND closed_at >= :since "
            "AND closed_at <= :now AND closed_at <= due_at) AS on_time, "
            "count(*) FILTER (WHERE due_at >= :since AND due_at <= :now) AS due, "
            "count(*) FILTER (WHERE due_at >= :since AND due_at <= :now AND status = '办结' "
            "AND closed_at <= due_at) AS due_closed "
            "FROM enforcement_tasks WHERE created_at <= :now"),
            {"now": now, "since": since}).mappings().one()
        counts = dict(conn.execute(text(
            "SELECT code, count(*) FROM source_codes GROUP BY code")).all())
        codes_at = conn.execute(text("SELECT max(computed_at) FROM source_codes")).scalar()
    return {"open": r["open"], "overdue": r["overdue"], "closed_30d": r["closed"],
            "on_time_rate": round(r["on_time"] / r["closed"], 3) if r["closed"] else None,
            "closure_rate": round(r["due_closed"] / r["due"], 3) if r["due"] else None,
            "codes": {c: counts.get(c, 0) for c in ("green", "yellow", "red")},
            "codes_at": codes_at.isoformat(sep=" ", timespec="minutes") if codes_at else None,
            "as_of": now.isoformat(timespec="minutes")}
