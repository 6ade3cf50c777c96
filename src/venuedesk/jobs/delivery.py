"""Delivery transports for outbox rows and the bounded exponential backoff between failed attempts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from venuedesk.workflow.reply import Reply

if TYPE_CHECKING:
    from venuedesk.store.uow import UnitOfWork

EMAIL_CHANNEL = "email"


@dataclass(frozen=True)
class Delivery:
    """One outbox row handed to a transport; `key` is stable across attempts so a transport can dedupe."""

    outbox_id: int
    thread_id: str
    channel: str
    reply: dict[str, Any]
    attempt: int
    uow: UnitOfWork | None = field(default=None, repr=False, compare=False)  # the job's, to read the thread in

    @property
    def key(self) -> str:
        return f"outbox-{self.outbox_id}"


Send = Callable[[], None]


class DeliveryPort(Protocol):
    """A transport that delivers a reply; raising means this attempt failed and will be retried."""

    def deliver(self, delivery: Delivery) -> None: ...


class DeliveryFailed(Exception):
    """A transport could not deliver this attempt; the message says why."""


class DeliveryRefused(DeliveryFailed):
    """Trying again cannot help (the recipient's server refused the message for good, no transport or address for
    the row): the row ends as `failed` at once instead of waiting out its retries."""


class InAppDelivery:
    """The in-app thread: the client reads replies from the thread, so delivering checks that the stored reply
    is a valid Reply of that thread (a corrupt row fails and ends as `failed` instead of showing garbage)."""

    def deliver(self, delivery: Delivery) -> None:
        """Accept a well-formed reply of the row's thread; raise DeliveryFailed otherwise."""
        try:
            reply = Reply.model_validate(delivery.reply)
        except ValidationError as exc:
            raise DeliveryFailed(f"outbox row {delivery.outbox_id} does not hold a valid Reply: {exc}") from exc
        if reply.thread_id != delivery.thread_id:
            raise DeliveryFailed(f"outbox row {delivery.outbox_id} holds a reply of thread {reply.thread_id!r}, "
                                 f"not of {delivery.thread_id!r}")


class ChannelDelivery:
    """Routes a row by its channel (the thread's): `email` to the mail transport, every other channel (chat, web,
    api, cli) to the in-app thread; an email row with no mail transport configured is refused with the reason."""

    def __init__(self, *, email: DeliveryPort | None = None, in_app: DeliveryPort | None = None) -> None:
        self.email = email
        self.in_app = in_app or InAppDelivery()

    def deliver(self, delivery: Delivery) -> None:
        """Hand the row to its channel's transport."""
        if delivery.channel != EMAIL_CHANNEL:
            self.in_app.deliver(delivery)
            return
        if self.email is None:
            raise DeliveryRefused(f"outbox row {delivery.outbox_id} is an email but no mail transport is configured "
                                  "(set VENUEDESK_SMTP_URL)")
        self.email.deliver(delivery)

    def prepare(self, delivery: Delivery) -> Send | None:
        """In-app rows are delivered in place (None: nothing left to send); an email row is prepared by its
        transport, whose send step then runs outside the row's transaction."""
        if delivery.channel != EMAIL_CHANNEL or self.email is None:
            self.deliver(delivery)
            return None
        return prepare(self.email, delivery)


def prepare(port: DeliveryPort, delivery: Delivery) -> Send | None:
    """Everything of a delivery that needs the row's unit of work (reading, composing); returns the network step to
    run after the transaction, or None when the port delivered in place (a port without `prepare`)."""
    two_phase = getattr(port, "prepare", None)
    if two_phase is None:
        port.deliver(delivery)
        return None
    result: Send | None = two_phase(delivery)
    return result


@dataclass(frozen=True)
class Backoff:
    """Attempt n (1-based) that fails waits base·factor^(n-1), at most `cap`; after `max_attempts` it is final."""

    base: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    cap: timedelta = timedelta(hours=1)
    max_attempts: int = 6

    def retry_at(self, failed_attempt: int, now: datetime) -> datetime | None:
        """When to try again after `failed_attempt` failed at `now`; None when no attempt is left."""
        if failed_attempt >= self.max_attempts:
            return None
        return now + min(self.base * self.factor ** (failed_attempt - 1), self.cap)
