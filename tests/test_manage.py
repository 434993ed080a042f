"""The operations command: clear messages and exit code 2, never a traceback."""

import pytest

import manage


@pytest.mark.parametrize(("env", "command", "message"), [
    pytest.param({"DATABASE_URL": "postgresql://x@127.0.0.1:9/db"}, "migrate",
                 "cannot reach the database", id="unreachable-database"),
    pytest.param({"ONEMAP_PORT": "eighty"}, "migrate", "PORT", id="bad-port"),
    pytest.param({"DATABASE_URL": "mysql://x/y"}, "load", "DATABASE_URL", id="wrong-scheme"),
])
def test_bad_configuration_is_a_message(monkeypatch, capsys, env, command, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert manage.main([command]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


@pytest.mark.db
def test_migrate_creates_postgis_in_an_empty_database_as_superuser(monkeypatch, postgis_url):
    """The extension check comes after the migrations, which create PostGIS when allowed."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(postgis_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "manage_bare"'))
        conn.execute(text('CREATE DATABASE "manage_bare"'))  # no PostGIS in it
    admin.dispose()
    bare = url.set(database="manage_bare").render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", bare)
    assert manage.main(["migrate"]) == 0
    engine = create_engine(bare)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'")
                            ).scalar_one() == 1
    engine.dispose()


def test_build_region_names_a_bad_code_and_writes_nothing(tmp_path, capfd):
    out = tmp_path / "pack"
    assert manage.main(["build-region", "340199", "--out", str(out)]) == 2
    assert "340199 is not a GB/T 2260 code" in capfd.readouterr().err
    assert not out.exists()


@pytest.mark.db
def test_a_start_brings_the_workspaces_to_the_present(postgis_url):
    """After ``prepare``: sample winds up to this hour, clues found and every source coded."""
    from sqlalchemy import text

    from core.clock import beijing_now
    from store.db import make_engine
    from store.load import load_samples
    from store.migrate import upgrade
    from tests.conftest import DATA_SAMPLES, create_database

    url = create_database(postgis_url, "manage_workspaces")
    upgrade(url)
    engine = make_engine(url)
    try:
        load_samples(engine, DATA_SAMPLES)
        done = manage.prepare_workspaces(engine)
        with engine.connect() as conn:
            newest_wind = conn.execute(text("SELECT max(time) FROM met_observations")
                                       ).scalar_one()
            sources = conn.execute(text("SELECT count(*) FROM pollution_sources")).scalar_one()
            coded = conn.execute(text("SELECT count(*) FROM source_codes")).scalar_one()
        hour = beijing_now().replace(minute=0, second=0, microsecond=0)
        assert done["winds"] > 0 and newest_wind == hour
        assert sources > 0 and coded == sources
    finally:
        engine.dispose()
