"""Bearer tokens: a client's thread token opens only its own threads (the one it was issued for and those the desk
opened for the same client's separate inquiries); a manager account's personal or session token opens the manager
API with its role (docs/accounts.md); the shared manager token does so only until the first owner account exists.
Failed authentication is throttled per IP address (accounts/throttle.py)."""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from venuedesk.accounts.service import BOOTSTRAP, PERSONAL_PREFIX, SESSION_PREFIX, Account, holder, owner_exists
from venuedesk.accounts.throttle import FailureThrottle
from venuedesk.secret_file import read_or_create_secret_file
from venuedesk.store.token_hash import token_digest
from venuedesk.transports.api.errors import ApiError
from venuedesk.transports.api.token_cache import TokenCache
from venuedesk.transports.venues import desk_for, request_venue
from venuedesk.workflow.desk import Desk

MANAGER_TOKEN_FILE = "manager_token"
MAX_TOKEN_CHARS = 200
client_bearer = HTTPBearer(auto_error=False, scheme_name="ClientToken",
                           description="The thread's `client_token` from POST /api/threads.")
manager_bearer = HTTPBearer(auto_error=False, scheme_name="ManagerToken",
                            description="A manager account's personal token (`venuedesk users token`) or session "
                                        "token (POST /api/session); before the first owner account exists, "
                                        "VENUEDESK_MANAGER_TOKEN or the token in $VENUEDESK_HOME/manager_token.")
BOOTSTRAP_RETIRED = ("the shared manager token only bootstraps the first owner account, and an owner account exists "
                     "now: send your personal token (`venuedesk users token --email you@example.com`) or a session "
                     "token from POST /api/session")
CHALLENGE = {"WWW-Authenticate": "Bearer"}
ACCOUNT_TOKEN_PREFIXES = (PERSONAL_PREFIX, SESSION_PREFIX)


@dataclass(frozen=True)
class ManagerToken:
    """The manager token and where it came from (env, argument, or the file it was read from or written to)."""

    value: str
    path: Path | None = None
    created: bool = False


def load_or_create_manager_token(home: Path, *, announce: bool = True) -> ManagerToken:
    """Read `home/manager_token`, or create it once (0600, atomically) and print the new token on stderr."""
    stored = read_or_create_secret_file(home / MANAGER_TOKEN_FILE, lambda: f"mgr_{secrets.token_urlsafe(32)}",
                                        what="manager token")
    if stored.created and announce:
        print(f"venuedesk: new manager token (stored in {stored.path}, mode 0600): {stored.value}", file=sys.stderr,
              flush=True)
    return ManagerToken(stored.value, stored.path, created=stored.created)


