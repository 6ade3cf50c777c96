"""Persistence: SQLAlchemy models, repositories, unit of work, Alembic migrations (docs/design.md §4.11)."""

from venuedesk.store.catalogue import SeedReport, load_venue_from_db, seed
from venuedesk.store.db import database_url_from_env, ensure_ready, is_current, make_engine, upgrade
from venuedesk.store.uow import UnitOfWork, make_session_factory

__all__ = [
    "SeedReport",
    "UnitOfWork",
    "database_url_from_env",
    "ensure_ready",
    "is_current",
    "load_venue_from_db",
    "make_engine",
    "make_session_factory",
    "seed",
    "upgrade",
]
