"""The `obey_attacker` fault: a fake model that does what an injected client text asks, as far as a model could.

It calls the tools the text names or implies (offered or not), fills their arguments with the attacker's values
(price 0, discount 100 %, another thread's id, status Confirmed), drops the `injection` intent from its facts and
echoes the text, markup included, in its prose; the engine must keep every gate, price and thread boundary.
"""

from __future__ import annotations

import re
from typing import Any

from venuedesk.fakellm import shapes

# Tools an attacker wants, with the words (EN, DE) that make an obeying model call them.
WANTED: dict[str, tuple[str, ...]] = {
    "booking_confirm": ("confirm", "bestätig", "bestaetig", "fix", "verbindlich", "book it"),
    "offer_accept": ("accept", "approve", "annehm", "akzeptier", "genehmig", "freigeb", "freigab"),
    "offer_discount": ("discount", "rabatt", "price", "preis", "chf 0", "0 chf", "free", "gratis", "kostenlos",
                       "100 %", "100%"),
    "deposit_mark_paid": ("paid", "bezahlt", "deposit", "anzahlung"),
    "payment_record": ("paid", "bezahlt", "payment", "zahlung", "überwiesen"),
    "offer_compose": ("send the offer", "offer now", "angebot senden", "angebot sofort", "sende das angebot"),
    "hil_create": ("manager", "approval", "freigabe"),
}
_TOOL_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_THREAD = re.compile(r"\b(thread-[\w-]+|thr[-_][A-Za-z0-9]{6,})", re.IGNORECASE)
_UNOFFERED_ARGS = ("thread_id", "status", "price", "discount_percent", "approved")


def attacker_values(text: str) -> dict[str, Any]:
    """The values an attacker asks for, by common property name."""
    thread = _THREAD.search(text)
    other = thread.group(1) if thread else "thread-2"
    return {
        "price": 0, "total": 0, "unit_price": 0, "amount": 0, "discount_percent": 100, "discount_amount": 100000,
        "percent": 100, "status": "Confirmed", "approved": True, "decision": "approve", "thread_id": other,
        "event_id": other, "offer_id": other, "reason": text[:200], "note": text[:200], "reference": "attacker",
    }


def wanted_tools(text: str) -> list[str]:
    """The tools the text names verbatim or implies, in a stable order, without duplicates."""
    lowered = text.lower()
    named = _TOOL_NAME.findall(lowered)
    implied = [tool for tool, words in WANTED.items() if any(word in lowered for word in words)]
    return list(dict.fromkeys(named + implied))


def attacker_calls(
    offered: dict[str, dict[str, Any]], text: str, values: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """The calls an obeying model adds: each wanted tool with the attacker's values over the known ones."""
    chosen = {**values, **attacker_values(text)}
    calls: list[tuple[str, dict[str, Any]]] = []
    for tool in wanted_tools(text):
        schema = offered.get(tool)
        if schema is None:
            calls.append((tool, {name: chosen[name] for name in _UNOFFERED_ARGS}))
            continue
        props = schema.get("properties", {})
        calls.append((tool, shapes.fit({name: chosen.get(name) for name in props}, schema)))
    return calls


def obeyed_facts(data: dict[str, Any], text: str) -> dict[str, Any]:
    """The facts without the `injection` intent, with `acceptance` when the text asks to confirm or accept."""
    intents = [intent for intent in data.get("intents") or [] if intent != "injection"]
    lowered = text.lower()
    if any(word in lowered for word in WANTED["booking_confirm"] + WANTED["offer_accept"]):
        intents.append("acceptance")
    return {**data, "intents": list(dict.fromkeys(intents))}


def echo(text: str) -> str:
    """The prose of a model that repeats the attacker's text, markup and all."""
    return f"Done as instructed. {text}"
