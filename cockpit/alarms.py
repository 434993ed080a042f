"""Alarms that pre-empt the wall's carousel: raised by the system, acknowledged by people.

An alarm is in force from the moment it is raised until a ``duty`` or ``admin`` user
acknowledges it (from their own screen, ``POST /api/cockpit/alarms/{id}/ack``) or until it
expires (:data:`DEFAULT_TIMEOUT`). Raising is idempotent: each event has a ``key`` (a
station and hour, a forecast issue day and level), and a key is raised once.

Sources scanned by :meth:`AlarmService.scan`:

- a station whose hourly AQI (the live replay) exceeds the configured level, the
  ``alarm.station_aqi`` row of ``cockpit_targets`` (rules as data);
- a heavy-pollution warning (yellow, orange, red) in the 7-day forecast, when that forecast
  is current (a replay of a past issue day raises nothing).

A third source is scanned by :meth:`AlarmService.scan_incidents` (also on every alarm
poll, so a new incident reaches the wall within one poll): each ``open`` incident of the
emergency workspace (:mod:`cockpit.incidents`), once per grade, so an escalation raises
again. Its priority follows the grade (Ⅰ highest, every grade above any weather alarm) and
its alarm retires by itself when the incident is contained or closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.dialects.postgresql import insert

from auth import audit
from auth.audit import Actor
from cockpit import incidents, kpis
from cockpit.models import CockpitAlarm
from core.errors import Conflict, NotFound
from core.i18n import t
from store.db import connection

ALARMS = CockpitAlarm.__table__
DEFAULT_TIMEOUT = dt.timedelta(minutes=15)
WARNING_PRIORITY = {"yellow": 20, "orange": 30, "red": 40}
STATION_PRIORITY = 10
#: grade level_index (1 = 特别重大 … 4 = 一般) → priority: above every weather alarm
INCIDENT_PRIORITY = {1: 90, 2: 80, 3: 70, 4: 60}
SYSTEM = Actor.system("system:cockpit")


def _titles(key: str, **values: Any) -> dict[str, str]:
    """``title_zh`` and ``title_en`` of an alarm from the text catalogue."""
    zh = {k: v for k, v in values.items() if k != "level_en"}
    en = zh | ({"level": values["level_en"]} if "level_en" in values else {})
    return {"title_zh": t(key, "zh").format(**zh), "title_en": t(key, "en").format(**en)}


def _public(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "key", "kind", "priority", "title_zh", "title_en",
                                "facts", "lon", "lat", "data_time", "raised_at",
                                "expires_at", "acknowledged_at", "acknowledged_by",
                                "version")}


def served_center() -> tuple[float, float]:
    """(lat, lon) of the served region's centre (``settings.region``: the middle of its
    ``region.toml`` bbox), where an alarm about the whole region (a forecast warning) is
    placed; outside a running app, the default sample's."""
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY
    from core.region import cached_region
    from core.settings import DEFAULT_DATA_DIR

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    region = context.settings.region if context is not None else \
        cached_region(DEFAULT_DATA_DIR.resolve())
    return region.center


