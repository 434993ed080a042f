"""Shared fixtures: a throwaway PostGIS cluster per test session (per xdist worker).

The cluster never touches the one ``make run`` uses (``var/pg``): it lives in a pytest
temporary folder on a free port and is stopped at the end of the session.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.cluster import LocalCluster, free_port, pg_bin

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "Test-passw0rd-only"  # the password of every account the tests make
DATA_SAMPLES = PROJECT_ROOT / "data_samples"


@pytest.fixture(scope="session")
def data_samples() -> Path:
    return DATA_SAMPLES


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """URL of a fresh, empty PostGIS database (session scope)."""
    pg_bin()  # a clear error if PostgreSQL is not installed
    # Not under pytest's tmp root: that is private to the user, and as root the server
    # runs as ``postgres``, which must be able to reach its data folder.
    root = Path(tempfile.mkdtemp(prefix="onemap-test-pg-"))
    cluster = LocalCluster(root, free_port())
    url = cluster.start()
    try:
        yield url
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def create_database(cluster_url: str, name: str) -> str:
    """A new empty PostGIS database ``name`` in the cluster of ``cluster_url``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(cluster_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    db_url = url.set(database=name)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()
    return db_url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app_db_url(postgis_url: str) -> str:
    """A database migrated to head and loaded with ``data_samples/`` (read-only for tests)."""
    from store.db import make_engine
    from store.load import load_samples
    from store.migrate import upgrade

    url = create_database(postgis_url, "onemap_app")
    upgrade(url)
    engine = make_engine(url)
    load_samples(engine, DATA_SAMPLES)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app_settings(app_db_url: str, tmp_path_factory: pytest.TempPathFactory):
    from core.settings import Settings

    # A free port of its own: the live server listens there, so the links the services
    # write (on the public base URL, http://127.0.0.1:PORT) lead back to it.
    return Settings(database_url=app_db_url, var_dir=tmp_path_factory.mktemp("var"),
                    port=free_port())


@pytest.fixture(scope="session")
def onemap_app(app_settings):
    """The whole Dash app on the loaded database (one per test session: Dash pages and
    callbacks are registered globally)."""
    from app import create_app

    return create_app(app_settings)


@pytest.fixture(scope="session")
def auth_service(app_engine, app_settings):
    """The sign-in service on the session test database."""
    from auth.service import AuthService

    return AuthService(app_engine, app_settings)


@pytest.fixture(scope="session")
def make_user(auth_service):
    """``make_user(name, *roles) -> token``: an account with those roles and an API token
    (made once per name in the session)."""
    from auth.audit import Actor

    made: dict[str, str] = {}

    def make(name: str, *roles: str) -> str:
        if name not in made:
            auth_service.create_user(Actor.system("system:tests"), name, list(roles),
                                     password=TEST_PASSWORD)
            made[name], _ = auth_service.create_token(Actor.system("system:tests"), name,
                                                      "tests")
        return made[name]

    return make


@pytest.fixture(scope="session")
def admin_token(make_user) -> str:
    return make_user("test-admin", "admin")


def client_as(app, token: str | None):
    """A Flask test client sending ``Authorization: Bearer token`` (anonymous if None)."""
    client = app.server.test_client()
    if token:
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture(scope="session")
def app_client(onemap_app, admin_token):
    """A test client signed in as an admin (by API token)."""
    return client_as(onemap_app, admin_token)


@pytest.fixture(scope="session")
def anon_client(onemap_app):
    """A test client without credentials."""
    return client_as(onemap_app, None)


@pytest.fixture(scope="session")
def app_engine(app_db_url: str):
    from store.db import make_engine

    engine = make_engine(app_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(onemap_app, app_settings) -> Iterator[str]:
    """The app served over real HTTP at its public base URL (threaded werkzeug server on
    ``app_settings.port``)."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", app_settings.port, onemap_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def live_credentials(admin_token) -> tuple[str, str]:
    """(user name, API token) of an admin account, for real GIS clients against
    ``live_server``: HTTP Basic with the token as password, or ``Bearer <token>``."""
    return ("test-admin", admin_token)
