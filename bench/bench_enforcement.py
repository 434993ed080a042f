"""Enforcement workspace benchmark: the codes of all sources, the task list with 10,000
tasks, and the size of the tasks map.

Run ``python -m bench.bench_enforcement``; writes ``bench/results/enforcement.md``.

* Store: a throwaway PostgreSQL + PostGIS cluster, migrated and loaded with
  ``data_samples/``; 10,000 synthetic tasks (示例) spread over the sample sources, with
  every status, deadlines around the present (a fifth overdue) and three transitions each,
  inserted in one statement; one in five is a drawn region (a 16-sided outline of about
  330 m around a source), which the map sends as its simplified outline while the answer
  stays under its ceiling, else as its point.
* Server: the whole app under werkzeug's threaded WSGI server on 127.0.0.1; one
  keep-alive client, signed in with an admin token.
* Cases (issue 16's targets): the code of every sample source recomputed and stored
  (``service.refresh`` minus the clue search: ``codes.compute_all``) < 2 s; the task list
  filtered (``GET /api/tasks`` with status, district, overdue, team and type filters, a
  page of 50) < 300 ms; the tasks map (``GET /api/tasks/map``, unfiltered and filtered)
  never over 1 MB (its time is reported, no target). Each case runs ``--runs`` times
  after one warm-up; median and worst.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
from urllib.parse import quote

from sqlalchemy import text

from bench.common import header_lines, load, request_headers, results_path, sample_app

TASKS = 10_000

SEED_SQL = """
WITH src AS (
  SELECT id, name, adcode, ST_X(geom) AS lon, ST_Y(geom) AS lat,
         ST_AsGeoJSON(ST_Buffer(geom, 0.003, 4), 6)::jsonb AS area,
         row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total
  FROM pollution_sources),
gen AS (SELECT g, (g % (SELECT count(*) FROM pollution_sources)) + 1 AS pick
        FROM generate_series(1, :n) AS g)
INSERT INTO enforcement_tasks (type, status, source_id, region, lon, lat, adcode, title, team,
  description, due_at, created_at, created_by, closed_at, returned, synthetic, version)
SELECT (ARRAY['inspection','rectification','verification'])[1 + g % 3],
       (ARRAY['派发','签收','处置','反馈','审核','办结'])[1 + g % 6],
       CASE WHEN g % 5 = 0 THEN NULL ELSE s.id END,
       CASE WHEN g % 5 = 0 THEN s.area END, s.lon, s.lat, s.adcode, s.name || '（示例任务）',
       (ARRAY['合肥生态环境执法大队第1中队','合肥生态环境执法大队第2中队',
              '肥东生态环境执法大队第1中队','巢湖生态环境执法大队第1中队'])[1 + g % 4],
       '示例数据', CAST(:now AS timestamp) + ((g % 10) - 2) * interval '1 day',
       CAST(:now AS timestamp) - (g % 30) * interval '1 day', 'bench',
       CASE WHEN g % 6 = 5 THEN CAST(:now AS timestamp) - (g % 7) * interval '1 day' END,
       CASE WHEN g % 17 = 0 THEN 1 ELSE 0 END, true, 1
FROM gen JOIN src s ON s.n = gen.pick
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_enforcement")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--tasks", type=int, default=TASKS)
    args = parser.parse_args(argv)

    started, started_load = time.perf_counter(), load()
    with sample_app() as sample:
        from core.clock import beijing_now
        from enforcement import codes, service
        from enforcement import sample as enf_sample

        now = beijing_now()
        with sample.engine.begin() as conn:
            enf_sample.ensure_events(conn)
            conn.execute(text(SEED_SQL), {"n": args.tasks, "now": now})
            conn.execute(text(
                "INSERT INTO task_transitions (task_id, from_status, to_status, actor, at, "
                "note) SELECT id, NULL, '派发', 'bench', created_at, '' FROM "
                "enforcement_tasks"))
            conn.execute(text("ANALYZE enforcement_tasks"))
            sources = conn.execute(text("SELECT count(*) FROM pollution_sources")).scalar()
        service.detect_clues(sample.engine, now)

        def compute_case() -> None:
            with sample.engine.begin() as conn:
                codes.compute_all(conn, now)

        client = http.client.HTTPConnection("127.0.0.1", sample.port, timeout=60)
        headers = request_headers(sample.token)
        sizes: dict[str, int] = {}

        def get(path: str) -> bytes:
            client.request("GET", path, headers=headers)
            resp = client.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"GET {path}: {resp.status} {body[:300]!r}")
            return body

        lists = {
            "open tasks (status=open), first page": "/api/tasks?status=open",
            "overdue in 蜀山区": f"/api/tasks?overdue=true&district={quote('蜀山区')}",
            "team + type + status": "/api/tasks?team=" + quote("合肥生态环境执法大队第1中队")
                                    + "&type=rectification&status=" + quote("处置"),
            "all tasks, page 100 (offset 4950)": "/api/tasks?offset=4950",
        }
        maps = {"tasks map, all": "/api/tasks/map?status=",
                "tasks map, open": "/api/tasks/map?status=open",
                "tasks map, overdue": "/api/tasks/map?overdue=true"}

        def timed(case) -> list[float]:
            case()
            out = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                case()
                out.append(time.perf_counter() - t0)
            return out

        results = [(f"codes of all {sources} sources recomputed and stored", 2.0,
                    timed(compute_case))]
        for name, path in lists.items():
            results.append((f"task list: {name}", 0.3, timed(lambda p=path: get(p))))
        outlines: dict[str, tuple[int, int]] = {}
        for name, path in maps.items():
            body = get(path)
            sizes[name] = len(body)
            feats = json.loads(body)["features"]
            areas = [f for f in feats if "a" in f["properties"]]
            outlines[name] = (sum(f["properties"]["a"] for f in areas), len(areas))
            results.append((name, None, timed(lambda p=path: get(p))))
        total = sample.engine.connect().execute(text(
            "SELECT count(*) FROM enforcement_tasks")).scalar()

    lines = ["# Enforcement workspace benchmark", "",
             *header_lines("python -m bench.bench_enforcement", started_load,
                           time.perf_counter() - started), "",
             f"{total:,} tasks in the store ({args.tasks:,} synthetic); {args.runs} runs per "
             "case after one warm-up; the lists and the map over real HTTP to the whole app.",
             "", "| Case | Median | Worst | Target | Met |", "|---|---|---|---|---|"]
    for name, target, times in results:
        med = statistics.median(times)
        met = "—" if target is None else "yes" if max(times) < target else "**no**"
        lines.append(f"| {name} | {med * 1e3:.0f} ms | {max(times) * 1e3:.0f} ms | "
                     f"{'—' if target is None else f'< {target:g} s'} | {met} |")
    lines += ["", "| Map response | Size | Regions as outlines | Target | Met |",
              "|---|---|---|---|---|"]
    for name, size in sizes.items():
        drawn, regions = outlines[name]
        lines.append(f"| {name} | {size / 1024:.0f} KiB | {drawn} of {regions} | < 1 MB | "
                     f"{'yes' if size < 1_000_000 else '**no**'} |")
    out = "\n".join(lines) + "\n"
    results_path("enforcement.md").write_text(out, encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
