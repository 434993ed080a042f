"""Emergency workspace benchmark: the duty officer's requests over real HTTP.

Run ``python -m bench.bench_emergency``; writes ``bench/results/emergency.md``.

* Store: a throwaway PostgreSQL + PostGIS + pgRouting cluster under a temporary folder,
  migrated and loaded with ``data_samples/``.
* Server: the whole app under werkzeug's threaded WSGI server on 127.0.0.1; one
  keep-alive client, requests one after the other, signed in with an admin token.
* Cases (issue 13's targets): create an air incident, then its zones, receptors and
  resources (< 1.5 s); a weather change (PATCH with If-Match) and the new zones (< 2 s,
  server side: the browser's drawing is not included); the downstream board of a spill on
  南淝河 (< 1 s); a Word report and a PDF report (< 3 s); an air incident on the observed
  wind of the synthetic met stations (zones); and the push: a log entry posted by one
  officer until the ``change`` event reaches a second officer's server-sent event stream
  (< 2 s, the same target as a weather change). Each case runs ``--runs`` times (new
  incidents each time, so no result is cached); median and worst are reported.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
from collections.abc import Callable

from sqlalchemy import text

from bench.common import header_lines, load, request_headers, results_path, sample_app


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = request_headers(token)

    def call(self, method: str, path: str, body: dict | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        h = {**self.headers, **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=h)
        resp = self.conn.getresponse()
        payload = resp.read()
        if resp.status >= 400:
            raise RuntimeError(f"{method} {path}: {resp.status} {payload[:300]!r}")
        return resp.status, payload


def timed(runs: int, case: Callable[[int], None]) -> list[float]:
    case(-1)  # warm-up (imports, first connections)
    out = []
    for i in range(runs):
        t0 = time.perf_counter()
        case(i)
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_emergency")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)

    started, started_load = time.perf_counter(), load()
    with sample_app() as sample:
        with sample.engine.connect() as conn:
            river = conn.execute(text(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint("
                "ST_LineMerge(geom), 0.2) AS p FROM rivers WHERE name = '南淝河') s")).one()
        client = Client(sample.port, sample.token)
        from emergency import met

        met.load_sample(sample.engine)  # synthetic hourly winds at the air stations

        def air(i: int) -> dict:
            _, body = client.call("POST", "/api/incidents", {
                "kind": "air_release", "lon": 117.27 + 0.001 * i, "lat": 31.86,
                "substance": "chlorine", "mass_kg": 2000,
                "weather": {"wind_speed_m_s": 3.0, "wind_from_deg": 45.0}})
            return json.loads(body)["incident"]

        made: list[dict] = []

        def create_case(i: int) -> None:
            inc = air(i)
            made.append(inc)
            for part in ("zones", "receptors", "resources"):
                client.call("GET", f"/api/incidents/{inc['id']}/{part}")

        def weather_case(i: int) -> None:
            inc = made[i + 1]
            client.call("PATCH", f"/api/incidents/{inc['id']}",
                        {"weather": {"wind_speed_m_s": 2.0, "wind_from_deg": 200.0 + i}},
                        {"If-Match": str(inc["version"])})
            client.call("GET", f"/api/incidents/{inc['id']}/zones")

        def downstream_case(i: int) -> None:
            _, body = client.call("POST", "/api/incidents", {
                "kind": "water_spill", "lon": river[0], "lat": river[1],
                "substance": "benzene", "mass_kg": 2000 + i})
            inc = json.loads(body)["incident"]
            client.call("GET", f"/api/incidents/{inc['id']}/downstream")

        def report_case(i: int) -> None:
            client.call("GET", f"/api/incidents/{made[i + 1]['id']}/report?kind=initial"
                               "&format=docx")

        def pdf_case(i: int) -> None:
            client.call("GET", f"/api/incidents/{made[i + 1]['id']}/report?kind=initial"
                               "&format=pdf")

        def observed_case(i: int) -> None:
            _, body = client.call("POST", "/api/incidents", {
                "kind": "air_release", "lon": 117.25 + 0.001 * i, "lat": 31.85,
                "substance": "chlorine", "mass_kg": 2000})
            inc = json.loads(body)["incident"]
            _, zones = client.call("GET", f"/api/incidents/{inc['id']}/zones")
            assert json.loads(zones)["properties"]["weather"]["source"] == "observed"

        def push_case(i: int) -> None:
            inc = made[i + 1]
            watcher = http.client.HTTPConnection("127.0.0.1", sample.port, timeout=30)
            watcher.request("GET", f"/api/incidents/{inc['id']}/events",
                            headers={**client.headers, "Accept": "text/event-stream"})
            stream = watcher.getresponse()

            def next_change() -> None:
                while True:
                    line = stream.readline()
                    if not line:
                        raise RuntimeError("the event stream ended before a change")
                    if line.startswith(b"event: change"):
                        return

            next_change()  # the state on connect
            t0 = time.perf_counter()
            client.call("POST", f"/api/incidents/{inc['id']}/log",
                        {"kind": "notified", "text": f"bench {i}"})
            next_change()
            push_times.append(time.perf_counter() - t0)
            watcher.close()

        push_times: list[float] = []
        results = [
            ("create air incident → zones + receptors + resources", 1.5,
             timed(args.runs, create_case)),
            ("weather change (PATCH) → new zones", 2.0, timed(args.runs, weather_case)),
            ("downstream board, spill on 南淝河 (create + board)", 1.0,
             timed(args.runs, downstream_case)),
            ("initial report, Word (.docx)", 3.0, timed(args.runs, report_case)),
            ("initial report, PDF", 3.0, timed(args.runs, pdf_case)),
            ("air incident on the observed wind → zones", 1.5,
             timed(args.runs, observed_case)),
        ]
        timed(args.runs, push_case)
        results.append(("log entry → change event on another officer's stream", 2.0,
                        push_times[1:]))

    lines = ["# Emergency workspace benchmark", "",
             *header_lines("python -m bench.bench_emergency", started_load,
                           time.perf_counter() - started), "",
             f"{args.runs} runs per case after one warm-up; real HTTP to the whole app.", "",
             "| Case | Median | Worst | Target | Met |", "|---|---|---|---|---|"]
    for name, target, times in results:
        med = statistics.median(times)
        lines.append(f"| {name} | {med * 1e3:.0f} ms | {max(times) * 1e3:.0f} ms | "
                     f"< {target:g} s | {'yes' if max(times) < target else '**no**'} |")
    out = "\n".join(lines) + "\n"
    results_path("emergency.md").write_text(out, encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
