"""A manager's edit of an offer draft: the message around the offer changes, the price table and terms do not."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from venuedesk.domain.event import EventState, Offer
from venuedesk.workflow import texts
from venuedesk.workflow.errors import InputError

EDIT_RULE = ("Edit changes only the message around the offer: the price table and the terms (total, VAT, deposit, "
             "cancellation) are sent exactly as computed. For another price, use a discount (coming with "
             "negotiation), which makes a new offer version.")
_NUMBER = r"\d[\d'’,]*(?:\.\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?:CHF|SFr\.?|Fr\.|EUR|€|\$)\s*(?P<before>{_NUMBER})|(?P<after>{_NUMBER})\s*(?:\.[-–]\s*)?"
    r"(?:CHF|Franken|francs?\b|Fr\.|EUR|€)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent|prozent)", re.IGNORECASE)
VAT_PERCENT = Decimal("8.1")


def edited_body(task: Any, state: EventState, text: str) -> str:
    """The body sent after an edit: the manager's message, then the offer's computed terms unchanged.

    An edit that names an amount or a percentage the offer does not contain is refused (InputError), so an
    edited offer never contradicts its own price table."""
    message = text.strip()
    terms = (task.draft or {}).get("terms_markdown")
    offer = next((o for o in state.offers if o.offer_id == task.offer_id), None)
    if offer is not None:
        check_no_contradiction(message, offer, terms or "")
    if not terms or terms.strip() in message:
        return message
    return f"{message}\n\n{terms}"


def offer_amounts(offer: Offer) -> set[Decimal]:
    """Every amount the offer states: unit prices, line totals, total, VAT, deposit."""
    amounts = {offer.total, offer.vat, offer.deposit.amount}
    for line in offer.lines:
        amounts.update((line.unit_price, line.total))
    return {Decimal(amount).quantize(Decimal("0.01")) for amount in amounts}


def check_no_contradiction(message: str, offer: Offer, terms: str = "") -> None:
    """Refuse a message naming a price or a percentage that is not in the offer or its terms."""
    allowed = offer_amounts(offer) | _amounts_in(terms)
    for match in _AMOUNT.finditer(message):
        amount = _parse(match.group("before") or match.group("after"))
        if amount is not None and amount not in allowed:
            raise InputError(
                f"text: mentions {match.group(0).strip()!r}, which is not an amount of offer {offer.offer_id} "
                f"(total CHF {texts.money(offer.total)}). {EDIT_RULE}", field="text")
    percents = {VAT_PERCENT.quantize(Decimal("0.01")), *_percents_in(terms)}
    for match in _PERCENT.finditer(message):
        value = _parse(match.group(1).replace(",", "."))
        if value is not None and value not in percents:
            raise InputError(
                f"text: mentions {match.group(0).strip()!r}, which the offer {offer.offer_id} does not contain. "
                f"{EDIT_RULE}", field="text")


def _amounts_in(text: str) -> set[Decimal]:
    found = (_parse(m.group("before") or m.group("after")) for m in _AMOUNT.finditer(text))
    return {amount for amount in found if amount is not None}


def _percents_in(text: str) -> set[Decimal]:
    found = (_parse(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(text))
    return {value for value in found if value is not None}


def _parse(raw: str) -> Decimal | None:
    cleaned = re.sub(r"['’,\s]", "", raw)
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
