"""The detour matrix (docs/design.md §4.5): what counts as a change and where the engine goes for it."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.domain.detours import classify_change, detour_target, plan_detour
from venuedesk.domain.event import Billing, EventState, ProductLine
from venuedesk.domain.requirements import Requirements


def offer_stage_state() -> EventState:
    state = EventState(
        event_id="evt-1",
        thread_id="thr-1",
        current_step=4,
        client_email="anna@example.com",
        requirements=Requirements(participants=30, layout="workshop", start_time="09:00", end_time="17:00"),
        chosen_date=date(2026, 3, 10),
        date_confirmed=True,
        locked_room_id="room-b",
        products=[
            ProductLine(product_id="lunch", quantity=30),
            ProductLine(product_id="wireless-mic", quantity=2),
        ],
        products_decided=True,
        billing=Billing(city="Zurich"),
    )
    state.refresh_hash()
    state.room_eval_hash = state.requirements_hash
    return state


@pytest.mark.parametrize(
    ("proposal", "kinds"),
    [
        ({"chosen_date": date(2026, 3, 17)}, ("date",)),
        ({"room_id": "room-c"}, ("room",)),
        ({"requirements": Requirements(participants=38)}, ("requirements",)),
        ({"requirements": {"layout": "theatre"}}, ("requirements",)),
        ({"requirements": {"start_time": "10:00"}}, ("requirements",)),
        ({"products": [("lunch", None)]}, ("products",)),
        ({"products": [("lunch", None), ("wireless-mic", 3)]}, ("products",)),
        ({"billing": {"street": "Seefeldstrasse 1"}}, ("billing",)),
        ({"contact": {"client_name": "Anna"}}, ("contact",)),
        ({"chosen_date": date(2026, 3, 17), "requirements": {"participants": 38}}, ("date", "requirements")),
    ],
)
def test_a_different_value_is_a_change(proposal, kinds):
    assert classify_change(offer_stage_state(), **proposal) == kinds


@pytest.mark.parametrize(
    "proposal",
    [
        {"chosen_date": date(2026, 3, 10)},
        {"room_id": "room-b"},
        {"requirements": Requirements(participants=30, layout="workshop")},
        {"requirements": {"participants": 30, "end_time": None}},
        {"requirements": {"preferred_room": "room-c"}},
        {"products": [("wireless-mic", 2), ("lunch", None)]},
        {"billing": {"city": "Zurich"}},
        {"contact": {"client_email": "anna@example.com"}},
        {},
    ],
)
def test_a_restated_unchanged_value_is_not_a_change(proposal):
    assert classify_change(offer_stage_state(), **proposal) == ()


def test_deciding_no_products_is_a_products_change_only_when_undecided():
    state = offer_stage_state()
    state.products, state.products_decided = [], False
    assert classify_change(state, products=[]) == ("products",)
    state.products_decided = True
    assert classify_change(state, products=[]) == ()


# (kind, current step, has offer) → (target, keep caller, caller step, in place)
MATRIX = [
    ("date", 4, False, 2, True, 4, False),
    ("date", 3, False, 2, True, 3, False),
    ("date", 5, True, 2, True, 4, False),  # once an offer exists: back to 4
    ("date", 2, False, 2, False, None, True),  # at its own step: captured in place
    ("room", 4, False, 3, True, 4, False),
    ("room", 5, True, 3, True, 4, False),
    ("room", 2, False, 2, False, None, True),  # before step 3: kept as a preference
    ("requirements", 4, False, 3, True, 4, False),
    ("requirements", 6, True, 3, True, 4, False),
    ("requirements", 1, False, 1, False, None, True),
    ("products", 5, True, 4, False, None, False),
    ("products", 4, True, 4, False, None, True),
    ("products", 2, False, 2, False, None, True),  # before step 4: captured in place
    ("billing", 6, True, 6, False, None, True),
    ("contact", 3, False, 3, False, None, True),
]


@pytest.mark.parametrize(("kind", "step", "has_offer", "target", "keep", "caller", "in_place"), MATRIX)
def test_detour_matrix(kind, step, has_offer, target, keep, caller, in_place):
    plan = detour_target(kind, step, has_offer)
    assert (plan.target_step, plan.keep_caller, plan.caller_step, plan.in_place) == (
        target,
        keep,
        caller,
        in_place,
    )


def test_an_existing_caller_is_kept_through_a_nested_detour():
    plan = detour_target("date", 3, has_offer=False, caller_step=4)
    assert (plan.target_step, plan.caller_step) == (2, 4)


def test_several_changes_go_to_the_earliest_step():
    plan = plan_detour(("requirements", "date"), 4, has_offer=True)
    assert (plan.kind, plan.target_step, plan.caller_step) == ("date", 2, 4)
    assert plan_detour((), 4, has_offer=True) is None
