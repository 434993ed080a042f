"""Cockpit benchmark: first render at 3840×2160, and many walls refreshing.

Run ``python -m bench.bench_cockpit [--walls 30] [--minutes 1]``; writes
``bench/results/cockpit.md``.

* Store: a throwaway PostgreSQL + PostGIS cluster, migrated and loaded with
  ``data_samples/``. Server: the whole app (``app.create_app``) under werkzeug's threaded
  WSGI server on 127.0.0.1, signed in by an API token.
* A. First render: headless Chromium at 3840×2160 opens ``/cockpit?asof=2016-10-17``; the
  time runs from navigation until the station labels are drawn and all six panels hold
  numbers (the forecast's seven days included). The first run is cold (new server
  process caches), the next ones warm.
* B. Alarm latency: with the default alarm poll (5 s), an alarm is raised in the store at a
  random moment and the time until the wall shows it is measured (``--alarms`` times).
* C. Carousel switch: a two-screen scheme at 3840×2160 whose screens show different map
  views; the time from the switch until every map tile of the new view is drawn (the
  next screen's tiles are loaded ahead of the switch).
* D. Many walls: the browser's own refresh and alarm-poll callback requests are recorded,
  then replayed at the rate ``--walls`` walls cause (one panel refresh per wall every 30 s,
  one alarm poll per wall every 5 s) for ``--minutes``. The figure is the CPU time of the
  server process per second of wall time, as a share of one core. The replaying client
  runs in a separate process, so its CPU is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench.common import header_lines, load, open_page, results_path, sample_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
REFRESH_S, POLL_S = 30, 5
PATH = "/cockpit?asof=2016-10-17"




def first_renders(base: str, token: str, runs: int) -> tuple[list[float], dict[str, str]]:
    """Seconds to a filled wall per run, and the recorded callback bodies by kind."""
    from playwright.sync_api import sync_playwright

    bodies: dict[str, str] = {}
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_FLAGS)
        for _ in range(runs):
            page = open_page(browser, base, (3840, 2160), token)

            def record(request) -> None:
                if request.method == "POST" and "_dash-update-component" in request.url:
                    body = request.post_data or ""
                    if "cockpit-refresh" in body and "cockpit-body-air" in body:
                        bodies.setdefault("refresh", body)
                    elif "cockpit-alarm-poll" in body:
                        bodies.setdefault("poll", body)

            page.on("request", record)
            start = time.perf_counter()
            page.goto(base + PATH)
            page.locator(".cockpit-station b").first.wait_for(timeout=60_000)
            for name in ("air", "outlook", "ranking", "water", "forecast", "operations"):
                page.locator(f"#cockpit-body-{name} .cockpit-foot").first.wait_for(
                    state="attached", timeout=60_000)
            page.locator(".cockpit-day").nth(6).wait_for(state="attached")
            times.append(time.perf_counter() - start)
            if "refresh" not in bodies:  # the interval's first tick comes after 30 s
                page.wait_for_timeout((REFRESH_S + 2) * 1000)
            page.context.close()
        browser.close()
    return times, bodies


def alarm_latencies(sample, runs: int) -> list[float]:
    """Seconds from an alarm raised in the store to the wall showing it (default poll)."""
    import random

    from playwright.sync_api import sync_playwright

    from cockpit.alarms import AlarmService
    from store.db import connection

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_FLAGS)
        page = open_page(browser, sample.base, (1920, 1080), sample.token)
        page.goto(sample.base + PATH)
        page.locator(".cockpit-station b").first.wait_for(timeout=60_000)
        alarm = page.locator(".cockpit-alarm")
        for n in range(runs):
            page.wait_for_timeout(random.uniform(0, POLL_S) * 1000)  # any moment of a poll
            with connection(sample.engine) as conn, conn.begin():
                aid = AlarmService.raise_alarm(
                    conn, key=f"bench:{time.time_ns()}:{n}", kind="station", priority=999,
                    title_zh="基准测试报警", title_en="Benchmark alarm", facts={},
                    lon=117.3, lat=31.85)
            start = time.perf_counter()
            alarm.wait_for(state="visible", timeout=30_000)
            out.append(time.perf_counter() - start)
            with connection(sample.engine) as conn, conn.begin():
                conn.exec_driver_sql("UPDATE cockpit_alarms SET acknowledged_at = now(), "
                                     f"acknowledged_by = 'bench' WHERE id = {int(aid)}")
            alarm.wait_for(state="hidden", timeout=30_000)
        page.context.close()
        browser.close()
    return out


SWITCH_SCHEME = {"name": "基准轮播", "screens": [
    {"title": "甲", "dwell": 8, "panels": ["air", "ranking"], "asof": "2016-10-17",
     "map": {"center": [31.82, 117.25], "zoom": 10}},
    {"title": "乙", "dwell": 8, "panels": ["water", "operations"],
     "map": {"center": [31.58, 117.50], "zoom": 12}}]}


def carousel_switches(sample, runs: int) -> list[float]:
    """Seconds from a screen switch until every map tile of the new view is drawn."""
    import urllib.request

    from playwright.sync_api import sync_playwright

    from bench.common import request_headers

    req = urllib.request.Request(
        sample.base + "/api/cockpit/schemes", method="POST",
        data=json.dumps(dict(SWITCH_SCHEME, name=f"基准轮播 {time.time_ns()}")).encode(),
        headers={**request_headers(sample.token), "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as response:
        sid = json.loads(response.read())["scheme"]["id"]
    drawn = """(z) => { const tiles = [...document.querySelectorAll('.leaflet-tile')]
        .filter(t => t.src.includes('/' + z + '/'));
        return tiles.length > 0 && tiles.every(t => t.complete &&
            t.classList.contains('leaflet-tile-loaded')); }"""
    zooms = {s["title"]: s["map"]["zoom"] for s in SWITCH_SCHEME["screens"]}
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_FLAGS)
        page = open_page(browser, sample.base, (3840, 2160), sample.token)
        page.goto(f"{sample.base}/cockpit?scheme={sid}")
        title = page.locator("#cockpit-screen-title")
        title.wait_for(timeout=60_000)
        current = title.inner_text()
        for _ in range(runs):
            page.wait_for_function(
                f"() => document.getElementById('cockpit-screen-title').textContent "
                f"!== {json.dumps(current)}", timeout=30_000, polling=20)
            start = time.perf_counter()
            current = title.inner_text()
            page.wait_for_timeout(50)
            page.wait_for_function(drawn, arg=zooms[current], timeout=30_000, polling=20)
            out.append(time.perf_counter() - start)
        page.context.close()
        browser.close()
    return out


REPLAY = r'''
import http.client, json, sys, threading, time
port, token, refresh, poll, walls, seconds = sys.argv[1], sys.argv[2], sys.argv[3], \
    sys.argv[4], int(sys.argv[5]), float(sys.argv[6])
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token,
           "User-Agent": "onemap-bench/1"}
events = []
for w in range(walls):  # walls start spread over the periods, as real walls do
    events += [(w * 30 / walls + k * 30, refresh) for k in range(int(seconds // 30) + 1)]
    events += [(w * 5 / walls + k * 5, poll) for k in range(int(seconds // 5) + 1)]
events = sorted(e for e in events if e[0] < seconds)
lock, errors, done = threading.Lock(), [], [0]
def send(body):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    c.request("POST", "/_dash-update-component", body=body, headers=headers)
    r = c.getresponse(); r.read(); c.close()
    with lock:
        done[0] += 1
        if r.status != 200: errors.append(r.status)
start = time.perf_counter(); threads = []
for at, body in events:
    delay = start + at - time.perf_counter()
    if delay > 0: time.sleep(delay)
    t = threading.Thread(target=send, args=(body,)); t.start(); threads.append(t)
for t in threads: t.join()
print(json.dumps({"requests": done[0], "errors": errors}))
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cockpit")
    parser.add_argument("--walls", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3, help="first-render runs")
    parser.add_argument("--alarms", type=int, default=6, help="alarm-latency samples")
    parser.add_argument("--quick", action="store_true", help="a check, not figures")
    args = parser.parse_args(argv)
    if args.quick:
        args.minutes, args.runs, args.alarms = 0.5, 2, 2

    started, started_load = time.perf_counter(), load()
    with sample_app() as sample:
        token, base = sample.token, sample.base
        renders, bodies = first_renders(base, token, args.runs)
        latencies = alarm_latencies(sample, args.alarms)
        switches = carousel_switches(sample, max(2, args.runs))
        missing = {"refresh", "poll"} - set(bodies)
        if missing:
            raise RuntimeError(f"no {', '.join(sorted(missing))} callback was recorded")
        seconds = args.minutes * 60
        cpu0, wall0 = time.process_time(), time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", REPLAY, str(sample.port), token, bodies["refresh"],
             bodies["poll"], str(args.walls), str(seconds)],
            capture_output=True, text=True, check=True, env=dict(os.environ))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        replay = json.loads(out.stdout)

    share = 100 * cpu / wall
    lines = [
        "# Cockpit benchmark", "",
        *header_lines("python -m bench.bench_cockpit" + (" --quick" if args.quick else ""),
                      started_load, time.perf_counter() - started), "",
        "Server: the whole app under werkzeug's threaded WSGI server on 127.0.0.1, PostGIS in "
        "a throwaway local cluster, sample data; signed in by API token.", "",
        "## A. First render at 3840×2160 (navigation → station labels and all panels filled)",
        "", "| run | seconds | target |", "|---|---|---|",
        *(f"| {i + 1} ({'cold' if i == 0 else 'warm'}) | {s:.2f} | < 3 s |"
          for i, s in enumerate(renders)), "",
        f"## B. Alarm latency (alarm poll every {POLL_S} s)", "",
        "| samples | median | worst | target |", "|---|---|---|---|",
        f"| {len(latencies)} | {sorted(latencies)[len(latencies) // 2]:.2f} s | "
        f"{max(latencies):.2f} s | within seconds |", "",
        "## C. Carousel switch at 3840×2160 (switch → every tile of the new view drawn)", "",
        "| switches | times | target |", "|---|---|---|",
        f"| {len(switches)} | {', '.join(f'{x:.2f} s' for x in switches)} | < 1 s |", "",
        f"## D. {args.walls} walls refreshing for {seconds:.0f} s", "",
        f"Each wall: one panel refresh every {REFRESH_S} s and one alarm poll every "
        f"{POLL_S} s, replayed from the browser's own callback requests by a client in "
        "another process. Server CPU is the app process's (werkzeug threads); PostgreSQL's "
        "own CPU is not included.", "",
        "| requests | errors | server CPU | share of one core | target |", "|---|---|---|---|---|",
        f"| {replay['requests']} | {len(replay['errors'])} | {cpu:.1f} s in {wall:.0f} s | "
        f"{share:.1f} % | < 30 % |", "",
    ]
    path = results_path("cockpit.md")
    path.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
