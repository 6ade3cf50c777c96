"""Puts the rate limiter (transports/rate_limit.py) in front of an app over one Desk: its storage, the venue's
limits read from the settings, the address hasher and the trusted proxies (docs/abuse.md); and builds the throttle
of failed sign-ins, counted in Redis when configured, else in the database (docs/accounts.md)."""

from __future__ import annotations

from fastapi import FastAPI

from venuedesk.accounts.throttle import DatabaseFailures, FailureCounts, FailureThrottle, LimitsFailures
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


def failure_throttle(desk: Desk, settings: ServerSettings) -> FailureThrottle:
    """The failed sign-in throttle every API process shares: Redis when `VENUEDESK_REDIS_URL` is set, else the
    desk's database; keys hashed with the IP hash key."""
    counts: FailureCounts
    if settings.redis_url:
        counts = LimitsFailures(storage_for(settings.redis_url), settings.auth_max_failures,
                                settings.auth_window_seconds, namespace=f"{settings.rate_limit_namespace}-auth")
    else:
        counts = DatabaseFailures(desk.engine, settings.auth_max_failures, settings.auth_window_seconds)
    return FailureThrottle(counts, hasher_from(settings.ip_hash_key, settings.home))
