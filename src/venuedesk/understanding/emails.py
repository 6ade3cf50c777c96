"""The first email address in a message, with its domain in lower case."""

from __future__ import annotations

import re

_EMAIL = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])"
)


def find_email(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first email address (domain lower-cased) and the spans of every address, to mask them."""
    matches = list(_EMAIL.finditer(text))
    if not matches:
        return None, []
    first = matches[0]
    return f"{first.group(1)}@{first.group(2).lower()}", [m.span() for m in matches]
