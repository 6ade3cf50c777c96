"""Signed deep links in mail (docs/design.md §4.10): every action of a Reply, a manager's decision on a task, and
the read-only content of a thread (its `.ics` invite, its latest reply) as `{public_url}/l/{token}`.

A token is `<kind>.<itsdangerous token>`: the kind (`a` client action, `d` manager decision, `i` invite, `v` view)
picks the salt, so a token signed for one purpose never verifies as another. The payload names the thread, the
scope (client | manager) and a random nonce (the link's idempotency key, which makes a side effect single-use).
A link of another venue than `default` is `{public_url}/v/{venue}/l/{token}` and its payload names the venue too
(docs/tenancy.md), so it opens only at that venue; the default venue's links are as before tenancy.
Issue time comes from the injected clock, so expiry (`link_ttl_hours`) is checked on the desk's time.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from venuedesk.clock import Clock
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.actions import ActionError, parse_action
from venuedesk.workflow.reply import Action

LinkKind = Literal["action", "decision", "invite", "view"]
Scope = Literal["client", "manager"]
DECISIONS = ("approve", "reject")
LINK_PATH = "/l/"
_PREFIX: dict[LinkKind, str] = {"action": "a", "decision": "d", "invite": "i", "view": "v"}
_KIND = {prefix: kind for kind, prefix in _PREFIX.items()}
_SALT = "venuedesk.mail-link.{kind}"
# A download is served by its own content link, never posted back (docs/ARCHITECTURE.md "Actions").
CONTENT_ACTIONS: dict[str, LinkKind] = {"download_ics": "invite"}
OPEN_THREAD = "open_thread"  # a separate inquiry's new thread (opened by the desk for the same client): its view link


class LinkError(Exception):
    """A link that cannot be acted on; `status` is the HTTP status its page answers with."""

    reason: str = "forged"
    status: int = 400


class ForgedLink(LinkError):
    """The signature does not hold (tampered, another secret, another purpose, or not a link at all)."""


class ExpiredLink(LinkError):
    """The signature holds but the link is older than `link_ttl_hours` on the desk's clock."""

    reason = "expired"
    status = 410


@dataclass(frozen=True)
class Link:
    """A verified link: what it does, on which thread, for whom; `nonce` keys its single use."""

    kind: LinkKind
    thread_id: str | None  # None only on a decision link signed without its thread: the task's thread is used
    scope: Scope
    nonce: str
    action: str | None = None
    label: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    task_id: str | None = None
    decision: str | None = None
    manager_id: str | None = None
    venue: str = DEFAULT_VENUE

    @property
    def idempotency_key(self) -> str:
        """The key the desk stores the link's one side effect under."""
        return f"link:{self.nonce}"

    @property
    def has_side_effect(self) -> bool:
        """Whether following the link changes anything (a confirm page first, then a POST)."""
        return self.kind in ("action", "decision")


class _ClockSigner(TimestampSigner):
    """A timestamp signer whose time is the desk's injected clock, not `time.time()`."""

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock.now().timestamp())


