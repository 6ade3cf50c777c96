"""Rate limits on thread creation and messages, per address and per token (issue 13, docs/abuse.md): an ASGI
middleware over the JSON API, ChatKit and so the web pages (which speak the JSON API). Over a limit the request is
answered 429 with `Retry-After` and the API's JSON error, before anything else runs.

Counting is the `limits` library's moving window, in this process's memory, or in Redis when
`VENUEDESK_REDIS_URL` is set so every API process shares the counts. The limits are venue settings
(workflow/abuse_limits.py), read at most every few seconds. Addresses are counted by their keyed hash only, tokens
by a hash; a storage that fails lets the request through (logged once), it never takes the desk down.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from venuedesk.domain.abuse import AbuseLimits
from venuedesk.transports.client_ip import IpHasher, Network, client_address
from venuedesk.transports.limits import ASGIApp, Message, Receive, Scope, Send, error_body, replay_body

log = logging.getLogger("venuedesk.rate_limit")
REFRESH_SECONDS = 5.0
THREAD_MESSAGES = re.compile(r"^/api/threads/[^/]+/(messages|actions)$")
DECISIONS = re.compile(r"^/api/hil/tasks/[^/]+/(approve|edit|reject)$")
CHATKIT_KINDS = {"threads.create": "thread", "threads.add_user_message": "message",
                 "threads.custom_action": "message", "threads.retry_after_item": "message"}
WORDS = {"thread": "new threads", "message": "messages"}


def storage_for(redis_url: str | None) -> Storage:
    """Redis storage when a URL is given (shared by every API process), else this process's memory."""
    if not redis_url:
        return MemoryStorage()
    storage = storage_from_string(redis_url)
    if not isinstance(storage, Storage):
        raise ValueError(f"VENUEDESK_REDIS_URL must name a Redis server (redis://host:port/db), not {redis_url!r}")
    return storage


class RateLimiter:
    """Counts hits per (kind, address or token) in a moving window under the venue's limits."""

    def __init__(self, storage: Storage, limits_now: Callable[[], AbuseLimits], *, namespace: str = "venuedesk",
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.strategy = MovingWindowRateLimiter(storage)
        self.limits_now = limits_now
        self.namespace = namespace
        self.refresh_seconds = refresh_seconds
        self._limits: tuple[float, AbuseLimits] | None = None
        self._storage_failed = False

    def limits(self) -> AbuseLimits:
        """The venue's limits, read again when the last read is older than `refresh_seconds`."""
        now = time.monotonic()
        if self._limits is None or now - self._limits[0] >= self.refresh_seconds:
            self._limits = (now, self.limits_now())
        return self._limits[1]

    def forget_limits(self) -> None:
        """Read the limits again on the next request (after this process changed them)."""
        self._limits = None

    def refusal(self, kind: str, ip_hash: str, token: str | None) -> tuple[str, int] | None:
        """(why, seconds to wait) when this request passes a limit; else None, and the request is counted."""
        limits = self.limits()
        checks = [(getattr(limits, f"{kind}s_per_ip"), "ip", ip_hash, "this address")]
        if token:
            checks.append((getattr(limits, f"{kind}s_per_token"), "token", _token_hash(token), "this token"))
        for rate, scope, who, words in checks:
            if rate is None:
                continue
            item = parse(rate)
            if not self._hit(item, kind, scope, who):
                wait = self._wait(item, kind, scope, who)
                return (f"too many {WORDS[kind]} from {words}: the limit is {rate}; try again in {wait} s", wait)
        return None

    def _hit(self, item: RateLimitItem, *keys: str) -> bool:
        try:
            return bool(self.strategy.hit(item, self.namespace, *keys))
        except Exception:  # a storage that fails lets the request through
            if not self._storage_failed:
                log.exception("rate-limit storage failed; requests pass unlimited until it answers again")
            self._storage_failed = True
            return True

    def _wait(self, item: RateLimitItem, *keys: str) -> int:
        try:
            reset = self.strategy.get_window_stats(item, self.namespace, *keys).reset_time
        except Exception:
            return 1
        return max(1, math.ceil(reset - time.time()))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _token(scope: Scope) -> str | None:
    """The bearer token, else the ChatKit cookie's token (what authenticates the request)."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            kind, _, token = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and token.strip():
                return token.strip()
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, token = part.strip().partition("=")
                if key == "venuedesk_chatkit_token" and token:
                    return token
    return None


def _chatkit_kind(body: bytes) -> str | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    return CHATKIT_KINDS.get(str(parsed.get("type"))) if isinstance(parsed, dict) else None


class RateLimitMiddleware:
    """Names the request's address hash in `request.state.client_ip_hash` and refuses requests over a limit."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, hasher: IpHasher, proxies: tuple[Network, ...]) -> None:
        self.app = app
        self.limiter = limiter
        self.hasher = hasher
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        ip_hash = self.hasher(client_address(scope, self.proxies))
        scope.setdefault("state", {})["client_ip_hash"] = ip_hash
        path = scope.get("path", "")
        kind: str | None = None
        if path == "/api/threads":
            kind = "thread"
        elif THREAD_MESSAGES.match(path) or DECISIONS.match(path):
            kind = "message"
        elif path == "/chatkit":
            body, receive = await _buffered(receive)
            kind = _chatkit_kind(body)
        refused = self.limiter.refusal(kind, ip_hash, _token(scope)) if kind else None
        if refused is None:
            await self.app(scope, receive, send)
            return
        why, wait = refused
        payload = error_body("rate_limited", why)
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
            (b"retry-after", str(wait).encode())]})
        await send({"type": "http.response.body", "body": payload})


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (BodyLimitMiddleware, outside, has capped its size) and a receive that plays it again."""
    chunks: list[bytes] = []
    more = True
    while more:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body", False))
    body = b"".join(chunks)
    return body, replay_body(body, receive)


def client_ip_hash(state: MutableMapping[str, Any] | Any) -> str | None:
    """The address hash the middleware named for this request (None when it did not run)."""
    return getattr(state, "client_ip_hash", None)
