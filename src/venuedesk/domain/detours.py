"""Detours (docs/design.md §4.5): what a change at a later step is, and where the engine goes to handle it.

`classify_change` compares proposed values with the event's current ones (a re-stated unchanged value
is not a change); `detour_target` looks the change up in `DETOUR_MATRIX`. Before its target step a
change is captured in place (the normal flow will use it); once an offer exists the engine comes back
to step 4 (`caller_step = 4`) and the offer gets a new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from venuedesk.domain.event import Billing, EventState, ProductLine
from venuedesk.domain.requirements import Requirements, requirements_hash

ChangeKind = Literal["date", "room", "requirements", "products", "billing", "contact"]
OFFER_STEP = 4


@dataclass(frozen=True)
class DetourRule:
    """One matrix row: the step that handles the change (None = the current step) and whether the
    engine remembers where to come back to."""

    target_step: int | None
    keep_caller: bool


DETOUR_MATRIX: Mapping[ChangeKind, DetourRule] = {
    "date": DetourRule(2, True),
    "room": DetourRule(3, True),
    "requirements": DetourRule(3, True),
    "products": DetourRule(4, False),
    "billing": DetourRule(None, False),
    "contact": DetourRule(None, False),
}

# When several things change in one message, the earliest target is handled first.
_PRIORITY: tuple[ChangeKind, ...] = ("date", "requirements", "room", "products", "billing", "contact")


@dataclass(frozen=True)
class DetourPlan:
    """Where to go: `target_step`; `caller_step` is where to return afterwards (None: no return).

    `in_place` means no detour: the change is captured at the current step (an existing caller_step
    is passed through unchanged).
    """

    kind: ChangeKind
    target_step: int
    keep_caller: bool
    caller_step: int | None
    in_place: bool = False


def _set_fields(value: Any) -> dict[str, Any]:
    """The fields a proposal actually states: set fields of a model or a mapping, Nones dropped."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        items = dict(value)
    else:
        items = {name: getattr(value, name) for name in value.model_fields_set}
    return {name: item for name, item in items.items() if item is not None}


def _products_key(
    lines: Iterable[ProductLine | tuple[str, int | None]], current: Mapping[str, int]
) -> dict[str, int]:
    result: dict[str, int] = {}
    for line in lines:
        product_id, quantity = (line.product_id, line.quantity) if isinstance(line, ProductLine) else line
        result[product_id] = quantity if quantity is not None else current.get(product_id, 1)
    return result


def classify_change(
    before: EventState,
    *,
    requirements: Requirements | Mapping[str, Any] | None = None,
    chosen_date: date | None = None,
    room_id: str | None = None,
    products: Sequence[ProductLine | tuple[str, int | None]] | None = None,
    billing: Billing | Mapping[str, Any] | None = None,
    contact: Mapping[str, Any] | None = None,
) -> tuple[ChangeKind, ...]:
    """The kinds of change a proposal makes, in handling order; unchanged or unstated values are none.

    `requirements` may be partial (only stated fields count; None means "not said"); `products` is the
    full desired product list (None: not mentioned; a quantity of None keeps the current quantity);
    `contact` holds `client_email` / `client_name`.
    """
    kinds: set[ChangeKind] = set()
    if chosen_date is not None and chosen_date != before.chosen_date:
        kinds.add("date")
    if room_id is not None and room_id != before.locked_room_id:
        kinds.add("room")
    stated = _set_fields(requirements)
    stated.pop("preferred_room", None)
    if stated:
        merged = before.requirements.model_copy(update=stated)
        if requirements_hash(merged) != requirements_hash(before.requirements):
            kinds.add("requirements")
    if products is not None:
        current = {line.product_id: line.quantity for line in before.products}
        if _products_key(products, current) != current or (not before.products_decided and not products):
            kinds.add("products")
    billing_stated = _set_fields(billing)
    if any(getattr(before.billing, name) != value for name, value in billing_stated.items()):
        kinds.add("billing")
    contact_stated = _set_fields(contact)
    if any(getattr(before, name) != value for name, value in contact_stated.items()):
        kinds.add("contact")
    return tuple(kind for kind in _PRIORITY if kind in kinds)


def detour_target(
    kind: ChangeKind, current_step: int, has_offer: bool, caller_step: int | None = None
) -> DetourPlan:
    """Where the engine goes for a change of `kind` made at `current_step`.

    Before its target step (or at it) a change is captured in place. After it, the engine goes to the
    target; rows that keep the caller return to the existing `caller_step`, else to step 4 when an offer
    exists, else to the current step. A products change once an offer exists lands on step 4.
    """
    rule = DETOUR_MATRIX[kind]
    target = rule.target_step
    if target is None or current_step <= target:
        return DetourPlan(kind, current_step, False, caller_step, in_place=True)
    if not rule.keep_caller:
        return DetourPlan(kind, target, False, None)
    back_to = caller_step or (OFFER_STEP if has_offer else current_step)
    return DetourPlan(kind, target, True, back_to)


def plan_detour(
    kinds: Sequence[ChangeKind], current_step: int, has_offer: bool, caller_step: int | None = None
) -> DetourPlan | None:
    """One plan for several changes: the earliest target step wins (None when nothing changed)."""
    plans = [detour_target(kind, current_step, has_offer, caller_step) for kind in kinds]
    return min(plans, key=lambda plan: plan.target_step) if plans else None
