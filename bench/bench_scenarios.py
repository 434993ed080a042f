"""Scenario benchmark: the unit-matrix build, the model answer with the matrix cached, the
whole job, the REST round trip, and click-to-map in Chromium.

Run ``python -m bench.bench_scenarios [--runs N] [--quick]``; writes
``bench/results/scenarios.md``.

* Store and app: :func:`bench.common.sample_app` (throwaway PostGIS with the samples, the
  whole app under werkzeug, threaded; background callbacks on the diskcache manager).
* Matrix build: the sample's 2,200 sources × (grid cells + stations), timed and with its
  peak of traced memory (``tracemalloc``, numpy arrays included) and the file written.
* Model answer (target < 50 ms): :func:`decision_models.air_scenario.scenario` for a
  district cut on the cached matrix, all four pollutants, baseline and scenario.
* Job: a scenario recorded and run to its saved result (:func:`jobs.runner.execute`),
  inputs read from the store, tables, surfaces and provenance written.
* REST: ``POST /api/scenarios`` then ``GET`` until done (in-process thread runner).
* Click to map (target < 1 s): in Chromium, from the click on "run" to the first scenario
  tile drawn in the map (the matrix is cached, so the page answers in the request: one
  Dash callback answers the run and its tile URLs, then the tiles).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
import uuid

import numpy as np

from bench.common import header_lines, load, open_page, request_headers, results_path, sample_app

DISTRICT = "340104"


def _stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.1f} | {max(ms):.1f} | {len(ms)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scenarios")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="a few runs: a check, not figures")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    started, t_start = load(), time.time()
    rows: list[tuple[str, str, str]] = []

    from auth.audit import Actor
    from decision_models.air_scenario import Cut, scenario, select_sources
    from jobs import runner
    from scenarios import inputs as inp
    from scenarios import service

    with sample_app() as sample:
        engine, settings = sample.engine, sample.settings
        inputs = inp.load_inputs(engine)
        tracemalloc.start()
        t0 = time.perf_counter()
        M, built = inp.ensure_matrix(settings.var_dir, inputs)
        build_s = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert built
        path = inp.matrix_path(settings.var_dir, inputs.inputs_hash)
        matrix_line = (f"{M.shape[0]} receptors × {M.shape[1]} sources, "
                       f"{M.values.nbytes / 1e6:.1f} MB in memory, "
                       f"{path.stat().st_size / 1e6:.1f} MB on disk")
        t0 = time.perf_counter()
        inp.cached_matrix(settings.var_dir, inputs)  # in memory
        mem_hit = time.perf_counter() - t0

        mask = select_sources({"district": DISTRICT}, ids=inputs.sources.ids,
                              district=inputs.sources.district,
                              industry=inputs.source_industry, lon=inputs.source_lon,
                              lat=inputs.source_lat)
        cut = [Cut(mask, "PM2_5", 0.3)]
        scenario(M, inputs.emissions, cut)  # warm-up
        model = []
        for _ in range(runs * 5):
            t0 = time.perf_counter()
            scenario(M, inputs.emissions, cut)
            model.append(time.perf_counter() - t0)
        rows.append(("Model answer, matrix cached (target < 50 ms)", _stats(model),
                     "4 pollutants, baseline + scenario, one matrix product"))

        actor = Actor("bench-admin", "token")
        body = {"cuts": [{"select": {"district": DISTRICT}, "pollutant": "PM2_5",
                          "fraction": 0.3}]}
        job = []
        for i in range(runs):
            t0 = time.perf_counter()
            s = service.create(engine, settings, actor, {"name": f"bench-{i}", **body},
                               start=False)
            runner.execute(engine, settings, s["job_id"])
            job.append(time.perf_counter() - t0)
        rows.append(("Whole job: validate, save, run, store the result", _stats(job),
                     "inputs read from the store, tables, surfaces, provenance"))

        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", sample.port, timeout=60)
        headers = {**request_headers(sample.token), "Content-Type": "application/json"}
        rest = []
        for i in range(runs):
            t0 = time.perf_counter()
            conn.request("POST", "/api/scenarios",
                         json.dumps({"name": f"bench-rest-{i}", **body}), headers=headers)
            r = conn.getresponse()
            status_url = json.loads(r.read())["status_url"]
            while True:
                conn.request("GET", status_url, headers=headers)
                got = json.loads(conn.getresponse().read())
                if got["status"] in ("done", "failed"):
                    break
                time.sleep(0.01)
            rest.append(time.perf_counter() - t0)
            assert got["status"] == "done", got.get("error")
        rows.append(("REST: POST, then GET until done", _stats(rest),
                     "thread runner in the app process, polled every 10 ms"))

        clicks = _click_to_map(sample, max(3, runs // 2))
        rows.append(("Click to map in Chromium (target < 1 s)", _stats(clicks),
                     "click on run → first scenario tile drawn; matrix cached, so answered "
                     "in the request"))

    seconds = time.time() - t_start
    lines = [
        "# Scenario benchmark",
        "",
        *header_lines("python -m bench.bench_scenarios" + (" --quick" if args.quick else ""),
                      started, seconds),
        "",
        f"Matrix build: **{build_s:.2f} s**, peak traced memory **{peak / 1e6:.0f} MB** "
        f"({matrix_line}); loading it again from this process's memory: "
        f"{mem_hit * 1000:.2f} ms.",
        "",
        "| case | median ms | worst ms | runs |",
        "|---|---|---|---|",
        *[f"| {name} | {stats} |" for name, stats, _ in rows],
        "",
        *[f"- {name}: {note}." for name, _, note in rows],
        "",
    ]
    out = results_path("scenarios.md")
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


def _click_to_map(sample, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_FLAGS)
        page = open_page(browser, sample.base, token=sample.token)
        page.goto(sample.base + "/scenario", wait_until="networkidle")
        page.click("#sc-add-cut")
        page.wait_for_selector("#sc-cut-list li")
        for i in range(runs + 1):
            page.fill("#sc-name", f"bench-click-{i}-{uuid.uuid4().hex[:4]}")
            page.wait_for_function("() => !document.querySelector('#sc-run').disabled")
            known = page.evaluate("() => Array.from(document.querySelectorAll("
                                  "'.leaflet-sc-right-pane img')).map(i => i.src)")
            t0 = time.perf_counter()
            page.click("#sc-run")
            page.wait_for_function(
                "(known) => Array.from(document.querySelectorAll("
                "'.leaflet-sc-right-pane img')).some(i => !known.includes(i.src) && "
                "i.complete && i.naturalWidth === 256)", arg=known, timeout=60_000)
            if i:  # the first is a warm-up (bundles, first fork)
                out.append(time.perf_counter() - t0)
        browser.close()
    return out


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
