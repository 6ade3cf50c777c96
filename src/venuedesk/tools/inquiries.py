"""`inquiry_open`: a second, separate inquiry in a thread gets a thread of its own (docs/design.md §4.3), once."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import Field

from venuedesk.tools.booking_models import Strict
from venuedesk.tools.context import BookingToolContext

INQUIRY_CHARS = 4000


class InquiryOpenArgs(Strict):
    inquiry: str = Field(min_length=1, max_length=INQUIRY_CHARS,
                         description="the words of the separate inquiry, as the client wrote them")


class InquiryOpenResult(Strict):
    """`opened` (a new thread) or `already_open` (this inquiry opened it before: a redelivery)."""

    status: Literal["opened", "already_open"]
    thread_id: str


def spawned_thread_id(origin: str, inquiry: str) -> str:
    """The new thread's id: stable for the same origin thread and inquiry words (a redelivery maps to it)."""
    digest = hashlib.sha256(f"{origin}\n{' '.join(inquiry.split()).lower()}".encode()).hexdigest()[:16]
    return f"thr_{digest}"


def inquiry_open(ctx: BookingToolContext, args: InquiryOpenArgs) -> InquiryOpenResult:
    """Open the inquiry's thread for the same client (token, channel, providers) unless it exists."""
    threads = ctx.uow.threads
    thread_id = spawned_thread_id(ctx.thread_id, args.inquiry)
    if threads.get(thread_id) is not None:
        return InquiryOpenResult(status="already_open", thread_id=thread_id)
    origin = threads.get(ctx.thread_id)
    if origin is None:
        raise LookupError(f"thread {ctx.thread_id!r} does not exist")
    threads.create(thread_id, client_token_hash=origin.client_token_hash, channel=origin.channel,
                   created_at=ctx.now, language=ctx.state.language, providers=dict(origin.providers or {}))
    return InquiryOpenResult(status="opened", thread_id=thread_id)
