"""Running the app under uvicorn for `venuedesk serve`."""

from __future__ import annotations

import socket
import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

from venuedesk.transports.app import create_app, desk_from_env, resolve_manager_token
from venuedesk.transports.settings import ServerSettings

FACTORY = "venuedesk.transports.app:app_from_env"


def serve(host: str, port: int, *, workers: int = 1, reload: bool = False) -> None:
    """Prepare the database and manager token once, print where to go, then run uvicorn until stopped."""
    settings = ServerSettings()
    desk = desk_from_env()
    token = resolve_manager_token(settings)
    if token.path is None:
        where = "from VENUEDESK_MANAGER_TOKEN"
    else:
        where = f"printed above, stored in {token.path}" if token.created else f"in {token.path}"
    print(f"venuedesk: serving {desk.venue.name} on http://{host}:{port} (API docs: http://{host}:{port}/docs); "
          f"manager token {where}", file=sys.stderr, flush=True)
    if reload:
        desk.engine.dispose()
        uvicorn.run(FACTORY, factory=True, host=host, port=port, reload=True, log_config=None, server_header=False)
        return
    if workers > 1:
        desk.engine.dispose()
        config = uvicorn.Config(FACTORY, factory=True, host=host, port=port, workers=workers, log_config=None,
                                server_header=False)
        Multiprocess(config, sockets=[tcp_socket(host, port)]).run()
        return
    uvicorn.run(create_app(desk, settings=settings, run_jobs=True), host=host, port=port, log_config=None, server_header=False)


def tcp_socket(host: str, port: int) -> socket.socket:
    """A listening socket shared by the workers, created as IPPROTO_TCP so asyncio sets TCP_NODELAY on every
    accepted connection (uvicorn's own multi-worker socket has proto 0, which leaves Nagle on and adds ~40 ms
    to each reply on a kept-alive connection)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
