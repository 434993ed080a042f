"""Tile-serving benchmark: One Map's raster blueprint vs TiTiler on the same COG, over HTTP.

Run ``python -m bench.bench_tiles [--rounds N] [--tiles N] [--no-titiler]``; writes
``bench/results/tiles.md``. TiTiler is installed on first use into its own venv
(``var/bench/titiler-venv``, :func:`ensure_titiler`), never into the app's requirements.

Three configurations, each labelled in the results:

* **One Map, rendering** — the tile LRU cache off (``tile_cache_size=0``): every request
  renders. This is the like-for-like comparison with TiTiler.
* **TiTiler, rendering** — TiTiler has no tile cache (it leaves caching to an HTTP cache).
* **One Map, from the tile cache** — ``tile_cache_size=4096``, the cache of every worker
  primed with the tiles before the workers fork, then the tiles five times over; every
  response says whether it came from the cache (an ``X-Bench-Cache`` header the benchmark
  app adds), and the hit ratio is reported.

Why the cached figure used to look low (116 tiles/s): the LRU cache lives in each
gunicorn worker, and keep-alive connections stay on the worker that accepted them, so the
old "warm" pass (the cold tiles requested twice more) still rendered many of its tiles in
the worker that had not seen them: it mixed renders and cache hits. The cached pass now
starts with every worker's cache primed, and counts hits.

* Data: a generated 10,000 × 10,000 RGB uint8 COG (EPSG:3857, 10 m pixels, ~100 km around
  Hefei; smooth pattern plus noise), written once under ``var/bench/``.
* Servers, one after the other on 127.0.0.1 (never at the same time): ours under gunicorn
  (gthread, ``--preload``, 8 threads per worker as ``manage.py run``), TiTiler under
  uvicorn, both with the same number of worker processes. Each server is measured once
  *all* its workers have booted (the process group's CPU time stops growing).
* Load: a bounded thread pool of keep-alive HTTP clients (headers from
  :func:`bench.common.request_headers`) requests 256 × 256 PNG tiles (zooms 13–14,
  nearest resampling, PNG zlevel 6 on both sides). *Cold*: each tile once on a fresh
  server. *Repeat*: the same tiles twice more (GDAL's block cache is warm; with the tile
  cache off, every tile is still rendered).
* Rounds: ``--rounds`` fresh starts of each configuration, in alternating order, latencies
  pooled; per-round ratios are listed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import morecantile
import numpy as np

from bench.common import bench_token, header_lines, load, request_headers, results_path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
COG = BENCH / "basemaps" / "bench_cog.tif"
TITILER_VENV = BENCH / "titiler-venv"
TITILER_PACKAGES = ["titiler.application==2.4.0", "uvicorn[standard]"]
SIZE = 10_000
RES = 10.0
WEST, NORTH = 13_000_000.0, 3_760_000.0  # EPSG:3857, about 116.8E 31.9N
WORKERS = 2
THREADS = 8  # as `manage.py run` (gunicorn --threads 8)
CLIENTS = 8
CACHE_SIZE = 4096
CACHE_HEADER = "X-Bench-Cache"
CACHED_REPEATS = 5  # the cached pass is fast: more requests for a steadier figure
OUR_TILE = "/tiles/bench_cog/{z}/{x}/{y}.png?resampling=nearest"
WEB = morecantile.tms.get("WebMercatorQuad")


def make_cog(path: Path = COG) -> Path:
    """Write the 10k × 10k RGB COG once (block by block, then COG with overviews)."""
    import rasterio
    import rasterio.shutil
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = path.with_suffix(".plain.tif")
    profile = {
        "driver": "GTiff", "width": SIZE, "height": SIZE, "count": 3, "dtype": "uint8",
        "crs": "EPSG:3857", "transform": from_origin(WEST, NORTH, RES, RES),
        "tiled": True, "blockxsize": 512, "blockysize": 512, "compress": "deflate",
        "photometric": "RGB",
    }
    rng = np.random.default_rng(42)
    block = 1000
    with rasterio.open(plain, "w", **profile) as dst:
        for r0 in range(0, SIZE, block):
            rows, cols = np.mgrid[r0 : r0 + block, 0:SIZE]
            base = np.stack([
                128 + 100 * np.sin(cols / 700.0),
                128 + 100 * np.cos(rows / 900.0),
                128 + 60 * np.sin((rows + cols) / 1300.0),
            ])
            noise = rng.integers(-12, 13, size=base.shape)
            dst.write(np.clip(base + noise, 0, 255).astype("uint8"),
                      window=Window(0, r0, SIZE, block))
    rasterio.shutil.copy(plain, path, driver="COG", compress="DEFLATE",
                         blocksize=512, overview_resampling="average")
    plain.unlink()
    return path


def tile_list(count: int = 300, seed: int = 1) -> list[tuple[int, int, int]]:
    """Tiles fully inside the COG at zooms 13 and 14."""
    from pyproj import Transformer

    to_geo = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
    west, north = to_geo.transform(WEST + 3000, NORTH - 3000)
    east, south = to_geo.transform(WEST + SIZE * RES - 3000, NORTH - SIZE * RES + 3000)
    tiles = [(t.z, t.x, t.y) for t in WEB.tiles(west, south, east, north, zooms=[13, 14])]
    random.Random(seed).shuffle(tiles)
    return tiles[:count]


def create_app(cache_size: int = 0, prime: int = 0):
    """WSGI app for gunicorn: only the raster blueprint, settings under var/bench.

    Every response carries ``X-Bench-Cache: hit|miss`` (did this request's tile come
    from the LRU cache?), so the client can count what it measured. With ``prime`` (and
    gunicorn ``--preload``), the first ``prime`` tiles of :func:`tile_list` are rendered
    into the cache in the master, before the workers fork: every worker starts with
    them (each worker has its own cache, and keep-alive connections stay on one worker).
    """
    from flask import Flask, g

    from core.settings import Settings
    from tiles.raster import create_raster_blueprint

    settings = Settings(var_dir=BENCH / "var", basemap_dir=COG.parent,
                        tile_cache_size=cache_size)
    app = Flask("bench")
    blueprint = create_raster_blueprint(settings)
    cache = blueprint.raster_service.cache
    lookup = cache.get

    def get(key):
        value = lookup(key)
        g.bench_cache = "miss" if value is None else "hit"
        return value

    cache.get = get  # instrumentation of the benchmark app only
    app.register_blueprint(blueprint)

    @app.after_request
    def label(response):
        response.headers[CACHE_HEADER] = g.get("bench_cache", "none")
        return response

    if prime:
        client = app.test_client()
        for z, x, y in tile_list(prime):
            client.get(OUR_TILE.format(z=z, x=x, y=y))
        service = blueprint.raster_service
        service.cogs = type(service.cogs)(service.tms_sets)  # no GDAL handle across fork
    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers=request_headers(bench_token()))
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def _group_cpu_seconds(pgid: int) -> float | None:
    """User + system CPU time of every process in a process group (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # fields[0] is the state; pgrp is field 5 of stat
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_settled(proc: subprocess.Popen, timeout: float = 60.0, quiet: float = 1.0) -> None:
    """Wait until every worker has booted: the server's CPU time stops growing for ``quiet`` s.

    Without /proc (not Linux), wait a fixed 5 s instead.
    """
    last = _group_cpu_seconds(proc.pid)
    if last is None:
        time.sleep(5.0)
        return
    deadline = time.monotonic() + timeout
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = _group_cpu_seconds(proc.pid) or 0.0
        if now - last > 0.02:
            still_since = time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            return
        last = now


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def run_load(port: int, paths: list[str]) -> dict:
    """Fetch every path with CLIENTS keep-alive connections; throughput, latencies, and
    how many responses said they came from the tile cache."""
    local = threading.local()
    headers = request_headers(bench_token())
    counts = {"errors": 0, "hit": 0, "miss": 0}
    lock = threading.Lock()

    def fetch(path: str) -> float:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t0 = time.perf_counter()
        outcome = "errors"
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status == 200 and body:
                outcome = response.getheader(CACHE_HEADER, "")
        except (OSError, http.client.HTTPException):
            local.conn = None
        elapsed = time.perf_counter() - t0
        with lock:
            if outcome in counts:
                counts[outcome] += 1
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = sorted(pool.map(fetch, paths))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "elapsed": elapsed, **counts}


