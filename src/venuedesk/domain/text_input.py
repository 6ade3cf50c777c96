"""The one check every transport runs on client text before anything is stored: no NUL, no lone surrogate.

PostgreSQL refuses a NUL character in text (and the failed statement used to be logged with its parameters),
and neither database stores a lone surrogate; so such input is refused at the door with a reason, never stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def text_problem(value: object) -> str | None:
    """Why `value` (a string, or dicts and lists of them, keys included) cannot be stored; None when it can."""
    if isinstance(value, str):
        if "\x00" in value:
            return "contains a NUL character; remove it"
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "is not valid Unicode text (a lone surrogate); send UTF-8 text"
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            problem = text_problem(key) or text_problem(item)
            if problem is not None:
                return problem
        return None
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        for item in value:
            problem = text_problem(item)
            if problem is not None:
                return problem
    return None


def refuse_unstorable(value: object, where: str = "value") -> None:
    """Raise ValueError naming `where` and the problem when `value` cannot be stored (see `text_problem`)."""
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(f"{where} {problem}")
