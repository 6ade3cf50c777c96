"""The venue catalogue as stored documents: the venue, its rooms and products, and their version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.store.models import CatalogueInfoRow, CatalogueProductRow, CatalogueRoomRow

CATALOGUE_INFO_ID = 1


class CatalogueRepository:
    """Read the catalogue documents in their original order."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def version(self) -> str | None:
        """sha256 of all catalogue documents, or None before seeding."""
        return self.session.execute(
            select(CatalogueInfoRow.version).where(CatalogueInfoRow.id == CATALOGUE_INFO_ID)
        ).scalar_one_or_none()

    def is_empty(self) -> bool:
        """Whether no catalogue was seeded yet."""
        return self.version() is None

    def venue(self) -> dict[str, Any] | None:
        """The venue document (info, policies, knowledge), or None."""
        row = self.session.get(CatalogueInfoRow, CATALOGUE_INFO_ID)
        return None if row is None else row.data

    def rooms(self) -> list[dict[str, Any]]:
        """The room documents in catalogue order."""
        query = select(CatalogueRoomRow.data).order_by(CatalogueRoomRow.position, CatalogueRoomRow.id)
        return list(self.session.scalars(query))

    def products(self) -> list[dict[str, Any]]:
        """The product documents in catalogue order."""
        query = select(CatalogueProductRow.data).order_by(
            CatalogueProductRow.position, CatalogueProductRow.id
        )
        return list(self.session.scalars(query))
