"""``manage.py`` account commands against a real database: exit codes, secrets shown once."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.db


def manage(db_url: str, var_dir: Path, *args: str, stdin: str = "", **env: str):
    return subprocess.run(
        [sys.executable, "manage.py", *args], input=stdin, capture_output=True, text=True,
        cwd=PROJECT_ROOT, timeout=120,
        env={**os.environ, "DATABASE_URL": db_url, "ONEMAP_VAR_DIR": str(var_dir), **env})


@pytest.fixture(scope="module")
def db(postgis_url, tmp_path_factory):
    from store.migrate import upgrade
    from tests.conftest import create_database

    url = create_database(postgis_url, "auth_cli")
    upgrade(url)
    return url, tmp_path_factory.mktemp("cli-var")


def test_account_commands(db):
    url, var = db
    made = manage(url, var, "create-user", "cli-ana", "--role", "analyst,duty",
                  "--password-stdin", stdin="Cli-passw0rd-1\n")
    assert made.returncode == 0, made.stderr
    assert "Cli-passw0rd-1" not in made.stdout + made.stderr
    generated = manage(url, var, "create-user", "cli-gen", "--role", "leader")
    assert generated.returncode == 0 and "initial password" in generated.stdout
    token = manage(url, var, "create-token", "cli-ana", "--expires", "7", "--label", "qgis")
    assert token.returncode == 0
    secret = token.stdout.strip().splitlines()[-1]
    assert secret.startswith("om_")
    listed = manage(url, var, "list-tokens")
    assert "cli-ana" in listed.stdout and secret not in listed.stdout
    users = manage(url, var, "list-users").stdout
    assert "cli-ana" in users and "analyst,duty" in users
    token_id = listed.stdout.split()[0]
    assert manage(url, var, "revoke-token", token_id).returncode == 0
    assert manage(url, var, "disable-user", "cli-gen").returncode == 0
    assert "disabled" in manage(url, var, "list-users").stdout


@pytest.mark.parametrize("args, stdin, message", [
    pytest.param(["create-user", "cli-ana2", "--role", "wizard"], "", "unknown role",
                 id="bad-role"),
    pytest.param(["create-user", "a b", "--role", "leader"], "", "user name", id="bad-name"),
    pytest.param(["create-user", "cli-weak", "--role", "leader", "--password-stdin"],
                 "weak\n", "10 to 256", id="weak-password"),
    pytest.param(["create-user", "cli-empty", "--role", "leader", "--password-stdin"],
                 "", "no password", id="empty-stdin"),
    pytest.param(["disable-user", "nobody"], "", "no user", id="unknown-user"),
    pytest.param(["create-token", "nobody"], "", "no user", id="token-unknown-user"),
    pytest.param(["create-token", "cli-ana", "--expires", "0"], "", "1 to 3650",
                 id="token-expiry"),
    pytest.param(["revoke-token", "999999"], "", "no token", id="unknown-token"),
])
def test_bad_input_exits_2_with_a_message(db, args, stdin, message, monkeypatch, capsys):
    import io

    import manage as cli

    url, var = db
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ONEMAP_VAR_DIR", str(var))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert cli.main(args) == 2
    assert message in capsys.readouterr().err


def test_first_start_admin_password_printed_once_and_private(db, app_settings):
    from auth.cli import ensure_initial_admin
    from auth.service import AuthService
    from store.db import make_engine

    url, var = db
    settings = app_settings.model_copy(update={"var_dir": var, "admin_password": ""})
    engine = make_engine(url)
    try:
        service = AuthService(engine, settings)
        ensure_initial_admin(service, settings)
        path = var / "initial-admin-password"
        password = path.read_text().strip()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert service.sign_in("admin", password, address="10.8.0.1").principal.can(
            "admin:users")
        ensure_initial_admin(service, settings)  # an admin exists: no new password
        assert path.read_text().strip() == password
    finally:
        engine.dispose()


def test_admin_password_from_the_environment_must_follow_the_rule(postgis_url,
                                                                  tmp_path_factory):
    from store.migrate import upgrade
    from tests.conftest import create_database

    url = create_database(postgis_url, "auth_cli_env")
    upgrade(url)
    var = tmp_path_factory.mktemp("cli-env")
    from auth.cli import ensure_initial_admin
    from auth.service import AuthService
    from core.errors import ConfigError
    from core.settings import Settings
    from store.db import make_engine

    engine = make_engine(url)
    try:
        weak = Settings(database_url=url, var_dir=var, admin_password="admin")
        with pytest.raises(ConfigError, match="ONEMAP_ADMIN_PASSWORD"):
            ensure_initial_admin(AuthService(engine, weak), weak)
        good = Settings(database_url=url, var_dir=var, admin_password="Chosen-passw0rd")
        ensure_initial_admin(AuthService(engine, good), good)
        assert not (var / "initial-admin-password").exists()
        assert AuthService(engine, good).get_user("admin")["must_change_password"] is False
    finally:
        engine.dispose()


def test_a_data_load_is_audited(db, monkeypatch):
    import manage as cli
    from auth.audit import AuditFilter, query
    from store.db import make_engine

    url, var = db
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ONEMAP_VAR_DIR", str(var))
    assert cli.main(["load"]) == 0
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows, _ = query(conn, AuditFilter(action="data.load"))
    finally:
        engine.dispose()
    assert rows and rows[0]["actor"].startswith("cli:")
    assert rows[0]["after"]["rows"]["air_stations"] == 10
