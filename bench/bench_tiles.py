"""Tile-serving benchmark: One Map's raster blueprint vs TiTiler on the same COG, over HTTP.

Run ``python -m bench.bench_tiles``; writes ``bench/results/tiles.md``.

* Data: a generated 10,000 × 10,000 RGB uint8 COG (EPSG:3857, 10 m pixels, ~100 km around
  Hefei; smooth pattern plus noise), written once under ``var/bench/``.
* Servers, one after the other on 127.0.0.1 (never at the same time, to share the cores
  fairly): ours under gunicorn (gthread, ``--preload``, 8 threads per worker as
  ``manage.py run``), TiTiler (``var/bench/titiler-venv``) under uvicorn, both with the same
  number of worker processes. Each server is measured only once *all* its workers have
  booted (the process group's CPU time stops growing): otherwise the keep-alive clients all
  connect to the first worker that is up and stay there, and the benchmark measures one
  worker plus start-up instead of the server. Start-up (launch → idle) is reported apart.
* Load: a bounded thread pool of keep-alive HTTP clients requests the same list of 256 × 256
  PNG tiles (zooms 13–14, nearest resampling, PNG zlevel 6 on both sides) from each server.
  *Cold*: each tile once on a fresh server. *Warm*: the same list twice more (our LRU cache
  is hot; TiTiler has no tile cache, only GDAL's block cache).
* Rounds: ``--rounds`` (default 2) fresh starts of each server, in alternating order
  (ours, TiTiler, TiTiler, ours, …) so that a change of background load hits both alike;
  latencies of all rounds are pooled, and the per-round cold ratios are listed.
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
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import morecantile
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
COG = BENCH / "basemaps" / "bench_cog.tif"
TITILER_VENV = BENCH / "titiler-venv"
RESULTS = ROOT / "bench" / "results" / "tiles.md"
SIZE = 10_000
RES = 10.0
WEST, NORTH = 13_000_000.0, 3_760_000.0  # EPSG:3857, about 116.8E 31.9N
WORKERS = 2
THREADS = 8  # as `manage.py run` (gunicorn --threads 8)
CLIENTS = 8
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


def create_app():
    """WSGI app for gunicorn: only the raster blueprint, settings under var/bench."""
    from flask import Flask

    from core.settings import Settings
    from tiles.raster import create_raster_blueprint

    settings = Settings(var_dir=BENCH / "var", basemap_dir=COG.parent, tile_cache_size=4096)
    app = Flask("bench")
    app.register_blueprint(create_raster_blueprint(settings))
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
            conn.request("GET", path)
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
    """Fetch every path with CLIENTS keep-alive connections; throughput and latencies."""
    import threading

    local = threading.local()
    errors = 0

    def fetch(path: str) -> float:
        nonlocal errors
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or not body:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            local.conn = None
        return time.perf_counter() - t0

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = sorted(pool.map(fetch, paths))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "elapsed": elapsed, "errors": errors}


def summarise(runs: list[dict]) -> dict[str, float]:
    """Pooled statistics of one pass (cold or warm) over several rounds."""
    latencies = sorted(v for run in runs for v in run["latencies"])
    return {
        "tiles": len(latencies),
        "tiles_per_s": len(latencies) / sum(run["elapsed"] for run in runs),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": sum(run["errors"] for run in runs),
    }


def bench_server(name: str, cmd: list[str], env: dict[str, str], port: int,
                 url_of, ready: str) -> dict:
    tiles = tile_list()
    launched = time.perf_counter()
    proc = start(cmd, env)
    try:
        wait_ready(port, ready)
        wait_settled(proc)
        startup = time.perf_counter() - launched
        cold = run_load(port, [url_of(*t) for t in tiles])
        warm = run_load(port, [url_of(*t) for t in tiles] * 2)
    finally:
        stop(proc)
    result = {"cold": cold, "warm": warm, "startup_s": startup}
    brief = {phase: summarise([result[phase]]) for phase in ("cold", "warm")}
    print(f"{name}: start-up {startup:.1f} s; cold {brief['cold']}; warm {brief['warm']}",
          file=sys.stderr)
    return result


def ours() -> dict:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    cmd = [gunicorn, "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS),
           "--preload", "-b", f"127.0.0.1:{port}", "--keep-alive", "30",
           "bench.bench_tiles:create_app()"]
    return bench_server(
        "onemap", cmd, env, port,
        lambda z, x, y: f"/tiles/bench_cog/{z}/{x}/{y}.png?resampling=nearest", "/tiles",
    )


def titiler() -> dict | None:
    uvicorn = TITILER_VENV / "bin" / "uvicorn"
    if not uvicorn.exists():
        return None
    port = free_port()
    env = {**os.environ, "PYTHONPATH": ""}
    cmd = [str(uvicorn), "titiler.application.main:app", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(WORKERS), "--log-level", "warning"]
    url = COG.resolve()
    return bench_server(
        "titiler", cmd, env, port,
        lambda z, x, y: f"/cog/tiles/WebMercatorQuad/{z}/{x}/{y}.png?url={url}",
        "/healthz",
    )


def titiler_version() -> str:
    python = TITILER_VENV / "bin" / "python"
    done = subprocess.run([str(python), "-c", "import titiler.application as t, rio_tiler as r;"
                           "print(t.__version__, r.__version__)"], capture_output=True, text=True)
    return done.stdout.strip()


def write_results(mine: list[dict], theirs: list[dict], seconds: float) -> None:
    """``mine``/``theirs``: one result per round (``theirs`` empty without TiTiler)."""
    rounds = len(mine)
    lines = [
        "# Raster tile benchmark",
        "",
        f"Generated by `python -m bench.bench_tiles` on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} CPU(s) shared with other work; {seconds:.0f} s in all.",
        "",
        f"Source: generated {SIZE:,} × {SIZE:,} RGB uint8 COG (EPSG:3857, 10 m, deflate, "
        "512 px blocks, overviews). Requests: 300 distinct 256 × 256 PNG tiles at zooms 13–14 "
        f"(nearest, PNG zlevel 6 on both sides); {CLIENTS} keep-alive client threads on "
        "127.0.0.1. Cold = each tile once on a freshly started server; warm = the same 300 "
        "tiles twice more.",
        "",
        f"Servers: One Map raster blueprint under gunicorn gthread ({WORKERS} workers × "
        f"{THREADS} threads, `--preload`); TiTiler under uvicorn ({WORKERS} workers, its "
        "thread pool). Load starts once all workers of a server have booted (process-group "
        "CPU idle); start-up = launch → idle. "
        f"{rounds} round(s), servers alternating (ours first in odd rounds), latencies pooled.",
        "",
        "| server | pass | tiles | tiles/s | p50 ms | p95 ms | errors | start-up s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [("One Map", mine)] + ([("TiTiler " + titiler_version(), theirs)] if theirs else [])
    pooled: dict[str, dict[str, dict[str, float]]] = {}
    for name, results in rows:
        pooled[name] = {}
        startup = statistics.median(r["startup_s"] for r in results)
        for phase in ("cold", "warm"):
            r = pooled[name][phase] = summarise([result[phase] for result in results])
            lines.append(f"| {name} | {phase} | {r['tiles']} | {r['tiles_per_s']:.1f} | "
                         f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['errors']} | "
                         f"{startup:.1f} |")
    lines.append("")
    if theirs:
        m, t = pooled[rows[0][0]], pooled[rows[1][0]]
        warm_ratio = m["warm"]["tiles_per_s"] / t["warm"]["tiles_per_s"]
        cold_ratio = m["cold"]["p50_ms"] / t["cold"]["p50_ms"]
        cold_p95 = m["cold"]["p95_ms"] / t["cold"]["p95_ms"]
        per_round = []
        for k, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
            ra, rb = summarise([a["cold"]]), summarise([b["cold"]])
            per_round.append(f"round {k}: p50 {ra['p50_ms'] / rb['p50_ms']:.2f}×, "
                             f"p95 {ra['p95_ms'] / rb['p95_ms']:.2f}×")
        lines += [
            f"- Warm throughput, ours / TiTiler: **{warm_ratio:.2f}×** (target ≥ 1).",
            f"- Cold latency, ours / TiTiler: p50 **{cold_ratio:.2f}×**, p95 **{cold_p95:.2f}×** "
            "(target ≤ 1.3).",
            f"- Cold ratios per round: {'; '.join(per_round)}.",
            "- Warm tiles of ours come from the in-process LRU cache; TiTiler re-renders each "
            "tile (it leaves caching to an HTTP cache in front).",
        ]
    else:
        lines.append("TiTiler is not installed in var/bench/titiler-venv: ours alone.")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_tiles", description=__doc__)
    parser.add_argument("--no-titiler", action="store_true", help="benchmark ours only")
    parser.add_argument("--rounds", type=int, default=2, help="fresh starts of each server")
    args = parser.parse_args(argv)
    started = time.monotonic()
    make_cog()
    with_titiler = not args.no_titiler and (TITILER_VENV / "bin" / "uvicorn").exists()
    mine: list[dict] = []
    theirs: list[dict] = []
    for k in range(max(1, args.rounds)):
        order = ["ours", "titiler"] if k % 2 == 0 else ["titiler", "ours"]
        for server in order:
            if server == "ours":
                shutil.rmtree(BENCH / "var" / "surfaces", ignore_errors=True)
                mine.append(ours())
            elif with_titiler:
                theirs.append(titiler())  # type: ignore[arg-type]
    write_results(mine, theirs, time.monotonic() - started)
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
