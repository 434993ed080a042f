"""A surface tile looks at the fed observations once (the revision and the source hour come
from one query), also when the surface is already cached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from core.clock import beijing_now, floor_hour
from core.context import EXTENSION_KEY

pytestmark = pytest.mark.db


def test_fed_revision_runs_once_per_surface_tile(app_client, onemap_app):
    engine = onemap_app.server.extensions[EXTENSION_KEY].engine
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    when = floor_hour(beijing_now()) - timedelta(hours=33)
    url = f"/tiles/surfaces/aqi/10/845/417.png?time={when:%Y-%m-%dT%H:00:00}"
    event.listen(engine, "before_cursor_execute", listen)
    try:
        for _ in range(2):  # a build, then a cache hit
            seen.clear()
            assert app_client.get(url).status_code == 200
            assert sum("max(received_at)" in s for s in seen) == 1
    finally:
        event.remove(engine, "before_cursor_execute", listen)
