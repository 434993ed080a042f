"""Report schemes (汇报方案): ordered screens with dwell times, stored and versioned.

A scheme is JSON (the same shape in the store, the REST API and the export file)::

    {"format": "onemap-cockpit-scheme/1", "name": "大气环境", "description": "…",
     "screens": [{"title": "…", "title_en": "…", "dwell": 30,
                  "panels": ["air", "outlook"],  # of PANELS
                  "map": {"center": [31.8, 117.3], "zoom": 9, "basemap": "dark",
                          "layers": ["air_stations"]},  # default: the region's centre,
                                                         # the declared dark basemap
                  "asof": "2016-10-17"}]}

Every write (create, update, delete, import, the first seeding of the samples) goes through
:class:`SchemeService`, which records it in the audit log in the same transaction. An
update or delete with a stale ``version`` is refused with :class:`core.errors.Conflict`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from auth import audit
from auth.audit import Actor
from cockpit.models import CockpitScheme
from core.errors import Conflict, NotFound, Unprocessable
from store.db import connection

SCHEMES = CockpitScheme.__table__
FORMAT = "onemap-cockpit-scheme/1"
#: the panels of a default screen
CORE_PANELS = ("air", "outlook", "ranking", "water", "forecast", "operations")
#: optional panels of the other supervision systems (cockpit.supervision): 无废城市, 声环境,
#: 辐射, 碳达峰; a screen shows them when it names them
SUPERVISION_PANELS = ("waste", "noise", "radiation", "carbon")
PANELS = CORE_PANELS + SUPERVISION_PANELS
LAYERS = ("air_stations", "water_sections", "complaints", "risk_sources")
DWELL_RANGE = (5, 3600)  # seconds a screen stays
ZOOM_RANGE = (5, 16)
MAX_SCREENS = 50
SAMPLE_FILE = Path(__file__).with_name("sample_schemes.json")  # "大气环境", "水环境与应急"
SEED_ACTION = "scheme.seed"


@dataclass(frozen=True)
class WallSettings:
    """How a wall runs a scheme: the defaults every scheme shares today (a wall's start URL
    overrides them: ``?refresh=``, ``?poll=``, ``?reload=``). The time after which an
    unacknowledged alarm gives the wall back is :data:`cockpit.alarms.DEFAULT_TIMEOUT`.

    Attributes
    ----------
    refresh_s : panel and map refresh period [s], 10–3600
    alarm_poll_s : alarm check period [s], 2–60; an alarm reaches the wall within it
    reload_h : a full page reload every so many hours [h], 1–168, or 0 for never (walls
        left on for days shed whatever a browser accumulates)
    """

    refresh_s: int = 30
    alarm_poll_s: int = 5
    reload_h: int = 24


WALL = WallSettings()
#: the allowed range of each wall setting
WALL_RANGES = {"refresh_s": (10, 3600), "alarm_poll_s": (2, 60), "reload_h": (0, 168)}


# --------------------------------------------------------------------------- validation


def _text(value: Any, where: str, *, required: bool = True, limit: int = 200) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Unprocessable(f"{where}: must be a non-empty string")
    if len(value) > limit:
        raise Unprocessable(f"{where}: longer than {limit} characters")
    return value.strip()


def _int(value: Any, where: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise Unprocessable(f"{where}: must be an integer {lo}–{hi}, got {value!r}")
    return value


#: the centre of a screen that names none outside a running app (mainland China) [lat, lon]
FALLBACK_CENTER = (35.0, 105.0)


def _served_region():
    """The region the running app serves (``settings.region``); None outside an app."""
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    return None if context is None else context.settings.region


#: ``{lake}`` of a sample scheme where the region names no main lake.
NO_LAKE = ("湖库", "lakes")


def _lake_names(region) -> tuple[str, str]:
    zh = region.lake_name("zh") if region is not None else ""
    return (zh, region.lake_name("en") or zh) if zh else NO_LAKE


def _fill_lake(scheme: dict[str, Any], zh: str, en: str) -> dict[str, Any]:
    def fill(value: Any, name: str) -> Any:
        return value.replace("{lake}", name) if isinstance(value, str) else value

    return {**scheme, "name": fill(scheme["name"], zh),
            "description": fill(scheme.get("description"), zh),
            "screens": [{**s, "title": fill(s.get("title"), zh),
                         "title_en": fill(s.get("title_en"), en)}
                        for s in scheme["screens"]]}


def in_served_region(scheme: dict[str, Any]) -> dict[str, Any]:
    """``scheme`` for the served region: ``{lake}`` in its texts is the region's main lake
    (湖库 / lakes where it names none) and every screen centred outside the region's extent
    moves to the region's centre (the sample schemes are drawn for Hefei; another region's
    wall must not open on Hefei, nor name its lake). Outside a running app only the lake
    words are filled (neutral)."""
    region = _served_region()
    scheme = _fill_lake(scheme, *_lake_names(region))
    if region is None:
        return scheme
    west, south, east, north = region.bbox
    screens = []
    for screen in scheme["screens"]:
        lat, lon = screen["map"]["center"]
        if not (south <= lat <= north and west <= lon <= east):
            screen = {**screen, "map": {**screen["map"], "center": list(region.center)}}
        screens.append(screen)
    return {**scheme, "screens": screens}


def default_view() -> tuple[list[float], str]:
    """([lat, lon], basemap id) of a screen that names neither: the served region's centre
    (its ``region.toml`` bbox) and the declared dark basemap (:mod:`layers.basemap`)."""
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY
    from layers.basemap import DARK

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    if context is None:
        return list(FALLBACK_CENTER), DARK.id
    dark = context.registry.dark_basemap()
    return list(context.settings.region.center), dark.id if dark is not None else DARK.id


def _screen(raw: Any, i: int) -> dict[str, Any]:
    where = f"screens[{i}]"
    if not isinstance(raw, dict):
        raise Unprocessable(f"{where}: must be an object")
    unknown = set(raw) - {"title", "title_en", "dwell", "panels", "map", "asof"}
    if unknown:
        raise Unprocessable(f"{where}: unknown field(s) {sorted(unknown)}")
    panels = raw.get("panels", list(CORE_PANELS))
    if not isinstance(panels, list) or not all(p in PANELS for p in panels):
        raise Unprocessable(f"{where}.panels: a list of {list(PANELS)}")
    view = raw.get("map") or {}
    if not isinstance(view, dict):
        raise Unprocessable(f"{where}.map: must be an object")
    default_center, default_basemap = default_view()
    center = view.get("center", default_center)
    if (not isinstance(center, list) or len(center) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in center)
            or not (-90 <= center[0] <= 90 and -180 <= center[1] <= 180)):
        raise Unprocessable(f"{where}.map.center: [lat, lon] in degrees")
    layers = view.get("layers", ["air_stations"])
    if not isinstance(layers, list) or not all(v in LAYERS for v in layers):
        raise Unprocessable(f"{where}.map.layers: a list of {list(LAYERS)}")
    out: dict[str, Any] = {
        "title": _text(raw.get("title"), f"{where}.title"),
        "title_en": _text(raw.get("title_en"), f"{where}.title_en", required=False),
        "dwell": _int(raw.get("dwell", 30), f"{where}.dwell", *DWELL_RANGE),
        "panels": list(dict.fromkeys(panels)),
        "map": {"center": [float(center[0]), float(center[1])],
                "zoom": _int(view.get("zoom", 9), f"{where}.map.zoom", *ZOOM_RANGE),
                "basemap": _text(view.get("basemap", default_basemap), f"{where}.map.basemap",
                                 limit=64),
                "layers": list(dict.fromkeys(layers))},
    }
    if raw.get("asof") is not None:
        try:
            out["asof"] = dt.date.fromisoformat(str(raw["asof"])).isoformat()
        except ValueError:
            raise Unprocessable(f"{where}.asof: an ISO date, got {raw['asof']!r}") from None
    return out


def validate(payload: Any) -> dict[str, Any]:
    """The scheme of ``payload`` normalised (defaults filled), or :class:`Unprocessable`."""
    if not isinstance(payload, dict):
        raise Unprocessable("a scheme must be a JSON object")
    fmt = payload.get("format", FORMAT)
    if fmt != FORMAT:
        raise Unprocessable(f"format: expected {FORMAT!r}, got {fmt!r}")
    screens = payload.get("screens")
    if not isinstance(screens, list) or not 1 <= len(screens) <= MAX_SCREENS:
        raise Unprocessable(f"screens: a list of 1–{MAX_SCREENS} screens")
    return {"name": _text(payload.get("name"), "name", limit=100),
            "description": _text(payload.get("description"), "description", required=False,
                                 limit=2000),
            "screens": [_screen(s, i) for i, s in enumerate(screens)]}


def to_export(row: dict[str, Any]) -> dict[str, Any]:
    """The portable JSON of a stored scheme (no id, version or audit fields)."""
    return {"format": FORMAT, "name": row["name"], "description": row["description"],
            "screens": row["screens"]}


# --------------------------------------------------------------------------- service


class SchemeService:
    """Stored report schemes; every write audited in its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def _row(conn: Connection, scheme_id: int, lock: bool = False) -> dict[str, Any]:
        query = select(SCHEMES).where(SCHEMES.c.id == scheme_id)
        row = conn.execute(query.with_for_update() if lock else query).mappings().first()
        if row is None:
            raise NotFound(f"no report scheme {scheme_id}")
        return dict(row)

    def list(self) -> list[dict[str, Any]]:
        with connection(self.engine) as conn:
            rows = conn.execute(select(SCHEMES).order_by(SCHEMES.c.id)).mappings().all()
        return [{k: r[k] for k in ("id", "name", "description", "sample", "version",
                                   "updated_at", "updated_by")} | {"screens": len(r["screens"])}
                for r in rows]

    def get(self, scheme_id: int) -> dict[str, Any]:
        with connection(self.engine) as conn:
            return self._row(conn, scheme_id)

    def create(self, actor: Actor, payload: Any, *, sample: bool = False,
               action: str = "scheme.create") -> dict[str, Any]:
        scheme = validate(payload)
        try:
            with connection(self.engine) as conn, conn.begin():
                new_id = conn.execute(insert(SCHEMES).values(
                    **scheme, sample=sample, version=1, created_by=actor.name,
                    updated_by=actor.name).returning(SCHEMES.c.id)).scalar_one()
                row = self._row(conn, new_id)
                audit.record(conn, actor, action, object_type="scheme", object_id=new_id,
                             after=to_export(row))
        except IntegrityError:
            raise Conflict(f"a scheme named {scheme['name']!r} exists already") from None
        return row

    def update(self, actor: Actor, scheme_id: int, payload: Any, version: int
               ) -> dict[str, Any]:
        scheme = validate(payload)
        try:
            with connection(self.engine) as conn, conn.begin():
                before = self._row(conn, scheme_id, lock=True)
                if before["version"] != version:
                    raise Conflict(f"scheme {scheme_id} changed meanwhile (version "
                                   f"{before['version']}, you sent {version}); reload and retry")
                conn.execute(update(SCHEMES).where(SCHEMES.c.id == scheme_id).values(
                    **scheme, version=SCHEMES.c.version + 1, updated_by=actor.name,
                    updated_at=func.now()))
                row = self._row(conn, scheme_id)
                audit.record(conn, actor, "scheme.update", object_type="scheme",
                             object_id=scheme_id, before=to_export(before),
                             after=to_export(row))
        except IntegrityError:
            raise Conflict(f"a scheme named {scheme['name']!r} exists already") from None
        return row

    def delete(self, actor: Actor, scheme_id: int, version: int) -> None:
        with connection(self.engine) as conn, conn.begin():
            before = self._row(conn, scheme_id, lock=True)
            if before["version"] != version:
                raise Conflict(f"scheme {scheme_id} changed meanwhile (version "
                               f"{before['version']}, you sent {version}); reload and retry")
            conn.execute(delete(SCHEMES).where(SCHEMES.c.id == scheme_id))
            audit.record(conn, actor, "scheme.delete", object_type="scheme",
                         object_id=scheme_id, before=to_export(before))

    def seed_samples(self, path: Path = SAMPLE_FILE) -> int:
        """Store the sample schemes once (the first time a database meets the cockpit).

        Later deletions stay deleted: the seeding is remembered in the audit log.
        """
        with connection(self.engine) as conn:
            seeded = conn.execute(select(func.count()).select_from(audit.AUDIT).where(
                audit.AUDIT.c.action == SEED_ACTION)).scalar_one()
        if seeded:
            return 0
        payloads = json.loads(path.read_text(encoding="utf-8"))["schemes"]
        actor = Actor.system("system:cockpit")
        made = 0
        with connection(self.engine) as conn, conn.begin():
            conn.execute(select(func.pg_advisory_xact_lock(726_153_012)))
            if conn.execute(select(func.count()).select_from(audit.AUDIT).where(
                    audit.AUDIT.c.action == SEED_ACTION)).scalar_one():
                return 0
            existing = set(conn.execute(select(SCHEMES.c.name)).scalars())
            for payload in payloads:
                scheme = in_served_region(validate(payload))
                if scheme["name"] in existing:
                    continue
                new_id = conn.execute(insert(SCHEMES).values(
                    **scheme, sample=True, version=1, created_by=actor.name,
                    updated_by=actor.name).returning(SCHEMES.c.id)).scalar_one()
                made += 1
                audit.record(conn, actor, SEED_ACTION, object_type="scheme",
                             object_id=new_id, after={"format": FORMAT, **scheme})
            if not made:  # remember the seeding even when every name was taken
                audit.record(conn, actor, SEED_ACTION, object_type="scheme",
                             detail="sample schemes present already")
        return made
