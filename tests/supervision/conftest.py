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


# the real-browser fixtures (Chromium, the signed-in admin) for the map test of this folder
from tests.browser.conftest import admin_session, browser  # noqa: E402, F401
