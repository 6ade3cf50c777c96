"""Running the app under uvicorn for `venuedesk serve`."""

from __future__ import annotations

import sys

import uvicorn

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
    if workers > 1 or reload:
        desk.engine.dispose()
        uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, reload=reload, log_config=None,
                    server_header=False)
        return
    uvicorn.run(create_app(desk, settings=settings), host=host, port=port, log_config=None, server_header=False)
