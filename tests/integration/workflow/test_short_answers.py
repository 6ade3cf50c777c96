"""Short answers at the desk (docs/understanding.md "Short answers, second inquiries and venue questions")."""

from __future__ import annotations

from venuedesk.workflow.desk import Desk
from workflow_helpers import SENDER

VAGUE = "Hi, we'd like a workshop for 30 people on a Tuesday in June, 9 to 5."


def test_an_unresolved_yes_asks_one_question_and_keeps_the_date_buttons_valid(desk: Desk, thread_id: str) -> None:
    shown = desk.handle_message(thread_id, VAGUE, sender=SENDER)
    button = shown.table_blocks[0].row_actions[1]  # type: ignore[index]
    asked = desk.handle_message(thread_id, "ok")
    assert (asked.table_blocks, asked.body_markdown.count("?")) == ([], 1)
    chosen = desk.handle_action(thread_id, button.name, button.args)
    assert chosen.footer.step == 3


def test_the_second_one_after_dates_confirms_the_second_date(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, VAGUE, sender=SENDER)
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and (event["chosen_date"], event["date_confirmed"]) == ("2026-06-09", True)


def test_the_cheaper_one_among_dates_asks_one_question_instead_of_the_table(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, VAGUE, sender=SENDER)
    asked = desk.handle_message(thread_id, "the cheaper one, please")
    assert (asked.table_blocks, asked.body_markdown.count("?")) == ([], 1)


def test_die_guenstigere_among_dates_names_the_dates_shown(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, "Guten Tag, wir möchten einen Workshop für 30 Personen an einem Dienstag im Juni, "
                                   "9 bis 17 Uhr.", sender=SENDER)
    asked = desk.handle_message(thread_id, "Die günstigere, bitte")
    assert asked.table_blocks == [] and "9. Juni" in asked.body_markdown
