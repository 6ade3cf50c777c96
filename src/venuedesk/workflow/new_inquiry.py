"""A second, separate inquiry in a thread opens a thread of its own (docs/design.md §4.3), exactly once.

The first event, its hold and its offer are untouched; the client is told with the new thread's reference and
gets an `open_thread` action, the link every surface shows to switch to the new thread. The
new thread shares the client's token (the same client opens both) and is named from the origin thread and the
words of the new inquiry, so a redelivered message finds the thread it opened and never opens a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from venuedesk.tools.inquiries import INQUIRY_CHARS, InquiryOpenArgs
from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.inquiries import split_new_inquiry
from venuedesk.understanding.lexicon import lexicon_for
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Action
from venuedesk.workflow.turn import Turn


OPEN_THREAD = "open_thread"


@dataclass(frozen=True)
class Spawned:
    """The thread opened for a separate inquiry and the words its first turn runs on."""

    thread_id: str
    text: str


def inquiry_text(text: str, venue: Venue | None = None) -> str:
    """The new inquiry's part of the message (the whole message when no boundary is found); the venue's occasion
    words find the boundary as the understanding did."""
    split = split_new_inquiry(text, lexicon_for(venue).occasions if venue is not None else None)
    return split[1] if split is not None else text.strip()


def open_inquiry(turn: Turn, text: str) -> Spawned:
    """Open (once) the thread of the separate inquiry, record it on this event and tell the client."""
    state = turn.state
    inquiry = inquiry_text(text, turn.venue)[:INQUIRY_CHARS]
    thread_id = turn.call("inquiry_open", InquiryOpenArgs(inquiry=inquiry)).thread_id
    if thread_id not in state.spawned_threads:
        state.spawned_threads.append(thread_id)
        state.record("message", at=turn.now, actor=turn.actor, reason=f"separate inquiry: thread {thread_id} opened",
                     detail={"thread_id": thread_id})
    turn.notes.append(_told(turn, thread_id))
    turn.actions.append(open_thread_action(thread_id, turn.language))
    return Spawned(thread_id, inquiry)


def open_thread_action(thread_id: str, language: str) -> Action:
    """The link to the new thread (docs/design.md §4.10): navigation only, never posted back; its `url` is the
    client page on that thread, which the same client token opens."""
    return Action(name=OPEN_THREAD, label=texts.say("action.open_thread", language), args={"thread_id": thread_id},
                  style="secondary", url=f"/?thread={quote(thread_id, safe='')}")


def _told(turn: Turn, thread_id: str) -> str:
    booking = turn.state.locked_room_id or turn.state.chosen_date or turn.state.offer
    key = "new_inquiry_opened_booking_kept" if booking else "new_inquiry_opened"
    return texts.say(key, turn.language, thread=thread_id)
