"""Real-browser fixtures: the app served on 127.0.0.1 and Debian's headless Chromium.

Every test page records its console errors and every request that would leave the
machine; ``assert_clean(page)`` fails on either.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from store.cluster import LocalCluster

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def browser():
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/system_deps.sh test")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def admin_session(auth_service, admin_token) -> str:
    """The session cookie value of the test admin, signed in once for the browser tests."""
    from tests.conftest import TEST_PASSWORD

    return auth_service.sign_in("test-admin", TEST_PASSWORD, address="127.0.0.1").session_secret


def signed_in_context(browser, live_server: str, session: str, **options):
    """A browser context carrying the session cookie for ``live_server``."""
    context = browser.new_context(**options)
    context.add_cookies([{"name": "onemap_session", "value": session, "url": live_server}])
    return context


@pytest.fixture
def page(browser, live_server, admin_session):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1600, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    def check_request(request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            return
        page.external_requests.append(request.url)

    page.on("request", check_request)
    page.base_url = live_server  # type: ignore[attr-defined]
    yield page
    context.close()


def assert_clean(page) -> None:
    assert page.external_requests == [], f"requests left the machine: {page.external_requests}"
    assert page.console_errors == [], f"browser console errors: {page.console_errors}"


@pytest.fixture
def session_cluster(app_engine, app_db_url) -> LocalCluster:
    """This session's PostgreSQL cluster (found from the server itself), for the tests that
    stop the store; it is running again after the test."""
    with app_engine.connect() as conn:
        data_dir = Path(conn.execute(text("SHOW data_directory")).scalar())
    cluster = LocalCluster(data_dir.parent, make_url(app_db_url).port)
    assert cluster.is_running()
    yield cluster
    if not cluster.is_running():
        cluster.start()
