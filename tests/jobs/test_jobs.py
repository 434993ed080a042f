"""Job records, the in-process runner and its cooperative cancel, and the choice of the
background-callback manager (diskcache by default, Celery on REDIS_URL)."""

from __future__ import annotations

import time

import pytest

from core.settings import Settings
from jobs import records, runner
from jobs.manager import background_manager

pytestmark = pytest.mark.db


def wait(engine, job_id: str, done, timeout: float = 180.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = records.get(engine, job_id)
        if done(job):
            return job
        time.sleep(0.01)
    raise AssertionError(f"job {job_id}: {records.get(engine, job_id)}")


def test_a_job_runs_in_a_thread_and_keeps_its_record(app_engine, app_settings, tmp_path):
    settings = Settings(database_url=app_settings.database_url, var_dir=tmp_path)
    job_id = runner.submit(app_engine, settings, "scenario.matrix", "test-jobs", {})
    job = wait(app_engine, job_id, lambda j: j["status"] in ("done", "failed", "cancelled"))
    assert job["status"] == "done", job["error"]
    assert job["progress"] == 1.0 and job["backend"] == "thread"
    assert job["result_ref"].startswith("matrix:")
    assert list(tmp_path.glob("scenarios/matrix-*.npz"))  # cached on disk
    mine = records.list_for(app_engine, owner="test-jobs")
    assert job_id in [j["id"] for j in mine]
    # a second build of the same inputs finds the cached matrix at once
    again = runner.submit(app_engine, settings, "scenario.matrix", "test-jobs", {})
    assert wait(app_engine, again, lambda j: j["status"] == "done")["result_ref"] == \
        job["result_ref"]


def test_a_running_job_stops_when_cancelled(app_engine, app_settings, tmp_path):
    settings = Settings(database_url=app_settings.database_url, var_dir=tmp_path)
    job_id = runner.submit(app_engine, settings, "scenario.matrix", "test-jobs", {})
    wait(app_engine, job_id, lambda j: j["status"] != "queued")
    records.request_cancel(app_engine, job_id)
    job = wait(app_engine, job_id, lambda j: j["status"] in ("done", "failed", "cancelled"))
    assert job["status"] == "cancelled"
    assert not list(tmp_path.glob("scenarios/matrix-*"))  # no half matrix left behind


def test_a_queued_job_cancelled_never_runs(app_engine, app_settings):
    job_id = records.create(app_engine, "scenario.matrix", "test-jobs", backend="thread")
    records.request_cancel(app_engine, job_id)
    assert records.get(app_engine, job_id)["status"] == "cancelled"
    assert runner.execute(app_engine, app_settings, job_id) is None
    assert records.get(app_engine, job_id)["status"] == "cancelled"


def test_an_unknown_kind_is_refused(app_engine, app_settings):
    with pytest.raises(ValueError, match="unknown job kind"):
        runner.submit(app_engine, app_settings, "nothing", "test-jobs", {})


def test_the_manager_is_diskcache_by_default_and_celery_with_redis(tmp_path):
    from dash import CeleryManager, DiskcacheManager

    local = background_manager(Settings(var_dir=tmp_path))
    assert isinstance(local, DiskcacheManager)
    assert (tmp_path / "jobs").is_dir()
    scaled = background_manager(Settings(var_dir=tmp_path, redis_url="redis://127.0.0.1:1/0"))
    assert isinstance(scaled, CeleryManager)
    assert scaled.handle.conf.broker_url == "redis://127.0.0.1:1/0"


def test_a_job_past_its_time_limit_is_stopped_and_says_why(app_engine, app_settings,
                                                           tmp_path):
    settings = Settings(database_url=app_settings.database_url, var_dir=tmp_path)
    job_id = records.create(app_engine, "scenario.matrix", "test-jobs", backend="thread")
    assert runner.execute(app_engine, settings, job_id, timeout_s=0.0) is None
    job = records.get(app_engine, job_id)
    assert job["status"] == "failed"
    assert "JobTimedOut" in job["error"] and "ONEMAP_JOB_TIMEOUT_MINUTES" in job["error"]
    assert not list(tmp_path.glob("scenarios/matrix-*"))  # nothing half-built left
