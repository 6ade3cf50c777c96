"""`VENUEDESK_SMTP_URL` read into an SMTP endpoint (pure): `smtp://user:password@host:port`, `smtps://` for TLS from
the first byte, `?starttls=1` to upgrade a plain connection, `?timeout=<seconds>` for every socket operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

Security = Literal["plain", "starttls", "tls"]
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
DEFAULT_TIMEOUT_SECONDS = 10.0
MAX_TIMEOUT_SECONDS = 120.0
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_KNOWN_OPTIONS = {"starttls", "timeout"}


class SmtpUrlError(ValueError):
    """`VENUEDESK_SMTP_URL` cannot name an SMTP server; the message says what is wrong (never the password)."""


@dataclass(frozen=True)
class SmtpEndpoint:
    """Where and how mail is handed over: host, port, transport security, login and socket timeout."""

    host: str
    port: int
    security: Security = "plain"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT_SECONDS


def parse_smtp_url(url: str) -> SmtpEndpoint:
    """The endpoint `url` names; SmtpUrlError for another scheme, no host, a bad port or an unknown option."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise SmtpUrlError(f"VENUEDESK_SMTP_URL has an invalid port or address: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise SmtpUrlError(f"VENUEDESK_SMTP_URL must start with smtp:// or smtps://, not {scheme or 'nothing'}://")
    if not parts.hostname:
        raise SmtpUrlError("VENUEDESK_SMTP_URL names no host (smtp://host:port)")
    options = _options(parts.query)
    starttls = _flag(options.get("starttls", "0"))
    if starttls and scheme == "smtps":
        raise SmtpUrlError("VENUEDESK_SMTP_URL: starttls=1 upgrades a plain smtp:// connection; smtps:// is TLS already")
    security: Security = "tls" if scheme == "smtps" else "starttls" if starttls else "plain"
    return SmtpEndpoint(
        host=parts.hostname, port=port or DEFAULT_PORTS[scheme], security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=_timeout(options.get("timeout")),
    )


def _options(query: str) -> dict[str, str]:
    parsed = parse_qs(query, keep_blank_values=True)
    unknown = sorted(set(parsed) - _KNOWN_OPTIONS)
    if unknown:
        raise SmtpUrlError(f"VENUEDESK_SMTP_URL: unknown option(s) {', '.join(unknown)} (known: starttls, timeout)")
    return {name: values[-1] for name, values in parsed.items()}


def _flag(value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SmtpUrlError(f"VENUEDESK_SMTP_URL: starttls must be 1 or 0, not {value!r}")


def _timeout(value: str | None) -> float:
    if value is None:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        raise SmtpUrlError(f"VENUEDESK_SMTP_URL: timeout must be a number of seconds, not {value!r}") from None
    if not 0 < seconds <= MAX_TIMEOUT_SECONDS:
        raise SmtpUrlError(f"VENUEDESK_SMTP_URL: timeout must be between 0 and {MAX_TIMEOUT_SECONDS:g} seconds")
    return seconds
