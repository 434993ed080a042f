"""Fixtures of the job tests: Chromium from the browser tests (the Celery test drives the
scenario page)."""

from tests.browser.conftest import browser  # noqa: F401  (a fixture)
