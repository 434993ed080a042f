"""The job records: create, progress, finish, fail, cancel, read.

Each change is its own short transaction, so a page polling the record (another process,
another machine) sees the progress while the work runs.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from core.clock import beijing_now
from core.errors import NotFound
from core.web.rest import jsonable
from jobs.models import JOBS
from store.db import connection, transaction

FINISHED = ("done", "failed", "cancelled")


def create(engine: Engine, kind: str, owner: str, *, params: dict[str, Any] | None = None,
           result_ref: str | None = None, backend: str = "thread") -> str:
    """A new queued job; returns its id."""
    with transaction(engine) as conn:
        return create_in(conn, kind, owner, params=params, result_ref=result_ref,
                         backend=backend)


def create_in(conn: Connection, kind: str, owner: str, *,
              params: dict[str, Any] | None = None, result_ref: str | None = None,
              backend: str = "thread") -> str:
    """A new queued job inside the caller's transaction (with the row it works for, so
    neither exists without the other); returns its id. Start it after the commit."""
    job_id = uuid.uuid4().hex
    conn.execute(insert(JOBS).values(
        id=job_id, kind=kind, owner=owner, status="queued", progress=0.0, message="",
        params=jsonable(params or {}), result_ref=result_ref, error=None,
        backend=backend, cancel_requested=False, created_at=beijing_now()))
    return job_id


def get(engine: Engine, job_id: str) -> dict[str, Any]:
    with connection(engine) as conn:
        row = conn.execute(select(JOBS).where(JOBS.c.id == job_id)).mappings().first()
    if row is None:
        raise NotFound(f"no job {job_id}")
    return jsonable(dict(row))


def list_for(engine: Engine, owner: str | None = None, kind: str | None = None,
             limit: int = 50) -> list[dict[str, Any]]:
    """Newest first; ``owner`` None: everyone's."""
    q = select(JOBS).order_by(JOBS.c.created_at.desc()).limit(limit)
    if owner is not None:
        q = q.where(JOBS.c.owner == owner)
    if kind is not None:
        q = q.where(JOBS.c.kind == kind)
    with connection(engine) as conn:
        return [jsonable(dict(r)) for r in conn.execute(q).mappings()]


def _set(engine: Engine, job_id: str, **values: Any) -> None:
    with transaction(engine) as conn:
        conn.execute(update(JOBS).where(JOBS.c.id == job_id).values(**values))


def start(engine: Engine, job_id: str, backend: str | None = None) -> None:
    values: dict[str, Any] = {"status": "running", "started_at": beijing_now()}
    if backend:
        values["backend"] = backend
    _set(engine, job_id, **values)


def progress(engine: Engine, job_id: str, fraction: float, message: str = "") -> None:
    _set(engine, job_id, progress=max(0.0, min(1.0, float(fraction))), message=message[:500])


def finish(engine: Engine, job_id: str, result_ref: str | None = None) -> None:
    values: dict[str, Any] = {"status": "done", "progress": 1.0, "finished_at": beijing_now()}
    if result_ref is not None:
        values["result_ref"] = result_ref
    _set(engine, job_id, **values)


def fail(engine: Engine, job_id: str, error: str, *, cancelled: bool = False) -> None:
    _set(engine, job_id, status="cancelled" if cancelled else "failed", error=error[:2000],
         finished_at=beijing_now())


def request_cancel(engine: Engine, job_id: str) -> None:
    """Ask a job to stop: it stops at its next check; a queued job never starts."""
    with transaction(engine) as conn:
        conn.execute(update(JOBS).where(JOBS.c.id == job_id)
                     .values(cancel_requested=True))
        conn.execute(update(JOBS).where(JOBS.c.id == job_id, JOBS.c.status == "queued")
                     .values(status="cancelled", error="cancelled",
                             finished_at=beijing_now()))


def cancel_requested(engine: Engine, job_id: str) -> bool:
    with connection(engine) as conn:
        flag = conn.execute(select(JOBS.c.cancel_requested).where(JOBS.c.id == job_id)
                            ).scalar()
    return flag is None or bool(flag)  # a deleted job is cancelled
