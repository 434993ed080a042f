"""Clues (线索) found in the data, and their triage.

Three causes, each found by a set query:

- ``exceedance``: online-monitoring exceedance runs of at least
  :data:`~enforcement.rules.CLUE_EXCEEDANCE_MIN_HOURS` hours in the last 30 days;
- ``complaint_cluster``: at least :data:`~enforcement.rules.CLUSTER_MIN` complaints within
  :data:`~enforcement.rules.CLUSTER_RADIUS_M` of one source in
  :data:`~enforcement.rules.CLUSTER_WINDOW_DAYS` days;
- ``redline_change``: change patches inside an ecological redline still waiting for checks;
- ``hw_anomaly``: the hazardous-waste anomalies of
  :func:`decision_models.hazardous_waste.find_anomalies` (ledger balance, storage over one
  year, transfers outside a facility's licence) in the ledgers whose declaration is due
  (:data:`~enforcement.rules.HW_DECLARATION_DUE`) and the manifests up to now; the subject
  is the unit, manifest or facility the rule names, its rules the evidence.

A subject (a source, a patch) has at most one open clue per cause (a partial unique index);
new evidence joins the open clue. After a clue was dismissed or turned into a task, only
evidence newer than that triage makes a new clue, so the same records never come back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, NotFound, Unprocessable
from decision_models import hazardous_waste as hw
from enforcement import rules
from enforcement.models import CLUES

OBJECT_TYPE = "clue"
EXCEEDANCE_WINDOW_DAYS = 30


def _candidates_exceedance(conn: Connection, now: dt.datetime) -> list[dict[str, Any]]:
    rows = conn.execute(text(
        "SELECT s.id AS source_id, s.code, s.name, s.adcode, ST_X(s.geom) AS lon, "
        "ST_Y(s.geom) AS lat, s.synthetic, e.id, e.pollutant, e.started_at, e.ended_at, "
        "e.hours, e.max_value, e.limit_value, e.unit FROM online_events e "
        "JOIN pollution_sources s ON s.id = e.source_id "
        "WHERE e.kind = 'exceedance' AND e.hours >= :h AND e.started_at > :since "
        "AND e.started_at <= :now ORDER BY s.id, e.started_at"),
        {"h": rules.CLUE_EXCEEDANCE_MIN_HOURS, "now": now,
         "since": now - dt.timedelta(days=EXCEEDANCE_WINDOW_DAYS)}).mappings().all()
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        c = out.setdefault(r["source_id"], {
            "cause": "exceedance", "subject": f"source:{r['code']}",
            "source_id": r["source_id"], "title": f"{r['name']} 在线监测连续超标",
            "lon": r["lon"], "lat": r["lat"], "adcode": r["adcode"],
            "synthetic": r["synthetic"], "evidence": []})
        c["evidence"].append({
            "kind": "exceedance", "ref": f"OE{r['id']}", "at": r["started_at"],
            "detail": f"{r['pollutant']} 最高 {r['max_value']:g} {r['unit']}（限值 "
                      f"{r['limit_value']:g}），连续 {r['hours']} 小时，至 "
                      f"{r['ended_at']:%Y-%m-%d %H:%M}"})
    return list(out.values())


def _candidates_cluster(conn: Connection, now: dt.datetime) -> list[dict[str, Any]]:
    rows = conn.execute(text(
        "SELECT s.id AS source_id, s.code, s.name, s.adcode, ST_X(s.geom) AS lon, "
        "ST_Y(s.geom) AS lat, s.synthetic, c.code AS ccode, c.received_at, c.category, "
        "c.content, round(ST_Distance(s.geom::geography, c.geom::geography)) AS dist "
        "FROM complaints c JOIN pollution_sources s "
        "ON ST_DWithin(s.geom::geography, c.geom::geography, :r) "
        "WHERE c.received_at > :since AND c.received_at <= :now "
        "ORDER BY s.id, c.received_at"),
        {"r": rules.CLUSTER_RADIUS_M, "now": now,
         "since": now - dt.timedelta(days=rules.CLUSTER_WINDOW_DAYS)}).mappings().all()
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        c = out.setdefault(r["source_id"], {
            "cause": "complaint_cluster", "subject": f"source:{r['code']}",
            "source_id": r["source_id"], "title": f"{r['name']} 周边信访投诉集中",
            "lon": r["lon"], "lat": r["lat"], "adcode": r["adcode"],
            "synthetic": r["synthetic"], "evidence": []})
        c["evidence"].append({"kind": "complaint", "ref": r["ccode"], "at": r["received_at"],
                              "detail": f"{r['category']}：{r['content']}（距 {r['dist']:g} m）"})
    return [c for c in out.values() if len(c["evidence"]) >= rules.CLUSTER_MIN]


def _candidates_patches(conn: Connection, now: dt.datetime) -> list[dict[str, Any]]:
    rows = conn.execute(text(
        "SELECT p.code, p.redline_name, p.detected_on, p.change_type, p.area_ha, p.status, "
        "p.synthetic, ST_X(ST_PointOnSurface(p.geom)) AS lon, "
        "ST_Y(ST_PointOnSurface(p.geom)) AS lat, "
        "(SELECT d.adcode FROM admin_districts d WHERE ST_Intersects(d.geom, "
        " ST_PointOnSurface(p.geom)) LIMIT 1) AS adcode FROM change_patches p "
        "WHERE p.status = ANY(:st) AND p.detected_on <= CAST(:now AS date) ORDER BY p.code"),
        {"st": list(rules.PATCH_OPEN_STATUSES), "now": now}).mappings().all()
    return [{"cause": "redline_change", "subject": f"patch:{r['code']}", "source_id": None,
             "title": f"{r['redline_name']} 内人类活动变化图斑 {r['code']}",
             "lon": r["lon"], "lat": r["lat"], "adcode": r["adcode"],
             "synthetic": r["synthetic"], "evidence": [{
                 "kind": "change_patch", "ref": r["code"],
                 "at": dt.datetime.combine(r["detected_on"], dt.time()),
                 "detail": f"{r['change_type']}，{r['area_ha']:g} ha，{r['status']}"}]}
            for r in rows]


_HW_SUBJECT = {"unit": ("hw_generators", "unit"), "manifest": ("hw_manifests", "manifest"),
               "facility": ("hw_facilities", "facility")}


def _candidates_hw(conn: Connection, now: dt.datetime) -> list[dict[str, Any]]:
    month, day = rules.HW_DECLARATION_DUE
    ledgers = [hw.ledger_from_mapping({**r, "unit_id": r["unit_code"],
                                       "oldest_stored_since": _iso(r["oldest_stored_since"]),
                                       "approved_until": _iso(r["approved_until"])})
               for r in conn.execute(text(
                   "SELECT unit_code, code, year, generated_t, utilised_on_site_t, "
                   "storage_start_t, storage_end_t, oldest_stored_since, approved_until "
                   "FROM hw_ledgers WHERE make_date(year + 1, :m, :d) <= CAST(:now AS date) "
                   "ORDER BY unit_code, code, year"),
                   {"m": month, "d": day, "now": now}).mappings()]
    manifests = [hw.Manifest(r["code"], r["origin_code"], r["facility_code"], r["hw_code"],
                             r["tonnes"], r["date"]) for r in conn.execute(text(
        "SELECT code, origin_code, facility_code, hw_code, tonnes, date FROM hw_manifests "
        "WHERE date <= CAST(:now AS date) ORDER BY date, code"), {"now": now}).mappings()]
    licences = [hw.Licence(r["code"], cat, float(cap)) for r in conn.execute(text(
        "SELECT code, capacity_t_by_code FROM hw_facilities ORDER BY code")).mappings()
        for cat, cap in sorted(r["capacity_t_by_code"].items())]
    found: list[hw.Anomaly] = []
    for year in sorted({e.year for e in ledgers}):
        of_year = [e for e in ledgers if e.year == year]
        found += hw.balance_anomalies(of_year, [m for m in manifests if m.date.year == year])
        found += hw.storage_anomalies(of_year, dt.date(year + 1, month, day))
    found += hw.transfer_anomalies(manifests, licences)
    out: dict[str, dict[str, Any]] = {}
    for a in found:
        table, prefix = _HW_SUBJECT[a.subject_kind]
        c = out.get(f"{prefix}:{a.subject}")
        if c is None:
            where = conn.execute(text(
                f"SELECT name, adcode, synthetic, ST_X(geom) AS lon, ST_Y(geom) AS lat "
                f"FROM {table} WHERE code = :c"), {"c": a.subject}).mappings().one_or_none() \
                if table != "hw_manifests" else conn.execute(text(
                    "SELECT m.code AS name, f.adcode, m.synthetic, ST_X(f.geom) AS lon, "
                    "ST_Y(f.geom) AS lat FROM hw_manifests m JOIN hw_facilities f "
                    "ON f.code = m.facility_code WHERE m.code = :c"),
                    {"c": a.subject}).mappings().one_or_none()
            if where is None:
                continue
            name = where["name"] if table != "hw_manifests" else f"转移联单 {a.subject}"
            c = out[f"{prefix}:{a.subject}"] = {
                "cause": "hw_anomaly", "subject": f"{prefix}:{a.subject}", "source_id": None,
                "title": f"{name} 危险废物异常", "lon": where["lon"], "lat": where["lat"],
                "adcode": where["adcode"], "synthetic": where["synthetic"], "evidence": []}
        c["evidence"].append({
            "kind": a.rule, "ref": a.evidence.get("first_manifest_over") or
            "/".join(str(x) for x in (a.subject, a.evidence.get("code"),
                                      a.evidence.get("year")) if x is not None),
            "at": dt.datetime.combine(a.observed_on or now.date(), dt.time()),
            "detail": f"{hw.RULES[a.rule][0]}：{a.detail_zh}（{a.basis}）"})
    for c in out.values():
        rules_found = sorted({hw.RULES[e["kind"]][0] for e in c["evidence"]})
        c["title"] = f"{c['title']}：{'、'.join(rules_found)}"
    return list(out.values())


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _last_triage(conn: Connection) -> dict[tuple[str, str], dt.datetime]:
    return {(r.subject, r.cause): r.at for r in conn.execute(text(
        "SELECT subject, cause, max(triaged_at) AS at FROM clues WHERE status <> 'open' "
        "GROUP BY subject, cause"))}


def _jsonable_evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "at": e["at"].isoformat(timespec="minutes")} for e in
            sorted(items, key=lambda e: e["at"], reverse=True)]


def upsert(conn: Connection, actor: Actor, candidates: list[dict[str, Any]],
           now: dt.datetime) -> dict[str, int]:
    """Store clues: a new open clue per subject and cause, or new evidence joins the open
    one; evidence from before the subject's last triage is left out. Audited."""
    triaged = _last_triage(conn)
    made = joined = 0
    for c in candidates:
        after = triaged.get((c["subject"], c["cause"]))
        evidence = [e for e in c["evidence"] if after is None or e["at"] > after]
        if not evidence:
            continue
        detected = max(e["at"] for e in evidence)
        values = {**c, "evidence": _jsonable_evidence(evidence), "status": "open",
                  "detected_at": detected}
        stmt = pg_insert(CLUES).values(**values)
        row = conn.execute(stmt.on_conflict_do_update(
            index_elements=[CLUES.c.subject, CLUES.c.cause],
            index_where=text("status = 'open'"),
            set_={"evidence": stmt.excluded.evidence, "detected_at": stmt.excluded.detected_at},
            where=CLUES.c.evidence != stmt.excluded.evidence,
        ).returning(CLUES.c.id, text("(xmax = 0) AS inserted"))).first()
        if row is None:
            continue  # already open with the same evidence
        if row.inserted:
            made += 1
            audit.record(conn, actor, "clue.create", object_type=OBJECT_TYPE,
                         object_id=row.id, after={"cause": c["cause"],
                                                  "subject": c["subject"],
                                                  "evidence": len(evidence)})
        else:
            joined += 1
            audit.record(conn, actor, "clue.evidence", object_type=OBJECT_TYPE,
                         object_id=row.id, after={"evidence": len(evidence)})
    return {"created": made, "updated": joined}


