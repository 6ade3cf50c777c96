"""Secrets never reach the access log: uvicorn logs each request's path with its query string, and a mail deep
link carries its signed token in the path (`/l/<token>`), other links may carry `?token=`. A filter on the
`uvicorn.access` logger rewrites the path before any handler formats it."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode

ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[redacted]"
SECRET_PARAMS = frozenset({"token", "t", "client_token", "access_token", "key", "secret", "signature", "sig", "code",
                           "csrf"})
_TOKEN_PATHS = re.compile(r"^(/l/)[^/?#]+")


def redact_url(url: str) -> str:
    """The path and query with deep-link tokens and secret-looking query parameters replaced by `[redacted]`."""
    path, mark, query = url.partition("?")
    path = _TOKEN_PATHS.sub(lambda match: match.group(1) + REDACTED, path)
    if not mark:
        return path
    pairs = parse_qsl(query, keep_blank_values=True)
    cleaned = [(name, REDACTED if name.lower() in SECRET_PARAMS else value) for name, value in pairs]
    return f"{path}?{urlencode(cleaned, safe='[]')}"


class AccessLogRedaction(logging.Filter):
    """Rewrites the path argument of uvicorn's access record (client, method, path, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_url(args[2]), *args[3:])
        return True


def install_access_log_redaction() -> None:
    """Add the redacting filter to uvicorn's access logger once (idempotent; every app calls it)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, AccessLogRedaction) for existing in logger.filters):
        logger.addFilter(AccessLogRedaction())
