"""Typed settings, read once from the environment at start-up.

Every setting has an embedded default so ``make run`` works on a fresh machine.
Names: ``DATABASE_URL`` and ``REDIS_URL`` as the ecosystem spells them, everything
else with the ``ONEMAP_`` prefix (e.g. ``ONEMAP_PORT=8060``).
"""

from __future__ import annotations

import json
from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError
from core.region import Region, cached_region

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data_samples"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


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
    data_dir: Path = DEFAULT_DATA_DIR  # the region served: data_samples or a region pack
    var_dir: Path = PROJECT_ROOT / "var"
    basemap_dir: Path | None = None  # folder watched for MBTiles packs / COGs
    local_pg_port: int = Field(default=54329, ge=1024, le=65535)
    online_providers: str = ""  # JSON list of OnlineProvider objects
    tianditu_token: str = ""
    feature_limit_default: int = Field(default=1000, ge=1)
    feature_limit_max: int = Field(default=10000, ge=1)
    tile_cache_size: int = Field(default=2048, ge=0)
    # -- the public face of the server (links, proxies, cookies) ---------------------------
    # Every absolute link the services write (OGC self/next, WMTS, TileJSON) starts with
    # this base; the Host header is never trusted. Empty: http://ONEMAP_HOST:ONEMAP_PORT.
    public_url: str = ""
    # Addresses (IPs or CIDRs, comma-separated) of reverse proxies whose X-Forwarded-For /
    # X-Forwarded-Proto are honoured; from anyone else these headers are ignored.
    trusted_proxies: str = ""
    log_format: Literal["json", "text"] = "json"
    # -- sign-in, sessions and brute-force protection (auth/) ------------------------------
    secret_key: str = ""  # signs CSRF tokens; empty: generated once into var/secret-key
    admin_password: str = ""  # the first admin's password; empty: generated and printed once
    cookie_secure: Literal["auto", "true", "false"] = "auto"  # auto: when public_url is https
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 31)
    display_session_days: int = Field(default=30, ge=1, le=366)  # video-wall accounts
    login_max_failures: int = Field(default=5, ge=1, le=100)  # per account, then locked
    login_max_failures_per_address: int = Field(default=20, ge=1, le=1000)
    login_lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # -- bounds on the work one client can cause -----------------------------------------
    surface_builds_per_minute: int = Field(default=30, ge=1)  # new IDW surfaces per client
    online_timeout_seconds: float = Field(default=10.0, gt=0, le=120)  # provider proxy
    # -- uploads, feeds and evidence (datasets/, feeds/, enforcement/) ---------------------
    upload_max_mb: int = Field(default=200, ge=1, le=10_000)  # one uploaded dataset file
    upload_max_features: int = Field(default=500_000, ge=1)  # features/rows in one upload
    feed_max_rows: int = Field(default=50_000, ge=1)  # rows in one POST /api/observations/*
    evidence_max_mb: int = Field(default=20, ge=1, le=500)  # one photo or PDF of a task
    # -- background jobs (analysis/): diskcache under var/ unless REDIS_URL is set ---------
    job_timeout_minutes: int = Field(default=60, ge=1, le=24 * 60)

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

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment:
            raise ValueError(f"must be an http(s) URL like https://onemap.example.gov.cn, "
                             f"got {value!r}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for item in (v.strip() for v in value.split(",")):
            if item:
                try:
                    ip_network(item, strict=False)
                except ValueError:
                    raise ValueError(f"{item!r} is not an IP address or CIDR") from None
        return value.strip()

    @property
    def base_url(self) -> str:
        """The public base URL: ``ONEMAP_PUBLIC_URL``, else ``http://HOST:PORT``."""
        if self.public_url:
            return self.public_url
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(v.strip(), strict=False)
                     for v in self.trusted_proxies.split(",") if v.strip())

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure == "auto":
            return self.public_url.startswith("https://")
        return self.cookie_secure == "true"

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
    def region(self) -> Region:
        """The region of ``data_dir`` (its ``region.toml``, read once)."""
        return cached_region(Path(self.data_dir).resolve())

    @property
    def region_database(self) -> str:
        """Name of the database of this region in the private cluster: ``onemap`` for the
        Hefei sample, ``onemap_<adcode>`` for a region pack, so two regions never share
        tables (``DATABASE_URL``, when set, names one database: one region per URL)."""
        if Path(self.data_dir).resolve() == DEFAULT_DATA_DIR.resolve():
            return "onemap"
        return f"onemap_{self.region.adcode}"

    @property
    def resolved_basemap_dir(self) -> Path:
        return self.basemap_dir or (self.var_dir / "basemaps")


def load_settings(**overrides) -> Settings:
    """Build the settings from the environment; a bad value raises :class:`ConfigError`."""
    try:
        settings = Settings(**overrides)
        _ = settings.providers  # validate eagerly so a bad setting fails at start-up
        if settings.host in WILDCARD_HOSTS and not settings.public_url:
            raise ConfigError(
                f"ONEMAP_HOST={settings.host} serves other machines: set ONEMAP_PUBLIC_URL "
                "to the address they use (e.g. http://10.1.2.3:8050), so that the links the "
                "services write point there and not at whatever Host header a client sends")
        return settings
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper() or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from exc
