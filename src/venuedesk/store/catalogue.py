"""Seeding the catalogue into the database (idempotent upsert) and rebuilding the `Venue` from it."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from venuedesk.domain.catalogue import Venue
from venuedesk.store.locking import migration_lock
from venuedesk.store.models import (
    CatalogueDocumentRow,
    CatalogueInfoRow,
    CatalogueProductRow,
    CatalogueRoomRow,
)
from venuedesk.store.repositories.catalogue import CATALOGUE_INFO_ID, CatalogueRepository
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.venue.loader import CatalogueDocuments, venue_from_documents

_CACHE_SIZE = 8


@dataclass(frozen=True)
class SeedReport:
    """What a seed run did, counted in documents (the venue document, each room, each product)."""

    version: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return bool(self.inserted or self.updated or self.deleted)

    def __str__(self) -> str:
        return (
            f"catalogue {self.version[:12]}: {self.inserted} inserted, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} deleted"
        )


def _plain(document: Any) -> Any:
    """The document as it reads back from a JSON column, so comparisons are exact."""
    return json.loads(json.dumps(document, default=str))


def catalogue_version(docs: CatalogueDocuments) -> str:
    """sha256 of the canonical JSON of all catalogue documents."""
    payload = {"venue": docs.venue, "rooms": docs.rooms, "products": docs.products}
    canonical = json.dumps(_plain(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seed(engine: Engine, docs: CatalogueDocuments, venue_id: str = DEFAULT_VENUE) -> SeedReport:
    """Upsert the catalogue documents of `venue_id`; a second run with the same documents changes nothing."""
    version = catalogue_version(docs)
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    with Session(engine) as session, session.begin():
        migration_lock(session.connection())
        venue_doc = _plain(docs.venue)
        info = session.get(CatalogueInfoRow, {"venue_id": venue_id, "id": CATALOGUE_INFO_ID})
        if info is None:
            session.add(CatalogueInfoRow(venue_id=venue_id, id=CATALOGUE_INFO_ID, version=version, data=venue_doc))
            counts["inserted"] += 1
        else:
            counts["updated" if info.data != venue_doc else "unchanged"] += 1
            if info.data != venue_doc or info.version != version:
                info.data, info.version = venue_doc, version
        _upsert_rows(session, CatalogueRoomRow, docs.rooms, counts, venue_id)
        _upsert_rows(session, CatalogueProductRow, docs.products, counts, venue_id)
    return SeedReport(version=version, **counts)


def _upsert_rows(
    session: Session,
    model: type[CatalogueDocumentRow],
    documents: Sequence[dict[str, Any]],
    counts: dict[str, int],
    venue_id: str,
) -> None:
    """Insert new documents, update changed ones (data or position), delete ones no longer listed."""
    existing = {row.id: row for row in session.scalars(select(model).where(model.venue_id == venue_id))}
    seen: set[str] = set()
    for position, raw in enumerate(documents):
        document = _plain(raw)
        doc_id = str(document["id"])
        seen.add(doc_id)
        row = existing.get(doc_id)
        if row is None:
            session.add(model(venue_id=venue_id, id=doc_id, position=position, data=document))
            counts["inserted"] += 1
        elif row.data != document or row.position != position:
            row.data, row.position = document, position
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for doc_id, row in existing.items():
        if doc_id not in seen:
            session.delete(row)
            counts["deleted"] += 1


def catalogue_is_empty(session: Session, venue_id: str | None = None) -> bool:
    """Whether the venue's catalogue has never been seeded."""
    return CatalogueRepository(session, venue_id).is_empty()


def documents_from_db(session: Session, venue_id: str | None = None) -> CatalogueDocuments:
    """The venue's stored catalogue documents, in catalogue order."""
    repo = CatalogueRepository(session, venue_id)
    venue = repo.venue()
    if venue is None:
        raise LookupError("the catalogue is empty; run `venuedesk db seed` or ensure_ready()")
    return CatalogueDocuments(venue=venue, rooms=repo.rooms(), products=repo.products(), source="database")


class _VenueCache:
    """Venues built from the database, keyed by catalogue version (a content hash, so never stale)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._venues: OrderedDict[str, Venue] = OrderedDict()
        self._lock = Lock()

    def get(self, session: Session, venue_id: str | None) -> Venue:
        version = CatalogueRepository(session, venue_id).version()
        if version is None:
            raise LookupError("the catalogue is empty; run `venuedesk db seed` or ensure_ready()")
        with self._lock:
            cached = self._venues.get(version)
            if cached is not None:
                self._venues.move_to_end(version)
                return cached
        venue = venue_from_documents(documents_from_db(session, venue_id))
        with self._lock:
            self._venues[version] = venue
            while len(self._venues) > self._size:
                self._venues.popitem(last=False)
        return venue


_venues = _VenueCache(_CACHE_SIZE)


def load_venue_from_db(session: Session, venue_id: str | None = None) -> Venue:
    """The `Venue` of a venue's stored catalogue (the session's venue by default); built once per catalogue version,
    then served from a cache."""
    return _venues.get(session, venue_id)
