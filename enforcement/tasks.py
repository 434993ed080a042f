"""Tasks: creation (from a source, a map feature, a drawn region or a clue), the status
flow with role and order checks, evidence files, lists, the map and statistics.

Functions here run on the caller's connection (one transaction per write, in
:mod:`enforcement.service`); every write adds its audit row on the same connection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, NotFound, Unprocessable
from enforcement import codes, rules
from enforcement.models import EVIDENCE, SOURCE_RESULTS, TASKS, TRANSITIONS

OBJECT_TYPE = "task"
MAX_TEXT = 4000
#: Map features a task may be made from: collection → (table, title column).
FEATURE_COLLECTIONS: dict[str, tuple[str, str]] = {
    "pollution_sources": ("pollution_sources", "name"),
    "complaints": ("complaints", "code"),
    "change_patches": ("change_patches", "code"),
    "water_sections": ("water_sections", "name"),
    "sewage_outfalls": ("sewage_outfalls", "name"),
    "risk_sources": ("risk_sources", "name"),
    "soil_plots": ("soil_plots", "name"),
}
#: Evidence types by their first bytes (never by the name or the declared type).
MAGIC: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"WEBP", 8, "image/webp", "webp"),
    (b"ftypheic", 4, "image/heic", "heic"),
    (b"ftypheix", 4, "image/heic", "heic"),
    (b"ftypmif1", 4, "image/heif", "heif"),
)
TASK_COLUMNS = ("id", "type", "status", "source_id", "feature", "region", "clue_id", "lon",
                "lat", "adcode", "title", "team", "description", "findings", "due_at",
                "created_at", "created_by", "closed_at", "returned", "synthetic", "version")


# -- validation --------------------------------------------------------------------------------
def _text(body: dict[str, Any], name: str, required: bool = False, default: str = ""
          ) -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise Unprocessable(f"{name}: required")
        return default
    if not isinstance(value, str):
        raise Unprocessable(f"{name}: must be a string, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise Unprocessable(f"{name}: at most {MAX_TEXT} characters")
    return value.strip()


def _int_id(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Unprocessable(f"{name}: must be an integer id")
    try:
        number = int(value)
    except ValueError:
        raise Unprocessable(f"{name}: must be an integer id, got {value!r}") from None
    if not 0 < number < 2**31:
        raise Unprocessable(f"{name}: no such id {number}")
    return number


KNOWN_FIELDS = {"type", "source_id", "feature", "region", "team", "description", "title"}


def _where_from(conn: Connection, body: dict[str, Any]) -> dict[str, Any]:
    """Location, district, title and source of a new task from exactly one of
    ``source_id``, ``feature`` or ``region``."""
    given = [k for k in ("source_id", "feature", "region") if body.get(k) is not None]
    if len(given) != 1:
        raise Unprocessable("give exactly one of source_id, feature {collection, id} or "
                            f"region (GeoJSON), got {given or 'none'}")
    if given == ["source_id"]:
        sid = _int_id(body["source_id"], "source_id")
        try:
            s = codes.source_row(conn, sid)
        except NotFound:
            raise Unprocessable(f"source_id: no pollution source {sid}") from None
        return {"source_id": s["id"], "lon": s["lon"], "lat": s["lat"], "adcode": s["adcode"],
                "title": s["name"], "synthetic": s["synthetic"]}
    if given == ["feature"]:
        f = body["feature"]
        if not isinstance(f, dict) or set(f) != {"collection", "id"}:
            raise Unprocessable("feature: must be {\"collection\", \"id\"}")
        if f["collection"] not in FEATURE_COLLECTIONS:
            raise Unprocessable(f"feature.collection: must be one of "
                                f"{sorted(FEATURE_COLLECTIONS)}, got {f['collection']!r}")
        table, title = FEATURE_COLLECTIONS[f["collection"]]
        fid = _int_id(f["id"], "feature.id")
        row = conn.execute(text(
            f"SELECT id, {title} AS title, synthetic, ST_X(ST_PointOnSurface(geom)) AS lon, "
            f"ST_Y(ST_PointOnSurface(geom)) AS lat FROM {table} WHERE id = :i"),
            {"i": fid}).mappings().first()
        if row is None:
            raise Unprocessable(f"feature: no {f['collection']} feature {fid}")
        out = {"feature": {"collection": f["collection"], "id": fid}, "lon": row["lon"],
               "lat": row["lat"], "adcode": _district_at(conn, row["lon"], row["lat"]),
               "title": str(row["title"]), "synthetic": row["synthetic"]}
        if f["collection"] == "pollution_sources":
            out["source_id"] = fid
        return out
    region = body["region"]
    if isinstance(region, dict) and region.get("type") == "Feature":
        region = region.get("geometry")
    if not isinstance(region, dict) or region.get("type") not in ("Polygon", "MultiPolygon"):
        raise Unprocessable("region: must be a GeoJSON Polygon or MultiPolygon")
    try:
        with conn.begin_nested():
            row = conn.execute(text(
                "SELECT ST_IsValid(g) AS ok, ST_X(ST_PointOnSurface(g)) AS lon, "
                "ST_Y(ST_PointOnSurface(g)) AS lat, ST_Area(g::geography) AS area "
                "FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326) AS g) s"),
                {"g": json.dumps(region)}).mappings().one()
    except Exception as exc:  # PostGIS refuses the geometry
        raise Unprocessable(f"region: not a valid GeoJSON geometry "
                            f"({str(exc).splitlines()[0][:200]})") from None
    if not row["ok"]:
        raise Unprocessable("region: the polygon is not valid (self-intersecting?)")
    if not (-180 <= row["lon"] <= 180 and -90 <= row["lat"] <= 90):
        raise Unprocessable("region: coordinates must be longitude, latitude (EPSG:4326)")
    return {"region": region, "lon": row["lon"], "lat": row["lat"],
            "adcode": _district_at(conn, row["lon"], row["lat"]),
            "title": f"绘制区域（{row['area'] / 1e6:.2f} km²）", "synthetic": False}


def _district_at(conn: Connection, lon: float, lat: float) -> str | None:
    return conn.execute(text(
        "SELECT adcode FROM admin_districts WHERE ST_Intersects(geom, "
        "ST_SetSRID(ST_MakePoint(:x, :y), 4326)) LIMIT 1"), {"x": lon, "y": lat}).scalar()


# -- create ----------------------------------------------------------------------------------
def create(conn: Connection, actor: Actor, body: dict[str, Any], now: dt.datetime,
           clue: dict[str, Any] | None = None) -> int:
    """Insert a task in 派发 with its deadline; the first transition and the audit row."""
    unknown = sorted(set(body) - KNOWN_FIELDS - ({"clue_id"} if clue else set()))
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; allowed: {sorted(KNOWN_FIELDS)}")
    task_type = body.get("type")
    if task_type not in rules.TYPES:
        raise Unprocessable(f"type: must be one of {list(rules.TYPES)}, got {task_type!r}")
    description = _text(body, "description")
    team = _text(body, "team")
    if clue is not None:
        where = {"source_id": clue["source_id"], "lon": clue["lon"], "lat": clue["lat"],
                 "adcode": clue["adcode"], "title": clue["title"],
                 "synthetic": clue["synthetic"], "clue_id": clue["id"]}
        if clue["cause"] == "redline_change":
            patch = clue["subject"].removeprefix("patch:")
            pid = conn.execute(text("SELECT id FROM change_patches WHERE code = :c"),
                               {"c": patch}).scalar()
            if pid is not None:
                where["feature"] = {"collection": "change_patches", "id": pid}
        description = description or clue["title"]
    else:
        where = _where_from(conn, body)
    title = _text(body, "title") or where.pop("title")
    where.pop("title", None)
    if team and team not in rules.teams():
        raise Unprocessable(f"team: unknown team {team!r}; teams: {rules.teams()}")
    values = {**where, "type": task_type, "status": rules.DISPATCHED, "title": title,
              "team": team or rules.team_of(where.get("adcode")), "description": description,
              "due_at": rules.due_at(task_type, now), "created_at": now,
              "created_by": actor.name, "returned": 0, "version": 1}
    task_id = conn.execute(insert(TASKS).values(**values).returning(TASKS.c.id)).scalar_one()
    conn.execute(insert(TRANSITIONS).values(task_id=task_id, from_status=None,
                                            to_status=rules.DISPATCHED, actor=actor.name,
                                            at=now, note=description))
    audit.record(conn, actor, "task.create", object_type=OBJECT_TYPE, object_id=task_id,
                 after={k: values[k] for k in ("type", "status", "source_id", "team",
                                               "due_at", "title", "clue_id")
                        if k in values})
    if task_type == "rectification" and values.get("source_id"):
        codes.recompute(conn, [values["source_id"]], now)
    return task_id


# -- read ------------------------------------------------------------------------------------
def locked(conn: Connection, task_id: int) -> dict[str, Any]:
    row = conn.execute(select(TASKS).where(TASKS.c.id == task_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"no task {task_id}")
    return dict(row._mapping)


def check_version(task: dict[str, Any], version: int | None) -> None:
    if version is not None and task["version"] != version:
        raise Conflict(f"task {task['id']} is at version {task['version']}, not {version}: "
                       "reload it and apply your change again")


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


def evidence_public(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in ("id", "task_id", "filename", "content_type", "size_bytes",
                               "sha256", "note", "uploaded_by", "uploaded_at")}
    out["url"] = f"/api/tasks/{row['task_id']}/evidence/{row['id']}"
    return audit.jsonable(out)


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


# -- evidence ----------------------------------------------------------------------------------
def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes; None when not allowed."""
    for magic, offset, ctype, ext in MAGIC:
        if data[offset:offset + len(magic)] == magic:
            if ctype == "image/webp" and data[:4] != b"RIFF":
                continue
            return ctype, ext
    return None