def summarise(runs: list[dict]) -> dict[str, float]:
    """Pooled statistics of one pass over several rounds."""
    latencies = sorted(v for run in runs for v in run["latencies"])
    return {
        "tiles": len(latencies),
        "tiles_per_s": len(latencies) / sum(run["elapsed"] for run in runs),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": sum(run["errors"] for run in runs),
        "hits": sum(run["hit"] for run in runs),
        "misses": sum(run["miss"] for run in runs),
    }


def bench_server(name: str, cmd: list[str], env: dict[str, str], port: int, url_of,
                 ready: str, tiles: list[tuple[int, int, int]], primed: bool = False) -> dict:
    """One fresh server: start-up, then the cold and repeat passes, or (``primed``: its
    cache already holds the tiles) one pass of the tiles ``CACHED_REPEATS`` times."""
    paths = [url_of(*t) for t in tiles]
    launched = time.perf_counter()
    proc = start(cmd, env)
    try:
        wait_ready(port, ready)
        wait_settled(proc)
        startup = time.perf_counter() - launched
        if primed:  # the server primed its cache before forking (create_app(prime=…))
            result = {"cached": run_load(port, paths * CACHED_REPEATS)}
        else:
            result = {"cold": run_load(port, paths), "repeat": run_load(port, paths * 2)}
    finally:
        stop(proc)
    result["startup_s"] = startup
    brief = {k: summarise([v]) for k, v in result.items() if k != "startup_s"}
    print(f"{name}: start-up {startup:.1f} s; {brief}", file=sys.stderr)
    return result


