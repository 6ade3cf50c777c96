"""Turn a finished Turn (or a held draft) into the Reply contract, footer included exactly once."""

from __future__ import annotations

from typing import Any

from venuedesk.agents.specs import STEP_AGENTS
from venuedesk.domain.event import ASKED_BY_NEXT_KEY, EventState
from venuedesk.workflow import texts
from venuedesk.workflow.engine import next_key_for
from venuedesk.workflow.reply import Action, HilRef, Reply, TableBlock, make_footer
from venuedesk.workflow.turn import Turn

def reply_from_turn(turn: Turn) -> Reply:
    """The client-facing reply of a turn: notes, body, tables, actions and the footer of where it stopped.
    Records on the event what the reply asks (the one place `last_asked` is written), so the next message is read
    against it (`message_context`)."""
    state = turn.state
    next_key = turn.next_key or next_key_for(turn)
    asked = [ASKED_BY_NEXT_KEY[next_key]] if next_key in ASKED_BY_NEXT_KEY else []
    state.last_asked = list(dict.fromkeys([*asked, *turn.asked]))
    footer, footer_text = make_footer(state.current_step, texts.next_text(next_key, state.language),
                                      state.thread_state)
    agent = turn.agent or STEP_AGENTS.get(state.current_step, STEP_AGENTS[1]).name
    return Reply(
        thread_id=state.thread_id,
        turn_id=turn.turn_id,
        agent=agent,
        body_markdown="\n\n".join([*turn.notes, *turn.body]).strip(),
        table_blocks=turn.tables,
        actions=turn.actions,
        footer=footer,
        footer_text=footer_text,
        hil=turn.hil,
    )


def reply_from_draft(
    draft: dict[str, Any], state: EventState, turn_id: str, next_key: str, hil: HilRef, body: str | None = None
) -> Reply:
    """A held draft as sent: the manager's edited text when given, with the footer computed at send time."""
    footer, footer_text = make_footer(state.current_step, texts.next_text(next_key, state.language),
                                      state.thread_state)
    return Reply(
        thread_id=state.thread_id,
        turn_id=turn_id,
        agent=draft.get("agent", "offer_agent"),
        body_markdown=body if body is not None else draft.get("body_markdown", ""),
        table_blocks=[TableBlock.model_validate(t) for t in draft.get("table_blocks", [])],
        actions=[Action.model_validate(a) for a in draft.get("actions", [])],
        footer=footer,
        footer_text=footer_text,
        hil=hil,
    )


def notice(state: EventState, turn_id: str, agent: str, body: str, next_key: str, hil: HilRef | None) -> Reply:
    """A short reply with the footer of the event as it stands."""
    footer, footer_text = make_footer(state.current_step, texts.next_text(next_key, state.language),
                                      state.thread_state)
    return Reply(thread_id=state.thread_id, turn_id=turn_id, agent=agent, body_markdown=body, footer=footer,
                 footer_text=footer_text, hil=hil)
