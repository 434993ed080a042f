"""Incident services: create, patch (optimistic version), log, read.

Every write runs in one transaction with its audit row (:func:`auth.audit.record`) and a
log entry holding the incident's state after the step, so a refused step writes nothing.
Each change recomputes the zones, the receptors in them and the grade; their summary is
kept on the incident (``summary``, ``grade``) and in the log entry (for the replay).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from auth import audit
from auth.audit import Actor
from core.clock import beijing_now
from core.errors import Conflict, NotFound, Unprocessable
from decision_models.dispersion import SUBSTANCES
from decision_models.event_grade import grade
from decision_models.standards_tables.event_grading import WATER_SOURCE
from emergency import rules, spatial, validation
from emergency.models import INCIDENT_LOG, INCIDENTS
from store.db import connection, transaction

OBJECT_TYPE = "incident"
NO_CASUALTIES: dict[str, Any] = {"deaths": 0, "poisoned": 0, "evacuated": 0}


def as_dict(row: Any) -> dict[str, Any]:
    return dict(row._mapping) if hasattr(row, "_mapping") else dict(row)


def grade_of(casualties: dict[str, Any],
             closed_intakes: list[dict[str, Any]] | tuple = ()) -> dict[str, Any]:
    """The event grade (国家突发环境事件应急预案 附件1) with the criteria that decided it:
    ``reasons`` in English (API, logs), ``criteria`` structured (code, params, source) for
    texts in the page language. Drinking-water intakes closed by the log count as
    取水中断 of the tier they serve (附件1 (一)4/(二)4/(三)4, :func:`rules.intake_serves`);
    the most severe of them and of ``casualties["water_source_interrupted"]`` is used."""
    args = validation.grade_args(casualties)
    served = [i["serves"] for i in closed_intakes]
    if args.get("water_source_interrupted"):
        served.append(args["water_source_interrupted"])
    if served:
        args["water_source_interrupted"] = min(served, key=lambda k: WATER_SOURCE[k])
    g = grade(**args)
    return {"level": g.level, "level_index": g.level_index, "response": g.response,
            "roman": rules.GRADE_ROMAN[g.level_index], "reasons": g.reasons,
            "criteria": [c.as_dict() for c in g.criteria],
            "decided_by": g.reasons[0] if g.reasons else
            "no criterion of a higher grade met (一般, catch-all)"}


def article_4(incident: dict[str, Any]) -> list[str]:
    """The items of 办法 第四条 the incident meets (codes, see :mod:`emergency.rules`):
    such an event is reported by the 重大/特别重大 procedure whatever its grade."""
    summary = incident.get("summary") or {}
    by_type = summary.get("by_type") or {}
    cas = incident.get("casualties") or {}
    met = []
    if by_type.get("water_intake") or summary.get("closed_intakes") \
            or cas.get("water_source_interrupted"):
        met.append("drinking_water")
    if any(by_type.get(k) for k in rules.SENSITIVE_TYPES):
        met.append("sensitive_receptors")
    if incident.get("substance") in rules.HEAVY_METALS:
        met.append("heavy_metal")
    if cas.get("cross_boundary") in rules.CROSS_PROVINCE:
        met.append("cross_border")
    return met


def deadlines(incident: dict[str, Any]) -> dict[str, Any]:
    """The reporting deadline and addressees (办法 第三条, and 第四条 where it applies)."""
    level = incident["grade"]["level_index"]
    items = article_4(incident)
    procedure = "grade_1_2" if level <= 2 or items else "grade_3_4"
    hours = rules.REPORT_HOURS[procedure]
    due = incident["known_at"] + dt.timedelta(hours=hours)
    article = rules.ARTICLE_3 + ("、第四条" if items and level > 2 else "")
    return {"initial_due": due.isoformat(timespec="minutes"), "hours": hours,
            "article": article, "procedure": procedure,
            "report_to": list(rules.REPORT_TO[procedure]), "article_4": items}


def _recompute(conn: Connection, incident: dict[str, Any]) -> dict[str, Any]:
    """Zones → receptors → summary (raises 422 when the models refuse the input)."""
    fc = spatial.zones_geojson(conn, incident)
    receptors = spatial.receptors_in(conn, incident, fc)
    summary = spatial.receptor_summary(receptors)
    props = fc.get("properties", {})
    summary["warnings"] = [w["code"] for w in props.get("warnings", [])]
    if "max_distance_m" in props:
        summary["max_distance_m"] = {k: round(v, 1) for k, v in props["max_distance_m"].items()}
    if "stability" in props:
        summary["stability"] = props["stability"]
    if props.get("weather"):
        summary["weather"] = audit.jsonable(props["weather"])
    summary["closed_intakes"] = (incident.get("summary") or {}).get("closed_intakes", [])
    return summary


def _risk_source(conn: Connection, rs_id: int) -> dict[str, Any]:
    row = conn.execute(text(
        "SELECT id, code, name, chemicals, ST_X(geom) AS lon, ST_Y(geom) AS lat "
        "FROM risk_sources WHERE id = :i"), {"i": rs_id}).mappings().first()
    if row is None:
        raise Unprocessable(f"risk_source_id: no risk source {rs_id}")
    return dict(row)


def risk_source_prefill(conn: Connection, rs_id: int) -> dict[str, Any]:
    """Location, and the first stored chemical known to the substance table with its
    inventory (the worst case: the whole store released)."""
    rs = _risk_source(conn, rs_id)
    by_cas = {s.cas: s.key for s in SUBSTANCES.values()}
    by_zh = {s.name_zh: s.key for s in SUBSTANCES.values()}
    for chem in rs["chemicals"] or []:
        key = by_cas.get(chem.get("cas")) or by_zh.get(chem.get("name"))
        if key:
            return {**rs, "substance": key, "mass_kg": float(chem.get("storage_t") or 0) * 1000}
    return {**rs, "substance": None, "mass_kg": None}


def _snapshot(incident: dict[str, Any]) -> dict[str, Any]:
    keep = ("status", "weather", "mass_kg", "rate_g_s", "duration_min", "casualties",
            "grade", "summary", "version")
    return audit.jsonable({k: incident[k] for k in keep})


def _log(conn: Connection, actor: Actor, incident: dict[str, Any], kind: str, entry_text: str,
         data: dict[str, Any] | None = None, at: dt.datetime | None = None) -> dict[str, Any]:
    row = conn.execute(insert(INCIDENT_LOG).values(
        incident_id=incident["id"], at=at or beijing_now(), actor=actor.name, kind=kind,
        text=entry_text, data=audit.jsonable(data), snapshot=_snapshot(incident))
        .returning(INCIDENT_LOG)).mappings().one()
    return dict(row)


def create(engine: Engine, actor: Actor, body: dict[str, Any]) -> dict[str, Any]:
    """Create an incident from a request body; 422 naming the field on bad input."""
    new = validation.new_incident(body)
    with transaction(engine) as conn:
        values = {"lon": new.lon, "lat": new.lat, "substance": new.substance,
                  "mass_kg": new.mass_kg, "rate_g_s": new.rate_g_s}
        if new.risk_source_id is not None:
            pre = risk_source_prefill(conn, new.risk_source_id)
            if values["lon"] is None:
                values["lon"], values["lat"] = pre["lon"], pre["lat"]
            if values["substance"] is None:
                if pre["substance"] is None:
                    raise Unprocessable("substance: the risk source stores no substance of "
                                        "the table; give substance")
                values["substance"] = pre["substance"]
            if values["mass_kg"] is None and values["rate_g_s"] is None:
                if not pre["mass_kg"] or pre["substance"] != values["substance"]:
                    raise Unprocessable("mass_kg: give mass_kg or rate_g_s")
                values["mass_kg"] = pre["mass_kg"]
        now = beijing_now()
        incident = {
            "kind": new.kind, "status": "open", **values, "duration_min": new.duration_min,
            "started_at": new.started_at or now, "known_at": now, "closed_at": None,
            "risk_source_id": new.risk_source_id, "description": new.description,
            "weather": new.weather, "casualties": dict(NO_CASUALTIES),
            "grade": grade_of(NO_CASUALTIES), "created_by": actor.name, "version": 1,
            "summary": {}}
        if incident["started_at"] > now + dt.timedelta(minutes=5):
            raise Unprocessable("started_at: in the future")
        incident["summary"] = _recompute(conn, incident)
        row = conn.execute(insert(INCIDENTS).values(**incident).returning(INCIDENTS)).one()
        incident = as_dict(row)
        _log(conn, actor, incident, "created", new.description or "incident registered",
             {"source": "risk_source" if new.risk_source_id else "map"}, at=now)
        audit.record(conn, actor, "incident.create", object_type=OBJECT_TYPE,
                     object_id=incident["id"], after=_public(incident))
    return get(engine, incident["id"])


def _locked(conn: Connection, incident_id: int) -> dict[str, Any]:
    row = conn.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)
                       .with_for_update()).first()
    if row is None:
        raise NotFound(f"no incident {incident_id}")
    return as_dict(row)


def _check_version(incident: dict[str, Any], version: int) -> None:
    if incident["version"] != version:
        raise Conflict(f"incident {incident['id']} is at version {incident['version']}, "
                       f"not {version}: reload it and apply your change again")


def patch(engine: Engine, actor: Actor, incident_id: int, version: int,
          body: dict[str, Any]) -> dict[str, Any]:
    """Apply a change if ``version`` is current (else 409); log, recompute, audit."""
    with transaction(engine) as conn:
        before = _locked(conn, incident_id)
        _check_version(before, version)
        changes = validation.patch(body, before)
        after = {**before, **changes, "version": before["version"] + 1}
        if "casualties" in changes:
            after["grade"] = grade_of(after["casualties"],
                                      (before["summary"] or {}).get("closed_intakes", []))
        if changes.get("status") == "closed" and before["status"] != "closed":
            after["closed_at"] = beijing_now()
        elif "status" in changes and changes["status"] != "closed":
            after["closed_at"] = None
        after["summary"] = _recompute(conn, after)
        cols = {k: after[k] for k in (*changes, "grade", "summary", "closed_at", "version")}
        conn.execute(update(INCIDENTS).where(INCIDENTS.c.id == incident_id).values(**cols))
        _log(conn, actor, after, "changed", ", ".join(sorted(changes)),
             audit.jsonable(changes))
        audit.record(conn, actor, "incident.update", object_type=OBJECT_TYPE,
                     object_id=incident_id, before={k: before[k] for k in changes},
                     after=audit.jsonable(changes))
    return get(engine, incident_id)


def _intake(conn: Connection, target: str, serves: str | None) -> dict[str, Any]:
    """The drinking-water intake a log entry names (its receptor code, id or name)."""
    row = conn.execute(text(
        "SELECT id, code, name, adcode FROM receptors WHERE type = 'water_intake' AND "
        "(code = :t OR name = :t OR CAST(id AS text) = :t) ORDER BY id LIMIT 1"),
        {"t": target.strip()}).mappings().first()
    if row is None:
        raise Unprocessable(f"target: no drinking-water intake {target!r} (give its code, "
                            "id or name)")
    return {"id": row["id"], "code": row["code"], "name": row["name"],
            "serves": serves or rules.intake_serves(row["adcode"])}


def add_log(engine: Engine, actor: Actor, incident_id: int, body: dict[str, Any],
            version: int | None = None) -> dict[str, Any]:
    """Append a typed or free-text entry (who and when recorded); audited.

    Closing or reopening a drinking-water intake changes the incident: the set of closed
    intakes (``summary.closed_intakes``), the grade and the version."""
    entry = validation.log_entry(body)
    with transaction(engine) as conn:
        incident = _locked(conn, incident_id)
        if version is not None:
            _check_version(incident, version)
        if entry["kind"] in ("intake_closed", "intake_reopened"):
            intake = _intake(conn, entry["data"]["target"], entry["data"].pop("serves", None))
            entry["data"].update(target=intake["name"], intake=intake)
            closed = [i for i in (incident["summary"] or {}).get("closed_intakes", [])
                      if i["id"] != intake["id"]]
            if entry["kind"] == "intake_closed":
                closed.append({**intake, "at": beijing_now().isoformat(timespec="minutes")})
            summary = {**(incident["summary"] or {}), "closed_intakes": closed}
            incident = {**incident, "summary": summary, "version": incident["version"] + 1,
                        "grade": grade_of(incident["casualties"], closed)}
            conn.execute(update(INCIDENTS).where(INCIDENTS.c.id == incident_id).values(
                summary=incident["summary"], grade=incident["grade"],
                version=incident["version"]))
        row = _log(conn, actor, incident, entry["kind"], entry["text"], entry["data"])
        audit.record(conn, actor, "incident.log", object_type=OBJECT_TYPE,
                     object_id=incident_id, after={"kind": entry["kind"],
                                                   "text": entry["text"],
                                                   "data": entry["data"]})
    return _entry(row)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "at", "actor", "kind", "text", "data")}


def _public(incident: dict[str, Any]) -> dict[str, Any]:
    out = dict(incident)
    if "criteria" not in (out.get("grade") or {}):  # stored before grades had criteria
        out["grade"] = grade_of(incident["casualties"])
    out["substance_name"] = SUBSTANCES[incident["substance"]].name_zh
    out["deadlines"] = deadlines(incident)
    return audit.jsonable(out)


def get_at(engine: Engine, incident_id: int, step: int) -> dict[str, Any]:
    """The incident as it was right after log entry ``step`` (public form, its log up to
    that entry): the after-action replay."""
    st = state(engine, incident_id, step)
    out = _public(st)
    with connection(engine) as conn:
        out["log"] = [e for e in log_of(conn, incident_id) if e["id"] <= step]
    return out


def get(engine: Engine, incident_id: int, *, with_log: bool = True) -> dict[str, Any]:
    with connection(engine) as conn:
        row = conn.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
        if row is None:
            raise NotFound(f"no incident {incident_id}")
        incident = _public(as_dict(row))
        if with_log:
            incident["log"] = log_of(conn, incident_id)
    return incident


def log_of(conn: Connection, incident_id: int, *, snapshots: bool = False) -> list[dict]:
    rows = conn.execute(select(INCIDENT_LOG).where(INCIDENT_LOG.c.incident_id == incident_id)
                        .order_by(INCIDENT_LOG.c.id)).mappings().all()
    return [audit.jsonable({**_entry(r), **({"snapshot": r["snapshot"]} if snapshots else {})})
            for r in rows]


def list_incidents(engine: Engine, status: str | None = None) -> list[dict[str, Any]]:
    """Incidents, open ones first, newest first within a status."""
    if status is not None and status not in rules.STATUSES:
        raise Unprocessable(f"status: must be one of {list(rules.STATUSES)}, got {status!r}")
    q = select(INCIDENTS)
    if status:
        q = q.where(INCIDENTS.c.status == status)
    with connection(engine) as conn:
        rows = [as_dict(r) for r in conn.execute(q)]
    order = {s: i for i, s in enumerate(rules.STATUSES)}
    rows.sort(key=lambda r: (order[r["status"]], -r["known_at"].timestamp()))
    return [_public(r) for r in rows]


def state(engine: Engine, incident_id: int, step: int | None = None) -> dict[str, Any]:
    """The incident with native times (for the spatial reads and reports); with ``step``
    (a log entry id) as it was right after that step, for the after-action replay."""
    with connection(engine) as conn:
        row = conn.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
        if row is None:
            raise NotFound(f"no incident {incident_id}")
        current = as_dict(row)
        if step is None:
            return current
        snap = conn.execute(select(INCIDENT_LOG.c.snapshot, INCIDENT_LOG.c.at).where(
            INCIDENT_LOG.c.id == step, INCIDENT_LOG.c.incident_id == incident_id)).first()
    if snap is None or snap[0] is None:
        raise NotFound(f"incident {incident_id} has no log step {step}")
    return {**current, **snap[0], "as_of": snap[1], "step": step}


def marker(engine: Engine, incident_id: int) -> dict[str, Any]:
    """What a watcher compares to know the incident moved: its version, its last log
    entry and the newest hour of wind observations (404 when there is no incident)."""
    with connection(engine) as conn:
        row = conn.execute(text(
            "SELECT i.version, (SELECT max(id) FROM incident_log l WHERE l.incident_id = i.id),"
            " (SELECT max(time) FROM met_observations) FROM incidents i WHERE i.id = :i"),
            {"i": incident_id}).first()
    if row is None:
        raise NotFound(f"no incident {incident_id}")
    return {"version": row[0], "log_id": row[1],
            "met_time": row[2].isoformat(timespec="minutes") if row[2] else None}
