"""Mail identities that thread a conversation (pure): the Message-ID of an outbound reply, which names its thread,
and the plus-addressed Reply-To `desk+<token>@domain`, whose token is an HMAC-signed thread reference.

A client's answer names the thread twice over: its In-Reply-To / References carry our Message-ID, and it is sent
to the Reply-To address. Either alone finds the thread; neither can be forged into another thread's id.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_OUTBOUND_ID = re.compile(r"^<?vd\.(?P<outbox>\d+)\.(?P<thread>thr_[A-Za-z0-9]+)@(?P<domain>[^>\s]+)>?$")
_TOKEN = re.compile(r"^(?P<thread>thr_[A-Za-z0-9]+)\.(?P<mac>[0-9a-f]{16})$")


def outbound_message_id(outbox_id: int, thread_id: str, domain: str) -> str:
    """The Message-ID of the mail that delivers outbox row `outbox_id` of `thread_id` (stable across retries)."""
    return f"<vd.{outbox_id}.{thread_id}@{domain}>"


def thread_of_message_id(message_id: str, domain: str) -> str | None:
    """The thread an outbound Message-ID of ours names; None for anyone else's id or another domain."""
    parts = outbound_parts(message_id, domain)
    return parts[1] if parts is not None else None


def outbound_parts(message_id: str, domain: str) -> tuple[int, str] | None:
    """(outbox id, thread) of an outbound Message-ID of ours, so a reader can check we really sent that row on
    that thread; None for anyone else's id or another domain."""
    match = _OUTBOUND_ID.match(message_id.strip())
    if match is None or match["domain"].lower() != domain.lower():
        return None
    return int(match["outbox"]), match["thread"]


def _mac(thread_id: str, secret: str) -> str:
    return hmac.new(secret.encode(), f"reply-to:{thread_id}".encode(), hashlib.sha256).hexdigest()[:16]


def reply_to_address(thread_id: str, *, mailbox: str, domain: str, secret: str) -> str:
    """`mailbox+<thread>.<mac>@domain`: answers to it land on `thread_id` and nowhere else."""
    return f"{mailbox}+{thread_id}.{_mac(thread_id, secret)}@{domain}"


def thread_of_address(address: str, *, domain: str, secret: str) -> str | None:
    """The thread a plus address names when its signature holds; None for a plain, foreign or forged address."""
    local, _, host = address.strip().strip("<>").rpartition("@")
    if host.lower() != domain.lower() or "+" not in local:
        return None
    match = _TOKEN.match(local.partition("+")[2])
    if match is None or not hmac.compare_digest(match["mac"], _mac(match["thread"], secret)):
        return None
    return match["thread"]
