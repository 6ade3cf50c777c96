"""One soak conversation over HTTP: a client books a room (inquiry, room, catering, the manager approves the offer)
and then either goes on to a confirmed booking (accept, billing, deposit paid by the signed webhook, the manager
approves the confirmation, the `.ics`) or declines the offer, which frees the room again. Every client message and
action carries its own Idempotency-Key and is recorded with the turn its reply names, so the soak can count each
reply in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from venuedesk.round_robin import RoundRobin

BILLING = "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"
ROOM_NAMES = {"room-a": "Room A", "room-b": "Room B", "room-d": "Room D"}


class FlowError(RuntimeError):
    """A request of the conversation failed or answered something the flow did not expect."""


@dataclass(frozen=True)
class Sent:
    """One client message or action: its thread, its Idempotency-Key and the turn its reply names."""

    thread_id: str
    key: str
    turn_id: str


@dataclass
class Conversation:
    """What one conversation did: its sends, request latencies (start time, seconds) and how it ended."""

    sent: list[Sent] = field(default_factory=list)
    latencies: list[tuple[float, float]] = field(default_factory=list)
    status: str = ""


@dataclass(frozen=True)
class Credentials:
    """The manager token and payment webhook secret every API process shares."""

    manager_token: str
    payment_secret: str


class Flow:
    """The requests of one conversation, each timed; an unexpected answer raises FlowError."""

    def __init__(self, http: RoundRobin, credentials: Credentials, conversation: Conversation,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.http, self.credentials, self.conversation = http, credentials, conversation
        self.clock = clock
        self.thread_id, self.token = "", ""

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        start = self.clock()
        response = self.http.request(method, url, **kwargs)
        self.conversation.latencies.append((start, self.clock() - start))
        if response.status_code >= 400:
            raise FlowError(f"{method} {url}: {response.status_code} {response.text[:300]}")
        return response

    def _manager(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials.manager_token}"}

    def _client(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}

    def open(self) -> None:
        created = self._request("POST", "/api/threads").json()
        self.thread_id, self.token = created["thread_id"], created["client_token"]

    def _turn(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        key = f"soak-{secrets.token_hex(8)}"
        reply = dict(self._request("POST", f"/api/threads/{self.thread_id}/{path}", json=body,
                                   headers=self._client(key)).json())
        self.conversation.sent.append(Sent(self.thread_id, key, reply["turn_id"]))
        return reply

    def say(self, text: str, sender: str | None = None) -> dict[str, Any]:
        return self._turn("messages", {"text": text, "sender": sender} if sender else {"text": text})

    def act(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        return self._turn("actions", {"name": name, "args": args})

    def event(self) -> dict[str, Any]:
        view = self._request("GET", f"/api/threads/{self.thread_id}",
                             headers={"Authorization": f"Bearer {self.token}"}).json()
        return dict(view["event"] or {})

    def approve(self, task_id: str) -> None:
        self._request("POST", f"/api/hil/tasks/{task_id}/approve", headers=self._manager())

    def open_task(self, wanted: str) -> str:
        tasks = self._request("GET", "/api/hil/tasks", params={"status": "open", "limit": 200},
                              headers=self._manager()).json()
        mine = [task["task_id"] for task in tasks if task["thread_id"] == self.thread_id and task["type"] == wanted]
        if not mine:
            raise FlowError(f"no open {wanted} task on {self.thread_id}")
        return str(mine[0])

    def pay(self, offer_id: str, amount: float) -> None:
        raw = json.dumps({"offer_id": offer_id, "amount": amount, "currency": "CHF",
                          "reference": f"soak-{self.thread_id}"}).encode()
        signature = hmac.new(self.credentials.payment_secret.encode(), raw, hashlib.sha256).hexdigest()
        self._request("POST", "/api/payments/webhook", content=raw,
                      headers={"Content-Type": "application/json", "X-Venuedesk-Signature": signature})


def converse(http: RoundRobin, credentials: Credentials, day: date, room: str, *, book: bool) -> Conversation:
    """Play one conversation on `day` in `room`: to Confirmed when `book`, else to the offer and a decline."""
    conversation = Conversation()
    flow = Flow(http, credentials, conversation)
    flow.open()
    flow.say(f"Hi, we'd like a workshop for 20 people on {day.day} {day.strftime('%B %Y')}, 9 to 5.",
             sender=f"soak-{secrets.token_hex(4)}@example.com")
    flow.say(f"{ROOM_NAMES[room]} please")
    offered = flow.say("Coffee and snacks and lunch for everyone please")
    task = (offered.get("hil") or {}).get("task_id") or flow.open_task("offer_approval")
    flow.approve(task)
    offer = flow.event()["offer"]
    if not book:
        flow.act("decline_offer", {"offer_id": offer["offer_id"]})
        conversation.status = flow.event()["status"]
        return conversation
    flow.act("accept_offer", {"offer_id": offer["offer_id"]})
    flow.say(BILLING)
    event = flow.event()
    if event["deposit"]["required"] and not event["deposit"]["paid_at"]:
        flow.pay(offer["offer_id"], event["deposit"]["amount"])
    flow.approve(flow.open_task("confirmation_approval"))
    if b"BEGIN:VEVENT" not in flow._request("GET", f"/api/threads/{flow.thread_id}/calendar.ics",
                                            headers={"Authorization": f"Bearer {flow.token}"}).content:
        raise FlowError(f"the .ics of {flow.thread_id} has no VEVENT")
    conversation.status = flow.event()["status"]
    return conversation
