"""A booking driven to Confirmed through the real workflow (as golden transcripts 45 and 49 do): the inquiry, the
manager's approval of the offer, the client's acceptance and billing address, the deposit marked paid by the
manager and the approval of the confirmation; in English or German."""

from __future__ import annotations

from decimal import Decimal

from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply

DEPOSIT = Decimal("477.00")  # Room B 750 + 30 × lunch 28 = CHF 1,590: 30 % deposit
TURNS = {
    "en": ("Please book Room B for a workshop with 30 people on 10 March 2026, 09:00-17:00. "
           "We'd like lunch for all guests.",
           "Agreed, we'll take it.",
           "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"),
    "de": ("Guten Tag, bitte reservieren Sie Raum B für einen Workshop mit 30 Personen am 10. März 2026 "
           "von 9 bis 17 Uhr. Mittagessen für alle, bitte.",
           "Einverstanden, so machen wir es.",
           "Rechnungsadresse: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"),
}
SENDER = "sara.frei@example.ch"


def _task(reply: Reply) -> str:
    assert reply.hil is not None, reply.body_markdown
    return reply.hil.task_id


def confirm_booking(desk: Desk, thread_id: str, language: str = "en") -> Reply:
    """Inquiry to Confirmed for Room B, 30 guests, workshop, 09:00–17:00 on 10 March 2026 with lunch for all."""
    inquiry, accept, billing = TURNS[language]
    desk.decide(_task(desk.handle_message(thread_id, inquiry, sender=SENDER)), "approve")
    assert desk.handle_message(thread_id, accept).footer.step == 6
    desk.handle_message(thread_id, billing)
    waiting = desk.mark_deposit_paid(thread_id, DEPOSIT)
    confirmed = desk.decide(_task(waiting), "approve")
    assert (desk.event_view(thread_id) or {})["status"] == "Confirmed", confirmed.body_markdown
    return confirmed