class LinkSigner:
    """Signs and verifies deep links with the mail secret; one serializer (salt) per kind of link. `secret` may be
    a function, called once on the first link, so building an app writes no secret file until mail needs one."""

    def __init__(self, secret: str | Callable[[], str], clock: Clock, *, public_url: str, ttl_hours: int,
                 venue_id: str = DEFAULT_VENUE) -> None:
        self.public_url = public_url.rstrip("/")
        self.max_age = ttl_hours * 3600
        self.venue_id = venue_id
        self._secret = secret
        self._clock = clock
        self._lock = threading.Lock()
        self._ready: dict[LinkKind, URLSafeTimedSerializer] | None = None
        self._venues: dict[str, LinkSigner] = {venue_id: self}

    @classmethod
    def from_settings(cls, settings: MailSettings, secret: str | Callable[[], str], clock: Clock) -> LinkSigner:
        """A signer with the settings' public URL and link lifetime."""
        return cls(secret, clock, public_url=settings.public_url, ttl_hours=settings.link_ttl_hours)

    def for_venue(self, venue_id: str) -> LinkSigner:
        """The signer of `venue_id`'s links: the same secret and lifetime, its `/v/{venue}` prefix and payload."""
        with self._lock:
            signer = self._venues.get(venue_id)
            if signer is None:
                signer = LinkSigner(self._secret, self._clock, public_url=self.public_url,
                                    ttl_hours=self.max_age // 3600, venue_id=venue_id)
                self._venues[venue_id] = signer
            return signer

    @property
    def _serializers(self) -> dict[LinkKind, URLSafeTimedSerializer]:
        with self._lock:
            if self._ready is None:
                secret = self._secret() if callable(self._secret) else self._secret
                if not secret:
                    raise ValueError("the link secret is empty")
                self._ready = {kind: URLSafeTimedSerializer(secret, salt=_SALT.format(kind=kind), signer=_ClockSigner,
                                                            signer_kwargs={"clock": self._clock})
                               for kind in _PREFIX}
            return self._ready

    def for_action(self, thread_id: str, action: Action) -> str | None:
        """The link for one action of a Reply (the composer's `link_for`); None for an action a link cannot carry
        (unknown, invalid, or a download without its content link)."""
        content = CONTENT_ACTIONS.get(action.name)
        if content is not None:
            return self.for_content(thread_id, content)
        if action.name == OPEN_THREAD and isinstance(action.args.get("thread_id"), str):
            return self.for_content(action.args["thread_id"], "view")
        try:
            args = parse_action(action.name, action.args).model_dump(mode="json", exclude_none=True)
        except ActionError:
            return None
        return self._url("action", {"t": thread_id, "s": "client", "a": action.name, "g": args,
                                      "l": action.label})

    def for_decision(self, task_id: str, decision: str, manager_id: str, *, thread_id: str | None = None) -> str:
        """A manager's approve / reject link on `task_id`, signed for the manager who decides; with `thread_id`
        the link is refused (403) should the task turn out to belong to another thread."""
        if decision not in DECISIONS:
            raise ValueError(f"decision {decision!r} cannot be a link; use one of {', '.join(DECISIONS)}")
        return self._url("decision", {"t": thread_id, "s": "manager", "k": task_id, "d": decision, "m": manager_id})

    def for_content(self, thread_id: str, kind: LinkKind) -> str:
        """A side-effect-free GET link: the thread's `.ics` invite (`invite`) or its latest reply (`view`)."""
        if kind not in ("invite", "view"):
            raise ValueError(f"{kind!r} is not a content link; use invite or view")
        return self._url(kind, {"t": thread_id, "s": "client"})

    def verify(self, token: str) -> Link:
        """The link a token stands for; `ForgedLink` or `ExpiredLink` otherwise."""
        prefix, _, signed = token.partition(".")
        kind = _KIND.get(prefix)
        if kind is None or not signed:
            raise ForgedLink("not a venuedesk link")
        try:
            data = self._serializers[kind].loads(signed, max_age=self.max_age)
        except SignatureExpired as exc:
            raise ExpiredLink("the link has expired") from exc
        except BadSignature as exc:
            raise ForgedLink("the link's signature does not hold") from exc
        return _link(kind, data)

    def _url(self, kind: LinkKind, payload: dict[str, Any]) -> str:
        payload["n"] = secrets.token_urlsafe(12)
        base = self.public_url
        if self.venue_id != DEFAULT_VENUE:
            payload["v"] = self.venue_id
            base = f"{base}/v/{self.venue_id}"
        return f"{base}{LINK_PATH}{_PREFIX[kind]}.{self._serializers[kind].dumps(payload)}"


def _link(kind: LinkKind, data: Any) -> Link:
    """The payload of a verified token as a Link; a well-signed but malformed payload is still refused."""
    if not isinstance(data, dict) or not isinstance(data.get("n"), str) \
            or not (isinstance(data.get("t"), str) or kind == "decision" and data.get("t") is None):
        raise ForgedLink("the link's payload is malformed")
    scope: Scope = "manager" if kind == "decision" else "client"
    if data.get("s") != scope:
        raise ForgedLink("the link's scope does not match its kind")
    venue = data.get("v", DEFAULT_VENUE)
    if not isinstance(venue, str):
        raise ForgedLink("the link's venue is malformed")
    if kind == "action":
        if not isinstance(data.get("a"), str) or not isinstance(data.get("g", {}), dict):
            raise ForgedLink("the link's action is malformed")
        return Link(kind, data["t"], scope, data["n"], action=str(data.get("a")), label=_text(data.get("l")),
                    args=dict(data.get("g") or {}), venue=venue)
    if kind == "decision":
        return Link(kind, data["t"], scope, data["n"], task_id=str(data.get("k")), decision=str(data.get("d")),
                    manager_id=str(data.get("m")), venue=venue)
    return Link(kind, data["t"], scope, data["n"], venue=venue)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
