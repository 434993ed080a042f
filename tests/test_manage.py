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
