"""The hold caps (issue 13): a client and an address hold at most so many options; beyond, the manager decides."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from venuedesk.store.models import BookingRow, HilTaskRow
from venuedesk.workflow import abuse_limits
from venuedesk.workflow.desk import Desk

DAYS = ["10", "11", "12", "13", "17"]
CLIENT = "anna@example.com"


def _ask_and_choose(desk: Desk, day: str, *, sender: str, ip_hash: str | None = None, language: str = "en") -> str:
    thread = desk.open_thread(client_ip_hash=ip_hash).thread_id
    text = (f"Hi, we'd like a workshop for 30 people on {day} March 2026, 9 to 5." if language == "en"
            else f"Guten Tag, wir möchten einen Workshop für 30 Personen am {day}. März 2026, 9 bis 17 Uhr.")
    desk.handle_message(thread, text, sender=sender)
    return desk.handle_action(thread, "select_room", {"room_id": "room-b"}).body_markdown


def _set(desk: Desk, **changes: object) -> None:
    with desk.uow() as uow:
        abuse_limits.change(uow, desk.venue, changes, manager_id="manager", now=desk.clock.now())
        uow.commit()


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        holds = connection.execute(select(func.count()).select_from(BookingRow)).scalar_one()
        tasks = connection.execute(select(func.count()).select_from(HilTaskRow)
                                   .where(HilTaskRow.summary.like("Hold limit reached%"))).scalar_one()
    return holds, tasks


def test_a_client_holds_at_most_the_default_three_options(desk: Desk, engine: Engine) -> None:
    for day in DAYS[:4]:
        _ask_and_choose(desk, day, sender=CLIENT)
    assert _counts(engine)[0] == 3


def test_the_client_beyond_the_cap_is_told_the_team_will_confirm(desk: Desk) -> None:
    replies = [_ask_and_choose(desk, day, sender=CLIENT) for day in DAYS[:4]]
    assert "our team will look at this request personally" in replies[3]
    assert "reserved for you on option" not in replies[3]


def test_the_client_beyond_the_cap_is_told_in_german(desk: Desk) -> None:
    replies = [_ask_and_choose(desk, day, sender=CLIENT, language="de") for day in DAYS[:4]]
    assert "unser Team prüft diese Anfrage deshalb persönlich" in replies[3]


def test_the_manager_gets_one_task_per_client_not_one_per_attempt(desk: Desk, engine: Engine) -> None:
    for day in DAYS:
        _ask_and_choose(desk, day, sender=CLIENT)
    assert _counts(engine) == (3, 1)


def test_the_email_counts_in_any_case(desk: Desk, engine: Engine) -> None:
    for day, sender in zip(DAYS[:4], [CLIENT, CLIENT.upper(), "Anna@Example.com", CLIENT], strict=True):
        _ask_and_choose(desk, day, sender=sender)
    assert _counts(engine) == (3, 1)


def test_an_address_holds_at_most_its_cap_across_clients(desk: Desk, engine: Engine) -> None:
    _set(desk, max_open_holds_per_ip=2)
    for index, day in enumerate(DAYS[:4]):
        _ask_and_choose(desk, day, sender=f"client{index}@example.com", ip_hash="h-script")
    assert _counts(engine) == (2, 1)


def test_another_address_still_finds_rooms_when_one_is_capped(desk: Desk, engine: Engine) -> None:
    _set(desk, max_open_holds_per_ip=2)
    for index, day in enumerate(DAYS[:4]):
        _ask_and_choose(desk, day, sender=f"script{index}@example.com", ip_hash="h-script")
    reply = _ask_and_choose(desk, DAYS[4], sender="real@example.com", ip_hash="h-real")
    assert "Room B is reserved for you on option" in reply


def test_the_caps_come_from_the_venue_settings(desk: Desk, engine: Engine) -> None:
    _set(desk, max_open_holds_per_client=1)
    for day in DAYS[:2]:
        _ask_and_choose(desk, day, sender=CLIENT)
    assert _counts(engine) == (1, 1)


def test_a_cap_of_null_is_no_cap(desk: Desk, engine: Engine) -> None:
    _set(desk, max_open_holds_per_client=None)
    for day in DAYS:
        _ask_and_choose(desk, day, sender=CLIENT)
    assert _counts(engine) == (5, 0)
