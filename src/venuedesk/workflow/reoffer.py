"""A change after acceptance, before confirmation (docs/design.md §4.13 "A change after acceptance").

The acceptance applied to the accepted version's terms only: a new version replaces it (Accepted → Superseded)
and the client accepts the new one. The deposit terms follow the live offer, except that a deposit already paid
stays paid (the difference to the live offer's deposit is noted for the manager). The option clock that the
acceptance stopped starts again when the replacing version is sent: the hold then lapses 7 × 24 h later unless
the client accepts again.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from venuedesk.domain.availability import option_expiry
from venuedesk.domain.deposits import DepositDue, paid_deposit_difference
from venuedesk.domain.event import EventState, Offer
from venuedesk.workflow import texts
from venuedesk.workflow.turn import Turn


def supersede_accepted(turn: Turn, replaced_by: Offer) -> Offer | None:
    """The earlier accepted version, now Superseded by `replaced_by` (audited); None when none was accepted."""
    state = turn.state
    for earlier in state.offers:
        if earlier.status == "Accepted" and earlier.offer_id != replaced_by.offer_id:
            earlier.status = "Superseded"
            state.record("step", at=turn.now, actor=turn.actor,
                         reason=f"accepted offer {earlier.offer_id} v{earlier.version} superseded by "
                                f"v{replaced_by.version}: the client accepts the new version",
                         detail={"offer_id": earlier.offer_id, "status": "Superseded",
                                 "replaced_by": replaced_by.offer_id})
            return earlier
    return None


def replaced_acceptance(state: EventState) -> Offer | None:
    """The latest accepted version a later version replaced, while the live one is not accepted; else None."""
    live = state.offer
    if live is None or live.status == "Accepted":
        return None
    replaced = [offer for offer in state.offers if offer.status == "Superseded" and offer.accepted_at is not None]
    return replaced[-1] if replaced else None


def apply_deposit_terms(state: EventState, live: DepositDue) -> None:
    """Set the event's deposit to the live offer's terms; a deposit already paid stays as paid (amount and date)."""
    deposit = state.deposit
    if deposit.paid_at is not None:
        return
    deposit.required = live.required
    deposit.amount = live.amount if live.required else None
    deposit.due = live.due if live.required else None


def paid_difference(state: EventState, offer: Offer) -> Decimal | None:
    """The live deposit of `offer` minus the deposit already paid; None when nothing was paid or they agree."""
    deposit = state.deposit
    if deposit.paid_at is None or deposit.amount is None:
        return None
    required = offer.deposit.due is not None
    difference = paid_deposit_difference(deposit.amount, DepositDue(required, offer.deposit.amount, offer.deposit.due))
    return difference or None


def difference_note(state: EventState, offer: Offer, difference: Decimal | None) -> str | None:
    """One line for the manager (task summary, audit): the deposit paid and what the live version asks."""
    if difference is None or state.deposit.amount is None:
        return None
    asked = state.deposit.amount + difference
    settle = (f"{texts.price(difference)} still to collect" if difference > 0
              else f"{texts.price(-difference)} paid in excess, to refund or credit")
    return f"deposit paid {texts.price(state.deposit.amount)}; v{offer.version} asks {texts.price(asked)}: {settle}"


def restart_hold_clock(turn: Turn) -> datetime | None:
    """Sending a version that replaced an accepted one: the event's option holds whose clock the acceptance
    stopped expire 7 × 24 h from now again; returns the new expiry (None when no clock was stopped)."""
    state = turn.state
    live = state.offer
    if state.status != "Option" or live is None or live.status == "Accepted":
        return None
    expires_at = option_expiry(turn.now, turn.venue.policies)
    if not turn.uow.holds.restart_clock(state.event_id, expires_at):
        return None
    state.hold_expires_at = expires_at
    state.record("tool", at=turn.now, actor=turn.actor,
                 reason=f"option clock restarted for offer {live.offer_id} v{live.version}: expires_at="
                        f"{expires_at.isoformat()}", detail={"offer_id": live.offer_id,
                                                             "expires_at": expires_at.isoformat()})
    return expires_at
