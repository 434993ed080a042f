"""The enforcement part of the operations panel: open tasks, overdue ones and the closure
rate, read through the enforcement domain (:func:`enforcement.service.wall_summary`),
which owns their definitions; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from core.errors import StoreUnavailable
from enforcement import service


def panel(engine: Engine, now: dt.datetime) -> dict[str, Any]:
    """``{"open", "overdue", "closure_rate", "on_time_rate", "data_time", "source"}``;
    ``{"empty": True}`` where the store has no enforcement tables yet."""
    try:
        s = service.wall_summary(engine, now)
    except ProgrammingError:  # a store not yet migrated to the enforcement tables
        return {"empty": True, "source": "cockpit.src.enforcement"}
    except (OperationalError, InterfaceError) as exc:
        raise StoreUnavailable("database query failed (enforcement)") from exc
    return {"empty": False, "open": s["open"], "overdue": s["overdue"],
            "closure_rate": s["closure_rate"], "on_time_rate": s["on_time_rate"],
            "data_time": s["as_of"].replace("T", " "), "source": "cockpit.src.enforcement"}
