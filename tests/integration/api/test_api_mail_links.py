"""Mail deep links over HTTP (docs/design.md §4.10): GET shows and changes nothing, POST acts once through the desk's
own handler, and forged, expired, used or cross-thread links get a clear page and change nothing."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine

from api_helpers import INQUIRY, SENDER, row_counts
from step_seven import enter_step_seven, offer_sent
from venuedesk.transports.mail.links import LinkSigner
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Action, Reply

NO_SIDE_EFFECT_HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer"}


def _signer(client: TestClient) -> LinkSigner:
    signer = client.app.state.link_signer  # type: ignore[attr-defined]
    assert isinstance(signer, LinkSigner)
    return signer


def _path(url: str | None) -> str:
    assert url is not None
    return url[url.index("/l/"):]


def _dates(desk: Desk) -> tuple[str, Reply]:
    thread_id = desk.open_thread(channel="email").thread_id
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert any(table.row_actions for table in reply.table_blocks), reply.client_text()
    return thread_id, reply


def _date_action(reply: Reply) -> Action:
    return next(action for table in reply.table_blocks for action in table.row_actions or [])


def _held_offer(desk: Desk, day: str = "10 March 2026") -> tuple[str, str]:
    thread_id = desk.open_thread(channel="email").thread_id
    desk.handle_message(thread_id, f"Workshop for 30 people on {day}, 9 to 5.", sender=SENDER)
    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    review = desk.handle_message(thread_id, "no catering")
    assert review.hil is not None, review.client_text()
    return thread_id, review.hil.task_id


def test_opening_an_action_link_shows_a_confirm_page_and_changes_nothing(client: TestClient, desk: Desk,
                                                                          engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    url = _signer(client).for_action(thread_id, _date_action(reply))
    before = row_counts(engine)
    response = client.get(_path(url))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert NO_SIDE_EFFECT_HEADERS.items() <= response.headers.items()
    assert response.headers["x-robots-tag"].startswith("noindex")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert 'method="post"' in response.text and "Please confirm" in response.text
    assert row_counts(engine) == before


def test_posting_an_action_link_acts_through_the_desk_and_shows_the_reply(client: TestClient, desk: Desk,
                                                                          engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    url = _signer(client).for_action(thread_id, _date_action(reply))
    before = row_counts(engine)
    response = client.post(_path(url))
    assert response.status_code == 200, response.text
    after = row_counts(engine)
    assert after["inbox"] == before["inbox"] + 1 and after["outbox"] == before["outbox"] + 1
    assert "Step 3 of 7" in response.text and "Next:" in response.text
    assert "/l/a." in response.text  # the next step's choices are links again


def test_a_second_post_of_the_same_link_acts_on_nothing_and_says_it_was_used(client: TestClient, desk: Desk,
                                                                              engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    path = _path(_signer(client).for_action(thread_id, _date_action(reply)))
    first = client.post(path)
    before = row_counts(engine)
    again = client.post(path)
    assert again.status_code == 410
    assert "already used" in again.text and "Step 3 of 7" in again.text
    assert row_counts(engine) == before
    assert client.get(path).status_code == 410 and first.status_code == 200


def test_a_german_thread_gets_its_pages_in_german(client: TestClient, desk: Desk) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    reply = desk.handle_message(thread_id, "Grüezi, wir planen einen Workshop für 30 Personen im März, "
                                           "am liebsten an einem Dienstag, 9 bis 17 Uhr.", sender=SENDER)
    url = _signer(client).for_action(thread_id, _date_action(reply))
    assert "Bitte bestätigen" in client.get(_path(url)).text
    assert "Schritt 3 von 7" in client.post(_path(url)).text


def test_a_forged_link_is_a_400_page_and_changes_nothing(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    path = _path(_signer(client).for_action(thread_id, _date_action(reply)))
    before = row_counts(engine)
    for forged in (path[:-4] + "abcd", "/l/a.nothing", path.replace("/l/a.", "/l/d.")):
        response = client.post(forged)
        assert response.status_code == 400 and "not valid" in response.text
    assert row_counts(engine) == before


def test_an_expired_link_is_a_410_page_and_changes_nothing(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    path = _path(_signer(client).for_action(thread_id, _date_action(reply)))
    desk.clock.advance(timedelta(days=15))  # type: ignore[attr-defined]
    before = row_counts(engine)
    response = client.post(path)
    assert response.status_code == 410 and "expired" in response.text
    assert row_counts(engine) == before


def test_an_action_naming_another_threads_offer_is_a_403_page(client: TestClient, desk: Desk, engine: Engine) -> None:
    mine = desk.open_thread(channel="email").thread_id
    offer_sent(desk, mine)
    theirs = desk.open_thread(channel="email").thread_id
    offer_sent(desk, theirs, inquiry="Hi, we'd like a workshop for 30 people on 17 March 2026, 9 to 5.")
    their_offer = (desk.event_view(theirs) or {})["offer"]["offer_id"]
    url = _signer(client).for_action(mine, Action(name="accept_offer", label="Accept", args={"offer_id": their_offer}))
    before = row_counts(engine)
    response = client.post(_path(url))
    assert response.status_code == 403 and "does not belong" in response.text
    assert row_counts(engine) == before


def test_a_manager_approve_link_decides_the_task_once(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, task_id = _held_offer(desk)
    path = _path(_signer(client).for_decision(task_id, "approve", "mgr-anna", thread_id=thread_id))
    before = row_counts(engine)
    assert client.get(path).status_code == 200 and row_counts(engine) == before
    response = client.post(path)
    assert response.status_code == 200 and "Done: Approve" in response.text
    assert desk.hil_open(thread_id) == 0
    assert (desk.event_view(thread_id) or {})["current_step"] == 5
    after = row_counts(engine)
    again = client.post(path)
    assert again.status_code == 410 and "already used" in again.text
    assert row_counts(engine) == after


def test_a_reject_link_asks_for_the_note_and_sends_it(client: TestClient, desk: Desk) -> None:
    thread_id, task_id = _held_offer(desk)
    path = _path(_signer(client).for_decision(task_id, "reject", "mgr-anna", thread_id=thread_id))
    assert 'name="note"' in client.get(path).text
    response = client.post(path, data={"note": "Offer the terrace instead"})
    assert response.status_code == 200 and "Done: Reject" in response.text



def test_a_reject_note_holding_a_nul_is_a_400_page_naming_it_and_changes_nothing(
    client: TestClient, desk: Desk, engine: Engine
) -> None:
    thread_id, task_id = _held_offer(desk)
    path = _path(_signer(client).for_decision(task_id, "reject", "mgr-anna", thread_id=thread_id))
    before = row_counts(engine)
    response = client.post(path, data={"note": "Offer\x00 the terrace"})
    assert response.status_code == 400 and "NUL character" in response.text
    assert row_counts(engine) == before

def test_a_manager_link_for_a_task_of_another_thread_is_a_403_page(client: TestClient, desk: Desk) -> None:
    _, task_id = _held_offer(desk)
    other, _ = _held_offer(desk, "17 March 2026")
    path = _path(_signer(client).for_decision(task_id, "approve", "mgr-anna", thread_id=other))
    assert client.post(path).status_code == 403
    assert desk.hil_open(other) == 1


def test_the_invite_link_serves_the_ics_of_a_confirmed_booking(client: TestClient, desk: Desk) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    offer_sent(desk, thread_id)
    waiting = enter_step_seven(desk, thread_id)
    assert waiting.hil is not None
    desk.decide(waiting.hil.task_id, "approve")
    url = _signer(client).for_action(thread_id, Action(name="download_ics", label="Calendar"))
    response = client.get(_path(url))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).events[0]["DTSTART"].params["TZID"] == "Europe/Zurich"


def test_the_invite_link_before_confirmation_says_when_it_comes(client: TestClient, desk: Desk) -> None:
    thread_id, _ = _dates(desk)
    response = client.get(_path(_signer(client).for_content(thread_id, "invite")))
    assert response.status_code == 409 and "confirmed your booking" in response.text


def test_the_view_link_shows_the_latest_reply_without_side_effect(client: TestClient, desk: Desk,
                                                                  engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    before = row_counts(engine)
    response = client.get(_path(_signer(client).for_content(thread_id, "view")))
    assert response.status_code == 200 and "Step 2 of 7" in response.text
    assert row_counts(engine) == before
    assert client.post(_path(_signer(client).for_content(thread_id, "view"))).status_code == 405


def test_markdown_in_a_reply_is_rendered_without_raw_html(client: TestClient, desk: Desk) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    desk.handle_message(thread_id, "<script>alert(1)</script> workshop for 30 people in March", sender=SENDER)
    response = client.get(_path(_signer(client).for_content(thread_id, "view")))
    assert "<script>" not in response.text


def test_a_link_whose_step_has_passed_gets_the_desks_stale_reply(client: TestClient, desk: Desk) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    rooms = desk.handle_message(thread_id, "Workshop for 30 people on 10 March 2026, 9 to 5.", sender=SENDER)
    room_c = next(action for table in rooms.table_blocks for action in table.row_actions or []
                  if action.args.get("room_id") == "room-c")
    url = _signer(client).for_action(thread_id, room_c)
    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    desk.handle_message(thread_id, "no catering")
    response = client.post(_path(url))
    assert response.status_code == 200 and "no longer applies" in response.text
    assert (desk.event_view(thread_id) or {})["locked_room_id"] == "room-b"


def test_an_approve_link_on_a_task_decided_in_the_console_says_so_and_changes_nothing(
        client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, task_id = _held_offer(desk)
    path = _path(_signer(client).for_decision(task_id, "approve", "mgr-anna", thread_id=thread_id))
    desk.decide(task_id, "approve", manager_id="mgr-ben")
    before = row_counts(engine)
    response = client.post(path)
    assert response.status_code == 410 and "already been decided" in response.text
    assert row_counts(engine) == before


def test_a_link_to_a_thread_that_is_gone_is_a_404_page(client: TestClient) -> None:
    url = _signer(client).for_action("thr_gone", Action(name="no_products", label="No extras"))
    response = client.post(_path(url))
    assert response.status_code == 404 and "no longer exists" in response.text


def test_a_signed_action_the_desk_refuses_is_a_400_page_naming_why(client: TestClient, desk: Desk,
                                                                   engine: Engine) -> None:
    thread_id, _ = _dates(desk)
    url = _signer(client).for_action(thread_id, Action(name="select_room", label="?", args={"room_id": "room-zz"}))
    before = row_counts(engine)
    response = client.post(_path(url))
    assert response.status_code == 400 and "unknown room" in response.text
    assert row_counts(engine) == before


def test_two_clicks_at_once_act_once(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, reply = _dates(desk)
    path = _path(_signer(client).for_action(thread_id, _date_action(reply)))
    before = row_counts(engine)
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(response.status_code for response in pool.map(lambda _: client.post(path), range(2)))
    assert statuses in ([200, 200], [200, 410])
    after = row_counts(engine)
    assert after["inbox"] == before["inbox"] + 1 and after["outbox"] == before["outbox"] + 1


def test_a_booking_runs_from_inquiry_to_an_accepted_offer_by_links_alone(client: TestClient, desk: Desk) -> None:
    signer = _signer(client)
    thread_id = desk.open_thread(channel="email").thread_id
    dates = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    rooms = client.post(_path(signer.for_action(thread_id, _date_action(dates))))
    room_b = next(href for href in _hrefs(rooms.text) if "Room B" in href[1])[0]
    assert client.get(room_b).status_code == 200
    products = client.post(room_b)
    no_extras = next(href for href in _hrefs(products.text) if "No catering" in href[1])[0]
    held = client.post(no_extras)
    assert held.status_code == 200 and "Waiting for the venue" in held.text
    task_id = desk.open_tasks(thread_id)[0]["task_id"]
    offer = client.post(_path(signer.for_decision(task_id, "approve", "mgr-anna", thread_id=thread_id)))
    assert offer.status_code == 200 and "Step 5 of 7" in offer.text
    sent = desk.event_view(thread_id) or {}
    accept = signer.for_action(thread_id, Action(name="accept_offer", label="Accept",
                                                 args={"offer_id": sent["offer"]["offer_id"]}))
    accepted = client.post(_path(accept))
    assert accepted.status_code == 200
    assert (desk.event_view(thread_id) or {})["offer"]["status"] == "Accepted"


def _hrefs(html: str) -> list[tuple[str, str]]:
    """The page's links as (path, words), the path from `/l/` on."""
    return [(_path(href.replace("&amp;", "&")), words)
            for href, words in re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)]
