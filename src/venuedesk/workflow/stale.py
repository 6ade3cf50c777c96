"""Refusing a superseded button: say why it no longer applies, change nothing, and show the current options."""

from __future__ import annotations

from typing import Any

from venuedesk.workflow import texts
from venuedesk.workflow.engine import next_key_for
from venuedesk.workflow.freshness import Staleness, staleness
from venuedesk.workflow.reply import Action, TableBlock
from venuedesk.workflow.turn import Turn

HISTORY_WINDOW = 30


def refuse_stale(turn: Turn, stale: Staleness) -> None:
    """Fill the turn's reply: the explanation, then the latest tables and actions that are still current."""
    values = dict(stale.values)
    if "date" in values:
        values["date"] = texts.long_date(values["date"], turn.language)
    if "room_id" in values:
        room_id = values.pop("room_id")
        values["room"] = turn.venue.room(room_id).name if turn.venue.has_room(room_id) else room_id
    turn.say(stale.key, **values)
    tables, actions = current_options(turn)
    if tables or actions:
        turn.say("stale_current_options")
    turn.tables.extend(tables)
    turn.actions.extend(actions)
    turn.next_key = next_key_for(turn)


def current_options(turn: Turn) -> tuple[list[TableBlock], list[Action]]:
    """The newest reply's choices that are still current: its tables whose buttons apply, its actions that apply."""
    state = turn.state
    for row in reversed(turn.uow.messages.history(state.thread_id, limit=HISTORY_WINDOW)):
        if row.role != "desk" or not row.reply:
            continue
        tables = [TableBlock.model_validate(t) for t in row.reply.get("table_blocks", [])]
        actions = [Action.model_validate(a) for a in row.reply.get("actions", [])]
        fresh_actions = [a for a in actions if _fresh(state, a)]
        fresh_tables = [t for t in tables if t.row_actions and all(_fresh(state, a) for a in t.row_actions)]
        if fresh_tables or fresh_actions:
            plain = [t for t in tables if not t.row_actions] if fresh_actions else []
            return plain + fresh_tables, fresh_actions
    return [], []


def _fresh(state: Any, action: Action) -> bool:
    return staleness(state, action.name, action.args) is None
