"""Tile-serving benchmark: One Map's raster blueprint vs TiTiler on the same COG, over HTTP.

Run ``python -m bench.bench_tiles``; writes ``bench/results/tiles.md``.

* Data: a generated 10,000 × 10,000 RGB uint8 COG (EPSG:3857, 10 m pixels, ~100 km around
  Hefei; smooth pattern plus noise), written once under ``var/bench/``.
* Servers, one after the other on 127.0.0.1 (never at the same time, to share the cores
  fairly): ours under gunicorn (gthread), TiTiler (``var/bench/titiler-venv``) under uvicorn,
  both with the same number of worker processes.
* Load: a bounded thread pool of keep-alive HTTP clients requests the same list of 256 × 256
  PNG tiles (zooms 13–14, nearest resampling) from each server. *Cold*: each tile once on a
  fresh server. *Warm*: the same list twice more (our LRU cache is hot; TiTiler has no tile
  cache, only GDAL's block cache).
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
THREADS = 4
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


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def run_load(port: int, paths: list[str]) -> dict[str, float]:
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
    return {
        "tiles": len(paths),
        "tiles_per_s": len(paths) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": errors,
    }


def bench_server(name: str, cmd: list[str], env: dict[str, str], port: int,
                 url_of, ready: str) -> dict[str, dict[str, float]]:
    tiles = tile_list()
    proc = start(cmd, env)
    try:
        wait_ready(port, ready)
        cold = run_load(port, [url_of(*t) for t in tiles])
        warm = run_load(port, [url_of(*t) for t in tiles] * 2)
    finally:
        stop(proc)
    print(f"{name}: cold {cold}\n{name}: warm {warm}", file=sys.stderr)
    return {"cold": cold, "warm": warm}


def ours() -> dict[str, dict[str, float]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    cmd = [gunicorn, "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS),
           "-b", f"127.0.0.1:{port}", "--keep-alive", "30", "bench.bench_tiles:create_app()"]
    return bench_server(
        "onemap", cmd, env, port,
        lambda z, x, y: f"/tiles/bench_cog/{z}/{x}/{y}.png?resampling=nearest", "/tiles",
    )


def titiler() -> dict[str, dict[str, float]] | None:
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


def write_results(mine: dict, theirs: dict | None, seconds: float) -> None:
    lines = [
        "# Raster tile benchmark",
        "",
        f"Generated by `python -m bench.bench_tiles` on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} CPU(s) shared with other work; {seconds:.0f} s in all.",
        "",
        f"Source: generated {SIZE:,} × {SIZE:,} RGB uint8 COG (EPSG:3857, 10 m, deflate, "
        "512 px blocks, overviews). Requests: 300 distinct 256 × 256 PNG tiles at zooms 13–14 "
        f"(nearest); {CLIENTS} keep-alive client threads on 127.0.0.1. Cold = each tile once "
        "on a freshly started server; warm = the same 300 tiles twice more.",
        "",
        f"Servers: One Map raster blueprint under gunicorn gthread ({WORKERS} workers × "
        f"{THREADS} threads); TiTiler under uvicorn ({WORKERS} workers).",
        "",
        "| server | pass | tiles | tiles/s | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [("One Map", mine)] + ([("TiTiler " + titiler_version(), theirs)] if theirs else [])
    for name, result in rows:
        for phase in ("cold", "warm"):
            r = result[phase]
            lines.append(f"| {name} | {phase} | {r['tiles']} | {r['tiles_per_s']:.1f} | "
                         f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['errors']} |")
    lines.append("")
    if theirs:
        warm_ratio = mine["warm"]["tiles_per_s"] / theirs["warm"]["tiles_per_s"]
        cold_ratio = mine["cold"]["p50_ms"] / theirs["cold"]["p50_ms"]
        cold_p95 = mine["cold"]["p95_ms"] / theirs["cold"]["p95_ms"]
        lines += [
            f"- Warm throughput, ours / TiTiler: **{warm_ratio:.2f}×** (target ≥ 1).",
            f"- Cold latency, ours / TiTiler: p50 **{cold_ratio:.2f}×**, p95 **{cold_p95:.2f}×** "
            "(target ≤ 1.3).",
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
    args = parser.parse_args(argv)
    started = time.monotonic()
    make_cog()
    shutil.rmtree(BENCH / "var" / "surfaces", ignore_errors=True)
    mine = ours()
    theirs = None if args.no_titiler else titiler()
    write_results(mine, theirs, time.monotonic() - started)
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
