"""Run a job: in this process (a thread), on a Celery worker, or inside a Dash background
callback; the record in the store is kept the same way in all three."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from core.settings import Settings
from jobs import records
from jobs.kinds import KINDS, JobCancelled

log = logging.getLogger(__name__)
CELERY_TASK = "onemap.jobs.run"

Progress = Callable[[float, str], None]


def _function(kind: str) -> Callable[..., Any]:
    try:
        module, _, name = KINDS[kind].partition(":")
    except KeyError:
        raise ValueError(f"unknown job kind {kind!r}") from None
    return getattr(importlib.import_module(module), name)


def _is_cancel(exc: BaseException) -> bool:
    return isinstance(exc, JobCancelled) or type(exc).__name__ == "Cancelled"


class JobTimedOut(Exception):
    """The job ran longer than ``ONEMAP_JOB_TIMEOUT_MINUTES``."""


def execute(engine: Engine, settings: Settings, job_id: str, *, backend: str | None = None,
            on_progress: Progress | None = None, timeout_s: float | None = None
            ) -> str | None:
    """Run job ``job_id`` to its end; returns the result reference (None if it stopped).

    ``on_progress`` also receives every progress step (a Dash progress bar). A job still
    running after ``timeout_s`` (default ``settings.job_timeout_minutes``) is stopped at its
    next cancel check and recorded as failed, with the limit named.
    """
    limit = settings.job_timeout_minutes * 60.0 if timeout_s is None else timeout_s
    started = time.monotonic()
    job = records.get(engine, job_id)
    if job["status"] != "queued":
        log.info("job %s is %s: not run again", job_id, job["status"])
        return job.get("result_ref")
    records.start(engine, job_id, backend)

    def progress(fraction: float, message: str = "") -> None:
        records.progress(engine, job_id, fraction, message)
        if on_progress is not None:
            on_progress(fraction, message)

    def should_stop() -> bool:
        if time.monotonic() - started > limit:
            raise JobTimedOut(f"stopped after {limit / 60:g} min "
                              "(ONEMAP_JOB_TIMEOUT_MINUTES)")
        return records.cancel_requested(engine, job_id)

    try:
        ref = _function(job["kind"])(engine, settings, job["params"], progress, should_stop)
    except Exception as exc:  # the record says why; the job never takes the server down
        if _is_cancel(exc):
            records.fail(engine, job_id, "cancelled", cancelled=True)
            return None
        log.exception("job %s (%s) failed", job_id, job["kind"])
        records.fail(engine, job_id, f"{type(exc).__name__}: {exc}")
        return None
    records.finish(engine, job_id, ref)
    return ref


def submit(engine: Engine, settings: Settings, kind: str, owner: str,
           params: dict[str, Any], *, result_ref: str | None = None) -> str:
    """Record a queued job and start it: a Celery task when ``REDIS_URL`` is set, else a
    daemon thread of this process. Returns the job id."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job_id = records.create(engine, kind, owner, params=params, result_ref=result_ref,
                            backend=backend_of(settings))
    launch(engine, settings, job_id)
    return job_id


def backend_of(settings: Settings) -> str:
    """Where :func:`launch` runs a job: ``"celery"`` when ``REDIS_URL`` is set, else
    ``"thread"``."""
    return "celery" if settings.redis_url else "thread"


def launch(engine: Engine, settings: Settings, job_id: str) -> None:
    """Start a job already recorded (committed) as queued: a Celery task when
    ``REDIS_URL`` is set, else a daemon thread of this process."""
    if settings.redis_url:
        from jobs.manager import celery_app

        celery_app(settings.redis_url).send_task(CELERY_TASK, args=[job_id])
    else:
        threading.Thread(target=execute, args=(engine, settings, job_id),
                         kwargs={"backend": "thread"}, name=f"job-{job_id[:8]}",
                         daemon=True).start()
