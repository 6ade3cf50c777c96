"""Abuse limits (issue 13): how many options one client or one address may hold at once, and how many threads and
messages an address or a token may send per period. Pure values and checks; the workflow and the transports apply
them (docs/abuse.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Literal

RATE = re.compile(r"^\s*\d+\s*(/|\s+per\s+(\d+\s+)?)\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)
"""A rate: `30/minute`, `30 per minute`, `100 per 10 minutes` (the `limits` library's notation)."""

HOLD_CAPS = ("max_open_holds_per_client", "max_open_holds_per_ip")
RATES = ("threads_per_ip", "threads_per_token", "messages_per_ip", "messages_per_token")
CapKind = Literal["client", "ip"]


@dataclass(frozen=True)
class AbuseLimits:
    """The venue's limits; None switches one off."""

    max_open_holds_per_client: int | None = 3
    max_open_holds_per_ip: int | None = 10
    threads_per_ip: str | None = "30/minute"
    threads_per_token: str | None = "10/minute"
    messages_per_ip: str | None = "300/minute"
    messages_per_token: str | None = "60/minute"

    def as_dict(self) -> dict[str, int | str | None]:
        """Every limit by name (the settings API's shape)."""
        return dict(asdict(self))


DEFAULT_LIMITS = AbuseLimits()
OFF = AbuseLimits(None, None, None, None, None, None)


def limit_problems(changes: Mapping[str, object]) -> list[str]:
    """One sentence per unknown name or invalid value in `changes`; empty when every entry is valid."""
    problems = []
    for name, value in changes.items():
        if name in HOLD_CAPS:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                problems.append(f"{name}: {value!r} is not a count; send a whole number ≥ 0, or null for no cap")
        elif name in RATES:
            if value is not None and not (isinstance(value, str) and RATE.match(value)):
                problems.append(f"{name}: {value!r} is not a rate; send e.g. \"30/minute\" or \"100 per 10 minutes\""
                                f", or null for no limit")
        else:
            problems.append(f"{name!r} is not a limit; use one of {', '.join((*HOLD_CAPS, *RATES))}")
    return problems


def effective_limits(overrides: Mapping[str, object]) -> AbuseLimits:
    """The built-in defaults with the manager's stored changes over them (only known names are taken)."""
    known = {name: value for name, value in overrides.items() if name in (*HOLD_CAPS, *RATES)}
    return replace(DEFAULT_LIMITS, **known)  # type: ignore[arg-type]


def cap_reached(open_by_client: int, open_by_ip: int | None, limits: AbuseLimits) -> CapKind | None:
    """Which cap one more hold would pass: the client's (its open options) or the address's; None when it may hold.
    `open_by_ip` is None when the request's address is unknown (mail, the terminal)."""
    client_cap, ip_cap = limits.max_open_holds_per_client, limits.max_open_holds_per_ip
    if client_cap is not None and open_by_client >= client_cap:
        return "client"
    if ip_cap is not None and open_by_ip is not None and open_by_ip >= ip_cap:
        return "ip"
    return None
