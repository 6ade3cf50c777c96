"""`BookingDeskMachine`: one client thread through the whole flow, with noise: any message of the flow or beside it
at any step, any button ever shown (stale ones too), redelivered messages, the manager's decisions, the deposit,
time passing and the jobs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from client_lines import FLOW, INQUIRIES, NOISE
from desk_machine import DeskMachine
from venuedesk.workflow.keys import client_key

THREAD = "thr-booking"


class BookingDeskMachine(DeskMachine):
    """One client, one thread; the first message is one of several inquiries (drawn once per example)."""

    def __init__(self, template: Path) -> None:
        super().__init__(template)
        self.open(THREAD)
        self.inquiry = INQUIRIES[0]
        self.written: list[tuple[str, str]] = []

    def first_message(self, thread_id: str) -> str:
        return self.inquiry

    @rule(text=st.sampled_from(INQUIRIES))
    def client_inquires(self, text: str) -> None:
        self.inquiry = text
        self.write(THREAD, text)

    @rule(text=st.sampled_from(FLOW))
    def client_writes(self, text: str) -> None:
        self.write(THREAD, text)

    @rule(text=st.sampled_from(NOISE))
    def client_chatters(self, text: str) -> None:
        self.write(THREAD, text)

    @rule(choice=st.integers(0, 100))
    def client_clicks(self, choice: int) -> None:
        self.click(THREAD, choice)

    @rule()
    def client_follows_the_desk(self) -> None:
        self.follow(THREAD)

    @rule()
    def client_follows_again(self) -> None:
        self.follow(THREAD)

    @precondition(lambda self: self.sent > 0)
    @rule(back=st.integers(0, 10))
    def mail_is_redelivered(self, back: int) -> None:
        """A message sent again with its key gets the reply it got the first time, and changes nothing."""
        key = f"m{max(1, self.sent - back)}"
        with self.world.desk.uow() as uow:
            stored = uow.inbox.get(THREAD, client_key(key))
        if stored is None or stored.reply is None:
            return
        again = self.world.desk.handle_message(THREAD, stored.payload["text"], sender=stored.payload.get("from"),
                                               idempotency_key=key)
        assert again.model_dump(mode="json") == stored.reply