def detect(conn: Connection, actor: Actor, now: dt.datetime) -> dict[str, int]:
    """Find the clues of every cause at ``now`` (in the caller's transaction)."""
    candidates = [*_candidates_exceedance(conn, now), *_candidates_cluster(conn, now),
                  *_candidates_patches(conn, now), *_candidates_hw(conn, now)]
    return upsert(conn, actor, candidates, now)


def public(row: Any) -> dict[str, Any]:
    out = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    return audit.jsonable(out)


def locked(conn: Connection, clue_id: int) -> dict[str, Any]:
    row = conn.execute(select(CLUES).where(CLUES.c.id == clue_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"no clue {clue_id}")
    clue = dict(row._mapping)
    if clue["status"] != "open":
        raise Conflict(f"clue {clue_id} is already {clue['status']}; only open clues are "
                       "triaged")
    return clue


def dismiss(conn: Connection, actor: Actor, clue_id: int, reason: Any,
            now: dt.datetime) -> dict[str, Any]:
    if not isinstance(reason, str) or not reason.strip():
        raise Unprocessable("reason: say why the clue is dismissed")
    clue = locked(conn, clue_id)
    conn.execute(update(CLUES).where(CLUES.c.id == clue_id).values(
        status="dismissed", reason=reason.strip()[:2000], triaged_by=actor.name,
        triaged_at=now))
    audit.record(conn, actor, "clue.dismiss", object_type=OBJECT_TYPE, object_id=clue_id,
                 before={"status": clue["status"]},
                 after={"status": "dismissed", "reason": reason.strip()[:2000]})
    return public(conn.execute(select(CLUES).where(CLUES.c.id == clue_id)).one())


def mark_tasked(conn: Connection, actor: Actor, clue_id: int, task_id: int,
                now: dt.datetime) -> None:
    conn.execute(update(CLUES).where(CLUES.c.id == clue_id).values(
        status="tasked", task_id=task_id, triaged_by=actor.name, triaged_at=now))
    audit.record(conn, actor, "clue.task", object_type=OBJECT_TYPE, object_id=clue_id,
                 before={"status": "open"}, after={"status": "tasked", "task_id": task_id})


def list_clues(conn: Connection, status: str | None, cause: str | None, limit: int,
               offset: int) -> dict[str, Any]:
    if status is not None and status not in rules.CLUE_STATUSES:
        raise Unprocessable(f"status: must be one of {list(rules.CLUE_STATUSES)}, "
                            f"got {status!r}")
    if cause is not None and cause not in rules.CLUE_CAUSES:
        raise Unprocessable(f"cause: must be one of {list(rules.CLUE_CAUSES)}, got {cause!r}")
    q = select(CLUES)
    if status:
        q = q.where(CLUES.c.status == status)
    if cause:
        q = q.where(CLUES.c.cause == cause)
    total = conn.execute(select(text("count(*)")).select_from(q.subquery())).scalar_one()
    rows = conn.execute(q.order_by(CLUES.c.detected_at.desc(), CLUES.c.id.desc())
                        .limit(limit).offset(offset)).all()
    return {"clues": [public(r) for r in rows], "total": total, "limit": limit,
            "offset": offset}