def same_token(given: str, expected: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII input."""
    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token sent (401 when missing, blank or longer than any token we issue)."""
    if credentials is None or not credentials.credentials.strip():
        raise ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`", headers=CHALLENGE)
    if len(credentials.credentials) > MAX_TOKEN_CHARS:
        raise ApiError(401, "unauthorized", "the bearer token is not valid", headers=CHALLENGE)
    return credentials.credentials


def _desk(request: Request) -> Desk:
    return desk_for(request)


def _manager_value(request: Request) -> str:
    return request.app.state.manager_token.value


def _client_owns(request: Request, token: str, thread_id: str) -> bool | None:
    """Whether this client token opens `thread_id` (a thread holds the token of the client it belongs to: a
    separate inquiry's thread shares it); None when the token opens no thread at all. Confirmed pairs are cached
    per process."""
    cache: TokenCache = request.app.state.token_cache
    key = _pair(request, thread_id, token)
    if cache.get(key) is not None:
        return True
    with _desk(request).reader() as uow:
        if uow.threads.opened_by(thread_id, token) is not None:
            cache.put(key, thread_id)
            return True
    return False if _opens_a_thread(request, token) else None


def _opens_a_thread(request: Request, token: str) -> bool:
    """Whether this is any thread's client token (looked up by its digest)."""
    with _desk(request).reader() as uow:
        return uow.threads.by_token(token) is not None


def remember_client(request: Request, thread_id: str, token: str) -> None:
    """Cache a thread's client token as soon as the thread is opened, so its first turn on this process need not
    read the thread to authenticate."""
    cache: TokenCache = request.app.state.token_cache
    cache.put(_pair(request, thread_id, token), thread_id)


def _pair(request: Request, thread_id: str, token: str) -> str:
    """The cache key: the venue, the thread and the token's digest (the process keeps no raw token)."""
    return f"{request_venue(request)}\x00{thread_id}\x00{token_digest(token)}"


def client_address(request: Request) -> str:
    """The peer's IP address as the server sees it (behind a proxy: the proxy's, unless uvicorn is told to trust
    X-Forwarded-For with --forwarded-allow-ips)."""
    return request.client.host if request.client is not None else "unknown"


def _throttle(request: Request) -> FailureThrottle:
    return request.app.state.auth_throttle


def refuse_if_throttled(request: Request, *keys: str) -> None:
    """429 with Retry-After while this IP address (or another key, e.g. an account) has failed too often."""
    throttle = _throttle(request)
    for key in (f"ip:{client_address(request)}", *keys):
        wait = throttle.retry_after(key)
        if wait is not None:
            raise ApiError(429, "too_many_failures", f"too many failed sign-ins; try again in {wait} seconds",
                           headers={"Retry-After": str(wait)})


def count_failure(request: Request, *keys: str) -> None:
    """Count one failed authentication against this IP address (and the other keys)."""
    throttle = _throttle(request)
    for key in (f"ip:{client_address(request)}", *keys):
        throttle.failed(key)


def _bootstrap_open(request: Request) -> bool:
    """Whether the shared manager token still works in the request's venue: until an owner account of that venue
    exists (remembered per process once true, since an owner account is never deleted)."""
    seen_in: set[str] = request.app.state.owner_seen
    venue_id = request_venue(request)
    if venue_id in seen_in:
        return False
    with _desk(request).reader() as uow:
        seen = owner_exists(uow.session)
    if seen:
        seen_in.add(venue_id)
    return not seen


def manager_account(request: Request, token: str) -> Account | None:
    """The account a manager token speaks for, or None; ApiError 401 for the shared token once it is retired."""
    if same_token(token, _manager_value(request)):
        if not _bootstrap_open(request):
            raise ApiError(401, "bootstrap_token_retired", BOOTSTRAP_RETIRED, headers=CHALLENGE)
        return BOOTSTRAP
    if not token.startswith(ACCOUNT_TOKEN_PREFIXES):
        return None  # a client's token: no account lookup
    desk = _desk(request)
    with desk.reader() as uow:
        return holder(uow.session, token, desk.clock.now())


def _require_account(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Account:
    refuse_if_throttled(request)
    token = bearer_token(credentials)
    account = manager_account(request, token)
    if account is not None:
        request.state.account = account
        return account
    if _opens_a_thread(request, token):
        raise ApiError(403, "forbidden", "this endpoint needs a manager's token, not a thread's client token")
    count_failure(request)
    raise ApiError(401, "unauthorized", "the bearer token is not the manager token or a manager account's token",
                   headers=CHALLENGE)


def require_manager(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]
) -> str:
    """401 without a valid token; 403 for a client's thread token; the account's audit name otherwise (any role:
    reading is open to viewers)."""
    return _require_account(request, credentials).actor


def require_account(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]
) -> Account:
    """As require_manager, and the whole account (audit name and role): what the console shows its user."""
    return _require_account(request, credentials)


def require_decider(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]
) -> str:
    """As require_manager, and 403 for a viewer: deciding tasks, marking deposits and changing settings need the
    owner or manager role. The account's audit name comes back."""
    account = _require_account(request, credentials)
    if not account.may_decide:
        raise ApiError(403, "forbidden", f"the account {account.actor} has the role {account.role}, which may read "
                       "but not decide tasks or change settings; an owner or manager account must do this")
    return account.actor


def require_owner(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]
) -> Account:
    """As require_manager, and 403 unless the account is an owner (or the bootstrap token): managing accounts."""
    account = _require_account(request, credentials)
    if account.role != "owner":
        raise ApiError(403, "forbidden", f"the account {account.actor} has the role {account.role}; only an owner "
                       "manages accounts")
    return account


def is_manager(request: Request, token: str) -> bool:
    """Whether the bearer token is a manager's (any role)."""
    try:
        return manager_account(request, token) is not None
    except ApiError:
        return False


def authorize_thread(request: Request, token: str, thread_id: str, *, manager_may_read: bool) -> None:
    """A client token opens its own threads only: another thread, known or not, is 404 (existence never leaks)."""
    refuse_if_throttled(request)
    if manager_may_read and is_manager(request, token):
        return
    owns = _client_owns(request, token, thread_id)
    if owns is None:
        count_failure(request)
        raise ApiError(401, "unauthorized", "the bearer token opens no thread; use the client_token that "
                       "POST /api/threads returned", headers=CHALLENGE)
    if not owns:
        raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")


async def client_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(client_bearer)]
) -> str:
    """The bearer token of a client request (401 when missing); async, so it runs on the event loop."""
    return bearer_token(credentials)
