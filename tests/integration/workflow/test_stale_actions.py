"""Buttons from a superseded table or offer are refused with a short explanation and the current options, and
change nothing; current buttons, and actions without a ref (older clients), are applied as before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Action, Reply
from workflow_helpers import SENDER, tasks_of

MARCH_TUESDAYS = "Hi, we'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."


def button(reply: Reply, name: str, **args: Any) -> Action:
    """The button `name` of a reply (in a table or among its actions) whose args include `args`."""
    actions = [*reply.actions, *(a for t in reply.table_blocks for a in t.row_actions or [])]
    return next(a for a in actions if a.name == name and args.items() <= a.args.items())


def click(desk: Desk, thread_id: str, action: Action, key: str | None = None) -> Reply:
    return desk.handle_action(thread_id, action.name, action.args, idempotency_key=key)


def other_room(reply: Reply) -> Action:
    """A room button other than Room B's."""
    return next(a for t in reply.table_blocks for a in t.row_actions or []
                if a.name == "select_room" and a.args["room_id"] != "room-b")


def names(reply: Reply) -> set[str]:
    return {a.name for a in reply.actions} | {a.name for t in reply.table_blocks for a in t.row_actions or []}


def _settled(desk: Desk, thread_id: str) -> tuple[Reply, Reply, Reply]:
    """Dates shown, a date and then Room B chosen by button: (dates reply, rooms reply, products reply)."""
    dates = desk.handle_message(thread_id, MARCH_TUESDAYS, sender=SENDER)
    rooms = click(desk, thread_id, button(dates, "select_date", date="2026-03-10"))
    products = click(desk, thread_id, button(rooms, "select_room", room_id="room-b"))
    assert products.footer.step == 4 and "add_product" in names(products), products.footer_text
    return dates, rooms, products


def _offer_sent(desk: Desk, thread_id: str) -> tuple[Reply, Reply, Reply]:
    dates, rooms, products = _settled(desk, thread_id)
    click(desk, thread_id, button(products, "no_products"))
    sent = desk.decide(desk.open_tasks(thread_id)[0]["task_id"], "approve")
    assert sent.footer.step == 5
    return dates, rooms, sent


def test_every_choice_button_carries_the_ref_of_its_table(desk: Desk, thread_id: str) -> None:
    dates, rooms, products = _settled(desk, thread_id)
    assert {a.args["ref"] for a in dates.table_blocks[0].row_actions or []} == {"dates-1"}
    assert {a.args["ref"] for a in rooms.table_blocks[0].row_actions or []} == {"rooms-2"}
    assert {a.args["ref"] for a in [*products.actions, *(products.table_blocks[0].row_actions or [])]} == {
        "products-3"}


