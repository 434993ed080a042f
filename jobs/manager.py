"""The Dash background-callback manager, and the Celery app of the workers.

``background_manager(settings)`` is what ``app.py`` passes to ``Dash(...,
background_callback_manager=...)``: a ``DiskcacheManager`` on ``<var_dir>/jobs`` by
default (one machine), a ``CeleryManager`` on ``REDIS_URL`` when set (workers on other
machines). The worker builds the same app (:mod:`jobs.worker`), so both sides know the
same background callbacks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from core.settings import Settings

#: Seconds a finished background-callback result stays in the cache (the job record in the
#: store keeps the outcome for good).
RESULT_EXPIRE_S = 24 * 3600


@lru_cache(maxsize=4)
def celery_app(redis_url: str) -> Any:
    """The one Celery app of this process for ``redis_url`` (broker and result backend)."""
    from celery import Celery

    app = Celery("onemap", broker=redis_url, backend=redis_url)
    app.conf.update(
        task_serializer="json", accept_content=["json"], result_serializer="json",
        worker_prefetch_multiplier=1, task_acks_late=False, broker_connection_retry=True,
        broker_connection_retry_on_startup=True, result_expires=RESULT_EXPIRE_S,
        worker_hijack_root_logger=False,
    )
    return app


def background_manager(settings: Settings) -> Any:
    """DiskcacheManager (default) or CeleryManager (``REDIS_URL``)."""
    from dash import CeleryManager, DiskcacheManager

    if settings.redis_url:
        return CeleryManager(celery_app(settings.redis_url), expire=RESULT_EXPIRE_S)
    import diskcache

    folder = settings.var_dir / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return DiskcacheManager(diskcache.Cache(str(folder)), expire=RESULT_EXPIRE_S)
