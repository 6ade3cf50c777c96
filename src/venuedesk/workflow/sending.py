"""A message that reaches the client (the reply to a client's message, a manager decision, an auto-sent notice, a
job): appended to the thread, queued in the outbox on the thread's channel and audited, in the caller's unit of
work."""

from __future__ import annotations

from typing import Literal

from venuedesk.workflow.audit import record_sent
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.turn import Turn

Review = Literal["auto", "approved", "edited"]
DEFAULT_CHANNEL = "chat"


def send_to_client(
    turn: Turn, reply: Reply, review: Review, *, actor: str | None = None, kind: str | None = None
) -> Reply:
    """Store `reply` as sent to the client once: thread message, outbox row and an audit entry naming `review`,
    by `actor` (the turn's unless given) and of autonomy `kind` when it has one."""
    state, now = turn.state, turn.now
    stored = reply.model_dump(mode="json")
    record_sent(state, reply, now, actor=actor or turn.actor, review=review, kind=kind)
    turn.uow.messages.append(state.thread_id, "desk", reply.body_markdown, turn.turn_id, now, stored)
    turn.uow.outbox.queue(state.thread_id, stored, channel=channel_of(turn), created_at=now)
    return reply


def channel_of(turn: Turn) -> str:
    """The channel the thread's replies leave by (`threads.channel`: chat, email, …); chat for an unknown thread."""
    thread = turn.uow.threads.get(turn.state.thread_id)
    return thread.channel if thread is not None else DEFAULT_CHANNEL
