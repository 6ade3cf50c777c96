"""Whether the days a message names are the days of one event ("two days, 3 and 4 June", "3.–4. Juni, zweitägig",
"a 2-day offsite from 10 to 11 March") rather than alternatives ("3 or 4 June") or a range to choose from."""

from __future__ import annotations

import re

from venuedesk.understanding.model import DateSpan

_MARKERS = re.compile(
    r"(?<!\bin )(?<!\bwithin )(?<!\binnert )\b(?:\d{1,2}|multi|several|two|three)[\s-]*days?\b"
    r"(?!\s+(?:before|after|ahead|later|earlier|notice|prior|in\s+advance|from\s+now))"
    r"|\b(?:both|all\s+\d+|each\s+of\s+the)\s+days\b|\bconsecutive\s+days\b|\bback[\s-]+to[\s-]+back\s+days\b"
    r"|\b(?:\d{1,2}|zwei|drei|vier|fünf|mehr)[\s-]*tägig\w*|\bmehrtägig\w*"
    r"|\ban\s+\d{1,2}\s+(?:aufeinanderfolgenden\s+)?tagen\b|\b(?:über|für)\s+\d{1,2}\s+tage\b"
    r"|\bbeiden?\s+tage[n]?\b"
    r"|\b(?:day|tag)\s+(?:[1-9]|one|eins)\b|\b\d{1,2}\s+tage\b(?!\s+(?:vorher|im\s+voraus|später|früher|vor\b))"
)
_ALTERNATIVE = re.compile(r"\b(?:or|oder|either|entweder|alternatively|alternativ|otherwise|sonst)\b")


def is_multi_day(text: str, days: list[tuple[int, int]], span: DateSpan | None, day_count: int) -> bool:
    """The message names one event over several days: a multi-day marker, a span or two or more days, and no
    alternative ("or", "oder") between the days. `days` are the text spans the dates were read from."""
    if not (_MARKERS.search(text) and (span is not None or day_count >= 2)):
        return False
    if not days:
        return True
    between = text[min(start for start, _ in days) : max(end for _, end in days)]
    return not _ALTERNATIVE.search(between)
