"""Why a calendar could not be read, said without its secrets: the reader reports it, the logs never show a
password or a secret feed address (the HTTP libraries' own log lines are scrubbed too)."""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from venuedesk.domain.busy import FailureReason

_SCRUBBED_LOGGERS = ("httpx", "httpcore", "caldav")
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


class CalendarUnavailable(Exception):
    """A calendar that could not be read: the failure reason and a detail safe to show the manager and to log."""

    def __init__(self, reason: FailureReason, detail: str) -> None:
        super().__init__(detail)
        self.reason: FailureReason = reason
        self.detail = detail


def where(url: str) -> str:
    """The host (and port) a calendar URL points at: what a message may name; the path can be the secret."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{host}:{parts.port}" if parts.port else host


def describe(error: BaseException, url: str, *, credentials_from: str = "") -> CalendarUnavailable:
    """The failure a calendar library's exception stands for, naming the host and what to check, never the URL's
    path or a password (the exceptions' own text can carry both, so it is not used)."""
    import httpx

    host = where(url)
    if isinstance(error, CalendarUnavailable):
        return error
    if isinstance(error, httpx.TimeoutException):
        return CalendarUnavailable("timeout", f"{host} did not answer in time")
    if isinstance(error, httpx.ConnectError):
        return CalendarUnavailable("error", f"cannot connect to {host}; check the address and that the server "
                                            "is reachable from this machine")
    status = _status(error)
    if status in (401, 403):
        return refused(host, status, credentials_from)
    if status is not None:
        return CalendarUnavailable("error", f"{host} answered HTTP {status}")
    if isinstance(error, httpx.HTTPError):
        return CalendarUnavailable("error", f"the connection to {host} failed ({type(error).__name__})")
    return CalendarUnavailable("error", f"reading the calendar on {host} failed ({type(error).__name__})")


def refused(host: str, status: int, credentials_from: str) -> CalendarUnavailable:
    """The server refused the credentials (or their absence): which variables to check."""
    check = f"check {credentials_from}" if credentials_from else "the calendar needs a username and password"
    return CalendarUnavailable("error", f"{host} refused access (HTTP {status}); {check}")


def _status(error: BaseException) -> int | None:
    """The HTTP status an error carries (httpx's response, or the caldav library's `status`), if any."""
    response = getattr(error, "response", None)
    for code in (getattr(response, "status_code", None), getattr(error, "status", None)):
        if isinstance(code, int):
            return code
    if type(error).__name__ == "AuthorizationError":
        return 401
    return None


def keep_secret(*values: str) -> None:
    """Never let these strings (a password, a secret URL) reach a log line of the HTTP libraries; a URL's path
    and query are kept secret on their own too, since a library may log them normalised or apart."""
    global _installed
    pieces = set()
    for value in values:
        pieces.add(value)
        if value.startswith(("http://", "https://")):
            parts = urlsplit(value)
            pieces.update({parts.path.rstrip("/"), parts.query})
    with _lock:
        _secrets.update(piece for piece in pieces if len(piece) >= 4)
        if not _installed:
            for name in _SCRUBBED_LOGGERS:
                logging.getLogger(name).addFilter(_scrub)
            _installed = True


def scrubbed(text: str) -> str:
    """`text` with every kept secret (and a secret URL's path) replaced by ***."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


def _scrub(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    clean = scrubbed(message)
    if clean != message:
        record.msg, record.args = clean, ()
    return True