def test_a_date_button_after_the_date_and_room_are_settled_is_refused(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    dates, _, products = _settled(desk, thread_id)
    before = desk.event_view(thread_id)
    reply = click(desk, thread_id, button(dates, "select_date", date="2026-03-17"))
    assert reply.body_markdown.startswith("Your date, Tuesday, 10 March 2026, is confirmed and Room B is reserved")
    assert "nothing was changed" in reply.body_markdown and "current options" in reply.body_markdown
    assert [t.model_dump() for t in reply.table_blocks] == [t.model_dump() for t in products.table_blocks]
    assert names(reply) == {"add_product", "no_products"}
    after = desk.event_view(thread_id)
    assert (after["chosen_date"], after["locked_room_id"], after["current_step"]) == (
        before["chosen_date"], before["locked_room_id"], before["current_step"])
    assert tasks_of(engine, thread_id) == []


def test_a_date_button_before_the_room_is_chosen_still_changes_the_date(desk: Desk, thread_id: str) -> None:
    dates = desk.handle_message(thread_id, MARCH_TUESDAYS, sender=SENDER)
    click(desk, thread_id, button(dates, "select_date", date="2026-03-10"))
    reply = click(desk, thread_id, button(dates, "select_date", date="2026-03-17"))
    assert "nothing was changed" not in reply.body_markdown
    assert desk.event_view(thread_id)["chosen_date"] == "2026-03-17"


def test_a_room_button_from_before_the_offer_is_refused_with_the_offer_as_current_options(
    desk: Desk, thread_id: str
) -> None:
    _, rooms, sent = _offer_sent(desk, thread_id)
    reply = click(desk, thread_id, other_room(rooms))
    assert reply.body_markdown.startswith("Your offer (version 1) is already prepared for Room B")
    assert names(reply) == {"accept_offer", "decline_offer"}
    assert reply.table_blocks == sent.table_blocks
    view = desk.event_view(thread_id)
    assert view["locked_room_id"] == "room-b" and view["offer"]["status"] == "Sent" and view["current_step"] == 5


def test_a_room_button_while_the_offer_is_reviewed_leaves_the_draft_waiting(desk: Desk, thread_id: str) -> None:
    _, rooms, products = _settled(desk, thread_id)
    click(desk, thread_id, button(products, "no_products"))
    task = desk.open_tasks(thread_id)[0]["task_id"]
    reply = click(desk, thread_id, other_room(rooms))
    assert "nothing was changed" in reply.body_markdown
    assert reply.footer.state == "Waiting on HIL" and [t["task_id"] for t in desk.open_tasks(thread_id)] == [task]
    assert desk.event_view(thread_id)["offer"]["status"] == "Draft"


def test_an_extra_from_the_list_shown_before_the_offer_still_makes_a_new_version(desk: Desk, thread_id: str) -> None:
    _, _, products = _settled(desk, thread_id)
    first_extra = next(a for a in products.table_blocks[0].row_actions or [])
    click(desk, thread_id, button(products, "no_products"))
    reply = click(desk, thread_id, first_extra)
    assert "nothing was changed" not in reply.body_markdown
    assert desk.event_view(thread_id)["offer"]["version"] == 2


def test_accepting_an_older_offer_version_is_refused_with_the_current_offer(desk: Desk, thread_id: str) -> None:
    _, _, sent = _offer_sent(desk, thread_id)
    old_accept = button(sent, "accept_offer")
    desk.handle_message(thread_id, "Please add coffee for everyone")
    reviewing = click(desk, thread_id, old_accept)
    assert "version 2 is with our team for review" in reviewing.body_markdown
    second = desk.decide(desk.open_tasks(thread_id)[0]["task_id"], "approve")
    replaced = click(desk, thread_id, old_accept)
    assert "the current offer is version 2" in replaced.body_markdown
    assert button(replaced, "accept_offer").args["offer_id"] == button(second, "accept_offer").args["offer_id"]
    assert desk.event_view(thread_id)["offer"]["version"] == 2


def test_a_button_from_a_replaced_list_is_refused(desk: Desk, thread_id: str) -> None:
    first = desk.handle_message(thread_id, MARCH_TUESDAYS, sender=SENDER)
    second = desk.handle_message(thread_id, "Rather a Thursday in April")
    assert button(second, "select_date").args["ref"] != button(first, "select_date").args["ref"]
    reply = click(desk, thread_id, button(first, "select_date"))
    assert reply.body_markdown.startswith("That button is from an earlier list")
    assert reply.table_blocks == second.table_blocks
    assert desk.event_view(thread_id)["chosen_date"] is None


def test_an_action_without_a_ref_is_applied_as_before(desk: Desk, thread_id: str) -> None:
    _settled(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_date", {"date": "2026-03-17"})
    assert "nothing was changed" not in reply.body_markdown
    assert desk.event_view(thread_id)["chosen_date"] == "2026-03-17"


def test_a_refused_button_is_audited_as_refused(desk: Desk, thread_id: str) -> None:
    dates, _, _ = _settled(desk, thread_id)
    click(desk, thread_id, button(dates, "select_date", date="2026-03-17"))
    last = [e for e in desk.event_view(thread_id)["audit"] if e["kind"] == "client_action"][-1]
    assert last["detail"]["refused"] == "stale_dates_settled"
    assert last["reason"].startswith("select_date date=2026-03-17 (refused")
    assert last["detail"]["args"]["ref"] == "dates-1"


def test_a_refused_button_redelivered_returns_the_same_reply(desk: Desk, thread_id: str) -> None:
    dates, _, _ = _settled(desk, thread_id)
    first = click(desk, thread_id, button(dates, "select_date", date="2026-03-17"), key="k-1")
    assert click(desk, thread_id, button(dates, "select_date", date="2026-03-17"), key="k-1") == first


def test_a_refusal_in_german_is_german(desk: Desk, thread_id: str) -> None:
    dates = desk.handle_message(thread_id, "Grüezi, wir möchten einen Workshop für 30 Personen im März, "
                                           "am liebsten an einem Dienstag, 9 bis 17 Uhr.", sender=SENDER)
    rooms = click(desk, thread_id, button(dates, "select_date", date="2026-03-10"))
    click(desk, thread_id, button(rooms, "select_room", room_id="room-b"))
    reply = click(desk, thread_id, button(dates, "select_date", date="2026-03-17"))
    assert reply.body_markdown.startswith("Ihr Datum, Dienstag, 10. März 2026, ist bestätigt")
