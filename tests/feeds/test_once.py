"""Review findings of the feeds area: the arrival monitor reads the last readings once, and
the audit rows of changed observations go through ``auth.audit.record_many``."""

from __future__ import annotations

import ast
import datetime as dt
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text

from auth.audit import Actor, record, record_many
from core.clock import beijing_now, floor_hour

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def statements(engine):
    """The SQL statements ``engine`` runs inside the block."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def test_arrival_reads_the_last_readings_once(app_engine):
    from feeds.arrival import arrival

    with statements(app_engine) as seen:
        body = arrival(app_engine, floor_hour(beijing_now()), days=2)
    assert body["stations"]
    assert sum("max(o.time) AS last" in s for s in seen) == 1


def test_record_many_writes_what_record_writes(app_engine):
    actor = Actor(f"test-bulk-{uuid.uuid4().hex[:8]}", "token", "10.0.0.9", "rid-1")
    entries = [{"object_id": f"S{i}@2025-01-01T0{i}:00", "before": {"pm2_5": i},
                "after": {"pm2_5": i + 1.5, "at": dt.datetime(2025, 1, 1, i)}}
               for i in range(3)]
    with app_engine.begin() as conn:
        assert record_many(conn, actor, "observation.update", entries,
                           object_type="air_observation") == 3
        assert record_many(conn, actor, "observation.update", []) == 0
        for e in entries:
            record(conn, actor, "observation.update", object_type="air_observation", **e)
    cols = "action, object_type, object_id, before, after, via, address, request_id, detail"
    with app_engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(
            f"SELECT {cols} FROM audit_log WHERE actor = :a ORDER BY id"), {"a": actor.name})]
    assert len(rows) == 6 and rows[:3] == rows[3:]
    assert rows[0][4] == {"pm2_5": 1.5, "at": "2025-01-01T00:00:00"}


def test_feeds_write_no_audit_sql_of_their_own():
    source = (ROOT / "feeds/service.py").read_text("utf-8")
    tree = ast.parse(source)
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str)]
    assert not any("INSERT INTO" in t and "AUDIT" in t.upper() for t in texts)
    assert "record_many" in source and "audit.AUDIT" not in source