def ours(tiles: list[tuple[int, int, int]], cache_size: int) -> dict:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    cmd = [gunicorn, "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS),
           "--preload", "-b", f"127.0.0.1:{port}", "--keep-alive", "30",
           f"bench.bench_tiles:create_app(cache_size={cache_size}, "
           f"prime={len(tiles) if cache_size else 0})"]
    label = "onemap-cached" if cache_size else "onemap-render"
    return bench_server(
        label, cmd, env, port, lambda z, x, y: OUR_TILE.format(z=z, x=x, y=y), "/tiles",
        tiles, primed=bool(cache_size),
    )


def ensure_titiler() -> bool:
    """TiTiler in its own venv (``var/bench/titiler-venv``), installed on first use with
    pip from the package index; False when it cannot be installed here."""
    uvicorn = TITILER_VENV / "bin" / "uvicorn"
    if uvicorn.exists():
        return True
    print(f"installing {' '.join(TITILER_PACKAGES)} into {TITILER_VENV} …", file=sys.stderr)
    made = subprocess.run([sys.executable, "-m", "venv", str(TITILER_VENV)])
    pip = TITILER_VENV / "bin" / "pip"
    done = made.returncode == 0 and subprocess.run(
        [str(pip), "install", "-q", *TITILER_PACKAGES]).returncode == 0
    if not done:
        print("TiTiler could not be installed: ours alone", file=sys.stderr)
    return done and uvicorn.exists()


def titiler(tiles: list[tuple[int, int, int]]) -> dict:
    uvicorn = TITILER_VENV / "bin" / "uvicorn"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": ""}
    cmd = [str(uvicorn), "titiler.application.main:app", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(WORKERS), "--log-level", "warning"]
    url = COG.resolve()
    return bench_server(
        "titiler", cmd, env, port,
        lambda z, x, y: f"/cog/tiles/WebMercatorQuad/{z}/{x}/{y}.png?url={url}",
        "/healthz", tiles,
    )


def titiler_version() -> str:
    python = TITILER_VENV / "bin" / "python"
    done = subprocess.run([str(python), "-c", "import titiler.application as t, rio_tiler as r;"
                           "print(t.__version__, r.__version__)"], capture_output=True, text=True)
    return done.stdout.strip()


def _row(name: str, phase: str, r: dict[str, float], startup: float) -> str:
    served = f"{r['hits']} / {r['misses']}" if r["hits"] + r["misses"] else "n/a"
    return (f"| {name} | {phase} | {r['tiles']} | {r['tiles_per_s']:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {served} | {r['errors']} | {startup:.1f} |")


