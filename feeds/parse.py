"""Read a feed message (JSON list or CSV) into checked rows, naming every bad row.

A message is a list of readings, one per station (or section) and hour:
``{"station": "1270A", "time": "2026-11-26T10:00:00", "pm2_5": 35, …}``. Times are Beijing
time: naive, or with an offset (converted to Beijing time). Values are numbers or null
(not measured); CSV has the same columns, an empty cell is null. Rows are numbered from 1
in the order sent (the CSV header is not a row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.clock import BEIJING
from core.errors import Unprocessable

#: Rows named in an error (the rest are counted).
MAX_REPORTED = 50


class FeedRejected(Unprocessable):
    """422: the message cannot be stored; ``detail`` names the codes or rows."""

    code = "feed_rejected"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.detail = detail


class TooManyRows(FeedRejected):
    status = 413
    code = "too_many_rows"


@dataclass(frozen=True)
class Reading:
    row: int
    station: str
    time: dt.datetime
    values: dict[str, float | None]


@dataclass
class Problems:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: int, message: str) -> None:
        self.rows.append({"row": row, "error": message})


def _time(raw: Any) -> dt.datetime:
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError("time: required (ISO 8601, Beijing time)")
    try:
        t = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"time: not an ISO 8601 time, got {raw!r}") from None
    if t.tzinfo is not None:
        t = (t.astimezone(dt.UTC) + BEIJING).replace(tzinfo=None)
    if (t.minute, t.second, t.microsecond) != (0, 0, 0):
        raise ValueError(f"time: readings are hourly, on the hour; got {raw!r}")
    return t


def _number(name: str, raw: Any, from_text: bool) -> float | None:
    if raw is None or (from_text and isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or (not from_text and not isinstance(raw, int | float)):
        raise ValueError(f"{name}: must be a number or null, got {raw!r}")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name}: must be a finite number, got {raw!r}")
    return value


def read_rows(items: Sequence[Mapping[str, Any]], key: str, aliases: Mapping[str, str],
              from_text: bool, now: dt.datetime) -> list[Reading]:
    """Checked readings; a 422 naming every bad row (up to :data:`MAX_REPORTED`).

    ``aliases`` maps every accepted value name to its column; ``key`` is the name of the
    station field (``station`` or ``section``).
    """
    problems = Problems()
    readings: list[Reading] = []
    seen: dict[tuple[str, dt.datetime], int] = {}
    latest = now + dt.timedelta(hours=1)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.add(number, "must be an object")
            continue
        try:
            station = item.get(key)
            if not isinstance(station, str) or not station.strip():
                raise ValueError(f"{key}: required (the code, e.g. 1270A)")
            t = _time(item.get("time"))
            if t > latest:
                raise ValueError(f"time: {t:%Y-%m-%dT%H:%M} is in the future (Beijing time)")
            unknown = sorted(set(item) - {key, "time"} - set(aliases))
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(unknown)}; expected "
                                 f"{', '.join(sorted(set(aliases)))}")
            values: dict[str, float | None] = {}
            for name, raw in item.items():
                if name in aliases:
                    values[aliases[name]] = _number(name, raw, from_text)
            if all(v is None for v in values.values()):
                raise ValueError("no value: give at least one measurement")
        except ValueError as exc:
            problems.add(number, str(exc))
            continue
        code = station.strip()
        if (code, t) in seen:
            problems.add(number, f"{code} {t:%Y-%m-%dT%H:%M} repeats row {seen[code, t]}")
            continue
        seen[code, t] = number
        readings.append(Reading(number, code, t, values))
    if problems.rows:
        shown = problems.rows[:MAX_REPORTED]
        listing = "; ".join(f"row {p['row']}: {p['error']}" for p in shown[:5])
        more = f" (and {len(problems.rows) - 5} more)" if len(problems.rows) > 5 else ""
        raise FeedRejected(f"{len(problems.rows)} malformed row(s), nothing stored: "
                           f"{listing}{more}", rows=shown, malformed=len(problems.rows))
    return readings


def json_items(body: Any) -> list[Any]:
    """The list of a JSON message (422 when the body is not a list)."""
    if not isinstance(body, list):
        raise FeedRejected("the body must be a JSON list of readings "
                           "([{\"station\": …, \"time\": …, …}, …]) or CSV")
    return body


def csv_items(data: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV message (UTF-8, with or without BOM) as dicts of text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedRejected(f"CSV must be UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise FeedRejected("CSV: no header row")
    rows = []
    for row in reader:
        if None in row:  # more cells than header columns
            raise FeedRejected(f"CSV line {reader.line_num}: more cells than columns",
                               rows=[{"row": len(rows) + 1, "error": "more cells than columns"}])
        rows.append({k.strip(): (v if v is None else v.strip()) for k, v in row.items()
                     if k is not None})
    return rows
