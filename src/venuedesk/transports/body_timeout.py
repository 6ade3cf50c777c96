"""An ASGI middleware that bounds the time to receive a whole request body (slowloris on the body): uvicorn's
`timeout_keep_alive` only bounds the wait between requests, so a client that sends its headers and then trickles
the body a byte at a time would hold a connection and a request slot forever. Past the deadline the request gets
408 with the reason, and the connection is closed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from venuedesk.transports.limits import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_BODY_TIMEOUT_SECONDS = 10.0


class BodyTimeoutMiddleware:
    """Gives each HTTP request `seconds` from its start to deliver its whole body; past that it answers 408 itself
    (unless the app had started its response), tells the app the client is gone and drops whatever the app sends after. Reads after the body (such as a
    stream waiting for the client to disconnect) are not bounded."""

    def __init__(self, app: ASGIApp, seconds: float = DEFAULT_BODY_TIMEOUT_SECONDS) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self.seconds
        body_done = refused = started = False

        async def bounded() -> Message:
            nonlocal body_done, refused
            if body_done or refused:
                return {"type": "http.disconnect"} if refused else await receive()
            try:
                async with asyncio.timeout_at(deadline):  # no task per read, unlike wait_for
                    message = await receive()
            except TimeoutError:
                if not started:
                    await self._refuse(send)
                refused = True
                return {"type": "http.disconnect"}
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, bounded, sending)

    async def _refuse(self, send: Send) -> None:
        body = error_body("request_timeout", f"the request body did not arrive within {self.seconds:g} seconds; "
                                             "send it whole and without pauses")
        await send({"type": "http.response.start", "status": 408,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