def write_results(runs: dict[str, list[dict]], n_tiles: int, seconds: float,
                  started_load: tuple[float, float, float]) -> None:
    """``runs``: per configuration (render, titiler, cached), one result per round."""
    rounds = len(runs["render"])
    lines = [
        "# Raster tile benchmark", "",
        *header_lines("python -m bench.bench_tiles", started_load, seconds), "",
        f"Source: generated {SIZE:,} × {SIZE:,} RGB uint8 COG (EPSG:3857, 10 m, deflate, "
        f"512 px blocks, overviews). Requests: {n_tiles} distinct 256 × 256 PNG tiles at "
        f"zooms 13–14 (nearest, PNG zlevel 6 on both sides); {CLIENTS} keep-alive client "
        "threads in one Python process on 127.0.0.1, on the same cores as the server. "
        "Cold = each tile once on a freshly started server; repeat = the same tiles twice "
        "more.", "",
        f"Servers: One Map raster blueprint under gunicorn gthread ({WORKERS} workers × "
        f"{THREADS} threads, `--preload`); TiTiler under uvicorn ({WORKERS} workers). Load "
        "starts once all workers of a server have booted (process-group CPU idle); start-up "
        f"= launch → idle. {rounds} round(s), configurations alternating, latencies pooled.",
        "",
        "| server | pass | tiles | tiles/s | p50 ms | p95 ms | from cache / rendered "
        "| errors | start-up s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    names = {"render": "One Map, rendering (tile cache off)",
             "titiler": f"TiTiler {titiler_version()}, rendering (no tile cache)",
             "cached": f"One Map, from the tile cache ({CACHE_SIZE} tiles; start-up "
                       "includes priming)"}
    pooled: dict[str, dict[str, dict[str, float]]] = {}
    for key in ("render", "titiler", "cached"):
        results = runs.get(key) or []
        if not results:
            continue
        startup = statistics.median(r["startup_s"] for r in results)
        pooled[key] = {}
        for phase in ("cold", "repeat", "cached"):
            if phase in results[0]:
                r = pooled[key][phase] = summarise([res[phase] for res in results])
                lines.append(_row(names[key], phase, r, startup))
    lines += ["", "## Verdict", ""]
    render = pooled["render"]
    if "titiler" in pooled:
        theirs = pooled["titiler"]
        per_round = []
        for k, (a, b) in enumerate(zip(runs["render"], runs["titiler"], strict=False), 1):
            ra, rb = summarise([a["cold"]]), summarise([b["cold"]])
            per_round.append(f"round {k}: p50 {ra['p50_ms'] / rb['p50_ms']:.2f}×")
        lines += [
            "**Rendering against rendering** (the fair comparison: neither side caches tiles):",
            f"- repeat throughput, ours / TiTiler: "
            f"**{render['repeat']['tiles_per_s'] / theirs['repeat']['tiles_per_s']:.2f}×**;",
            f"- cold latency, ours / TiTiler: p50 "
            f"**{render['cold']['p50_ms'] / theirs['cold']['p50_ms']:.2f}×**, p95 "
            f"**{render['cold']['p95_ms'] / theirs['cold']['p95_ms']:.2f}×** "
            f"({'; '.join(per_round)}).",
            "",
        ]
    else:
        lines += ["TiTiler was not available: no comparison.", ""]
    if "cached" in pooled:
        c = pooled["cached"]["cached"]
        share = c["hits"] / max(1, c["hits"] + c["misses"])
        lines += [
            "**Serving from One Map's tile cache** (a different thing: no rendering at all):",
            f"- {c['tiles_per_s']:.0f} tiles/s, p50 {c['p50_ms']:.1f} ms; "
            f"{100 * share:.1f} % of the measured responses came from the cache;",
            f"- against ours rendering (repeat): "
            f"**{c['tiles_per_s'] / render['repeat']['tiles_per_s']:.1f}×**"
            + (f"; against TiTiler rendering: "
               f"**{c['tiles_per_s'] / pooled['titiler']['repeat']['tiles_per_s']:.1f}×**."
               if "titiler" in pooled else "."),
            "- The cache is per worker process: a tile rendered by one worker is rendered "
            "again by the other; an HTTP cache in front serves both.",
        ]
    results_path("tiles.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_tiles", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-titiler", action="store_true", help="benchmark ours only")
    parser.add_argument("--rounds", type=int, default=2, help="fresh starts of each server")
    parser.add_argument("--tiles", type=int, default=300, help="distinct tiles per pass")
    args = parser.parse_args(argv)
    started, started_load = time.monotonic(), load()
    make_cog()
    with_titiler = not args.no_titiler and ensure_titiler()
    tiles = tile_list(args.tiles)
    runs: dict[str, list[dict]] = {"render": [], "titiler": [], "cached": []}
    for k in range(max(1, args.rounds)):
        order = ["render", "titiler", "cached"]
        for config in (order if k % 2 == 0 else order[::-1]):
            shutil.rmtree(BENCH / "var" / "surfaces", ignore_errors=True)
            if config == "render":
                runs["render"].append(ours(tiles, 0))
            elif config == "cached":
                runs["cached"].append(ours(tiles, CACHE_SIZE))
            elif with_titiler:
                runs["titiler"].append(titiler(tiles))
    write_results(runs, len(tiles), time.monotonic() - started, started_load)
    print(results_path("tiles.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
