"""The venue catalogue as stored documents: the venue, its rooms and products, and their version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.store.models import CatalogueInfoRow, CatalogueProductRow, CatalogueRoomRow
from venuedesk.store.tenancy import venue_of

CATALOGUE_INFO_ID = 1


class CatalogueRepository:
    """Read one venue's catalogue documents in their original order (the session's venue unless one is named: the
    catalogue is also read from plain sessions, outside a unit of work)."""

    def __init__(self, session: Session, venue_id: str | None = None) -> None:
        self.session = session
        self.venue_id = venue_id or venue_of(session)

    def version(self) -> str | None:
        """sha256 of all catalogue documents, or None before seeding."""
        return self.session.execute(
            select(CatalogueInfoRow.version).where(CatalogueInfoRow.venue_id == self.venue_id,
                                                   CatalogueInfoRow.id == CATALOGUE_INFO_ID)
        ).scalar_one_or_none()

    def is_empty(self) -> bool:
        """Whether no catalogue was seeded yet."""
        return self.version() is None

    def venue(self) -> dict[str, Any] | None:
        """The venue document (info, policies, knowledge), or None."""
        return self.session.execute(
            select(CatalogueInfoRow.data).where(CatalogueInfoRow.venue_id == self.venue_id,
                                                CatalogueInfoRow.id == CATALOGUE_INFO_ID)
        ).scalar_one_or_none()

    def rooms(self) -> list[dict[str, Any]]:
        """The room documents in catalogue order."""
        query = (select(CatalogueRoomRow.data).where(CatalogueRoomRow.venue_id == self.venue_id)
                 .order_by(CatalogueRoomRow.position, CatalogueRoomRow.id))
        return list(self.session.scalars(query))

    def products(self) -> list[dict[str, Any]]:
        """The product documents in catalogue order."""
        query = (select(CatalogueProductRow.data).where(CatalogueProductRow.venue_id == self.venue_id)
                 .order_by(CatalogueProductRow.position, CatalogueProductRow.id))
        return list(self.session.scalars(query))
