"""FastAPI keeps every app a test process creates: `fastapi.dependencies.models` classifies each endpoint and
dependency callable in functools.lru_caches (4096 entries) that hold the callable itself, and our endpoints are
closures over their app's Desk, so each app, its Desk and its engine's pool stayed reachable until evicted.
`forget_endpoints` clears those caches (the conftest does it after every test), so a dropped app is collected."""

from __future__ import annotations

import functools
from typing import Any

import fastapi.dependencies.models as dependency_models


def _callable_caches() -> list[Any]:
    """FastAPI's lru_cache'd callable classifiers (found by type, so a renamed one is still found)."""
    return [value for value in vars(dependency_models).values()
            if isinstance(value, functools._lru_cache_wrapper)]  # noqa: SLF001 - the only public type of an lru_cache


def forget_endpoints() -> int:
    """Clear FastAPI's callable caches; how many caches there were (0 would mean this FastAPI keeps none)."""
    caches = _callable_caches()
    for cache in caches:
        cache.cache_clear()
    return len(caches)
