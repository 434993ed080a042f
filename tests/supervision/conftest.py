"""Fixtures of the supervision-system tests: the enforcement loop's present."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="session")
def enf_now(app_engine) -> dt.datetime:
    """The sample's present of the enforcement loop (``enforcement.sample.anchor``)."""
    from enforcement import sample

    with app_engine.connect() as conn:
        return sample.anchor(conn)
