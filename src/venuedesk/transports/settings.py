"""Server settings from the environment (prefix VENUEDESK_): manager token, body limit, CORS, home folder."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from venuedesk.accounts.throttle import DEFAULT_MAX_FAILURES, DEFAULT_WINDOW_SECONDS

DEFAULT_MAX_BODY_BYTES = 64 * 1024


def default_home() -> Path:
    """`VENUEDESK_HOME`, else ~/.venuedesk."""
    return Path.home() / ".venuedesk"


class ServerSettings(BaseSettings):
    """`VENUEDESK_MANAGER_TOKEN`, `VENUEDESK_HOME`, `VENUEDESK_MAX_BODY_BYTES`, `VENUEDESK_CORS_ORIGINS`,
    `VENUEDESK_JOBS_IN_PROCESS` and `VENUEDESK_JOBS_INTERVAL_SECONDS` (the SQLite job runner of `serve`),
    `VENUEDESK_PAYMENT_SECRET` (the payment webhook's signature), `VENUEDESK_AUTH_MAX_FAILURES` and
    `VENUEDESK_AUTH_WINDOW_SECONDS` (failed sign-ins per IP address or account before 429, per process),
    `VENUEDESK_REDIS_URL`, `VENUEDESK_TRUSTED_PROXIES` and `VENUEDESK_IP_HASH_KEY` (the abuse limits, docs/abuse.md)."""

    model_config = SettingsConfigDict(env_prefix="VENUEDESK_", extra="ignore")

    manager_token: str | None = None
    home: Path = Field(default_factory=default_home)
    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, ge=1024, le=16 * 1024 * 1024)
    body_timeout_seconds: float = Field(10.0, gt=0, le=600)  # VENUEDESK_BODY_TIMEOUT_SECONDS: a body's deadline (408)
    cors_origins: list[str] = Field(default_factory=list)
    jobs_in_process: bool = True
    jobs_interval_seconds: float = Field(5.0, gt=0, le=3600)
    auth_max_failures: int = Field(DEFAULT_MAX_FAILURES, ge=1, le=100_000)
    auth_window_seconds: float = Field(DEFAULT_WINDOW_SECONDS, gt=0, le=86_400)
    payment_secret: str | None = None  # VENUEDESK_PAYMENT_SECRET: verifies the payment webhook's signature
    redis_url: str | None = None  # VENUEDESK_REDIS_URL: rate-limit counts shared by every API process (docs/abuse.md)
    trusted_proxies: str | None = None  # VENUEDESK_TRUSTED_PROXIES: proxies whose X-Forwarded-For is believed
    ip_hash_key: str | None = None  # VENUEDESK_IP_HASH_KEY: keys the hash of client addresses
    rate_limit_namespace: str = "venuedesk"  # VENUEDESK_RATE_LIMIT_NAMESPACE: installs sharing one Redis keep apart
