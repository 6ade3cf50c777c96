"""Deterministic understanding of client messages in English and German."""

from __future__ import annotations

from venuedesk.understanding.engine import understand
from venuedesk.understanding.model import (
    BillingAddress,
    DateSpan,
    Intent,
    Language,
    Negotiation,
    Problem,
    ProductMention,
    TimeWindow,
    Understanding,
    VagueDates,
)

__all__ = [
    "BillingAddress",
    "DateSpan",
    "Intent",
    "Language",
    "Negotiation",
    "Problem",
    "ProductMention",
    "TimeWindow",
    "Understanding",
    "VagueDates",
    "understand",
]
