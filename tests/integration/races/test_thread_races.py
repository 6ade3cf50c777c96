"""Many requests on one thread at once, spread over two API processes: they are applied one at a time in the
order they take the thread, and one Idempotency-Key runs once whoever sends it and however often."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from races_helpers import ASK, Cluster, Guest, each_at_once
from venuedesk.store.models import InboxRow, MessageRow

pytestmark = pytest.mark.postgres

POSTS = 10
COPIES = 8


def _at_the_room_table(api: Cluster, index: int) -> Guest:
    """A thread whose first turn showed the room table (turn-1), its requests going to both processes."""
    guest = api.client(index)
    assert guest.say(ASK, sender=f"guest{index}@example.com").status_code == 200
    return guest


def _guests_on_both(api: Cluster, guest: Guest) -> list[Guest]:
    """The same client (thread and token) on process A and on process B."""
    token = guest.http.headers["Authorization"].removeprefix("Bearer ")
    return [Guest(api.http(index, token), guest.thread_id) for index in (0, 1)]


def _client_messages(api: Cluster, thread_id: str) -> list[tuple[str, str]]:
    """The client's stored messages on the thread as (turn, text), in the thread's order."""
    with api.engine.connect() as connection:
        rows = connection.execute(select(MessageRow.turn_id, MessageRow.text)
                                  .where(MessageRow.thread_id == thread_id, MessageRow.role == "client")
                                  .order_by(MessageRow.seq))
        return [(row.turn_id, row.text) for row in rows]


def _ok(replies: list[httpx.Response]) -> list[dict[str, Any]]:
    assert [reply.status_code for reply in replies] == [200] * len(replies), [reply.text for reply in replies]
    return [reply.json() for reply in replies]


@pytest.fixture(scope="module")
def ten_posts(api: Cluster) -> tuple[Guest, list[dict[str, Any]]]:
    """Ten messages with sequence markers posted on one thread at once, half through each process."""
    guest = _at_the_room_table(api, 0)
    both = _guests_on_both(api, guest)
    replies = each_at_once([lambda n=n: both[n % 2].say(f"A question, marker {n:02d}: is there parking?")
                            for n in range(POSTS)])
    return guest, _ok(replies)


def test_concurrent_posts_on_one_thread_each_get_their_own_turn(ten_posts: tuple[Guest, list[dict[str, Any]]]) -> None:
    _, replies = ten_posts
    assert sorted(reply["turn_id"] for reply in replies) == sorted(f"turn-{n}" for n in range(2, POSTS + 2))


def test_concurrent_posts_are_stored_in_the_order_their_turns_ran(
    api: Cluster, ten_posts: tuple[Guest, list[dict[str, Any]]]
) -> None:
    guest, replies = ten_posts
    stored = _client_messages(api, guest.thread_id)[1:]
    assert [turn for turn, _ in stored] == [f"turn-{n}" for n in range(2, POSTS + 2)]
    turn_of_marker = {f"marker {n:02d}": reply["turn_id"] for n, reply in enumerate(replies)}
    assert [turn_of_marker[text.split(": ")[0].removeprefix("A question, ")] for turn, text in stored] == \
        [turn for turn, _ in stored]


def test_the_thread_shows_every_reply_once_in_turn_order(
    api: Cluster, ten_posts: tuple[Guest, list[dict[str, Any]]]
) -> None:
    guest, replies = ten_posts
    shown = guest.http.get(f"/api/threads/{guest.thread_id}").json()["replies"][1:]
    assert shown == sorted(replies, key=lambda reply: int(reply["turn_id"].removeprefix("turn-")))


def test_one_key_sent_eight_times_at_once_runs_once_and_every_copy_gets_the_same_reply(api: Cluster) -> None:
    guest = _at_the_room_table(api, 1)
    both = _guests_on_both(api, guest)
    replies = _ok(each_at_once([lambda n=n: both[n % 2].act("select_room", {"room_id": "room-c"}, key="pick-c")
                                for n in range(COPIES)]))
    assert replies == [replies[0]] * COPIES
    assert replies[0]["turn_id"] == "turn-2" and "Room C is reserved for you" in replies[0]["body_markdown"]
    assert [turn for turn, _ in _client_messages(api, guest.thread_id)] == ["turn-1", "turn-2"]


def test_one_key_with_two_bodies_at_once_runs_one_and_refuses_the_other_naming_the_key(api: Cluster) -> None:
    guest = _at_the_room_table(api, 2)
    both = _guests_on_both(api, guest)
    bodies = ["Is there parking? (first body)", "Is there a lift? (second body)"]
    answers = each_at_once([lambda n=n: both[n % 2].say(bodies[n % 2], key="one-key") for n in range(COPIES)])
    by_body = {body: [answers[n] for n in range(COPIES) if n % 2 == index] for index, body in enumerate(bodies)}
    ran = [body for body, replies in by_body.items() if all(reply.status_code == 200 for reply in replies)]
    assert len(ran) == 1, {body: [reply.status_code for reply in replies] for body, replies in by_body.items()}
    [refused] = [replies for body, replies in by_body.items() if body not in ran]
    assert {(reply.status_code, reply.json()["error"]["code"]) for reply in refused} == {(422, "idempotency_conflict")}
    assert all("'one-key'" in reply.json()["error"]["message"] for reply in refused)
    assert len({reply.text for reply in by_body[ran[0]]}) == 1
    assert _client_messages(api, guest.thread_id)[1:] == [("turn-2", ran[0])]
    with api.engine.connect() as connection:
        keyed = connection.execute(select(func.count()).select_from(InboxRow)
                                   .where(InboxRow.thread_id == guest.thread_id,
                                          InboxRow.idem_key == "client:one-key")).scalar_one()
    assert keyed == 1
