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
