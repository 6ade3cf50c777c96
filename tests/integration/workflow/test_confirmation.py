"""Step 7 (docs/design.md §4.13 Confirmation): accepted + billing complete + deposit settled → one drafted
confirmation and one `confirmation_approval` task; the manager's approval confirms the event, turns the hold into a
confirmed booking that never expires and sends the confirmation once, with the `.ics` action."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from venuedesk.domain.event import Billing
from venuedesk.store.models import BookingRow
from venuedesk.workflow.desk import Desk
from step_seven import NO_CATERING, confirmed, enter_step_seven, offer_sent
from workflow_helpers import outbox_replies, tasks_of


def _bookings(engine: Engine, event_id: str) -> list[tuple[str, str, object]]:
    with engine.connect() as connection:
        rows = connection.execute(select(BookingRow.room_id, BookingRow.status, BookingRow.expires_at)
                                  .where(BookingRow.event_id == event_id))
        return [(row.room_id, row.status, row.expires_at) for row in rows]


def test_everything_settled_opens_one_confirmation_task_and_tells_the_client(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    reply = enter_step_seven(desk, thread_id)
    assert reply.hil is not None and reply.hil.type == "confirmation_approval"
    assert "The Atelier confirms your booking shortly" in reply.body_markdown
    assert reply.footer_text == "Step: 7 Confirmation · Next: the venue confirms your booking · State: Waiting on HIL"
    assert [t["type"] for t in desk.open_tasks(thread_id)] == ["confirmation_approval"]
    assert "approving confirms the booking" in desk.open_tasks(thread_id)[0]["reason"]


def test_the_drafted_confirmation_states_date_window_room_total_deposit_and_what_happens_next(
    desk: Desk, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    draft = desk.open_tasks(thread_id)[0]["draft"]
    body = draft["body_markdown"]
    for phrase in ("Tuesday, 10 March 2026, 09:00–17:00", "Room B", "30 guests", "**Total: CHF 1'590.00**",
                   "Deposit received: CHF 477.00 on Monday, 2 February 2026", "remaining CHF 1'113.00",
                   "Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern, CH", "What happens next"):
        assert phrase in body, phrase
    assert [a["name"] for a in draft["actions"]] == ["download_ics", "cancel_booking"]


def test_entering_step_seven_again_opens_no_second_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    first = enter_step_seven(desk, thread_id)
    again = enter_step_seven(desk, thread_id)
    assert again.hil is not None and first.hil is not None and again.hil.task_id == first.hil.task_id
    assert "with the venue's team" in again.body_markdown
    assert [t[1] for t in tasks_of(engine, thread_id)].count("confirmation_approval") == 1


def test_a_message_while_the_confirmation_waits_gets_a_holding_reply_and_no_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    reply = desk.handle_message(thread_id, "Great, thanks a lot!")
    assert reply.footer.state == "Waiting on HIL" and reply.hil is None
    assert len(tasks_of(engine, thread_id)) == 2  # the offer's (approved) and the confirmation's


def test_nothing_is_drafted_while_the_deposit_is_unpaid(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    reply = enter_step_seven(desk, thread_id, paid=False)
    assert reply.hil is None and desk.open_tasks(thread_id) == []


def test_nothing_is_drafted_while_the_billing_address_lacks_a_street(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    reply = enter_step_seven(desk, thread_id, billing=Billing(name="Sara Frei", postal_code="3011", city="Bern"))
    assert reply.hil is None and desk.open_tasks(thread_id) == []


def test_a_booking_under_the_deposit_threshold_is_confirmed_without_a_deposit(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id, NO_CATERING)
    reply = enter_step_seven(desk, thread_id, paid=False)
    assert reply.hil is not None
    assert "No deposit is required" in desk.open_tasks(thread_id)[0]["draft"]["body_markdown"]


def test_approval_confirms_the_event_and_the_hold_becomes_a_booking_that_never_expires(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    reply = confirmed(desk, thread_id)
    event = desk.event_view(thread_id)
    assert (event["status"], event["current_step"], event["thread_state"]) == ("Confirmed", 7, "Awaiting Client")
    assert event["hold_expires_at"] is None and event["locked_room_id"] == "room-b"
    assert _bookings(engine, event["event_id"]) == [("room-b", "Confirmed", None)]
    assert reply.footer_text == ("Step: 7 Confirmation · Next: nothing – we look forward to your event · "
                                 "State: Awaiting Client")


def test_approval_sends_the_confirmation_once_with_the_ics_action(desk: Desk, engine: Engine, thread_id: str) -> None:
    reply = confirmed(desk, thread_id)
    assert reply.body_markdown.startswith("Your booking at The Atelier is confirmed")
    ics = next(action for action in reply.actions if action.name == "download_ics")
    assert ics.url == f"/api/threads/{thread_id}/calendar.ics"
    sent = [r for r in outbox_replies(engine, thread_id) if "Your booking at The Atelier is confirmed" in r["body_markdown"]]
    assert len(sent) == 1


def test_a_repeated_approval_sends_nothing_more(desk: Desk, engine: Engine, thread_id: str) -> None:
    confirmed(desk, thread_id)
    task_id = next(t[0] for t in tasks_of(engine, thread_id) if t[1] == "confirmation_approval")
    before = len(outbox_replies(engine, thread_id))
    desk.decide(task_id, "approve")
    desk.decide(task_id, "edit", text="Confirmed again")
    assert len(outbox_replies(engine, thread_id)) == before
    assert desk.event_view(thread_id)["status"] == "Confirmed"


def test_an_edited_confirmation_sends_the_managers_words_with_the_booking_facts(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    reply = desk.decide(task_id, "edit", text="Dear Sara, all set – see you in March!")
    assert reply.body_markdown.startswith("Dear Sara, all set – see you in March!")
    assert "**Total: CHF 1'590.00**" in reply.body_markdown
    assert desk.event_view(thread_id)["status"] == "Confirmed"


def test_a_rejected_confirmation_sends_nothing_and_opens_a_redraft(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    before = len(outbox_replies(engine, thread_id))
    reply = desk.decide(task_id, "reject", note="Mention the parking voucher")
    assert len(outbox_replies(engine, thread_id)) == before
    assert reply.hil is not None and reply.hil.task_id != task_id and reply.hil.type == "confirmation_approval"
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"]) == ("Option", "Waiting on HIL")
    assert desk.open_tasks(thread_id)[0]["draft"]["manager_note"] == "Mention the parking voucher"


def test_a_confirmation_task_whose_offer_changed_sends_nothing(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        state.offer.status = "Superseded"
        uow.events.save(state, desk.clock.now())
        uow.commit()
    before = len(outbox_replies(engine, thread_id))
    reply = desk.decide(task_id, "approve")
    assert "can no longer be confirmed" in reply.body_markdown
    assert len(outbox_replies(engine, thread_id)) == before
    assert desk.event_view(thread_id)["status"] == "Option"


def test_the_confirmation_is_in_german_for_a_german_client(desk: Desk, thread_id: str) -> None:
    inquiry = "Guten Tag, wir planen einen Workshop für 30 Personen am 10. März 2026 von 9 bis 17 Uhr."
    reply = confirmed(desk, thread_id, products="Mittagessen für alle, bitte.", inquiry=inquiry)
    assert reply.body_markdown.startswith("Ihre Buchung bei The Atelier ist bestätigt")
    for phrase in ("Dienstag, 10. März 2026, 09:00–17:00", "30 Personen", "Anzahlung erhalten: CHF 477.00",
                   "Rechnungsadresse: Alpenglühn GmbH"):
        assert phrase in reply.body_markdown, phrase
    assert [a.label for a in reply.actions] == ["In den Kalender (.ics)", "Buchung stornieren"]
    assert reply.footer.next == "nichts – wir freuen uns auf Ihren Anlass"


def test_a_confirmed_client_asking_for_the_invite_gets_the_link(desk: Desk, thread_id: str) -> None:
    confirmed(desk, thread_id)
    reply = desk.handle_action(thread_id, "download_ics")
    assert f"(/api/threads/{thread_id}/calendar.ics)" in reply.body_markdown
    assert [a.name for a in reply.actions] == ["download_ics"]
    worded = desk.handle_message(thread_id, "Could you send a calendar invite?")
    assert "calendar invite for Tuesday, 10 March 2026, 09:00–17:00, Room B" in worded.body_markdown


def test_asking_for_the_invite_before_confirmation_says_when_it_comes(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    task_id = desk.open_tasks(thread_id)[0]["task_id"]
    desk.decide(task_id, "reject", note="not yet")
    desk.clock.advance(timedelta(minutes=5))
    with desk.uow() as uow:  # the manager looks into it: no task open, the client asks
        for task in uow.hil.open_for_thread(thread_id):
            uow.hil.decide(task.id, "superseded", None, "test", desk.clock.now())
        state = uow.events.for_thread(thread_id)
        state.thread_state = "Awaiting Client"
        uow.events.save(state, desk.clock.now())
        uow.commit()
    reply = desk.handle_action(thread_id, "download_ics")
    assert "as soon as The Atelier has confirmed it" in reply.body_markdown


def test_a_hold_that_lapsed_and_was_taken_is_never_confirmed(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    now = desk.clock.now()
    with desk.uow() as uow:
        own = uow.bookings.for_event(f"evt_{thread_id}")[0]
        own.expires_at = now - timedelta(hours=1)
        uow.bookings.place_hold("evt_other", "room-b", own.date, own.start_min, own.end_min, own.window_start,
                                own.window_end, now + timedelta(days=7), now)
        uow.commit()
    reply = desk.decide(task_id, "approve")
    assert "another event now holds the room" in reply.body_markdown
    assert desk.event_view(thread_id)["status"] == "Option"
    assert sorted(b[1] for b in _bookings(engine, f"evt_{thread_id}")) == ["Option"]


def test_a_released_hold_is_never_confirmed(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    with desk.uow() as uow:
        uow.bookings.release(f"evt_{thread_id}")
        uow.commit()
    reply = desk.decide(task_id, "approve")
    assert "the room is no longer held" in reply.body_markdown
    assert desk.event_view(thread_id)["status"] == "Option" and _bookings(engine, f"evt_{thread_id}") == []


def test_a_change_while_the_confirmation_waits_supersedes_its_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    desk.handle_message(thread_id, "Actually we will be 25 people.")
    assert (task_id, "confirmation_approval", "superseded") in tasks_of(engine, thread_id)
    assert desk.event_view(thread_id)["status"] != "Confirmed"


def test_a_holding_reply_while_the_confirmation_waits_says_the_venue_confirms(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    reply = desk.handle_message(thread_id, "Any news?")
    assert reply.footer.next == "the venue confirms your booking"
