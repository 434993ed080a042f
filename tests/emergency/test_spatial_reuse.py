"""The resource routing finds every depot's nearest road node in one query, the same node
a query per point finds; the river network is built once per set of river rows."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from emergency import spatial
from store.db import connection

pytestmark = pytest.mark.db


def test_nearest_nodes_in_one_query_match_one_query_per_point(app_engine):
    with connection(app_engine) as conn:
        rows = conn.execute(text(
            "SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resource_depots "
            "UNION ALL SELECT code, ST_X(geom), ST_Y(geom) FROM response_teams")).all()
        points = {r.code: (r.lon, r.lat) for r in rows}
        statements = []

        def count(*_a, **_k):
            statements.append(1)

        event.listen(conn, "before_cursor_execute", count)
        try:
            together = spatial._nearest_nodes(conn, points)
        finally:
            event.remove(conn, "before_cursor_execute", count)
        assert len(statements) == 1 and set(together) == set(points) and len(points) > 5
        for code, (lon, lat) in points.items():
            alone = conn.execute(text(
                f"SELECT n.node, n.lon, n.lat FROM ({spatial._NODES}) n ORDER BY "
                "ST_SetSRID(ST_MakePoint(n.lon, n.lat), 4326) <-> "
                "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), n.node LIMIT 1"),
                {"lon": lon, "lat": lat}).mappings().one()
            assert together[code] == dict(alone), code


def test_the_river_network_is_built_once_per_set_of_rivers(app_engine):
    with connection(app_engine) as conn:
        rivers = spatial._rivers(conn)
        reread = spatial._rivers(conn)
    spatial._network_of.cache_clear()
    first = spatial._network(rivers)
    again = spatial._network(reread)
    assert again is first  # the same rows: the same network, not rebuilt
    changed = [dict(r) for r in rivers]
    changed[0]["velocity_m_s"] = changed[0]["velocity_m_s"] * 2
    other = spatial._network(changed)
    assert other is not first
    assert other[0].reaches[changed[0]["name"]].velocity_m_s == \
        pytest.approx(2 * first[0].reaches[changed[0]["name"]].velocity_m_s)
