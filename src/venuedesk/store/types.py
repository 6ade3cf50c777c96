"""Column types shared by the ORM models and the migrations, portable across SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from venuedesk.clock import VENUE_TZ


class TZDateTime(TypeDecorator[datetime]):
    """A tz-aware moment stored in UTC (naive on SQLite) and read back in venue time."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Reject naive values and normalise to UTC so that SQLite compares them correctly as text."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a tz-aware column; attach a timezone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC where the backend dropped it, then convert to venue time."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(VENUE_TZ)


def json_type() -> JSON:
    """The JSON column type: plain JSON keeps documents byte-for-byte on both backends."""
    return JSON(none_as_null=True)


JsonDict = dict[str, Any]
