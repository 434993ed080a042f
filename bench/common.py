"""What every benchmark shares: the machine and its load, and how clients talk to One Map.

* :func:`machine` and :func:`load` describe where and under what load a figure was taken;
  every results file and the summary of ``bench.run_all`` state them.
* :func:`request_headers` is the one place that builds the headers of every benchmark
  HTTP client (``http.client``, ``urllib``, the browser); with a token it sends
  ``Authorization: Bearer``. A benchmark of the whole app makes its token with
  :func:`issue_token` (an admin account in the benchmark's own database);
  ``ONEMAP_BENCH_TOKEN`` (:func:`bench_token`) supplies one for a server run elsewhere.
* :func:`open_page` is the one place a benchmark opens a browser page on One Map: a
  sign-in step (cookie or form) goes there.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
USER_AGENT = "onemap-bench/1"


def results_path(name: str) -> Path:
    """Where a benchmark writes ``name`` (e.g. ``tiles.md``): ``bench/results/``, or
    ``ONEMAP_BENCH_RESULTS`` for a trial run that must not replace the committed
    results."""
    folder = Path(os.environ.get("ONEMAP_BENCH_RESULTS") or RESULTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


# --- credentials and headers ------------------------------------------------------------

def bench_token() -> str | None:
    """The API token the benchmark clients send (``ONEMAP_BENCH_TOKEN``; none today)."""
    return os.environ.get("ONEMAP_BENCH_TOKEN") or None


def issue_token(engine: Any, settings: Any, username: str = "bench-admin") -> str:
    """A new API token of an admin account kept for the benchmarks (made when missing),
    in the database of ``engine``. The app accepts it as ``Bearer`` on every route."""
    from auth.audit import Actor
    from auth.passwords import generate_password
    from auth.service import AuthService
    from core.errors import NotFound

    service = AuthService(engine, settings)
    actor = Actor.system("system:bench")
    try:
        service.get_user(username)
    except NotFound:
        service.create_user(actor, username, ["admin"], password=generate_password(),
                            display_name="Benchmarks", must_change_password=False)
    token, _info = service.create_token(actor, username, "benchmarks", expires_days=1)
    return token


def request_headers(token: str | None = None) -> dict[str, str]:
    """Headers of every benchmark request: a user agent and, with ``token``, ``Bearer``."""
    headers = {"User-Agent": USER_AGENT}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def open_page(browser: Any, base_url: str, viewport: tuple[int, int] = (1920, 1080),
              token: str | None = None) -> Any:
    """A new Playwright page on One Map at ``base_url`` (not yet navigated).

    Every request of the page carries :func:`request_headers`; a sign-in step (a session
    cookie via ``context.add_cookies``, or the sign-in form) belongs here, before the
    page is returned, so that the timed navigation starts signed in.
    """
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height},
                                  extra_http_headers=request_headers(token))
    return context.new_page()


# --- machine and load -------------------------------------------------------------------

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


@dataclass(frozen=True)
class Machine:
    cores: int
    memory_gib: float | None
    cpu: str
    system: str
    python: str

    def describe(self) -> str:
        memory = f"{self.memory_gib:.1f} GiB" if self.memory_gib is not None else "? GiB"
        return (f"{self.cores} cores ({self.cpu}), {memory} memory, {self.system}, "
                f"Python {self.python}")


def machine() -> Machine:
    """Cores (usable by this process), memory, CPU model, OS and Python."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    return Machine(cores, _memory_gib(), _cpu_model(),
                   f"{platform.system()} {platform.release()}", platform.python_version())


def load() -> tuple[float, float, float]:
    """Load average over 1, 5 and 15 minutes."""
    return os.getloadavg()


def fmt_load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def header_lines(command: str, started_load: tuple[float, float, float],
                 seconds: float) -> list[str]:
    """The first lines of a results file: command, date, machine, load before/after."""
    return [
        f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M')} in {seconds:.0f} s.",
        "",
        f"Machine: {machine().describe()}.",
        f"Load average (1/5/15 min): {fmt_load(started_load)} before, "
        f"{fmt_load(load())} after.",
    ]


@dataclass
class SampleApp:
    """The whole app on a throwaway PostGIS cluster with the sample data, served over HTTP
    on 127.0.0.1 (werkzeug, threaded), and an admin token to sign in with."""

    cluster: Any
    engine: Any
    settings: Any
    app: Any
    token: str
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def sample_app() -> Iterator[SampleApp]:
    """Start a :class:`SampleApp`; everything is stopped and removed on exit."""
    import shutil
    import tempfile
    import threading

    from werkzeug.serving import make_server

    from app import create_app
    from core.settings import Settings
    from store.cluster import LocalCluster, free_port
    from store.db import make_engine
    from store.load import load_samples
    from store.migrate import upgrade

    root = Path(tempfile.mkdtemp(prefix="onemap-bench-pg-"))
    var = Path(tempfile.mkdtemp(prefix="onemap-bench-var-"))
    cluster = LocalCluster(root, free_port())
    server = engine = None
    try:
        url = cluster.start()
        upgrade(url)
        engine = make_engine(url)
        load_samples(engine, ROOT / "data_samples")
        settings = Settings(database_url=url, var_dir=var)
        app = create_app(settings)
        token = issue_token(engine, settings)  # the services require sign-in
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield SampleApp(cluster, engine, settings, app, token, server.server_port)
    finally:
        if server is not None:
            server.shutdown()
        if engine is not None:
            engine.dispose()
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(var, ignore_errors=True)
