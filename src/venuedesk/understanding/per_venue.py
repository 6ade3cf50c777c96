"""What the understanding derives from a venue (lexicon, feature terms), built once per Venue object, not per message.

A desk keeps one Venue for its life, so the cache is keyed by the object's identity: hashing or comparing a whole
catalogue would cost about what rebuilding costs. An entry goes when its Venue is garbage-collected.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, TypeVar

from venuedesk.domain.catalogue import Venue

T = TypeVar("T")


class PerVenue(Generic[T]):
    """`build(venue)` memoised per Venue object (thread-safe; a race may build twice, both results are equal)."""

    def __init__(self, build: Callable[[Venue], T]) -> None:
        self._build = build
        self._values: dict[int, tuple[weakref.ref[Venue], T]] = {}
        self._lock = threading.Lock()
        update_wrapper(self, build)

    def __call__(self, venue: Venue) -> T:
        entry = self._values.get(id(venue))
        if entry is not None and entry[0]() is venue:
            return entry[1]
        value = self._build(venue)
        key = id(venue)
        with self._lock:
            self._values[key] = (weakref.ref(venue, lambda _ref: self._forget(key)), value)
        return value

    def _forget(self, key: int) -> None:
        with self._lock:
            entry = self._values.get(key)
            if entry is not None and entry[0]() is None:
                del self._values[key]


def per_venue(build: Callable[[Venue], T]) -> PerVenue[T]:
    """Decorator: `build` runs once per Venue object."""
    return PerVenue(build)
