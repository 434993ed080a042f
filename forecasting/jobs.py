"""Retraining as a background job with progress and cancel, on the shared job records.

The job is a row of the ``jobs`` table (:mod:`jobs.records`, kind ``forecast.retrain``):
queued → running → done | failed | cancelled, with its progress, so every app process,
and a page reloaded later, reads the same state. The work is :func:`run_job`, written with
the signature of :mod:`jobs.kinds`; :func:`start` records it (with its audit, in one
transaction) and launches it through :func:`jobs.runner.launch` (a Celery worker when
``REDIS_URL`` is set, else a thread of this process, with the same record). The new model goes
to ``<var_dir>/models/<where>/`` and becomes current when training ends; forecasts pick it
up at once (the model pointer is part of their cache key).

The request is audited (``forecast.retrain``) with who asked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from auth.audit import Actor, record
from core.errors import Conflict, NotFound, Unprocessable
from core.settings import Settings
from decision_models.forecast.constants import LEADS, POLLUTANTS
from decision_models.forecast.models import CANDIDATES
from decision_models.forecast.registry import save, train
from forecasting import history as hist
from forecasting.service import models_dir, training_need
from jobs import records, runner
from jobs.kinds import JobCancelled
from jobs.models import JOBS
from store.db import transaction

KIND = "forecast.retrain"
OPEN = ("queued", "running")
_ID_CHARS = set("0123456789abcdef")


def check_methods(methods: Any) -> tuple[str, ...]:
    """Candidate methods for the training (default all); 422 for an unknown one."""
    if methods is None:
        return CANDIDATES
    if not isinstance(methods, list) or not methods or \
            not all(isinstance(m, str) for m in methods):
        raise Unprocessable("methods: must be a non-empty list of method names")
    unknown = [m for m in methods if m not in CANDIDATES]
    if unknown:
        raise Unprocessable(f"methods: unknown {unknown}; use some of {list(CANDIDATES)}")
    return tuple(dict.fromkeys(methods))


def _view(job: dict[str, Any]) -> dict[str, Any]:
    """A job record as the forecast API shows it."""
    params = job.get("params") or {}
    total = len(POLLUTANTS) * len(LEADS)
    ref = job.get("result_ref") or ""
    return {"id": job["id"], "where": params.get("where"), "status": job["status"],
            "progress": float(job["progress"]), "done": round(float(job["progress"]) * total),
            "total": total, "message": job.get("message") or "",
            "methods": params.get("methods", []), "created_at": job.get("created_at"),
            "started_at": job.get("started_at"), "finished_at": job.get("finished_at"),
            "version": ref.rpartition("/")[2] if job["status"] == "done" and ref else None,
            "error": job.get("error"), "by": job.get("owner")}


def get(engine: Engine, job_id: str) -> dict[str, Any]:
    """The state of a retraining job (404 when unknown or of another kind)."""
    if not job_id or len(job_id) != 32 or not set(job_id) <= _ID_CHARS:
        raise NotFound(f"no retraining job {job_id!r}")
    job = records.get(engine, job_id)
    if job["kind"] != KIND:
        raise NotFound(f"no retraining job {job_id!r}")
    return _view(job)


def open_jobs(engine: Engine, where: str) -> list[dict[str, Any]]:
    """Retraining jobs of ``where`` not yet finished, newest first."""
    return [_view(j) for j in records.list_for(engine, kind=KIND, limit=20)
            if j["status"] in OPEN and (j.get("params") or {}).get("where") == where]


def start(engine: Engine, settings: Settings, actor: Actor, where: str,
          methods: Any = None) -> dict[str, Any]:
    """Check the request; record the job and its audit in one transaction, under a lock
    of the place (two requests at once cannot both find no open job); start the job once
    committed.

    Raises
    ------
    Unprocessable
        Unknown place, unknown methods, or a history too short to train on.
    Conflict
        A retraining of the same place is queued or running.
    """
    where = (where or "").strip()
    chosen = check_methods(methods)
    place = hist.resolve(engine, where, settings.region)
    kind = place.kind
    need = training_need(place.daily)
    if need["short"]:
        raise Unprocessable(
            f"where: {where} has {need['have_days']} days of daily data ({need['first']} … "
            f"{need['last']}); training needs {need['need_days']} (12 months of validation "
            "and 60 days before them)")
    params = {"where": where, "kind": kind, "methods": list(chosen)}
    with transaction(engine) as conn:
        # one retraining per place: the check and the insert under one lock of the place
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                     {"k": f"{KIND}:{where}"})
        running = conn.execute(select(JOBS.c.id).where(
            JOBS.c.kind == KIND, JOBS.c.status.in_(OPEN),
            JOBS.c.params["where"].astext == where).limit(1)).scalar()
        if running:
            raise Conflict(f"a retraining of {where} is already running (job {running})")
        job_id = records.create_in(conn, KIND, actor.name, params=params,
                                   backend=runner.backend_of(settings))
        record(conn, actor, "forecast.retrain", object_type="forecast_model",
               object_id=where, after={"job": job_id, "methods": list(chosen)})
    runner.launch(engine, settings, job_id)  # Celery or a thread, after the commit
    return get(engine, job_id)


def cancel(engine: Engine, actor: Actor, job_id: str) -> dict[str, Any]:
    """Ask a retraining to stop (it stops after the pollutant and lead in hand)."""
    job = get(engine, job_id)
    if job["status"] in OPEN:
        records.request_cancel(engine, job_id)
        with transaction(engine) as conn:
            record(conn, actor, "forecast.retrain.cancel", object_type="forecast_model",
                   object_id=job["where"] or "", after={"job": job_id})
    return get(engine, job_id)


def run_job(engine: Engine, settings: Settings, params: dict[str, Any],
            progress: Callable[[float, str], None], should_stop: Callable[[], bool]) -> str:
    """The work (``jobs.kinds`` signature): train on the store's history, save, and return
    ``"forecast_model:<where>/<version>"``."""
    where = params["where"]
    daily = hist.daily_history(engine, where, params.get("kind") or
                               hist.place_kind(engine, where))

    def step(done: int, total: int) -> None:
        progress(done / total, f"{done}/{total}")
        if should_stop():
            raise JobCancelled(f"retraining of {where} cancelled after {done}/{total}")

    bundle = train(daily, where, methods=tuple(params.get("methods") or CANDIDATES),
                   progress=step)
    save(bundle, models_dir(Path(settings.var_dir)))
    return f"forecast_model:{where}/{bundle.version}"
