"""The Celery worker of One Map::

    REDIS_URL=redis://redis-host:6379/0 DATABASE_URL=postgresql://… \\
        celery -A jobs.worker worker --concurrency=2 --loglevel=INFO

It builds the same Dash app as the web processes (same settings), so it knows every
background callback of the pages (matrix builds and scenario runs with their progress
bars), and it runs the REST-submitted jobs (task ``onemap.jobs.run``). Run as many workers,
on as many machines, as the work needs: they share Redis and PostGIS, nothing else.
"""

from __future__ import annotations

from app import create_app
from core.context import EXTENSION_KEY
from core.errors import ConfigError
from core.settings import load_settings
from jobs.manager import celery_app
from jobs.runner import CELERY_TASK, execute

settings = load_settings()
if not settings.redis_url:
    raise ConfigError("REDIS_URL must be set for a Celery worker (redis://host:port/db)")
dash_app = create_app(settings)  # registers the background callbacks as Celery tasks
app = celery_app(settings.redis_url)  # what `celery -A jobs.worker` finds


@app.task(name=CELERY_TASK)
def run(job_id: str) -> str | None:
    """Run a job submitted by the REST API (``jobs.runner.submit``)."""
    context = dash_app.server.extensions[EXTENSION_KEY]
    return execute(context.engine, settings, job_id, backend="celery")
