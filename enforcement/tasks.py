"""Reading tasks: one task with its timeline and evidence, the filtered list, the map
and the statistics. Creation is in :mod:`enforcement.creation`, the status flow in
:mod:`enforcement.flow`, evidence files in :mod:`enforcement.evidence`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, select, text

from auth import audit
from core.errors import NotFound, Unprocessable
from enforcement import rules
from enforcement.evidence import evidence_public
from enforcement.models import EVIDENCE, TRANSITIONS

TASK_COLUMNS = ("id", "type", "status", "source_id", "feature", "region", "clue_id", "lon",
                "lat", "adcode", "title", "team", "description", "findings", "due_at",
                "created_at", "created_by", "closed_at", "returned", "synthetic", "version")



def is_overdue(task: dict[str, Any], now: dt.datetime) -> bool:
    return task["status"] != rules.CLOSED and task["due_at"] < now


def public(task: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    out = {k: task.get(k) for k in TASK_COLUMNS if k in task}
    out["district"] = task.get("district")
    out["overdue"] = is_overdue(task, now)
    out["status_key"] = rules.STATUS_KEYS[task["status"]]
    end = task["closed_at"] if task["status"] == rules.CLOSED else now
    out["remaining_s"] = int((task["due_at"] - end).total_seconds())
    out["on_time"] = (task["closed_at"] <= task["due_at"]) if task.get("closed_at") else None
    out["next"] = rules.next_statuses(task["status"])
    return audit.jsonable(out)


def get(conn: Connection, task_id: int, now: dt.datetime) -> dict[str, Any]:
    row = conn.execute(text(
        "SELECT t.*, d.name AS district FROM enforcement_tasks t "
        "LEFT JOIN admin_districts d ON d.adcode = t.adcode WHERE t.id = :i"),
        {"i": task_id}).mappings().first()
    if row is None:
        raise NotFound(f"no task {task_id}")
    task = public(dict(row), now)
    task["timeline"] = [audit.jsonable(dict(r)) for r in conn.execute(
        select(TRANSITIONS.c.id, TRANSITIONS.c.from_status, TRANSITIONS.c.to_status,
               TRANSITIONS.c.actor, TRANSITIONS.c.at, TRANSITIONS.c.note)
        .where(TRANSITIONS.c.task_id == task_id).order_by(TRANSITIONS.c.id)).mappings()]
    task["evidence"] = [evidence_public(dict(r)) for r in conn.execute(
        select(EVIDENCE).where(EVIDENCE.c.task_id == task_id).order_by(EVIDENCE.c.id))
        .mappings()]
    if row["source_id"] is not None:
        src = conn.execute(text("SELECT code, name FROM pollution_sources WHERE id = :i"),
                           {"i": row["source_id"]}).mappings().first()
        task["source"] = dict(src) if src else None
    return task



# -- lists, map, statistics ------------------------------------------------------------------
def filters(args: dict[str, Any], now: dt.datetime) -> tuple[str, dict[str, Any]]:
    """SQL conditions of the list filters (status, district, type, team, overdue, source,
    bbox); 422 naming a bad one."""
    where = ["true"]
    p: dict[str, Any] = {"now": now}
    status = args.get("status")
    if status:
        statuses = status.split(",")
        bad = [s for s in statuses if s not in rules.STATUSES and s != "open"]
        if bad:
            raise Unprocessable(f"status: must be among {list(rules.STATUSES)} or open, "
                                f"got {bad}")
        if "open" in statuses:
            statuses = [s for s in statuses if s != "open"] + list(rules.OPEN_STATUSES)
        where.append("t.status = ANY(:statuses)")
        p["statuses"] = statuses
    district = args.get("district")
    if district:
        where.append("(t.adcode = :district OR d.name = :district)")
        p["district"] = district
    task_type = args.get("type")
    if task_type:
        if task_type not in rules.TYPES:
            raise Unprocessable(f"type: must be one of {list(rules.TYPES)}, got {task_type!r}")
        where.append("t.type = :type")
        p["type"] = task_type
    team = args.get("team")
    if team:
        where.append("t.team = :team")
        p["team"] = team
    overdue = args.get("overdue")
    if overdue not in (None, ""):
        if overdue not in ("true", "false"):
            raise Unprocessable(f"overdue: must be true or false, got {overdue!r}")
        cond = "t.status <> '办结' AND t.due_at < :now"
        where.append(cond if overdue == "true" else f"NOT ({cond})")
    source = args.get("source_id")
    if source not in (None, ""):
        if not (str(source).isascii() and str(source).isdigit()):
            raise Unprocessable(f"source_id: must be an integer id, got {source!r}")
        where.append("t.source_id = :source_id")
        p["source_id"] = int(source)
    bbox = args.get("bbox")
    if bbox:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError:
            raise Unprocessable("bbox: must be minLon,minLat,maxLon,maxLat") from None
        where.append("t.lon BETWEEN :x0 AND :x1 AND t.lat BETWEEN :y0 AND :y1")
        p.update(x0=x0, y0=y0, x1=x1, y1=y1)
    return " AND ".join(where), p


LIST_SQL = ("SELECT t.id, t.type, t.status, t.source_id, t.clue_id, t.lon, t.lat, t.adcode, "
            "t.title, t.team, t.description, t.due_at, t.created_at, t.created_by, "
            "t.closed_at, t.returned, t.synthetic, t.version, d.name AS district "
            "FROM enforcement_tasks t LEFT JOIN admin_districts d ON d.adcode = t.adcode ")


def list_tasks(conn: Connection, args: dict[str, Any], now: dt.datetime, limit: int,
               offset: int) -> dict[str, Any]:
    where, p = filters(args, now)
    total = conn.execute(text(
        "SELECT count(*) FROM enforcement_tasks t LEFT JOIN admin_districts d "
        f"ON d.adcode = t.adcode WHERE {where}"), p).scalar_one()
    rows = conn.execute(text(
        f"{LIST_SQL} WHERE {where} ORDER BY (t.status = '办结'), t.due_at, t.id "
        "LIMIT :limit OFFSET :offset"), {**p, "limit": limit, "offset": offset}).mappings()
    return {"tasks": [public(dict(r), now) for r in rows], "total": total, "limit": limit,
            "offset": offset, "now": now.isoformat(timespec="seconds")}


MAP_LIMIT = 4000
#: Tolerance [°] of the simplified outline of a drawn region on the task map (about 50 m at
#: the latitude of the sample; the map opens at zoom 9 and a drawn region is a few vertices).
MAP_TOLERANCE = 0.0005
#: Ceiling [bytes] of one map answer (issue 16: never over 1 MB): the outlines of drawn
#: regions are sent while the answer stays under it; past it, a region is its point
#: (``"a": false``), whatever the regions drawn.
MAP_MAX_BYTES = 950_000
MAP_SQL = (
    "SELECT t.id, t.status, t.type, t.lon, t.lat, "
    "(t.status <> '办结' AND t.due_at < :now) AS overdue, "
    "CASE WHEN t.region IS NOT NULL THEN ST_AsGeoJSON(ST_SimplifyPreserveTopology("
    "ST_GeomFromGeoJSON(t.region::text), :tol), 4) END AS area "
    "FROM enforcement_tasks t LEFT JOIN admin_districts d ON d.adcode = t.adcode ")


def tasks_geojson(conn: Connection, args: dict[str, Any], now: dt.datetime
                  ) -> dict[str, Any]:
    """Tasks as small features (id, status, type, overdue), at most :data:`MAP_LIMIT` (the
    most urgent first), so a response stays far under 1 MB: a point each, or the simplified
    outline of the region a task was made from (:data:`MAP_TOLERANCE`; ``"a": true``)
    while the outlines fit :data:`MAP_AREA_BUDGET`."""
    where, p = filters(args, now)
    rows = conn.execute(text(
        f"{MAP_SQL} WHERE {where} AND t.lon IS NOT NULL ORDER BY (t.status = '办结'), "
        "t.due_at LIMIT :limit"), {**p, "limit": MAP_LIMIT + 1, "tol": MAP_TOLERANCE}).all()
    features, outlines = [], []
    for r in rows[:MAP_LIMIT]:
        props = {"id": r.id, "s": rules.STATUS_KEYS[r.status], "t": r.type,
                 "o": bool(r.overdue)}
        geometry = {"type": "Point", "coordinates": [round(r.lon, 4), round(r.lat, 4)]}
        if r.area is not None:
            props["a"] = False
            outlines.append((len(features), r.area))
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    out = {"type": "FeatureCollection", "features": features,
           "truncated": len(rows) > MAP_LIMIT}
    room = MAP_MAX_BYTES - len(json.dumps(out)) if outlines else 0
    for i, area in outlines:  # the most urgent first, while the answer stays under 1 MB
        point = features[i]["geometry"]
        outline = json.loads(area)
        extra = len(json.dumps(outline)) - len(json.dumps(point))
        if extra > room:
            continue
        room -= extra
        features[i]["geometry"] = outline
        features[i]["properties"]["a"] = True
    return out


def stats(conn: Connection, by: str, now: dt.datetime, since: dt.datetime | None = None
          ) -> list[dict[str, Any]]:
    """By district or team: tasks, open, overdue, closed, closed on time, the on-time
    closure rate, the average handling time [h] (dispatch to 办结) and tasks reopened
    (returned from 审核 at least once)."""
    if by not in ("district", "team"):
        raise Unprocessable(f"by: must be district or team, got {by!r}")
    key = "coalesce(d.name, '—')" if by == "district" else "t.team"
    rows = conn.execute(text(
        f"SELECT {key} AS key, count(*) AS tasks, "
        "count(*) FILTER (WHERE t.status <> '办结') AS open, "
        "count(*) FILTER (WHERE t.status <> '办结' AND t.due_at < :now) AS overdue, "
        "count(*) FILTER (WHERE t.status = '办结') AS closed, "
        "count(*) FILTER (WHERE t.status = '办结' AND t.closed_at <= t.due_at) AS on_time, "
        "avg(EXTRACT(EPOCH FROM t.closed_at - t.created_at) / 3600.0) "
        "FILTER (WHERE t.status = '办结') AS avg_hours, "
        "count(*) FILTER (WHERE t.returned > 0) AS reopened "
        "FROM enforcement_tasks t LEFT JOIN admin_districts d ON d.adcode = t.adcode "
        "WHERE t.created_at >= :since GROUP BY 1 ORDER BY 1"),
        {"now": now, "since": since or dt.datetime(1900, 1, 1)}).mappings().all()
    return [{**dict(r), "on_time_rate": round(r["on_time"] / r["closed"], 3)
             if r["closed"] else None,
             "avg_handling_h": round(float(r["avg_hours"]), 1)
             if r["avg_hours"] is not None else None} for r in rows]
