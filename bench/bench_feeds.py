"""Live feed benchmark: 10,000 station-hours in one POST (issue 15's target: < 5 s).

Run ``python -m bench.bench_feeds``; writes ``bench/results/feeds.md``.

* Store: a throwaway PostgreSQL + PostGIS cluster under a temporary folder, migrated and
  loaded with ``data_samples/`` (:func:`bench.common.sample_app`).
* Server: the whole app under werkzeug's threaded WSGI server on 127.0.0.1; one
  keep-alive client signed in with an admin token (admin holds ``feed:write``).
* Message: the 10 stations × 1,000 consecutive hours, with the real values of the sample
  series in its cycle (so QC runs on realistic data and flags little), as JSON and as CSV.
* Cases, each over new hours so nothing is cached: a new message (10,000 inserted); the
  same message again (10,000 unchanged: nothing written); every value changed (10,000
  updated, each previous value to the audit log); the same as CSV (unchanged). Each case
  runs ``--runs`` times; median and worst are reported (client wall time: parse, QC,
  AQI, upsert, audit and the answer).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import statistics
import time
from datetime import datetime, timedelta

from bench.common import header_lines, load, request_headers, results_path, sample_app
from feeds.replay import FIELDS, load_sample

STATIONS = 10
TARGET_S = 5.0


def message(hours: int, start: datetime, shift: float = 0.0) -> list[dict]:
    """``STATIONS × hours`` readings from ``start``, the sample values in a cycle."""
    sample = load_sample()
    stations = sorted(sample["station"].unique())[:STATIONS]
    observed = sorted(sample["time"].unique())
    by_key = {(r.station, r.time): r for r in sample.itertuples(index=False)}
    rows = []
    for h in range(hours):
        src = observed[h % len(observed)]
        t = (start + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S")
        for s in stations:
            r = by_key.get((s, src))
            values = {f: (None if r is None or getattr(r, f) != getattr(r, f)
                          else float(getattr(r, f)) + shift) for f in FIELDS.values()}
            if r is None or all(v is None for v in values.values()):
                values = {"pm2_5": 30.0 + shift}
            rows.append({"station": s, "time": t, **values})
    return rows


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, ["station", "time", *FIELDS.values()])
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in writer.fieldnames})
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hours", type=int, default=1000, help="hours per message (× 10)")
    args = parser.parse_args(argv)
    started, started_load = time.perf_counter(), load()
    results: dict[str, list[float]] = {"insert": [], "unchanged": [], "update": [],
                                       "csv": []}
    counts: dict[str, dict] = {}
    with sample_app() as app:
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=300)
        headers = request_headers(app.token)

        def post(body: bytes, content_type: str) -> dict:
            conn.request("POST", "/api/observations/air", body=body,
                         headers={**headers, "Content-Type": content_type})
            resp = conn.getresponse()
            payload = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"POST: {resp.status} {payload[:300]!r}")
            return json.loads(payload)

        def timed(case: str, body: bytes, content_type: str) -> None:
            t0 = time.perf_counter()
            answer = post(body, content_type)
            results[case].append(time.perf_counter() - t0)
            counts[case] = {k: answer[k] for k in ("rows", "inserted", "updated",
                                                   "unchanged", "flagged")}

        # warm-up (imports, first connection) on hours of its own
        post(json.dumps(message(10, datetime(2023, 1, 1))).encode(), "application/json")
        for run in range(args.runs):
            start = datetime(2024, 1, 1) + timedelta(hours=run * (args.hours + 24))
            rows = message(args.hours, start)
            body = json.dumps(rows).encode()
            timed("insert", body, "application/json")
            timed("unchanged", body, "application/json")
            timed("update", json.dumps(message(args.hours, start, 1.0)).encode(),
                  "application/json")
            timed("csv", as_csv(message(args.hours, start, 1.0)), "text/csv")
        size_mb = len(body) / 1e6
    seconds = time.perf_counter() - started
    n = STATIONS * args.hours
    lines = ["# Live feed: station-hours in one POST", "",
             *header_lines("python -m bench.bench_feeds", started_load, seconds), "",
             f"One message = {STATIONS} stations × {args.hours} hours = {n:,} rows "
             f"(JSON {size_mb:.1f} MB); target < {TARGET_S:.0f} s. {args.runs} runs each.", "",
             "| case | median [s] | worst [s] | rows inserted / updated / unchanged / "
             "flagged | target |", "|---|---|---|---|---|"]
    titles = {"insert": "new rows (JSON)", "unchanged": "same message again (JSON)",
              "update": "every value changed, audited (JSON)",
              "csv": "same as CSV (unchanged)"}
    for case, times in results.items():
        c = counts[case]
        ok = "met" if max(times) < TARGET_S else "MISSED"
        lines.append(f"| {titles[case]} | {statistics.median(times):.2f} | {max(times):.2f} "
                     f"| {c['inserted']} / {c['updated']} / {c['unchanged']} / "
                     f"{c['flagged']} | {ok} |")
    out = "\n".join(lines) + "\n"
    results_path("feeds.md").write_text(out, encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
