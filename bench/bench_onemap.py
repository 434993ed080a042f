"""Cold start to first map render, first and second start (``python -m bench.bench_onemap``).

Runs the real ``manage.py run`` (private PostGIS, migration, sample load, derived
basemaps, gunicorn) in a fresh ``ONEMAP_VAR_DIR``, then opens ``/`` in headless
Chromium and waits until the station markers are drawn and basemap tiles have loaded.
The second start reuses the cluster and the data, as a second ``make run`` does.
Writes ``bench/results/onemap.md``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import (
    header_lines,
    issue_token,
    load,
    open_page,
    request_headers,
    results_path,
)
from store.cluster import LocalCluster, free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def wait_http(url: str, timeout: float, token: str | None = None) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            request = urllib.request.Request(url, headers=request_headers(token))
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def first_render(url: str, token: str | None) -> float:
    """Seconds from navigation to markers drawn and basemap tiles loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        # signed in before the clock starts: see open_page
        page = open_page(browser, url, (1920, 1080), token)
        start = time.perf_counter()
        page.goto(url)
        # at least 10 markers; a locator, not wait_for_function: the page's CSP forbids eval
        page.locator(".leaflet-overlay-pane path.leaflet-interactive").nth(9).wait_for(
            state="attached", timeout=60_000)
        page.wait_for_selector(".leaflet-tile-loaded", timeout=60_000)
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def sign_in(var: Path, pg_port: int) -> str:
    """An admin's API token in the database the started app uses (the private cluster
    under ``var``): every page and service requires sign-in."""
    from core.settings import Settings
    from store.cluster import resolve_database_url
    from store.db import make_engine

    settings = Settings(database_url="", var_dir=var, local_pg_port=pg_port)  # as the app's
    engine = make_engine(resolve_database_url(settings, start=False))
    try:
        return issue_token(engine, settings)
    finally:
        engine.dispose()


def start_once(env: dict[str, str], port: int, var: Path, pg_port: int
               ) -> tuple[subprocess.Popen, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "manage.py", "run", "--workers", "1"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = wait_http(f"http://127.0.0.1:{port}/healthz", 600) - start
    token = sign_in(var, pg_port)  # not timed
    render = first_render(f"http://127.0.0.1:{port}/", token)
    return proc, ready, render


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> None:
    started, started_load = time.perf_counter(), load()
    var = Path(tempfile.mkdtemp(prefix="onemap-bench-var-"))
    var.chmod(0o755)  # as root the database server runs as `postgres` and must reach it
    port, pg_port = free_port(), free_port()
    env = {**os.environ, "ONEMAP_VAR_DIR": str(var), "ONEMAP_PORT": str(port),
           "ONEMAP_LOCAL_PG_PORT": str(pg_port)}
    env.pop("DATABASE_URL", None)
    rows = []
    try:
        for label in ("first start (empty var/: initdb, schema, load, basemaps)",
                      "second start (reuses cluster and data)"):
            proc, ready, render = start_once(env, port, var, pg_port)
            stop(proc)
            rows.append((label, ready, render))
            print(f"{label}: server ready {ready:.1f} s, first map render {render:.2f} s")
    finally:
        LocalCluster(var / "pg", pg_port).stop()
        shutil.rmtree(var, ignore_errors=True)
    lines = ["# Cold start to first map render", "",
             *header_lines("python -m bench.bench_onemap", started_load,
                           time.perf_counter() - started), "",
             "gunicorn 1 worker; headless Chromium 1920×1080, signed in by API token. Server "
             "ready = `/healthz` answers 200. First render = navigation → at least 10 station "
             "markers drawn and a basemap tile loaded.",
             "", "| start | server ready [s] | first map render [s] | total [s] |",
             "|---|---|---|---|"]
    lines += [f"| {label} | {ready:.1f} | {render:.2f} | {ready + render:.1f} |"
              for label, ready, render in rows]
    out = results_path("onemap.md")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