def add_evidence(conn: Connection, actor: Actor, task_id: int, filename: str, data: bytes,
                 note: str, root: Path, max_mb: int, now: dt.datetime
                 ) -> tuple[dict[str, Any], bool]:
    """Store a photo or PDF (size and type checked, sha256 recorded); (evidence, created).
    The same file sent again (a retried upload) returns the stored one."""
    if not data:
        raise Unprocessable("file: empty (nothing arrived)")
    if len(data) > max_mb * 1024 * 1024:
        raise Unprocessable(f"file: {len(data) / 1048576:.1f} MB is over the limit of "
                            f"{max_mb} MB")
    kind = sniff(data)
    if kind is None:
        raise Unprocessable("file: only photos (JPEG, PNG, WebP, HEIC) and PDF files are "
                            "accepted (checked by content)")
    if len(note) > MAX_TEXT:
        raise Unprocessable(f"note: at most {MAX_TEXT} characters")
    task = locked(conn, task_id)
    if task["status"] == rules.CLOSED:
        raise Conflict(f"task {task_id} is 办结: no more evidence")
    digest = hashlib.sha256(data).hexdigest()
    same = conn.execute(select(EVIDENCE).where(EVIDENCE.c.task_id == task_id,
                                               EVIDENCE.c.sha256 == digest)).first()
    if same is not None:
        return evidence_public(dict(same._mapping)), False
    rel = f"{task_id}/{digest}.{kind[1]}"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    name = (Path(filename or "").name or f"evidence.{kind[1]}")[:200]
    row = conn.execute(insert(EVIDENCE).values(
        task_id=task_id, filename=name, content_type=kind[0], size_bytes=len(data),
        sha256=digest, path=rel, note=note, uploaded_by=actor.name, uploaded_at=now)
        .returning(EVIDENCE)).one()
    conn.execute(update(TASKS).where(TASKS.c.id == task_id)
                 .values(version=task["version"] + 1))
    audit.record(conn, actor, "task.evidence", object_type=OBJECT_TYPE, object_id=task_id,
                 after={"filename": name, "sha256": digest, "size_bytes": len(data),
                        "content_type": kind[0]})
    return evidence_public(dict(row._mapping)), True


