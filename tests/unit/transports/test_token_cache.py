"""The client-token cache keeps confirmed pairs and forgets the least recently used beyond its size."""

from __future__ import annotations

from venuedesk.transports.api.token_cache import TokenCache


def test_a_cached_token_returns_its_thread() -> None:
    cache = TokenCache()
    cache.put("tok_a", "thr_a")
    assert cache.get("tok_a") == "thr_a"


def test_an_unknown_token_is_not_cached() -> None:
    assert TokenCache().get("tok_x") is None


def test_the_least_recently_used_token_is_evicted_first() -> None:
    cache = TokenCache(size=2)
    cache.put("tok_a", "thr_a")
    cache.put("tok_b", "thr_b")
    cache.get("tok_a")
    cache.put("tok_c", "thr_c")
    assert cache.get("tok_b") is None
    assert cache.get("tok_a") == "thr_a" and cache.get("tok_c") == "thr_c"
