"""Open incidents of the emergency workspace, as the wall shows them.

Read through the emergency domain service (:func:`emergency.service.list_incidents`),
which computes each incident's grade (国办函〔2014〕119号 附件1) and its reporting
deadline (《突发环境事件信息报告办法》第三条); nothing here recomputes either.

An incident is *open* on the wall until it is closed (``open`` and ``contained`` both
show). The most serious first (grade Ⅰ before Ⅳ), then the nearest deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from core.errors import StoreUnavailable
from emergency import service as incidents

#: Statuses shown on the wall (everything but ``closed``).
SHOWN = ("open", "contained")


def _entry(inc: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    due = dt.datetime.fromisoformat(inc["deadlines"]["initial_due"])
    g = inc["grade"]
    return {
        "id": inc["id"], "kind": inc["kind"], "status": inc["status"],
        "substance": inc["substance"], "substance_name": inc["substance_name"],
        "lon": inc["lon"], "lat": inc["lat"], "known_at": inc["known_at"],
        "grade": {k: g[k] for k in ("level", "level_index", "roman", "response", "criteria")},
        "due": due.isoformat(timespec="minutes"),
        "minutes_left": int((due - now).total_seconds() // 60),
        "deadline_hours": inc["deadlines"]["hours"],
        "article": inc["deadlines"]["article"],
    }


def open_incidents(engine: Engine, now: dt.datetime) -> list[dict[str, Any]]:
    """Incidents not yet closed, most serious grade first, then the nearest deadline.

    ``minutes_left`` counts to the reporting deadline at ``now`` [min]; negative when
    overdue.
    """
    try:
        rows = [inc for status in SHOWN for inc in incidents.list_incidents(engine, status)]
    except (OperationalError, InterfaceError) as exc:  # the emergency service reads raw
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"database query failed: {reason}") from exc
    out = [_entry(inc, now) for inc in rows]
    out.sort(key=lambda e: (e["grade"]["level_index"], e["due"], e["id"]))
    return out


def panel(engine: Engine, now: dt.datetime) -> dict[str, Any]:
    """The incidents part of the operations panel: the list and its time."""
    return {"incidents": open_incidents(engine, now),
            "incidents_time": now.isoformat(sep=" ", timespec="minutes"),
            "incidents_source": "cockpit.src.incidents"}
