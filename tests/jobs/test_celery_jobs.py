"""The scale-out path for real: a ``redis-server``, a Celery worker process (``celery -A
jobs.worker worker``) and the app served with ``REDIS_URL`` in a process of its own, on a
database of their own.

Through the page in Chromium: a scenario whose matrix must be built runs on the worker,
shows its progress and is cancelled (the worker never finishes it); a second one runs end
to end and shows its table, also after a reload. Through the REST API: a submitted job
runs as the Celery task ``onemap.jobs.run``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import text

from store.cluster import free_port
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, signed_in_context
from tests.conftest import DATA_SAMPLES, TEST_PASSWORD, create_database

pytestmark = [pytest.mark.redis, pytest.mark.db, pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
REDIS = "/usr/bin/redis-server"
COPIES = 3  # extra copies of every source: a matrix build long enough to cancel
SERVE = ("from app import create_app; from core.settings import load_settings; "
         "s = load_settings(); create_app(s).run(host='127.0.0.1', port=s.port)")


def wait_for(predicate, timeout: float, what: str, proc=None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process ended\n{log.read_text()[-4000:] if log else ''}")
        time.sleep(0.1)
    tail = log.read_text()[-4000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def celery_db(postgis_url) -> str:
    """A database of this test: the samples plus COPIES shifted copies of every source."""
    from store.db import make_engine
    from store.load import load_samples
    from store.migrate import upgrade

    url = create_database(postgis_url, "onemap_celery")
    upgrade(url)
    engine = make_engine(url)
    load_samples(engine, DATA_SAMPLES)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO pollution_sources (synthetic, code, name, industry, adcode, park, "
            "permit_no, permit_class, permit_valid_until, online_monitoring, online_status, "
            "main_pollutants, so2_t, nox_t, pm_t, voc_t, cod_t, nh3n_t, last_inspection, "
            "risk_level, geom) SELECT true, 'PX' || lpad((row_number() OVER ())::text, 6, '0'),"
            " name, industry, adcode, park, permit_no, permit_class, permit_valid_until, "
            "online_monitoring, online_status, main_pollutants, so2_t, nox_t, pm_t, voc_t, "
            "cod_t, nh3n_t, last_inspection, risk_level, "
            "ST_Translate(geom, 0.004 * g, 0.003 * g) FROM pollution_sources, "
            f"generate_series(1, {COPIES}) AS g"))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def scale_out(celery_db, tmp_path_factory):
    """redis-server, a Celery worker and the web app, all on REDIS_URL; yields a dict."""
    if not Path(REDIS).exists():
        pytest.fail(f"{REDIS} missing: apt-get install redis-server")
    root = tmp_path_factory.mktemp("scale-out")
    redis_port, web_port = free_port(), free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    logs = {name: root / f"{name}.log" for name in ("redis", "worker", "web")}
    procs: list[subprocess.Popen] = []
    try:
        with logs["redis"].open("wb") as out:
            procs.append(subprocess.Popen(
                [REDIS, "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                 "--appendonly", "no", "--dir", str(root)], stdout=out, stderr=out))
        wait_for(lambda: b"Ready to accept connections" in logs["redis"].read_bytes(), 30,
                 "redis", procs[-1], logs["redis"])
        env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": celery_db,
               "ONEMAP_HOST": "127.0.0.1", "ONEMAP_PORT": str(web_port)}
        celery = Path(sys.executable).with_name("celery")
        with logs["worker"].open("wb") as out:
            procs.append(subprocess.Popen(
                [str(celery), "-A", "jobs.worker", "worker", "--concurrency=1",
                 "--loglevel=INFO", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-n", f"onemap-test-{web_port}@%h"],
                cwd=ROOT, env={**env, "ONEMAP_VAR_DIR": str(root / "worker-var")},
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        worker = procs[-1]
        wait_for(lambda: b" ready." in logs["worker"].read_bytes(), 180, "the Celery worker",
                 worker, logs["worker"])
        with logs["web"].open("wb") as out:
            procs.append(subprocess.Popen(
                [sys.executable, "-c", SERVE], cwd=ROOT,
                env={**env, "ONEMAP_VAR_DIR": str(root / "web-var")}, stdout=out,
                stderr=subprocess.STDOUT))
        base = f"http://127.0.0.1:{web_port}"

        def up() -> bool:
            try:
                urlopen(f"{base}/_favicon.ico", timeout=2)
            except HTTPError:
                return True
            except (URLError, OSError):
                return False
            return True

        wait_for(up, 120, "the web app", procs[-1], logs["web"])
        yield {"base": base, "db": celery_db, "worker_var": root / "worker-var",
               "worker_log": logs["worker"], "web_log": logs["web"]}
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(root / "worker-var", ignore_errors=True)


@pytest.fixture(scope="module")
def celery_engine(scale_out):
    from store.db import make_engine

    engine = make_engine(scale_out["db"])
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def celery_analyst(celery_engine, scale_out):
    """(session cookie, API token) of an analyst in the test's own database."""
    from auth.audit import Actor
    from auth.service import AuthService
    from core.settings import Settings

    service = AuthService(celery_engine, Settings(database_url=scale_out["db"]))
    actor = Actor.system("system:tests")
    service.create_user(actor, "celery-analyst", ["analyst"], password=TEST_PASSWORD,
                        must_change_password=False)
    token, _ = service.create_token(actor, "celery-analyst", "tests")
    session = service.sign_in("celery-analyst", TEST_PASSWORD, address="127.0.0.1")
    return session.session_secret, token


