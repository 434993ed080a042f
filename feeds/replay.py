"""Replay the sample station series through the feed API: ``python -m feeds.replay``.

The real hourly data of the 10 Hefei stations (``data_samples/air/…hourly….csv``) is posted
to ``POST /api/observations/air`` of a running One Map, hour by hour, as a monitoring
network would post it. Each present hour carries the observed hour the map's replay shows
for it (:class:`layers.air.ReplayClock`, the same cycle), so a fresh database (migrated,
stations loaded, no observations) fills with the feed and the map shows the same numbers
it replays from the sample; ``--original-times`` posts the observed hours as they are
(2020). ``--follow`` keeps posting each new hour as it begins.

Use an account with the role ``feed`` and an API token of it::

    python manage.py create-user replay --role feed
    python manage.py create-token replay --label replay      # prints TOKEN once
    python -m feeds.replay --url http://127.0.0.1:8050 --token TOKEN --hours 48

The values are real observations; the times are replayed (the audit log names the
account that posted them).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from core.clock import beijing_now, floor_hour
from layers.air import ReplayClock

SAMPLE = (Path(__file__).resolve().parent.parent
          / "data_samples/air/hefei_stations_hourly_2020-03-26_2020-04-08.csv")
#: Sample columns → feed message fields (1-h values; µg/m³, CO mg/m³).
FIELDS = {"pm2_5": "pm2_5", "pm10": "pm10", "so2": "so2", "no2": "no2", "co": "co",
          "o3_1h": "o3"}
HOUR = timedelta(hours=1)


def load_sample(path: Path = SAMPLE) -> pd.DataFrame:
    """The sample series: ``station``, ``time`` and the feed fields."""
    raw = pd.read_csv(path, parse_dates=["time"], dtype={"stationcode": str})
    return raw.rename(columns={"stationcode": "station", **FIELDS})[
        ["station", "time", *FIELDS.values()]]


def readings(sample: pd.DataFrame, hours: Sequence[datetime], original_times: bool = False
             ) -> list[dict[str, Any]]:
    """Feed readings for the present ``hours`` (or the observed hours themselves)."""
    by_hour = {t: g for t, g in sample.groupby("time")}
    clock = ReplayClock(tuple(sorted(by_hour)))
    out: list[dict[str, Any]] = []
    for hour in hours:
        source = clock.to_source(hour)
        stamp = source if original_times else hour
        for row in by_hour[source].itertuples(index=False):
            values = {f: (None if pd.isna(v := getattr(row, f)) or not math.isfinite(v)
                          else float(v)) for f in FIELDS.values()}
            if any(v is not None for v in values.values()):
                out.append({"station": row.station,
                            "time": stamp.strftime("%Y-%m-%dT%H:%M:%S"), **values})
    return out


def batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def post(url: str, token: str, rows: list[dict[str, Any]], timeout: float = 60.0
         ) -> dict[str, Any]:
    """POST one message; the answer's JSON (raises ``RuntimeError`` with the body on an
    error status)."""
    request = urllib.request.Request(
        url.rstrip("/") + "/api/observations/air",
        data=json.dumps(rows).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        raise RuntimeError(f"HTTP {exc.code}: {body[:500]}") from exc


def replay(url: str, token: str, hours: Sequence[datetime], *, batch: int = 1000,
           original_times: bool = False, sample: pd.DataFrame | None = None,
           log: Any = print) -> dict[str, int]:
    """Post the readings of ``hours`` in messages of ``batch`` rows; the summed counts."""
    rows = readings(load_sample() if sample is None else sample, hours, original_times)
    total = {"rows": 0, "inserted": 0, "updated": 0, "unchanged": 0, "flagged": 0}
    for part in batches(rows, batch):
        answer = post(url, token, part)
        for key in total:
            total[key] += int(answer.get(key, 0))
        log(f"{part[0]['time']} … {part[-1]['time']}: {answer['rows']} rows, "
            f"{answer['inserted']} inserted, {answer['updated']} updated, "
            f"{answer['unchanged']} unchanged, {answer['flagged']} flagged")
    return total


def _hour(raw: str) -> datetime:
    try:
        return floor_hour(datetime.fromisoformat(raw))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {raw!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.replay",
        description="Post the sample station series to a One Map feed API, hour by hour.")
    parser.add_argument("--url", required=True, help="base URL of the app, e.g. "
                        "http://127.0.0.1:8050")
    parser.add_argument("--token", required=True, help="API token of an account with the "
                        "role feed")
    parser.add_argument("--hours", type=int, default=24, help="hours to post, ending at "
                        "--end (default 24)")
    parser.add_argument("--end", type=_hour, default=None, help="last hour (Beijing time; "
                        "default: the present hour)")
    parser.add_argument("--since", type=_hour, default=None, help="first hour instead of "
                        "--hours")
    parser.add_argument("--batch", type=int, default=1000, help="rows per POST")
    parser.add_argument("--original-times", action="store_true",
                        help="post the observed (2020) hours instead of present hours")
    parser.add_argument("--follow", action="store_true",
                        help="then keep posting each new hour as it begins (Ctrl-C stops)")
    args = parser.parse_args(argv)
    end = args.end or floor_hour(beijing_now())
    first = args.since or end - (max(1, args.hours) - 1) * HOUR
    if first > end:
        parser.error("--since is after --end")
    hours = [first + i * HOUR for i in range(int((end - first) / HOUR) + 1)]
    try:
        total = replay(args.url, args.token, hours, batch=args.batch,
                       original_times=args.original_times)
        print(f"done: {total}")
        while args.follow:
            nxt = hours[-1] + HOUR
            time.sleep(max(0.0, (nxt - beijing_now()).total_seconds()) + 5)
            hours = [nxt]
            replay(args.url, args.token, hours, batch=args.batch,
                   original_times=args.original_times)
    except (RuntimeError, urllib.error.URLError, OSError) as exc:
        print(f"replay failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