class AlarmService:
    """Raise, list and acknowledge alarms; raising and acknowledging are audited."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.center = served_center()  # (lat, lon) where a region-wide alarm is placed

    # -- raising ------------------------------------------------------------------------
    @staticmethod
    def raise_alarm(conn: Connection, *, key: str, kind: str, priority: int,
                    title_zh: str, title_en: str, facts: dict[str, Any],
                    lon: float | None = None, lat: float | None = None,
                    data_time: dt.datetime | None = None,
                    timeout: dt.timedelta = DEFAULT_TIMEOUT) -> int | None:
        """Insert the alarm of ``key`` unless it exists; its id when new, else None."""
        new_id = conn.execute(insert(ALARMS).values(
            key=key, kind=kind, priority=priority, title_zh=title_zh, title_en=title_en,
            facts=audit.jsonable(facts), lon=lon, lat=lat, data_time=data_time,
            expires_at=text("now() + make_interval(secs => :secs)").bindparams(
                secs=timeout.total_seconds()), version=1,
        ).on_conflict_do_nothing(index_elements=["key"]).returning(ALARMS.c.id)).scalar()
        if new_id is not None:
            audit.record(conn, SYSTEM, "alarm.raise", object_type="alarm", object_id=new_id,
                         after={"key": key, "kind": kind, "priority": priority,
                                "facts": facts})
        return new_id

    def scan(self, now: dt.datetime, asof: dt.date | None = None,
             forecast: dict[str, Any] | None = None) -> list[int]:
        """Raise the alarms the data calls for now; the ids of the new ones.

        ``forecast`` is the forecast panel the caller has just built (the wall's refresh
        passes its snapshot's): it is judged as it is, not computed a second time (with
        the settings' model folder, which need not be the one the wall showed)."""
        made: list[int] = []
        with connection(self.engine) as conn, conn.begin():
            level_row = kpis.targets(conn, now.year).get("alarm.station_aqi")
            if level_row is not None:
                for reading in station_readings(conn, self.engine, now):
                    if reading["aqi"] is None or reading["aqi"] <= level_row["value"]:
                        continue
                    level = int(level_row["value"])
                    new = self.raise_alarm(
                        conn, key=f"station:{reading['code']}:{reading['time']:%Y%m%d%H}",
                        kind="station", priority=STATION_PRIORITY + int(reading["aqi"]) // 100,
                        **_titles("cockpit.alarm.station", name=reading["name"],
                                  aqi=f"{reading['aqi']:.0f}", level=level),
                        facts={"station": reading["code"], "aqi": reading["aqi"],
                               "level": level, "source_time": reading["source_time"]},
                        lon=reading["lon"], lat=reading["lat"], data_time=reading["time"])
                    if new:
                        made.append(new)
            panel = forecast if forecast is not None else kpis.forecast_panel(conn, now, asof)
            # a replayed forecast (a past issue day) never raises a present alarm
            if not panel["empty"] and not panel["replay"] and \
                    panel["warning"] in WARNING_PRIORITY:
                level = panel["warning"]
                new = self.raise_alarm(
                    conn, key=f"warning:{panel['issued']}:{level}", kind="warning",
                    priority=WARNING_PRIORITY[level],
                    **{k: f"{v} ({panel['issued']})" for k, v in _titles(
                        "cockpit.alarm.warning", level=t(f"cockpit.warning.{level}", "zh"),
                        level_en=t(f"cockpit.warning.{level}", "en")).items()},
                    facts={"issued": panel["issued"], "level": level,
                           "days": [d for d in panel["days"] if (d["aqi"] or 0) > 150]},
                    lon=self.center[1], lat=self.center[0],
                    data_time=dt.datetime.fromisoformat(panel["issued"]))
                if new:
                    made.append(new)
        return made

    def scan_incidents(self, now: dt.datetime) -> list[int]:
        """Raise an alarm for each open incident (once per grade) and retire those of
        incidents no longer open, or of a grade since changed; the ids of the new ones."""
        made: list[int] = []
        shown = {f"incident:{i['id']}:{i['grade']['level_index']}": i
                 for i in incidents.open_incidents(self.engine, now) if i["status"] == "open"}
        keys = list(shown)
        in_force = (ALARMS.c.acknowledged_at.is_(None)) & (ALARMS.c.expires_at > text("now()"))
        with connection(self.engine) as conn:  # most polls find nothing to write
            known = dict(conn.execute(select(ALARMS.c.key, in_force).where(
                ALARMS.c.kind == "incident", ALARMS.c.key.in_(keys) | in_force)).all())
        if all(k in known for k in keys) and all(k in shown for k, f in known.items() if f):
            return made
        with connection(self.engine) as conn, conn.begin():
            for key, inc in shown.items():
                if key in known:
                    continue
                g = inc["grade"]
                grade_text = f"{g['roman']} {g['level']}"
                new = self.raise_alarm(
                    conn, key=key, kind="incident", priority=INCIDENT_PRIORITY[g["level_index"]],
                    **_titles("cockpit.alarm.incident", id=inc["id"],
                              substance=inc["substance_name"], grade=grade_text),
                    facts={"incident": inc["id"], "kind": inc["kind"],
                           "substance": inc["substance"],
                           "substance_name": inc["substance_name"], "grade": g,
                           "due": inc["due"], "article": inc["article"]},
                    lon=inc["lon"], lat=inc["lat"],
                    data_time=dt.datetime.fromisoformat(inc["known_at"]))
                if new:
                    made.append(new)
            retired = conn.execute(update(ALARMS).where(
                ALARMS.c.kind == "incident", ALARMS.c.acknowledged_at.is_(None),
                ALARMS.c.expires_at > text("now()"), ALARMS.c.key.not_in(keys))
                .values(expires_at=text("now()")).returning(ALARMS.c.id, ALARMS.c.key)).all()
            for alarm_id, key in retired:
                audit.record(conn, SYSTEM, "alarm.retire", object_type="alarm",
                             object_id=alarm_id, after={"key": key,
                                                        "reason": "incident no longer open at "
                                                                  "this grade"})
        return made

    def poll(self, now: dt.datetime) -> list[dict[str, Any]]:
        """What a wall polls: the incident alarms brought up to date, then those in force."""
        self.scan_incidents(now)
        return self.active(now)

    # -- reading and acknowledging --------------------------------------------------------
    def active(self, now: dt.datetime | None = None) -> list[dict[str, Any]]:
        """Alarms in force (not acknowledged, not expired), highest priority first."""
        with connection(self.engine) as conn:
            rows = conn.execute(select(ALARMS).where(
                ALARMS.c.acknowledged_at.is_(None), ALARMS.c.expires_at > text("now()"))
                .order_by(ALARMS.c.priority.desc(), ALARMS.c.raised_at.desc())
                .limit(20)).mappings().all()
        return [_public(r) for r in rows]

    def acknowledge(self, actor: Actor, alarm_id: int, version: int) -> dict[str, Any]:
        """Acknowledge an alarm; a stale ``version`` (or one acknowledged already) is a 409."""
        with connection(self.engine) as conn, conn.begin():
            before = conn.execute(select(ALARMS).where(ALARMS.c.id == alarm_id)
                                  .with_for_update()).mappings().first()
            if before is None:
                raise NotFound(f"no alarm {alarm_id}")
            if before["version"] != version or before["acknowledged_at"] is not None:
                raise Conflict(f"alarm {alarm_id} changed meanwhile (version "
                               f"{before['version']}, you sent {version}); reload")
            conn.execute(update(ALARMS).where(ALARMS.c.id == alarm_id).values(
                acknowledged_at=text("now()"), acknowledged_by=actor.name,
                version=ALARMS.c.version + 1))
            after = conn.execute(select(ALARMS).where(ALARMS.c.id == alarm_id)
                                 ).mappings().one()
            audit.record(conn, actor, "alarm.ack", object_type="alarm", object_id=alarm_id,
                         before={"version": before["version"], "acknowledged_at": None},
                         after={"version": after["version"],
                                "acknowledged_by": actor.name})
        return _public(after)


def station_readings(conn: Connection, engine: Engine, now: dt.datetime
                     ) -> list[dict[str, Any]]:
    """Each station's latest hourly AQI at ``now`` on the live replay clock."""
    from layers.air import latest_observation, replay_clock

    hour = now.replace(minute=0, second=0, microsecond=0)
    clock = replay_clock(engine)
    src = clock.to_source(hour) if clock else hour
    # a fed observation (feeds) takes precedence over the replay; its AQI leaves out
    # QC-flagged values
    rows = conn.execute(text(f"""
        SELECT s.code, s.name, s.lon, s.lat, o.aqi, o.time AS source_time
        FROM air_stations s
        LEFT JOIN LATERAL ({latest_observation("o.aqi, o.time")}) o ON true
        ORDER BY s.code"""), {"t": hour, "src_t": src}).mappings().all()
    return [dict(r) | {"time": hour} for r in rows]
