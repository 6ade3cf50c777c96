"""Mail settings from the environment (prefix VENUEDESK_): where mail leaves, who it is from, what signs links."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MAIL_FROM = "desk@venuedesk.invalid"
MAX_INBOUND_BYTES = 10 * 1024 * 1024


class MailSettings(BaseSettings):
    """`VENUEDESK_SMTP_URL` (smtp://user:pass@host:port, smtps:// for TLS, ?starttls=1), `VENUEDESK_MAIL_FROM`
    (the desk's address; its domain names Message-IDs and plus addresses), `VENUEDESK_MAIL_SECRET` (signs deep
    links and reply-to tokens), `VENUEDESK_INBOUND_SECRET` (the inbound webhook's HMAC), `VENUEDESK_PUBLIC_URL`
    (the base of links in mail), `VENUEDESK_MANAGER_EMAIL` (where manager notifications go; unset: none are sent),
    `VENUEDESK_MANAGER_LANGUAGE` (theirs; the venue's first language by default), `VENUEDESK_MANAGER_DIGEST_HOUR`
    (the venue-local hour from which the daily digest goes out, 7 by default) and the limits."""

    model_config = SettingsConfigDict(env_prefix="VENUEDESK_", extra="ignore")

    smtp_url: str | None = None
    mail_from: str = DEFAULT_MAIL_FROM
    mail_secret: str | None = None
    inbound_secret: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    manager_email: str | None = None
    manager_language: str | None = None
    manager_digest_hour: int = Field(7, ge=0, le=23)
    link_ttl_hours: int = Field(14 * 24, ge=1, le=90 * 24)
    max_inbound_bytes: int = Field(MAX_INBOUND_BYTES, ge=16 * 1024, le=50 * 1024 * 1024)
    max_attachment_bytes: int = Field(5 * 1024 * 1024, ge=1024, le=25 * 1024 * 1024)
    max_attachments: int = Field(10, ge=0, le=50)

    @property
    def domain(self) -> str:
        """The domain of the desk's address: it names Message-IDs and plus addresses."""
        return self.mail_from.rpartition("@")[2].strip(" >").lower() or "venuedesk.invalid"

    @property
    def mailbox(self) -> str:
        """The local part of the desk's address (`desk` in desk@venue.example)."""
        return self.mail_from.rpartition("@")[0].strip(" <").rpartition("<")[2] or "desk"
