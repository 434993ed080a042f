"""Retraining as a background job with progress.

A job runs in a worker thread of the app process and keeps its state in a JSON file under
``<var_dir>/jobs/forecast/<id>.json`` (written atomically), so every app process, and a
page reloaded later, reads the same state. A job whose state has not moved for
``job_timeout_minutes`` (its process ended) is reported as failed. The new model goes to
``<var_dir>/models/<where>/`` and becomes current when training ends; the forecasts pick
it up at once (the model pointer is part of their cache key).

The request is audited (``forecast.retrain``) in its own transaction, with who asked.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from auth.audit import Actor, record
from core.clock import beijing_now
from core.errors import Conflict, NotFound, Unprocessable
from decision_models.forecast.constants import LEADS, POLLUTANTS
from decision_models.forecast.models import CANDIDATES
from decision_models.forecast.registry import save, train
from forecasting import history as hist
from forecasting.service import models_dir, training_need

log = logging.getLogger(__name__)
STATUSES = ("queued", "running", "done", "failed")
_ID_CHARS = set("0123456789abcdef")


def jobs_dir(var_dir: Path) -> Path:
    return Path(var_dir) / "jobs" / "forecast"


def _path(var_dir: Path, job_id: str) -> Path:
    if not job_id or len(job_id) != 32 or not set(job_id) <= _ID_CHARS:
        raise NotFound(f"no retraining job {job_id!r}")
    return jobs_dir(var_dir) / f"{job_id}.json"


def _write(var_dir: Path, state: dict[str, Any]) -> None:
    path = _path(var_dir, state["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    state["updated_at"] = beijing_now().isoformat(timespec="seconds")
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def get(var_dir: Path, job_id: str, timeout_minutes: int = 60) -> dict[str, Any]:
    """The state of a job (404 when unknown); a job silent for too long is failed."""
    path = _path(var_dir, job_id)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"no retraining job {job_id!r}") from None
    if state["status"] in ("queued", "running"):
        updated = dt.datetime.fromisoformat(state["updated_at"])
        if beijing_now() - updated > dt.timedelta(minutes=timeout_minutes):
            state = {**state, "status": "failed",
                     "error": f"no progress for {timeout_minutes} min (the process ended)"}
    return state


def jobs(var_dir: Path, where: str | None = None, timeout_minutes: int = 60
         ) -> list[dict[str, Any]]:
    """Every job (newest first), optionally of one place."""
    folder = jobs_dir(var_dir)
    out = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            state = get(var_dir, path.stem, timeout_minutes)
        except (NotFound, ValueError, KeyError):
            continue
        if where is None or state.get("where") == where:
            out.append(state)
    return sorted(out, key=lambda s: s.get("created_at", ""), reverse=True)


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


def start(engine: Engine, var_dir: Path, actor: Actor, where: str,
          methods: Any = None, timeout_minutes: int = 60) -> dict[str, Any]:
    """Check the request, audit it, and start training in a worker thread.

    Raises
    ------
    Unprocessable
        Unknown place, unknown methods, or a history too short to train on.
    Conflict
        A retraining of the same place is already running.
    """
    where = (where or "").strip()
    kind = hist.place_kind(engine, where)
    chosen = check_methods(methods)
    daily = hist.daily_history(engine, where, kind)
    need = training_need(daily)
    if need["short"]:
        raise Unprocessable(
            f"where: {where} has {need['have_days']} days of daily data ({need['first']} … "
            f"{need['last']}); training needs {need['need_days']} (12 months of validation "
            "and 60 days before them)")
    running = [j for j in jobs(var_dir, where, timeout_minutes)
               if j["status"] in ("queued", "running")]
    if running:
        raise Conflict(f"a retraining of {where} is already running (job {running[0]['id']})")
    now = beijing_now().isoformat(timespec="seconds")
    state = {"id": uuid.uuid4().hex, "where": where, "status": "queued", "progress": 0.0,
             "done": 0, "total": len(POLLUTANTS) * len(LEADS), "methods": list(chosen),
             "created_at": now, "started_at": None, "finished_at": None, "version": None,
             "error": None, "by": actor.name}
    with engine.begin() as conn:
        record(conn, actor, "forecast.retrain", object_type="forecast_model",
               object_id=where, after={"job": state["id"], "methods": list(chosen)})
    _write(var_dir, state)
    thread = threading.Thread(target=run, args=(var_dir, state, daily, chosen),
                              name=f"forecast-retrain-{where}", daemon=True)
    thread.start()
    return state


def run(var_dir: Path, state: dict[str, Any], daily, methods: tuple[str, ...]) -> None:
    """The job body: train, save, and keep the state file current."""
    state = dict(state, status="running",
                 started_at=beijing_now().isoformat(timespec="seconds"))
    _write(var_dir, state)

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total, progress=round(done / total, 3))
        _write(var_dir, state)

    try:
        bundle = train(daily, state["where"], methods=methods, progress=progress)
        save(bundle, models_dir(var_dir))
        state.update(status="done", progress=1.0, version=bundle.version)
    except Exception as exc:  # the job reports every failure in its state
        log.exception("forecast retraining %s failed", state["id"])
        state.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    state["finished_at"] = beijing_now().isoformat(timespec="seconds")
    _write(var_dir, state)
