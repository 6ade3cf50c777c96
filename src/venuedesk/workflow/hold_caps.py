"""The hold caps (issue 13, docs/abuse.md): a client (its email when known, else its client token) and an address
(the keyed hash of the IP its thread was opened from) hold at most so many live options at once.

Beyond a cap the room is not held: the request goes to the manager as one `manual_review` task per capped identity
(a later attempt while it is open adds nothing) and the client is told, in their language, that the team will
confirm. Counting and placing happen under per-identity locks taken before the room's own lock, in the turn's
transaction, so two holds racing at the cap from two processes place only one.
"""

from __future__ import annotations

import hashlib
import json

from venuedesk.domain.abuse import CapKind, cap_reached
from venuedesk.store import hold_counts
from venuedesk.tools.booking_models import HilCreateArgs, RoomOption
from venuedesk.workflow import abuse_limits, texts
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import Turn


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def client_identity(email: str | None, client_token: str) -> str:
    """Who the client is for the cap: the email when known (any case), else the thread's client token (hashed)."""
    return f"email:{_digest(email.strip().lower())}" if email else f"token:{_digest(client_token)}"


def may_hold(turn: Turn, option: RoomOption) -> bool:
    """True when the event may place a new hold; False when a cap is reached: the task is opened (once per
    identity) and the client told. An event that already holds a room only moves it and is never capped."""
    state = turn.state
    limits = abuse_limits.effective(turn.uow, turn.venue)
    if state.locked_room_id or (limits.max_open_holds_per_client is None and limits.max_open_holds_per_ip is None):
        return True
    thread = turn.uow.threads.get(state.thread_id)
    if thread is None:
        return True
    session, email = turn.uow.session, state.client_email
    client = client_identity(email, thread.client_token_hash)
    address = f"ip:{thread.client_ip_hash}" if thread.client_ip_hash else None
    hold_counts.lock_identities(session, [client, *([address] if address else [])])
    by_client = (hold_counts.open_holds_by_email(session, email, turn.now, state.event_id) if email
                 else hold_counts.open_holds_by_token(session, thread.client_token_hash, turn.now, state.event_id))
    by_ip = (hold_counts.open_holds_by_ip(session, thread.client_ip_hash, turn.now, state.event_id)
             if thread.client_ip_hash else None)
    reached = cap_reached(by_client, by_ip, limits)
    if reached is None:
        return True
    identity = client if reached == "client" else address
    assert identity is not None
    cap = limits.max_open_holds_per_client if reached == "client" else limits.max_open_holds_per_ip
    _to_manager(turn, option, identity, reached, cap or 0)
    return False


def _to_manager(turn: Turn, option: RoomOption, identity: str, reached: CapKind, cap: int) -> None:
    """One open task per capped identity; the client hears the team will confirm."""
    task = hold_counts.open_limit_task(turn.uow.session, identity)
    if task is None:
        draft = {"agent": "rooms_agent", "body_markdown": texts.say("hold_limit_reviewed", turn.language),
                 hold_counts.HOLD_LIMIT_KEY: {"identity": identity, "cap": reached, "limit": cap,
                                              "room_id": option.room_id}}
        created = turn.call("hil_create", HilCreateArgs(type="manual_review", summary=_summary(turn, option, reached, cap),
                                                        draft_json=json.dumps(draft)))
        turn.hil = HilRef(task_id=created.task_id, type="manual_review", status=created.status)
    room = turn.venue.room(option.room_id).label(turn.language)
    turn.say("hold_limit", room=room)
    turn.next_key = "venue_answers"


def _summary(turn: Turn, option: RoomOption, reached: CapKind, cap: int) -> str:
    """What the manager reads: which cap, the request that was not held, and what to do."""
    state, req = turn.state, turn.state.requirements
    who = "this client" if reached == "client" else "this client's address (IP)"
    return (f"Hold limit reached: {who} already holds {cap} open option(s), the venue's cap. "
            f"{turn.venue.room(option.room_id).label('en')} on {state.chosen_date} {req.start_time}–{req.end_time} "
            f"was not held. Further requests from the same client are answered the same way while this task is open. "
            f"Raise the cap (PUT /api/settings/limits) or hold the room by hand if the requests are genuine; "
            f"approve to tell the client the team has reviewed the requests.")[:1900]