def evidence_file(conn: Connection, task_id: int, evidence_id: int, root: Path
                  ) -> tuple[Path, dict[str, Any]]:
    row = conn.execute(select(EVIDENCE).where(EVIDENCE.c.id == evidence_id,
                                              EVIDENCE.c.task_id == task_id)).first()
    if row is None:
        raise NotFound(f"task {task_id} has no evidence {evidence_id}")
    ev = dict(row._mapping)
    path = (root / ev["path"]).resolve()
    if root.resolve() not in path.parents or not path.exists():
        raise NotFound(f"the file of evidence {evidence_id} is missing")
    return path, ev


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


def tasks_geojson(conn: Connection, args: dict[str, Any], now: dt.datetime
                  ) -> dict[str, Any]:
    """Tasks as small point features (id, status, type, overdue), at most
    :data:`MAP_LIMIT` (the most urgent first), so a response stays far under 1 MB."""
    where, p = filters(args, now)
    rows = conn.execute(text(
        "SELECT t.id, t.status, t.type, t.lon, t.lat, "
        "(t.status <> '办结' AND t.due_at < :now) AS overdue FROM enforcement_tasks t "
        "LEFT JOIN admin_districts d ON d.adcode = t.adcode "
        f"WHERE {where} AND t.lon IS NOT NULL ORDER BY (t.status = '办结'), t.due_at "
        "LIMIT :limit"), {**p, "limit": MAP_LIMIT + 1}).all()
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [round(r.lon, 4),
                                                                round(r.lat, 4)]},
                 "properties": {"id": r.id, "s": rules.STATUS_KEYS[r.status], "t": r.type,
                                "o": bool(r.overdue)}} for r in rows[:MAP_LIMIT]]
    return {"type": "FeatureCollection", "features": features,
            "truncated": len(rows) > MAP_LIMIT}


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
