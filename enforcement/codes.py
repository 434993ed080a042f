"""The enterprise environment code of every source, from the store.

The evidence of each source is read in a few set queries (not one per source), turned into
:class:`~decision_models.enterprise_code.Evidence` and scored by the rule set in
force (:func:`enforcement.config.ruleset`). The result is kept in ``source_codes`` (read by the
pollution-source layer and every page: reads never recompute); it is recomputed when an
input changes through this workspace (a rectification opened or closed, online hours
recorded, the rules edited) and by :func:`compute_all` (the refresh).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from core.errors import NotFound
from decision_models.enterprise_code import Evidence, RuleSet, compute_code
from enforcement import config, rules
from enforcement.models import SOURCE_CODES

LOOKBACK_DAYS = 400  # longer than the longest window of the rules


def _day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time())


def gather(conn: Connection, now: dt.datetime, source_ids: list[int] | None = None
           ) -> tuple[dict[int, list[Evidence]], dict[int, dt.datetime]]:
    """Evidence per source id, and the closure time of each source's latest rectification
    that was recorded on it (``resolved_at``)."""
    since = now - dt.timedelta(days=LOOKBACK_DAYS)
    only = "" if source_ids is None else " AND s.id = ANY(:ids)"
    p: dict[str, Any] = {"since": since, "now": now, "ids": source_ids or []}
    ev: dict[int, list[Evidence]] = defaultdict(list)
    for r in conn.execute(text(
            "SELECT s.id, s.permit_no, s.permit_valid_until FROM pollution_sources s "
            f"WHERE true{only}"), p):
        # valid through its last day: it has expired from the next midnight
        expiry = _day(r.permit_valid_until) + dt.timedelta(days=1)
        ev[r.id].append(Evidence("permit_valid_until", expiry, r.permit_no,
                                 f"排污许可证有效期至 {r.permit_valid_until.isoformat()}"))
    for r in conn.execute(text(
            "SELECT e.id, e.source_id, e.kind, e.pollutant, e.started_at, e.hours, "
            "e.max_value, e.limit_value, e.unit FROM online_events e "
            "JOIN pollution_sources s ON s.id = e.source_id "
            f"WHERE e.started_at > :since AND e.started_at <= :now{only}"), p):
        if r.kind == "exceedance":
            detail = (f"{r.pollutant} 最高 {r.max_value:g} {r.unit}（限值 {r.limit_value:g}），"
                      f"连续 {r.hours} 小时")
        else:
            detail = f"在线监测离线 {r.hours} 小时"
        ev[r.source_id].append(Evidence(r.kind, r.started_at, f"OE{r.id}", detail))
    verified = tuple(rules.VERIFIED_COMPLAINT_STATUSES)
    for r in conn.execute(text(
            "SELECT s.id, c.code, c.received_at, c.category, c.content FROM complaints c "
            "JOIN pollution_sources s ON s.code = c.related_source "
            f"WHERE c.received_at > :since AND c.received_at <= :now "
            f"AND c.status = ANY(:verified){only}"), {**p, "verified": list(verified)}):
        ev[r.id].append(Evidence("complaint", r.received_at, r.code,
                                 f"{r.category}：{r.content}"))
    for r in conn.execute(text(
            "SELECT s.id, i.id AS iid, i.inspected_on, i.result, i.finding "
            "FROM inspections i JOIN pollution_sources s ON s.code = i.source_code "
            "WHERE i.inspected_on > CAST(:since AS date) AND i.inspected_on <= CAST(:now AS date) "
            f"AND i.result = ANY(:findings){only}"),
            {**p, "findings": list(rules.FINDING_RESULTS)}):
        ev[r.id].append(Evidence("inspection_finding", _day(r.inspected_on), f"IN{r.iid}",
                                 f"{r.result}：{r.finding or ''}"))
    for r in conn.execute(text(
            "SELECT t.id, t.source_id AS sid, t.created_at, t.title, t.status "
            "FROM enforcement_tasks t JOIN pollution_sources s ON s.id = t.source_id "
            f"WHERE t.type = 'rectification' AND t.status <> :closed{only}"),
            {**p, "closed": rules.CLOSED}):
        ev[r.sid].append(Evidence("open_rectification", min(r.created_at, now), f"T{r.id}",
                                  f"整改任务 {r.id}（{r.status}）"))
    resolved = {r.source_id: r.at for r in conn.execute(text(
        "SELECT sr.source_id, max(sr.at) AS at FROM source_results sr "
        "JOIN pollution_sources s ON s.id = sr.source_id "
        f"WHERE sr.at <= :now{only} GROUP BY sr.source_id"), p)}
    return ev, resolved


def _row(source_id: int, evidence: list[Evidence], resolved_at: dt.datetime | None,
         now: dt.datetime, ruleset: RuleSet) -> dict[str, Any]:
    result = compute_code(evidence, ruleset, now, resolved_at)
    return {"source_id": source_id, "code": result.code, "score": result.score,
            "reasons": result.reasons, "computed_at": now}


def _store(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = pg_insert(SOURCE_CODES)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=[SOURCE_CODES.c.source_id],
        set_={c: stmt.excluded[c] for c in ("code", "score", "reasons", "computed_at")}), rows)


def compute(conn: Connection, source_ids: list[int], now: dt.datetime
            ) -> dict[int, dict[str, Any]]:
    """The codes of some sources at ``now``, computed from their inputs and not stored."""
    ids = sorted({int(i) for i in source_ids if i is not None})
    if not ids:
        return {}
    ev, resolved = gather(conn, now, ids)
    ruleset = config.ruleset(conn)
    return {i: _row(i, ev.get(i, []), resolved.get(i), now, ruleset) for i in ids if i in ev}


def recompute(conn: Connection, source_ids: list[int], now: dt.datetime
              ) -> dict[int, dict[str, Any]]:
    """Recompute and store the codes of some sources (inside the caller's transaction):
    only when an input changed (a rectification opened or closed, online hours recorded,
    the rules edited)."""
    rows = compute(conn, source_ids, now)
    _store(conn, list(rows.values()))
    return rows


def stored(conn: Connection, source_id: int) -> dict[str, Any] | None:
    """The code last stored for a source (what the layer and every page read)."""
    row = conn.execute(text(
        "SELECT source_id, code, score, reasons, computed_at FROM source_codes "
        "WHERE source_id = :i"), {"i": source_id}).mappings().first()
    return dict(row) if row else None


def compute_all(conn: Connection, now: dt.datetime) -> dict[str, Any]:
    """Recompute and store every source's code; counts by colour and the time taken."""
    t0 = time.perf_counter()
    ev, resolved = gather(conn, now)
    ruleset = config.ruleset(conn)
    rows = [_row(i, e, resolved.get(i), now, ruleset) for i, e in ev.items()]
    _store(conn, rows)
    by_code = {c: 0 for c in ("green", "yellow", "red")}
    for r in rows:
        by_code[r["code"]] += 1
    return {"sources": len(rows), "by_code": by_code, "computed_at": now,
            "seconds": round(time.perf_counter() - t0, 3)}


def public(row: dict[str, Any]) -> dict[str, Any]:
    computed = row["computed_at"]
    return {"source_id": row["source_id"], "code": row["code"], "score": row["score"],
            "reasons": row["reasons"],
            "computed_at": computed.isoformat(timespec="seconds")
            if isinstance(computed, dt.datetime) else computed}


def source_row(conn: Connection, source_id: int) -> dict[str, Any]:
    row = conn.execute(text(
        "SELECT s.id, s.code, s.name, s.adcode, d.name AS district, ST_X(s.geom) AS lon, "
        "ST_Y(s.geom) AS lat, s.synthetic FROM pollution_sources s "
        "LEFT JOIN admin_districts d ON d.adcode = s.adcode WHERE s.id = :i"),
        {"i": source_id}).mappings().first()
    if row is None:
        raise NotFound(f"no pollution source {source_id}")
    return dict(row)
