"""Why a calendar could not be read, said without its secrets: the reader reports it, the logs never show a
password or a secret feed address (the HTTP libraries' own log lines are scrubbed too)."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import urlsplit

from venuedesk.domain.busy import FailureReason

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
    path or a password (the exceptions' own text can carry both, so it is not used). httpx and requests (the
    caldav library's HTTP client) are told apart by their exception class names, so neither is imported here."""
    if isinstance(error, CalendarUnavailable):
        return error
    host = where(url)
    kinds = {cls.__name__ for cls in type(error).__mro__}
    if kinds & {"TimeoutException", "Timeout", "TimeoutError"}:
        return CalendarUnavailable("timeout", f"{host} did not answer in time")
    if kinds & {"SSLError", "SSLCertVerificationError"}:
        return CalendarUnavailable("error", f"the TLS certificate of {host} was not accepted; check the address "
                                            "(https with a valid certificate)")
    if kinds & {"ConnectError", "ConnectionError", "NameResolutionError"}:
        return CalendarUnavailable("error", f"cannot connect to {host}; check the address and that the server "
                                            "is reachable from this machine")
    status = _status(error)
    if status in (401, 403):
        return refused(host, status, credentials_from)
    if status is not None:
        return CalendarUnavailable("error", f"{host} answered HTTP {status}")
    return CalendarUnavailable("error", f"reading the calendar on {host} failed ({type(error).__name__})")


def refused(host: str, status: int, credentials_from: str) -> CalendarUnavailable:
    """The server refused the credentials (or their absence): which variables to check."""
    check = f"check {credentials_from}" if credentials_from else "the calendar needs a username and password"
    return CalendarUnavailable("error", f"{host} refused access (HTTP {status}); {check}")


def _status(error: BaseException) -> int | None:
    """The HTTP status an error carries (httpx's response, the caldav library's `status` or its reason's leading
    code), if any."""
    response = getattr(error, "response", None)
    for code in (getattr(response, "status_code", None), getattr(error, "status", None)):
        if isinstance(code, int):
            return code
    if type(error).__name__ == "AuthorizationError":
        return 401
    # The caldav library's DAVError carries "503 Service Unavailable\n\n…" in `url` (its first argument) or `reason`.
    for said in (getattr(error, "url", None), getattr(error, "reason", None)):
        if isinstance(said, str) and said[:3].isdigit() and said[3:4] in (" ", ""):
            return int(said[:3])
    return None


def keep_secret(*values: str) -> None:
    """Never let these strings (a password, a secret URL) reach a log line, whichever library logs it (httpx and
    urllib3 log request URLs at INFO/DEBUG); a URL's path and query are kept secret on their own too, since a
    library may log them apart from the host."""
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
            _install_record_scrubber()
            _installed = True


def scrubbed(text: str) -> str:
    """`text` with every kept secret replaced by ***."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


def _install_record_scrubber() -> None:
    """Scrub every log record as it is made: a filter would cover one logger only, not its children."""
    make_record = logging.getLogRecordFactory()

    def scrubbing_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call is the logging module's to report
            return record
        clean = scrubbed(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return record

    logging.setLogRecordFactory(scrubbing_factory)
