"""ChatKit speaks the conversation's language in its own line too: a German offer waits "auf das Haus"."""

from __future__ import annotations

from typing import Any

import pytest

from chatkit_helpers import WIDGET_WARNING, assistant_texts, create_body, done_items, message_body, new_thread, stream
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)

GERMAN_INQUIRY = "Guten Tag, wir planen ein Seminar für ca. 25 Personen am 12. März 2026, ganztags, U-Form. max@firma.ch"
GERMAN_CHOICE = "Wir nehmen Raum B, mit Kaffee und Tee und Mittagessen."


def _german_held_offer(server: VenueChatKitServer, desk: Desk) -> list[Any]:
    context = new_thread(desk)
    stream(server, create_body(GERMAN_INQUIRY), context)
    thread_id = context.thread_id or ""
    return done_items(stream(server, message_body(thread_id, GERMAN_CHOICE), RequestContext(thread_id)))


def test_a_german_held_offer_says_in_german_that_it_waits_for_the_venue(server: VenueChatKitServer,
                                                                       desk: Desk) -> None:
    [text] = assistant_texts(_german_held_offer(server, desk))
    assert "Wir warten auf das Haus" in text
    assert "Waiting for the venue" not in text
    assert text.splitlines()[-1].endswith("State: Waiting on HIL")
