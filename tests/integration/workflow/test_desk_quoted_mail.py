"""A client mail with quoted history and a signature: the model and the understanding get only the new text, the
whole mail is stored, and the stripped part stays with the message for the manager (issue 9 class 1)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.providers.base import AgentRun
from venuedesk.testing import ScriptedRuntime
from venuedesk.understanding import engine as understanding_engine
from venuedesk.understanding import mail_text
from venuedesk.workflow import desk as desk_module
from venuedesk.workflow.desk import Desk
from workflow_helpers import SENDER

NEW_TEXT = "Workshop for 30 people on 10 March 2026, 9 to 5 please."
MAIL = (f"{NEW_TEXT}\n\nBest regards\nAnna Muster\nPhone +41 44 215 77 80\n\n"
        "On Fri, 30 Jan 2026 at 16:40, The Atelier <events@atelier.example> wrote:\n"
        "> Dear Anna, a room for 80 people on 5 May?")


def test_the_model_is_given_only_the_clients_new_text(engine: Engine, clock: FrozenClock) -> None:
    runtime = ScriptedRuntime(AgentRun(output=None))
    desk = Desk(engine, clock, id_seed=0, runtime=runtime)
    thread_id = desk.open_thread(thread_id="thr-1").thread_id
    desk.handle_message(thread_id, MAIL, sender=SENDER)
    assert runtime.calls[0].text == NEW_TEXT


def test_each_mail_is_split_once_per_message(desk: Desk, thread_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(text: str) -> mail_text.ReplyParts:
        calls.append(text)
        return mail_text.split_reply(text)

    for module in (desk_module, understanding_engine):
        monkeypatch.setattr(module, "split_reply", counted)
    desk.handle_message(thread_id, MAIL, sender=SENDER)
    assert calls == [MAIL]


def test_the_quoted_facts_never_reach_the_event(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, MAIL, sender=SENDER)
    event = desk.event_view(thread_id) or {}
    assert event["requirements"]["participants"] == 30
    assert event["chosen_date"] == "2026-03-10"


def test_the_whole_mail_is_stored_with_its_stripped_part(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, MAIL, sender=SENDER)
    with desk.uow() as uow:
        client = [row for row in uow.messages.history(thread_id) if row.role == "client"][0]
        assert client.text == MAIL
        assert client.stripped is not None
        assert "80 people on 5 May" in client.stripped and "+41 44 215 77 80" in client.stripped
        assert NEW_TEXT not in client.stripped


def test_a_message_without_quotes_or_signature_stores_nothing_stripped(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, NEW_TEXT, sender=SENDER)
    with desk.uow() as uow:
        assert [row.stripped for row in uow.messages.history(thread_id)] == [None, None]
