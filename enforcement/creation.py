"""Creating tasks (from a source, a map feature, a drawn region or a clue) and editing
their team and description.

Functions here run on the caller's connection (one transaction per write, in
:mod:`enforcement.service`); every write adds its audit row on the same connection.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, insert, text, update

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, NotFound, Unprocessable
from enforcement import codes, config, rules
from enforcement.models import TASKS, TRANSITIONS

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


def locate(conn: Connection, body: dict[str, Any]) -> dict[str, Any]:
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
        where = locate(conn, body)
    title = _text(body, "title") or where.pop("title")
    where.pop("title", None)
    if team and team not in rules.teams():
        raise Unprocessable(f"team: unknown team {team!r}; teams: {rules.teams()}")
    values = {**where, "type": task_type, "status": rules.DISPATCHED, "title": title,
              "team": team or rules.team_of(where.get("adcode")), "description": description,
              "due_at": config.due_at(conn, task_type, now), "created_at": now,
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



# -- edit --------------------------------------------------------------------------------------
EDITABLE = ("team", "description")


def edit(conn: Connection, actor: Actor, task_id: int, body: dict[str, Any], version: int,
         now: dt.datetime) -> None:
    """Change a task's team and/or description if it is still at ``version`` (409 when
    stale or 办结; 422 for an unknown field, an unknown team or an empty change); the task's
    version grows and the audit row records before and after."""
    from enforcement.flow import check_version, locked  # flow imports this module

    unknown = sorted(set(body) - set(EDITABLE))
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; editable: {list(EDITABLE)}")
    if not body:
        raise Unprocessable(f"nothing to change: give {' and/or '.join(EDITABLE)}")
    changes: dict[str, Any] = {}
    if "team" in body:
        team = _text(body, "team", required=True)
        if team not in rules.teams():
            raise Unprocessable(f"team: unknown team {team!r}; teams: {rules.teams()}")
        changes["team"] = team
    if "description" in body:
        changes["description"] = _text(body, "description", required=True)
    task = locked(conn, task_id)
    check_version(task, version)
    if task["status"] == rules.CLOSED:
        raise Conflict(f"task {task_id} is 办结: it can no longer be edited")
    changes = {k: v for k, v in changes.items() if v != task[k]}
    if not changes:
        return
    changes["version"] = task["version"] + 1
    conn.execute(update(TASKS).where(TASKS.c.id == task_id).values(**changes))
    audit.record(conn, actor, "task.update", object_type=OBJECT_TYPE, object_id=task_id,
                 before={**{k: task[k] for k in changes if k != "version"},
                         "version": task["version"]}, after=changes)
