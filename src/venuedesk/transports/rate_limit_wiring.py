"""Puts the rate limiter (transports/rate_limit.py) in front of an app over one Desk: its storage, the venue's
limits read from the settings, the address hasher and the trusted proxies (docs/abuse.md)."""

from __future__ import annotations

from fastapi import FastAPI

from venuedesk.domain.abuse import AbuseLimits
from venuedesk.transports.client_ip import hasher_from, trusted_networks
from venuedesk.transports.rate_limit import RateLimiter, RateLimitMiddleware, storage_for
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow import abuse_limits
from venuedesk.workflow.desk import Desk


def install_rate_limits(app: FastAPI, desk: Desk, settings: ServerSettings) -> RateLimiter:
    """Add the middleware (inside the body limit, which is added after it) and return its limiter."""

    def limits_now() -> AbuseLimits:
        with desk.uow() as uow:
            return abuse_limits.effective(uow, desk.venue)

    limiter = RateLimiter(storage_for(settings.redis_url), limits_now, namespace=f"{settings.rate_limit_namespace}:{desk.venue.name}")
    app.add_middleware(RateLimitMiddleware, limiter=limiter, hasher=hasher_from(settings.ip_hash_key, settings.home),
                       proxies=trusted_networks(settings.trusted_proxies))
    return limiter
