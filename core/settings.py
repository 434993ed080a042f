"""Typed settings, read once from the environment at start-up.

Every setting has an embedded default so ``make run`` works on a fresh machine.
Names: ``DATABASE_URL`` and ``REDIS_URL`` as the ecosystem spells them, everything
else with the ``ONEMAP_`` prefix (e.g. ``ONEMAP_PORT=8060``).
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class OnlineProvider(BaseModel):
    """An optional online XYZ basemap (never required; off unless configured)."""

    id: str
    title: str
    url: str  # XYZ template with {z}/{x}/{y}; may contain {token}
    attribution: str = ""
    crs: Literal["WGS84", "GCJ02"] = "WGS84"
    max_zoom: int = 18


class Settings(BaseSettings):
    """One Map configuration."""

    model_config = SettingsConfigDict(env_prefix="ONEMAP_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="", validation_alias=AliasChoices("DATABASE_URL", "ONEMAP_DATABASE_URL")
    )
    redis_url: str = Field(
        default="", validation_alias=AliasChoices("REDIS_URL", "ONEMAP_REDIS_URL")
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8050, ge=1, le=65535)
    debug: bool = False
    lang: Literal["zh", "en"] = "zh"
    data_dir: Path = PROJECT_ROOT / "data_samples"
    var_dir: Path = PROJECT_ROOT / "var"
    basemap_dir: Path | None = None  # folder watched for MBTiles packs / COGs
    local_pg_port: int = Field(default=54329, ge=1024, le=65535)
    online_providers: str = ""  # JSON list of OnlineProvider objects
    tianditu_token: str = ""
    feature_limit_default: int = Field(default=1000, ge=1)
    feature_limit_max: int = Field(default=10000, ge=1)
    tile_cache_size: int = Field(default=2048, ge=0)

    @field_validator("database_url", "redis_url")
    @classmethod
    def _url_scheme(cls, value: str, info) -> str:
        value = value.strip()
        if not value:
            return value
        allowed = ("postgresql", "postgres") if info.field_name == "database_url" else ("redis",)
        scheme = value.split("://", 1)[0].split("+", 1)[0]
        if "://" not in value or scheme not in allowed:
            raise ValueError(f"must be a {allowed[0]}:// URL, got {value!r}")
        if info.field_name == "database_url" and scheme == "postgres":
            value = "postgresql" + value[len("postgres"):]
        return value

    @cached_property
    def providers(self) -> list[OnlineProvider]:
        """Configured online basemap providers (empty offline)."""
        if not self.online_providers.strip():
            return []
        try:
            raw = json.loads(self.online_providers)
            return [OnlineProvider.model_validate(item) for item in raw]
        except (ValueError, TypeError, ValidationError) as exc:
            raise ConfigError(f"ONEMAP_ONLINE_PROVIDERS is not a valid JSON list: {exc}") from exc

    @property
    def resolved_basemap_dir(self) -> Path:
        return self.basemap_dir or (self.var_dir / "basemaps")


def load_settings(**overrides) -> Settings:
    """Build the settings from the environment; a bad value raises :class:`ConfigError`."""
    try:
        settings = Settings(**overrides)
        _ = settings.providers  # validate eagerly so a bad setting fails at start-up
        return settings
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper() or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from exc