def _jobs(engine, kind: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT * FROM jobs WHERE kind = :k ORDER BY created_at"), {"k": kind}).mappings()]


def _scenario(engine, sid: int) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT status, error, progress FROM scenarios "
                                      "WHERE id = :i"), {"i": sid}).mappings().one())


def in_own_browser(steps) -> None:
    """Run ``steps(browser)`` with a Chromium of its own, in a thread of its own: the
    Playwright sync API refuses a second instance in a thread that already drives one
    (the browser tests' session browser, in the same test process)."""
    from playwright.sync_api import sync_playwright

    def run() -> None:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_FLAGS)
            try:
                steps(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run).result()


def test_page_jobs_run_and_cancel_on_the_celery_worker(scale_out, celery_engine,
                                                       celery_analyst):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/system_deps.sh test")
    in_own_browser(lambda browser: _page_steps(browser, scale_out, celery_engine,
                                               celery_analyst[0]))


def _page_steps(browser, scale_out, celery_engine, session) -> None:
    context = signed_in_context(browser, scale_out["base"], session,
                                viewport={"width": 1600, "height": 900})
    page = context.new_page()
    try:
        page.goto(scale_out["base"] + "/scenario", wait_until="networkidle")
        page.wait_for_selector("#sc-map .leaflet-container, #sc-map.leaflet-container")
        page.click("#sc-add-cut")
        page.wait_for_selector("#sc-cut-list li")
        # 1. a run that must build the matrix on the worker: cancel it while it builds
        page.click("#sc-run")
        page.wait_for_function(
            "() => !document.querySelector('#sc-cancel').disabled && "
            "Number(document.querySelector('#sc-progress').value) > 0", timeout=240_000)
        first = _jobs(celery_engine, "scenario.air")[-1]
        assert first["backend"] == "dash" and first["status"] == "running"
        page.click("#sc-cancel")
        page.wait_for_selector("#sc-notice-cancel div", timeout=30_000)
        sid = int(first["result_ref"].split(":")[1])
        wait_for(lambda: _scenario(celery_engine, sid)["status"] == "failed", 30,
                 "the scenario marked cancelled")
        assert _scenario(celery_engine, sid)["error"] == "cancelled"
        log = scale_out["worker_log"]
        # the worker stops the task: terminated by the revoke, or the build notices the
        # cancel first and returns without a result (whichever comes first)
        wait_for(lambda: "Terminating " in log.read_text()
                 or "succeeded" in log.read_text(), 30, "the worker to stop the task")
        time.sleep(3)  # and no matrix appears afterwards
        assert _jobs(celery_engine, "scenario.air")[-1]["status"] == "cancelled"
        assert _scenario(celery_engine, sid)["status"] == "failed"
        assert not list(scale_out["worker_var"].glob("scenarios/matrix-*.npz")), \
            "the cancelled build was not stopped"
        # 2. the same inputs without the copies: a shorter build, run end to end
        with celery_engine.begin() as conn:
            conn.execute(text("DELETE FROM pollution_sources WHERE code LIKE 'PX%'"))
        page.wait_for_function("() => !document.querySelector('#sc-run').disabled",
                               timeout=60_000)
        page.click("#sc-run")
        page.wait_for_selector("#sc-stations-table tbody tr", timeout=240_000)
        rows = page.locator("#sc-stations-table tbody tr")
        assert rows.count() == 10
        done = _jobs(celery_engine, "scenario.air")[-1]
        assert done["status"] == "done" and done["backend"] == "dash"
        assert list(scale_out["worker_var"].glob("scenarios/matrix-*.npz")), \
            "the matrix was built and cached by the worker"
        log = scale_out["worker_log"].read_text()
        assert "background_callback_" in log and "succeeded" in log
        # 3. the result survives a reload: the page reopens the latest scenario
        first_cell = rows.first.locator("td").nth(4).inner_text()
        page.reload(wait_until="networkidle")
        page.wait_for_selector("#sc-stations-table tbody tr", timeout=60_000)
        assert page.locator("#sc-stations-table tbody tr").first.locator("td").nth(4) \
            .inner_text() == first_cell
    finally:
        context.close()


def test_rest_jobs_run_as_celery_tasks(scale_out, celery_engine, celery_analyst):
    _, token = celery_analyst
    body = json.dumps({"name": "celery-rest", "cuts": [
        {"select": {"district": "340104"}, "pollutant": "NO2", "fraction": 0.3}]}).encode()
    request = Request(scale_out["base"] + "/api/scenarios", data=body, method="POST",
                      headers={"Authorization": f"Bearer {token}",
                               "Content-Type": "application/json"})
    with urlopen(request, timeout=30) as response:
        assert response.status == 202
        accepted = json.loads(response.read())

    def state() -> dict | None:
        request = Request(scale_out["base"] + accepted["status_url"],
                          headers={"Authorization": f"Bearer {token}"})
        with urlopen(request, timeout=30) as response:
            got = json.loads(response.read())
        return got if got["status"] in ("done", "failed") else None

    got = wait_for(state, 240, "the REST scenario on the worker")
    assert got["status"] == "done", got.get("error")
    assert any(r["delta"] < 0 for r in got["stations"])
    job = next(j for j in _jobs(celery_engine, "scenario.air")
               if j["result_ref"] == f"scenario:{accepted['id']}")
    assert job["backend"] == "celery" and job["status"] == "done"
    assert "onemap.jobs.run" in scale_out["worker_log"].read_text()
