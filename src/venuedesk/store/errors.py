"""Database problems a person can fix (a bad URL, an unsupported backend, a database that cannot be reached),
as exceptions whose message is one line saying what, where (the URL without its password) and what to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
URL_EXAMPLES = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:5432/NAME"


class DatabaseSetupError(RuntimeError):
    """A database problem the operator fixes outside the code; the message is one line, password hidden."""


class DatabaseUrlError(DatabaseSetupError):
    """VENUEDESK_DATABASE_URL cannot be used: it does not parse, or names a database venuedesk does not run on."""


class DatabaseUnreachable(DatabaseSetupError):
    """The database cannot be opened: server down, wrong host or port, wrong credentials, missing folder."""


def safe_url(url: str | URL) -> str:
    """The URL for messages and logs: the password replaced by ***, even when the URL does not parse."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        parsed = make_url(url)
    except (sa_exc.ArgumentError, ValueError):
        return _redact(url)
    if "@" in (parsed.host or ""):  # an unescaped @ in the password: the parser took part of it for the host
        return _redact(url)
    return parsed.render_as_string(hide_password=True)


def _redact(url: str) -> str:
    """Hide the password of a URL SQLAlchemy cannot parse: everything between the user's `:` and the last `@`."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    start = head.find("//")
    start = start + 2 if start >= 0 else 0
    user, colon, _password = head[start:].partition(":")
    return f"{head[:start]}{user}{':***' if colon else ''}@{tail}"


def parse_database_url(url: str | URL) -> URL:
    """The parsed URL of a supported backend; DatabaseUrlError saying what is wrong and what would work."""
    if isinstance(url, URL):
        parsed = url
    else:
        try:
            parsed = make_url(url)
        except (sa_exc.ArgumentError, ValueError) as exc:
            raise DatabaseUrlError(
                f"VENUEDESK_DATABASE_URL is not a database URL ({safe_url(url)!r}); "
                f"set it to {URL_EXAMPLES}"
            ) from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseUrlError(
            f"unsupported database {backend!r} in VENUEDESK_DATABASE_URL ({safe_url(parsed)}); "
            f"venuedesk runs on SQLite or PostgreSQL: set it to {URL_EXAMPLES}"
        )
    return parsed


def driver_missing(url: URL, error: BaseException) -> DatabaseUrlError:
    """The error for a URL whose SQLAlchemy dialect or DB-API driver cannot be loaded."""
    return DatabaseUrlError(
        f"cannot load the database driver {url.drivername!r} for {safe_url(url)} ({_first_line(error)}); "
        f"use {URL_EXAMPLES} (PostgreSQL needs the postgres extra: pip install 'venuedesk[postgres]')"
    )


@contextmanager
def reaching(url: str | URL) -> Iterator[None]:
    """Turn a failure to connect to `url` into DatabaseUnreachable (one line, password hidden)."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
        raise unreachable(url, exc) from exc


def unreachable(url: str | URL, error: BaseException) -> DatabaseUnreachable:
    """The error for a database that refused or failed the connection, with the driver's reason."""
    where = safe_url(url)
    reason = _first_line(getattr(error, "orig", None) or error)
    password = _password(url)
    if password:
        reason = reason.replace(password, "***")
    backend = _backend(url)
    if backend == "sqlite":
        todo = "check that the folder exists and is writable, or point VENUEDESK_DATABASE_URL elsewhere"
    else:
        todo = ("check that the server is running and reachable and the credentials are right, "
                "or point VENUEDESK_DATABASE_URL at one that is")
    return DatabaseUnreachable(f"cannot open the database {where}: {reason}; {todo}")


def _first_line(error: BaseException | object) -> str:
    text = str(error).strip()
    first = text.splitlines()[0].strip() if text else ""
    return first or type(error).__name__


def _password(url: str | URL) -> str | None:
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (sa_exc.ArgumentError, ValueError):
        return None
    return parsed.password or None


def _backend(url: str | URL) -> str:
    try:
        return (url if isinstance(url, URL) else make_url(url)).get_backend_name()
    except (sa_exc.ArgumentError, ValueError):
        return ""
