"""50 clients on their own threads choose the same room for the same window at once, through two API processes:
exactly one gets the option, and every other one is told the room is on option now, with the 2nd-option choice,
never the stale table that still shows the room Available with its button. The test holds the room's lock until
the clients queue behind it, so every client the servers admit at once (their connection pools: 30 of the 50) has
read the rooms before the winner's hold is committed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from races_helpers import ASK, Cluster, Guest, each_at_once, holding_room, settle
from venuedesk.store.models import BookingRow

pytestmark = pytest.mark.postgres

CLIENTS = 50
ON_OPTION = "Room B is on option for another event at that time"


@pytest.fixture(scope="module")
def race(api: Cluster) -> list[dict[str, Any]]:
    """Every client at the room table of 10 March, then all choosing Room B at once; their replies."""
    def at_the_room_table(index: int) -> Guest:
        guest = api.client(index)
        shown = guest.say(ASK, sender=f"client{index}@example.com")
        assert shown.status_code == 200 and shown.json()["footer"]["step"] == 3, shown.text
        return guest

    with ThreadPoolExecutor(4) as pool:
        guests = list(pool.map(at_the_room_table, range(CLIENTS)))
    choose = [lambda guest=guest: guest.act("select_room", {"room_id": "room-b"}) for guest in guests]
    with ThreadPoolExecutor(1) as runner:
        with holding_room(api.engine, "room-b") as waiting:
            asked = runner.submit(each_at_once, choose)
            assert settle(waiting, CLIENTS) > 1, "no two clients raced for the room"
        replies = asked.result()
    assert [reply.status_code for reply in replies] == [200] * CLIENTS, [r.text for r in replies if r.status_code != 200]
    return [reply.json() for reply in replies]


def _losers(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [reply for reply in replies if reply["footer"]["step"] == 3]


def _room_b_action(reply: dict[str, Any]) -> str | None:
    [table] = reply["table_blocks"]
    return next((action["name"] for action in table["row_actions"] if action["args"]["room_id"] == "room-b"), None)


def test_exactly_one_client_gets_the_option_and_one_hold_is_stored(api: Cluster, race: list[dict[str, Any]]) -> None:
    held = [reply for reply in race if reply["footer"]["step"] == 4]
    assert len(held) == 1 and "Room B is reserved for you on option" in held[0]["body_markdown"]
    with api.engine.connect() as connection:
        holds = connection.execute(select(BookingRow.event_id).where(BookingRow.room_id == "room-b")).all()
    assert holds == [(f"evt_{held[0]['thread_id'].removeprefix('thr_')}",)]


def test_every_other_client_is_told_the_room_is_on_option_once(race: list[dict[str, Any]]) -> None:
    losers = _losers(race)
    assert len(losers) == CLIENTS - 1
    told = [reply["body_markdown"].count(ON_OPTION) for reply in losers]
    stale = [reply["body_markdown"] for reply in losers if "already booked" in reply["body_markdown"]]
    assert (told, stale) == ([1] * (CLIENTS - 1), [])


def test_every_other_client_is_offered_the_2nd_option_not_the_room_as_available(race: list[dict[str, Any]]) -> None:
    assert [_room_b_action(reply) for reply in _losers(race)] == ["take_second_option"] * (CLIENTS - 1)
