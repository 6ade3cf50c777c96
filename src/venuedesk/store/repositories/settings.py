"""Venue settings a manager changed (e.g. autonomy), with an audit row per change: who, what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.store.models import SettingChangeRow, VenueSettingRow
from venuedesk.store.tenancy import venue_of


class SettingsRepository:
    """Read and change per-venue settings; every change is audited in `setting_changes`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._known: dict[tuple[str, str], VenueSettingRow] | None = None
        """Every settings row, when the thread lock query brought them along (store/locking.py): reads cost nothing."""

    def remember(self, rows: list[VenueSettingRow]) -> None:
        """Keep all settings rows read with the thread lock; `get` answers from them for the rest of the turn."""
        self._known = {(row.venue, row.key): row for row in rows}

    def get(self, venue: str, key: str) -> dict[str, Any] | None:
        """The stored value of `key` for `venue`, or None when the manager never changed it."""
        if self._known is not None:
            known = self._known.get((venue, key))
            return None if known is None else dict(known.value)
        row = self.session.get(VenueSettingRow, {"venue_id": venue_of(self.session), "venue": venue, "key": key})
        return None if row is None else dict(row.value)

    def put(self, venue: str, key: str, value: dict[str, Any], *, changed_by: str, now: datetime) -> bool:
        """Store `value` (locking the row); audit the change; False (nothing written) when it changes nothing."""
        row = self.session.execute(
            select(VenueSettingRow).where(VenueSettingRow.venue == venue, VenueSettingRow.key == key)
            .with_for_update()
        ).scalar_one_or_none()
        before = dict(row.value) if row is not None else {}
        if before == value:
            return False
        if row is None:
            row = VenueSettingRow(venue=venue, key=key, value=dict(value), updated_at=now, updated_by=changed_by)
            self.session.add(row)
        else:
            row.value, row.updated_at, row.updated_by = dict(value), now, changed_by
        self.session.add(SettingChangeRow(venue=venue, key=key, before=before, after=dict(value),
                                          changed_by=changed_by, changed_at=now))
        self.session.flush()
        if self._known is not None:
            self._known[(venue, key)] = row
        return True

    def changes(self, venue: str, key: str) -> list[SettingChangeRow]:
        """The audited changes of `key` for `venue`, oldest first."""
        return list(self.session.execute(
            select(SettingChangeRow).where(SettingChangeRow.venue == venue, SettingChangeRow.key == key)
            .order_by(SettingChangeRow.id)
        ).scalars())
