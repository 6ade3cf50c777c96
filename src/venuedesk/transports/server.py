"""Running the app under uvicorn for `venuedesk serve`."""

from __future__ import annotations

import socket
import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import ChangeReload, Multiprocess

from venuedesk.accounts.strength import WeakManagerToken, weak_token_problem
from venuedesk.transports.api.auth import ManagerToken
from venuedesk.transports.app import create_app, desk_from_env, resolve_manager_token
from venuedesk.transports.listen import host_port, listening_socket
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

FACTORY = "venuedesk.transports.app:app_from_env"
GRACEFUL_TIMEOUT_SECONDS = 20
UVICORN_OPTIONS: dict[str, Any] = {"log_config": None, "server_header": False}


def serve(host: str, port: int, *, workers: int = 1, reload: bool = False,
          smtp: tuple[str, int] | None = None, graceful_timeout: int = GRACEFUL_TIMEOUT_SECONDS,
          limit_concurrency: int | None = None) -> None:
    """Bind the port, prepare the database and manager token, print where to go, then run uvicorn until stopped;
    with `smtp` (host, port) the mail listener runs beside it and stops with the server; `limit_concurrency` is
    uvicorn's cap on connections and requests in progress per process (503 beyond it). On SIGTERM or SIGINT it
    stops accepting connections and gives the requests under way `graceful_timeout` seconds to finish.

    The port is bound first, so a busy port (ListenError) or an unusable database (DatabaseSetupError) stops
    start-up before the "serving" line is printed."""
    sock = listening_socket(host, port)
    listener = None
    try:
        settings = ServerSettings()
        desk = desk_from_env()
        token = resolve_manager_token(settings)
        refuse_weak_token(token)
        if token.path is None:
            where = "from VENUEDESK_MANAGER_TOKEN"
        else:
            where = f"printed above, stored in {token.path}" if token.created else f"in {token.path}"
        address = f"http://{host_port(host, sock.getsockname()[1])}"
        if smtp is not None:
            listener = _start_smtp(desk, settings, smtp)
        print(f"venuedesk: serving {desk.venue.name} on {address} (API docs: {address}/docs); "
              f"manager token {where}", file=sys.stderr, flush=True)
        options = dict(UVICORN_OPTIONS, timeout_graceful_shutdown=graceful_timeout,
                       limit_concurrency=limit_concurrency)
        if reload:
            desk.engine.dispose()
            config = uvicorn.Config(FACTORY, factory=True, reload=True, **options)
            ChangeReload(config, target=uvicorn.Server(config).run, sockets=[sock]).run()
        elif workers > 1:
            desk.engine.dispose()
            config = uvicorn.Config(FACTORY, factory=True, workers=workers, **options)
            Multiprocess(config, sockets=[sock]).run()
        else:
            config = uvicorn.Config(create_app(desk, settings=settings, run_jobs=True), **options)
            uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C after a graceful shutdown: uvicorn re-raises the signal it captured
    finally:
        if listener is not None:
            listener.stop()
        sock.close()


def refuse_weak_token(token: ManagerToken) -> None:
    """Stop start-up (WeakManagerToken: one line, exit 2) when the manager token is empty, short or predictable."""
    source = "VENUEDESK_MANAGER_TOKEN" if token.path is None else str(token.path)
    problem = weak_token_problem(token.value, source)
    if problem is not None:
        raise WeakManagerToken(problem)


def _start_smtp(desk: Desk, settings: ServerSettings, smtp: tuple[str, int]) -> Any:
    """Start the SMTP listener beside the HTTP server and say where it receives mail."""
    from venuedesk.calendars.wiring import calendar_reader
    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.transports.mail.smtp_listener import start_listener

    mail = MailSettings()
    listener = start_listener(desk, mail, settings.home, *smtp, calendars_for=calendar_reader)
    print(f"venuedesk: receiving mail for @{mail.domain} on smtp://{host_port(smtp[0], listener.port)}",
          file=sys.stderr, flush=True)
    return listener


def tcp_socket(host: str, port: int) -> socket.socket:
    """A listening socket shared by the workers, created as IPPROTO_TCP so asyncio sets TCP_NODELAY on every
    accepted connection (uvicorn's own multi-worker socket has proto 0, which leaves Nagle on and adds ~40 ms
    to each reply on a kept-alive connection)."""
    return listening_socket(host, port)
