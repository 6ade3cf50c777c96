"""A per-process cache of (thread id, client token) pairs → thread id: tokens never change, so a request need not open a
database transaction just to authenticate (the turn opens its own). Only confirmed pairs are cached."""

from __future__ import annotations

import threading
from collections import OrderedDict


class TokenCache:
    """A small thread-safe LRU map from a client token to its thread id."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> str | None:
        with self._lock:
            thread_id = self._items.get(token)
            if thread_id is not None:
                self._items.move_to_end(token)
            return thread_id

    def put(self, token: str, thread_id: str) -> None:
        with self._lock:
            self._items[token] = thread_id
            self._items.move_to_end(token)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
