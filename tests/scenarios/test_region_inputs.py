"""An air scenario reads the served region's outline whatever its code (it was read
``WHERE adcode = '340100'``, so another region fell back to its districts' extent), and its
provenance names the climatology for what it is: the synthetic representative wind rose,
drawn for Hefei, which says so only in Hefei."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from scenarios import inputs as inp
from store.db import connection

pytestmark = pytest.mark.db


def test_the_outline_is_the_regions_whatever_its_code(app_engine):
    with connection(app_engine) as conn:
        trans = conn.begin()
        try:  # the table as a region pack's (its own code); rolled back
            (code,) = conn.execute(text("SELECT adcode FROM admin_city LIMIT 1")).one()
            conn.execute(text("UPDATE admin_city SET adcode = '610400' WHERE adcode = :c"),
                         {"c": code})
            ((adcode, _name, geom),) = inp.region_outline(conn)
            assert adcode == "610400" and geom.area > 0
        finally:
            trans.rollback()


def test_the_climatology_names_hefei_only_in_hefei():
    hefei = inp.climatology_name("340100")
    other = inp.climatology_name("610400")
    assert "Hefei" in hefei and "Synthetic" in hefei
    assert "Hefei" not in other and "Synthetic representative annual wind rose" in other
    assert "Hefei" not in inp.CLIMATOLOGY_NAME
