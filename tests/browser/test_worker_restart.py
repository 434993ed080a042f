"""Fresh gunicorn workers serve Dash's bundles from their first request.

The app runs as ``manage.py run`` serves it (gunicorn.conf.py, 2 threaded workers, the
app preloaded in the master) on the session database. Several times over, every worker
is killed (SIGKILL) and, as soon as the master has forked new ones, Dash's component
bundles are requested at once from several threads, before any index page: each must
answer 200. Then the page must render its map in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

import pytest

from store.cluster import free_port
from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
ROUNDS = 4


def fetch(url: str, token: str, timeout: float = 30) -> tuple[int, bytes]:
    request = Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except HTTPError as exc:
        return exc.code, exc.read()


def worker_pids(master: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return {int(pid) for pid in out.stdout.split()}


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def gunicorn_server(app_settings, onemap_app, tmp_path_factory):
    """gunicorn serving ``wsgi:server``; yields (base URL, master pid, log file)."""
    port = free_port()
    log_file = tmp_path_factory.mktemp("gunicorn") / "stderr.log"
    env = {**os.environ, "DATABASE_URL": app_settings.database_url,
           "ONEMAP_VAR_DIR": str(app_settings.var_dir), "ONEMAP_HOST": "127.0.0.1",
           "ONEMAP_PORT": str(port)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log_file.open("wb") as stderr:
        master = subprocess.Popen(
            [str(gunicorn), "--config", str(ROOT / "gunicorn.conf.py"), "--workers",
             str(WORKERS), "--bind", f"127.0.0.1:{port}", "wsgi:server"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            urlopen(f"{base}/_favicon.ico", timeout=2)
        except HTTPError:
            return True
        except (URLError, OSError):
            return master.poll() is not None and pytest.fail(log_file.read_text()[-3000:])
        return True

    try:
        wait_for(up, 120, "gunicorn to listen")
        yield base, master.pid, log_file
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(30)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()


def bundle_urls(base: str, token: str) -> list[str]:
    status, index = fetch(f"{base}/", token)
    assert status == 200
    urls = re.findall(r'src="(/_dash-component-suites/[^"]+)"', index.decode())
    assert len(urls) >= 5, "the index page lists Dash's bundles"
    return [base + url for url in urls]


def restart_workers(master: int) -> set[int]:
    old = wait_for(lambda: (pids := worker_pids(master)) and len(pids) == WORKERS and pids,
                   60, "all workers")
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    return wait_for(lambda: (new := worker_pids(master)) and len(new) == WORKERS
                    and not new & old and new, 60, "new workers")


def test_fresh_workers_serve_bundles_and_the_map(gunicorn_server, live_credentials, browser,
                                                 admin_session):
    base, master, log_file = gunicorn_server
    _, token = live_credentials
    urls = bundle_urls(base, token)
    with ThreadPoolExecutor(max_workers=16) as pool:
        for round_ in range(ROUNDS):
            restart_workers(master)
            # Bundles first, many at once, before any worker has rendered an index page.
            results = list(pool.map(lambda url: (url, fetch(url, token)[0]), urls * 2))
            failed = [(url.rsplit("/", 2)[-2:], status) for url, status in results
                      if status != 200]
            assert failed == [], f"round {round_}: bundles not served: {failed}"
            context = signed_in_context(browser, base, admin_session,
                                        viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.console_errors, page.external_requests = [], []
            page.on("console", lambda m, p=page: m.type == "error"
                    and p.console_errors.append(m.text))
            page.on("pageerror", lambda e, p=page: p.console_errors.append(str(e)))
            try:
                page.goto(f"{base}/")
                page.wait_for_selector(".leaflet-container", timeout=30000)
                page.wait_for_selector(".leaflet-tile-loaded", timeout=30000)
                page.wait_for_selector(".layer-tree", timeout=30000)
                assert_clean(page)
            finally:
                context.close()
    # The workers logged their requests as JSON lines (gunicorn.conf.py configures it).
    lines = [json.loads(line) for line in log_file.read_text().splitlines()
             if line.startswith("{")]
    requests = [e for e in lines if e.get("logger") == "onemap.request"]
    assert any(e["path"].startswith("/_dash-component-suites/") and e["status"] == 200
               for e in requests)
    assert len({e["process"] for e in requests}) > WORKERS  # the workers were replaced


@pytest.mark.parametrize("length", [4600, 9000, 70000])
def test_long_url_is_json_414(gunicorn_server, live_credentials, length):
    """gunicorn's own limit (4094 bytes by default) answered such URLs with HTML."""
    base, _, _ = gunicorn_server
    _, token = live_credentials
    status, body = fetch(f"{base}/ogc/collections?f=" + "a" * length, token)
    assert status == 414
    assert json.loads(body)["code"] == "request_uri_too_long"
