"""`RivalHoldsMachine`: several clients on their own threads asking for the same rooms on the same days, with
windows that overlap, only touch through the rooms' buffers, or lie apart; they take 2nd options, accept, decline,
move and cancel while the manager decides, time passes and the jobs expire and promote holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import rule

from client_lines import RIVAL_FLOW, RIVAL_INQUIRIES
from desk_machine import DeskMachine

RIVALS = 4


class RivalHoldsMachine(DeskMachine):
    """`RIVALS` threads competing for Room A and Room B on 14 and 15 April 2026."""

    def __init__(self, template: Path) -> None:
        super().__init__(template)
        self.rivals = [f"thr-rival-{number}" for number in range(RIVALS)]
        for thread_id in self.rivals:
            self.open(thread_id)
        self.inquiry = {thread_id: RIVAL_INQUIRIES[index] for index, thread_id in enumerate(self.rivals)}

    def first_message(self, thread_id: str) -> str:
        return self.inquiry[thread_id]

    @rule(rival=st.integers(0, RIVALS - 1), text=st.sampled_from(RIVAL_INQUIRIES))
    def client_inquires(self, rival: int, text: str) -> None:
        thread_id = self.rivals[rival]
        self.inquiry[thread_id] = text
        self.write(thread_id, text)

    @rule(rival=st.integers(0, RIVALS - 1), text=st.sampled_from(RIVAL_FLOW))
    def client_writes(self, rival: int, text: str) -> None:
        self.write(self.rivals[rival], text)

    @rule(rival=st.integers(0, RIVALS - 1), choice=st.integers(0, 100))
    def client_clicks(self, rival: int, choice: int) -> None:
        self.click(self.rivals[rival], choice)

    @rule(rival=st.integers(0, RIVALS - 1))
    def client_takes_a_second_option(self, rival: int) -> None:
        thread_id = self.rivals[rival]
        offered = [button for button in self.threads[thread_id] if button.name == "take_second_option"]
        if offered:
            self.remember(thread_id, self.world.attempt(self.world.desk.handle_action, thread_id, offered[-1].name,
                                                        offered[-1].args))

    @rule(rival=st.integers(0, RIVALS - 1))
    def client_follows_the_desk(self, rival: int) -> None:
        self.follow(self.rivals[rival])

    @rule(rival=st.integers(0, RIVALS - 1))
    def client_follows_again(self, rival: int) -> None:
        self.follow(self.rivals[rival])
