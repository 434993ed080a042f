import pytest

from core.errors import ConfigError
from core.settings import load_settings


def test_defaults_without_environment(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "ONEMAP_HOST", "ONEMAP_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8050
    assert settings.database_url == ""
    assert settings.providers == []


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("ONEMAP_PORT", "8060")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/onemap")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = load_settings()
    assert settings.port == 8060
    assert settings.database_url == "postgresql://u@db.example:5432/onemap"
    assert settings.redis_url.startswith("redis://")


@pytest.mark.parametrize(("name", "value", "mentions"), [
    pytest.param("ONEMAP_PORT", "eighty", "PORT", id="port-not-a-number"),
    pytest.param("ONEMAP_PORT", "70000", "PORT", id="port-out-of-range"),
    pytest.param("DATABASE_URL", "mysql://x/y", "DATABASE_URL", id="wrong-database-scheme"),
    pytest.param("REDIS_URL", "http://x", "REDIS_URL", id="wrong-redis-scheme"),
    pytest.param("ONEMAP_LANG", "fr", "LANG", id="unknown-language"),
])
def test_bad_setting_fails_at_start_with_its_name(monkeypatch, name, value, mentions):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=mentions):
        load_settings()


def test_online_providers_must_be_valid_json(monkeypatch):
    monkeypatch.setenv("ONEMAP_ONLINE_PROVIDERS", "[{not json")
    with pytest.raises(ConfigError, match="ONEMAP_ONLINE_PROVIDERS"):
        load_settings()


def test_online_provider_parsed(monkeypatch):
    monkeypatch.setenv("ONEMAP_ONLINE_PROVIDERS", '[{"id": "tdt", "title": "天地图影像", '
                       '"url": "http://t0.example/{z}/{x}/{y}?tk={token}"}]')
    providers = load_settings().providers
    assert [p.id for p in providers] == ["tdt"]
    assert providers[0].crs == "WGS84"
