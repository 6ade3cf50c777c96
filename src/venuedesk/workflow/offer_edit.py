"""A manager's edit of an offer draft: the message around the offer changes, the price table and terms do not."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from venuedesk.domain.event import EventState, Offer
from venuedesk.workflow import texts
from venuedesk.workflow.errors import InputError

_NUMBER = r"\d[\d'’,]*(?:\.\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?:CHF|SFr\.?|Fr\.|EUR|€|\$)\s*(?P<before>{_NUMBER})|(?P<after>{_NUMBER})\s*(?:\.[-–]\s*)?"
    r"(?:CHF|Franken|francs?\b|Fr\.|EUR|€)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent|prozent)", re.IGNORECASE)
VAT_PERCENT = Decimal("8.1")


def edit_rule(language: str) -> str:
    """What an edit may change, in the manager's language (shown by the edit box and in a refused edit)."""
    return texts.say("manager.edit_rule", language)


def _refused(key: str, found: str, offer: Offer) -> InputError:
    """A refused edit naming what it found, its message in any language with the edit rule after it."""
    values = {"found": repr(found), "offer_id": offer.offer_id, "total": texts.money(offer.total)}

    def words(language: str) -> str:
        return texts.say(key, language, rule=edit_rule(language), **values)

    return InputError(words("en"), field="text", words=words)


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
            raise _refused("manager.error.edit_amount", match.group(0).strip(), offer)
    percents = {VAT_PERCENT.quantize(Decimal("0.01")), *_percents_in(terms)}
    for match in _PERCENT.finditer(message):
        value = _parse(match.group(1).replace(",", "."))
        if value is not None and value not in percents:
            raise _refused("manager.error.edit_percent", match.group(0).strip(), offer)


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
